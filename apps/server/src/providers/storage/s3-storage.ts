import {
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { AvatarS3Settings } from '../../config';
import type { AvatarStorage } from './avatar-storage';
import { contentTypeOfId, isAvatarId } from './avatar-storage';

/** Objects are named `avatars/<id>` so the bucket can hold other things beside them. */
const keyOf = (id: string) => `avatars/${id}`;

/** What a client may cache an object for: it never changes (its name is its content). */
const OBJECT_CACHE_CONTROL = 'public, max-age=31536000, immutable';

const isMissing = (error: unknown) =>
  error instanceof S3ServiceException &&
  (error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404);

/**
 * AVATAR_STORAGE=s3: a bucket of any S3-compatible store (AWS S3, Tencent COS, Alibaba OSS,
 * MinIO) through the AWS SDK, SigV4-signed with the configured key pair. Checksums are sent only
 * where S3 requires them: several compatible stores refuse the SDK's newer default checksum
 * headers. Calls give up after 5 seconds and are tried at most twice.
 */
export function createS3AvatarStorage(settings: AvatarS3Settings): AvatarStorage {
  const client = new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 5_000 },
  });
  const { publicBaseUrl } = settings;
  return {
    kind: 's3',
    async put({ id, contentType, bytes }) {
      await client.send(
        new PutObjectCommand({
          Bucket: settings.bucket,
          Key: keyOf(id),
          Body: bytes,
          ContentType: contentType,
          ContentLength: bytes.length,
          CacheControl: OBJECT_CACHE_CONTROL,
        }),
      );
    },
    async get(id) {
      if (!isAvatarId(id)) return undefined;
      try {
        const object = await client.send(
          new GetObjectCommand({ Bucket: settings.bucket, Key: keyOf(id) }),
        );
        if (!object.Body) return undefined;
        const bytes = Buffer.from(await object.Body.transformToByteArray());
        return { id, contentType: contentTypeOfId(id), bytes };
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    ...(publicBaseUrl ? { publicUrl: (id: string) => `${publicBaseUrl}/${keyOf(id)}` } : {}),
  };
}
