import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  Sequelize,
} from 'sequelize';
import { DataTypes } from 'sequelize';
import { required } from './columns';
import type { Provider } from './external-account';

/**
 * The per-app ids of an external account: WeChat gives one openid per app (mini-program, mobile
 * app, website) for the same person. (provider, appId, openId) is the primary key, so an openid
 * is unique within its app.
 */
export interface ExternalOpenIdInstance extends Model<
  InferAttributes<ExternalOpenIdInstance>,
  InferCreationAttributes<ExternalOpenIdInstance>
> {
  provider: Provider;
  appId: string;
  openId: string;
  externalAccountId: string;
  createdAt: CreationOptional<Date>;
  updatedAt: CreationOptional<Date>;
}

export function defineExternalOpenId(sequelize: Sequelize) {
  return sequelize.define<ExternalOpenIdInstance>(
    'ExternalOpenId',
    {
      provider: { type: DataTypes.TEXT, primaryKey: true },
      appId: { type: DataTypes.TEXT, primaryKey: true },
      openId: { type: DataTypes.TEXT, primaryKey: true },
      externalAccountId: required(DataTypes.UUID),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { tableName: 'external_openids' },
  );
}
