import { SANDBOX_S3_CREDENTIALS } from './credentials';
import { S3Error } from './s3-error';

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([a-z0-9-]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

/**
 * Refuses a request that is not SigV4-signed for S3 by the sandbox's access key, with the errors
 * S3 gives: AccessDenied without a signature, InvalidAccessKeyId for another key.
 */
export function requireSigV4(authorization: string | undefined): void {
  const match = authorization === undefined ? null : AUTHORIZATION.exec(authorization);
  if (!match) throw new S3Error(403, 'AccessDenied', 'Access Denied');
  if (match[1] !== SANDBOX_S3_CREDENTIALS.accessKeyId) {
    throw new S3Error(
      403,
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.',
    );
  }
}
