import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  Sequelize,
} from 'sequelize';
import { DataTypes } from 'sequelize';
import { nullable, required, uuidPrimaryKey } from './columns';

/**
 * Which trust a client-app key carries: `server`, a back end that signs its users in itself and is
 * believed as written; `app`, a key shipped inside a client, which anyone can extract, so a link
 * made with it must also prove the email account (its password).
 */
export type ClientAppKind = 'server' | 'app';

/** A key a trusted app client presents (`Authorization: Bearer <key>`); only SHA-256(key) is kept. */
export interface ClientAppKeyInstance extends Model<
  InferAttributes<ClientAppKeyInstance>,
  InferCreationAttributes<ClientAppKeyInstance>
> {
  id: CreationOptional<string>;
  name: string;
  kind: CreationOptional<ClientAppKind>;
  keyHash: string;
  revokedAt: CreationOptional<Date | null>;
  lastUsedAt: CreationOptional<Date | null>;
  createdAt: CreationOptional<Date>;
}

export function defineClientAppKey(sequelize: Sequelize) {
  return sequelize.define<ClientAppKeyInstance>(
    'ClientAppKey',
    {
      id: uuidPrimaryKey(),
      name: required(DataTypes.TEXT),
      kind: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'app' },
      keyHash: required(DataTypes.TEXT),
      revokedAt: nullable(DataTypes.DATE),
      lastUsedAt: nullable(DataTypes.DATE),
      createdAt: DataTypes.DATE,
    },
    { tableName: 'client_app_keys', updatedAt: false },
  );
}
