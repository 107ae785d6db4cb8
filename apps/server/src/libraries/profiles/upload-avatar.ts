import { createHash } from 'node:crypto';
import { EXTENSION_BY_TYPE } from '../../providers/storage/avatar-storage';
import { AvatarStorageError } from '../../providers/storage/storage-error';
import type { ProfileOrigin, ProfilesContext } from './context';
import { ProfileError } from './errors';
import { imageTypeOf } from './image-type';
import { setOwnField } from './set-own-field';

/** The path under which this server serves an avatar (GET /accounts/avatars/:id). */
export const AVATARS_PATH = '/accounts/avatars';

/**
 * The signed-in user's new avatar: recognised by its bytes (jpeg, png or webp), stored under the
 * SHA-256 of those bytes (the same picture is stored once, whoever uploads it), then made the
 * user's avatar (users.avatar, an absolute URL under PUBLIC_URL) with an audit row in one
 * transaction. The image is stored as sent; earlier avatars stay where they are, since another
 * user may have uploaded the same picture.
 */
export async function uploadAvatar(
  context: ProfilesContext,
  input: { userId: string; bytes: Buffer },
  origin: ProfileOrigin,
): Promise<{ avatarUrl: string }> {
  const contentType = imageTypeOf(input.bytes);
  if (!contentType) throw new ProfileError('avatar_unsupported_type');
  const user = await context.models.User.findByPk(input.userId);
  if (!user) throw new ProfileError('user_gone');

  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const id = `${sha256}.${EXTENSION_BY_TYPE[contentType]}`;
  try {
    await context.avatars.put({ id, contentType, bytes: input.bytes });
  } catch (error) {
    if (error instanceof AvatarStorageError) {
      throw new ProfileError('avatar_storage_unavailable', { cause: error });
    }
    throw error;
  }

  const avatarUrl = `${context.publicUrl}${AVATARS_PATH}/${id}`;
  await setOwnField(
    context,
    {
      userId: input.userId,
      field: 'avatar',
      value: avatarUrl,
      action: 'profile.avatar',
      details: () => ({ avatar: id, bytes: input.bytes.length, storage: context.avatars.kind }),
    },
    origin,
  );
  return { avatarUrl };
}
