/** The image types an avatar may be; the id's extension names the type. */
export type AvatarContentType = 'image/jpeg' | 'image/png' | 'image/webp';

export interface StoredAvatar {
  /** `<sha256 of the bytes>.<jpg|png|webp>`: the same bytes always have the same id. */
  id: string;
  contentType: AvatarContentType;
  bytes: Buffer;
}

/**
 * Where uploaded avatars are kept: a folder, a table, or an S3-compatible bucket
 * (AVATAR_STORAGE). Objects are immutable and named by their content, so `put` of an id that
 * exists changes nothing and any instance can serve any id.
 */
export interface AvatarStorage {
  readonly kind: 'disk' | 'database' | 's3';
  put(avatar: StoredAvatar): Promise<void>;
  /** Undefined when no avatar has that id. */
  get(id: string): Promise<StoredAvatar | undefined>;
  /**
   * Where a client can read the avatar without this server (a CDN in front of the bucket), when
   * the store has such a place.
   */
  publicUrl?(id: string): string;
}

const TYPES_BY_EXTENSION: Record<string, AvatarContentType> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

export const EXTENSION_BY_TYPE: Record<AvatarContentType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
};

const AVATAR_ID = /^[0-9a-f]{64}\.(jpg|png|webp)$/;

/** Whether `id` has the shape of an avatar id (and so is safe as a file name or object key). */
export const isAvatarId = (id: string): boolean => AVATAR_ID.test(id);

/** The type an avatar id names. */
export function contentTypeOfId(id: string): AvatarContentType {
  const type = TYPES_BY_EXTENSION[id.slice(id.lastIndexOf('.') + 1)];
  if (!isAvatarId(id) || !type) throw new Error(`not an avatar id: ${id}`);
  return type;
}
