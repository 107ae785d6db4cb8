import type { StoredAvatar } from '../../providers/storage/avatar-storage';
import { isAvatarId } from '../../providers/storage/avatar-storage';
import { AvatarStorageError } from '../../providers/storage/storage-error';
import type { ProfilesContext } from './context';
import { ProfileError } from './errors';

/** The avatar itself, or the public place (a CDN in front of the bucket) to read it from. */
export type AvatarLookup =
  { found: false } | { found: true; redirect: string } | { found: true; avatar: StoredAvatar };

/** An avatar by its id, for anyone: avatars are shown to other people, like WeChat's. */
export async function readAvatar(context: ProfilesContext, id: string): Promise<AvatarLookup> {
  if (!isAvatarId(id)) return { found: false };
  if (context.avatars.publicUrl) return { found: true, redirect: context.avatars.publicUrl(id) };
  try {
    const avatar = await context.avatars.get(id);
    return avatar ? { found: true, avatar } : { found: false };
  } catch (error) {
    if (error instanceof AvatarStorageError) {
      throw new ProfileError('avatar_storage_unavailable', { cause: error });
    }
    throw error;
  }
}
