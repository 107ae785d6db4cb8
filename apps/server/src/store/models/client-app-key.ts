import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  Sequelize,
} from 'sequelize';
import { DataTypes } from 'sequelize';
import { nullable, required, uuidPrimaryKey } from './columns';

/** A key a trusted app client presents (`Authorization: Bearer <key>`); only SHA-256(key) is kept. */
export interface ClientAppKeyInstance extends Model<
  InferAttributes<ClientAppKeyInstance>,
  InferCreationAttributes<ClientAppKeyInstance>
> {
  id: CreationOptional<string>;
  name: string;
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
      keyHash: required(DataTypes.TEXT),
      revokedAt: nullable(DataTypes.DATE),
      lastUsedAt: nullable(DataTypes.DATE),
      createdAt: DataTypes.DATE,
    },
    { tableName: 'client_app_keys', updatedAt: false },
  );
}
