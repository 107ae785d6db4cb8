import type { Sequelize } from 'sequelize';
import type { Config } from '../../config';
import { createAvatarStorage } from '../../providers/storage/create-avatar-storage';
import type { Models } from '../../store/models';
import type { ProfileOrigin, ProfilesContext } from './context';
import { readAvatar } from './read-avatar';
import { rename } from './rename';
import { uploadAvatar } from './upload-avatar';

export type { ProfileOrigin };
export type { AvatarLookup } from './read-avatar';
export { ProfileError } from './errors';
export type { ProfileFailure } from './errors';
export { AVATAR_MAX_BYTES } from './image-type';
export { NICKNAME_MAX_LENGTH } from './nickname';
export { AVATARS_PATH } from './upload-avatar';

export interface ProfilesDeps {
  config: Pick<Config, 'avatars' | 'publicUrl'>;
  sequelize: Sequelize;
  models: Models;
}

/**
 * The user's own name and avatar (docs/mini-program.md#names-and-avatars), whoever signed them
 * in: the caller proves the user first. The avatar store is the one AVATAR_STORAGE names, built
 * here once per app.
 */
export function createProfiles(deps: ProfilesDeps) {
  const context: ProfilesContext = {
    sequelize: deps.sequelize,
    models: deps.models,
    avatars: createAvatarStorage(deps.config.avatars, deps.models),
    publicUrl: deps.config.publicUrl,
  };
  return {
    rename: (input: { userId: string; nickname: string }, origin: ProfileOrigin) =>
      rename(context, input, origin),
    uploadAvatar: (input: { userId: string; bytes: Buffer }, origin: ProfileOrigin) =>
      uploadAvatar(context, input, origin),
    readAvatar: (id: string) => readAvatar(context, id),
  };
}

export type Profiles = ReturnType<typeof createProfiles>;
