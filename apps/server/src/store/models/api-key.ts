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
 * A Caa key pair (api-docs/signature.md). The secret is needed to verify signatures, so it cannot
 * be hashed: it is stored encrypted with DATA_KEY (AES-256-GCM). `actions` lists what the key may
 * do, e.g. `client:my:bind-weixin`.
 */
export interface ApiKeyInstance extends Model<
  InferAttributes<ApiKeyInstance>,
  InferCreationAttributes<ApiKeyInstance>
> {
  id: CreationOptional<string>;
  keyId: string;
  userId: string;
  secretCiphertext: string;
  actions: string[];
  expiresAt: Date;
  revokedAt: CreationOptional<Date | null>;
  lastUsedAt: CreationOptional<Date | null>;
  createdAt: CreationOptional<Date>;
}

export function defineApiKey(sequelize: Sequelize) {
  return sequelize.define<ApiKeyInstance>(
    'ApiKey',
    {
      id: uuidPrimaryKey(),
      keyId: required(DataTypes.TEXT),
      userId: required(DataTypes.UUID),
      secretCiphertext: required(DataTypes.TEXT),
      actions: { type: DataTypes.ARRAY(DataTypes.TEXT), allowNull: false, defaultValue: [] },
      expiresAt: required(DataTypes.DATE),
      revokedAt: nullable(DataTypes.DATE),
      lastUsedAt: nullable(DataTypes.DATE),
      createdAt: DataTypes.DATE,
    },
    { tableName: 'api_keys', updatedAt: false },
  );
}
