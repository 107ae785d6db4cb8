import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  Sequelize,
} from 'sequelize';
import { DataTypes } from 'sequelize';
import { nullable, required, uuidPrimaryKey } from './columns';

export type Provider = 'wechat' | 'dingtalk' | 'wecom';

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
      id: uuidPrimaryKey(),
      provider: required(DataTypes.TEXT),
      accountKey: required(DataTypes.TEXT),
      unionId: nullable(DataTypes.TEXT),
      userId: nullable(DataTypes.UUID),
      nickname: nullable(DataTypes.TEXT),
      avatar: nullable(DataTypes.TEXT),
      gender: nullable(DataTypes.TEXT),
      boundAt: nullable(DataTypes.DATE),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { tableName: 'external_accounts' },
  );
}
