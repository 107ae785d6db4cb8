import type { Sequelize } from 'sequelize';
import type { AvatarStorage } from '../../providers/storage/avatar-storage';
import type { Models } from '../../store/models';

/** Everything the profile rules work with, built once per app by createProfiles. */
export interface ProfilesContext {
  sequelize: Sequelize;
  models: Models;
  avatars: AvatarStorage;
  /** Where this server is reached (PUBLIC_URL): avatar URLs are absolute under it. */
  publicUrl: string;
}

/** Who asked, from where: for the audit trail. */
export interface ProfileOrigin {
  ip: string;
  userAgent?: string;
}
