import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  Sequelize,
} from 'sequelize';
import { DataTypes } from 'sequelize';

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
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      name: { type: DataTypes.TEXT, allowNull: false },
      keyHash: { type: DataTypes.TEXT, allowNull: false },
      revokedAt: { type: DataTypes.DATE, allowNull: true, defaultValue: null },
      lastUsedAt: { type: DataTypes.DATE, allowNull: true, defaultValue: null },
      createdAt: DataTypes.DATE,
    },
    { tableName: 'client_app_keys', updatedAt: false },
  );
}
