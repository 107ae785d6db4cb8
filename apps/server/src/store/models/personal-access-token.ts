import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  Sequelize,
} from 'sequelize';
import { DataTypes } from 'sequelize';

/** `Authorization: Bearer <id>|<secret>` for the administrator API; only SHA-256(secret) is kept. */
export interface PersonalAccessTokenInstance extends Model<
  InferAttributes<PersonalAccessTokenInstance>,
  InferCreationAttributes<PersonalAccessTokenInstance>
> {
  id: CreationOptional<string>;
  userId: string;
  name: string;
  tokenHash: string;
  expiresAt: CreationOptional<Date | null>;
  revokedAt: CreationOptional<Date | null>;
  lastUsedAt: CreationOptional<Date | null>;
  createdAt: CreationOptional<Date>;
}

export function definePersonalAccessToken(sequelize: Sequelize) {
  return sequelize.define<PersonalAccessTokenInstance>(
    'PersonalAccessToken',
    {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      userId: { type: DataTypes.UUID, allowNull: false },
      name: { type: DataTypes.TEXT, allowNull: false },
      tokenHash: { type: DataTypes.TEXT, allowNull: false },
      expiresAt: { type: DataTypes.DATE, allowNull: true, defaultValue: null },
      revokedAt: { type: DataTypes.DATE, allowNull: true, defaultValue: null },
      lastUsedAt: { type: DataTypes.DATE, allowNull: true, defaultValue: null },
      createdAt: DataTypes.DATE,
    },
    { tableName: 'personal_access_tokens', updatedAt: false },
  );
}
