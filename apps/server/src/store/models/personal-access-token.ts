import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  Sequelize,
} from 'sequelize';
import { DataTypes } from 'sequelize';
import { nullable, required, serialPrimaryKey } from './columns';

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
      id: serialPrimaryKey(),
      userId: required(DataTypes.UUID),
      name: required(DataTypes.TEXT),
      tokenHash: required(DataTypes.TEXT),
      expiresAt: nullable(DataTypes.DATE),
      revokedAt: nullable(DataTypes.DATE),
      lastUsedAt: nullable(DataTypes.DATE),
      createdAt: DataTypes.DATE,
    },
    { tableName: 'personal_access_tokens', updatedAt: false },
  );
}
