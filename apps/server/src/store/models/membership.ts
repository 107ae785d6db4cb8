import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  Sequelize,
} from 'sequelize';
import { DataTypes } from 'sequelize';
import { nullable, uuidPrimaryKey } from './columns';

/**
 * A paid membership. It belongs to a user (`userId`, the document's ftcId), to a WeChat unionid,
 * or to both after the two accounts are linked; each side has at most one.
 */
export interface MembershipInstance extends Model<
  InferAttributes<MembershipInstance>,
  InferCreationAttributes<MembershipInstance>
> {
  id: CreationOptional<string>;
  userId: CreationOptional<string | null>;
  unionId: CreationOptional<string | null>;
  tier: CreationOptional<string | null>;
  cycle: CreationOptional<string | null>;
  expireDate: CreationOptional<string | null>;
  payMethod: CreationOptional<string | null>;
  stripeSubsId: CreationOptional<string | null>;
  autoRenew: CreationOptional<boolean>;
  status: CreationOptional<string | null>;
  appleSubsId: CreationOptional<string | null>;
  b2bLicenceId: CreationOptional<string | null>;
  standardAddOn: CreationOptional<number>;
  premiumAddOn: CreationOptional<number>;
  vip: CreationOptional<boolean>;
  createdAt: CreationOptional<Date>;
  updatedAt: CreationOptional<Date>;
}

export function defineMembership(sequelize: Sequelize) {
  return sequelize.define<MembershipInstance>(
    'Membership',
    {
      id: uuidPrimaryKey(),
      userId: nullable(DataTypes.UUID),
      unionId: nullable(DataTypes.TEXT),
      tier: nullable(DataTypes.TEXT),
      cycle: nullable(DataTypes.TEXT),
      expireDate: nullable(DataTypes.DATEONLY),
      payMethod: nullable(DataTypes.TEXT),
      stripeSubsId: nullable(DataTypes.TEXT),
      autoRenew: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      status: nullable(DataTypes.TEXT),
      appleSubsId: nullable(DataTypes.TEXT),
      b2bLicenceId: nullable(DataTypes.TEXT),
      standardAddOn: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      premiumAddOn: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      vip: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { tableName: 'memberships' },
  );
}
