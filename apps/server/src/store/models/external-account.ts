import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  Sequelize,
} from 'sequelize';
import { DataTypes } from 'sequelize';

export type Provider = 'wechat' | 'dingtalk';

/**
 * One account at an outside provider (a WeChat or DingTalk person). `accountKey` is the unionid,
 * or `appId:openid` when the provider gives no unionid. The table's unique constraints carry the
 * binding rules: (provider, accountKey) is one row, so one account belongs to at most one user;
 * (userId, provider) is unique, so a user has at most one account per provider.
 */
export interface ExternalAccountInstance extends Model<
  InferAttributes<ExternalAccountInstance>,
  InferCreationAttributes<ExternalAccountInstance>
> {
  id: CreationOptional<string>;
  provider: Provider;
  accountKey: string;
  unionId: CreationOptional<string | null>;
  userId: CreationOptional<string | null>;
  nickname: CreationOptional<string | null>;
  avatar: CreationOptional<string | null>;
  gender: CreationOptional<string | null>;
  boundAt: CreationOptional<Date | null>;
  createdAt: CreationOptional<Date>;
  updatedAt: CreationOptional<Date>;
}

export function defineExternalAccount(sequelize: Sequelize) {
  return sequelize.define<ExternalAccountInstance>(
    'ExternalAccount',
    {
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      provider: { type: DataTypes.TEXT, allowNull: false },
      accountKey: { type: DataTypes.TEXT, allowNull: false },
      unionId: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      userId: { type: DataTypes.UUID, allowNull: true, defaultValue: null },
      nickname: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      avatar: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      gender: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      boundAt: { type: DataTypes.DATE, allowNull: true, defaultValue: null },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { tableName: 'external_accounts' },
  );
}
