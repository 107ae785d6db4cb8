import type { Sequelize } from 'sequelize';
import type { Models } from '../../store/models';
import type { SecretBox } from '../secret-box';

/** What the linking rules need: the store, to run each change in one transaction. */
export interface LinkingStore {
  sequelize: Sequelize;
  models: Models;
}

/** Signup also queues the verification mail: sealed with DATA_KEY, linking to this server. */
export interface SignupDeps extends LinkingStore {
  secretBox: SecretBox;
  /** Where this server is reached from a browser (PUBLIC_URL): the default verification link. */
  publicUrl: string;
}
