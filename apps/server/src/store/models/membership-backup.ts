import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  Sequelize,
} from 'sequelize';
import { DataTypes } from 'sequelize';
import { nullable, required, serialPrimaryKey } from './columns';

/** A membership row as it was just before a merge replaced or removed it. */
export interface MembershipBackupInstance extends Model<
  InferAttributes<MembershipBackupInstance>,
  InferCreationAttributes<MembershipBackupInstance>
> {
  id: CreationOptional<string>;
  membershipId: string;
  userId: CreationOptional<string | null>;
  unionId: CreationOptional<string | null>;
  snapshot: Record<string, unknown>;
  reason: string;
  createdAt: CreationOptional<Date>;
}

export function defineMembershipBackup(sequelize: Sequelize) {
  return sequelize.define<MembershipBackupInstance>(
    'MembershipBackup',
    {
      id: serialPrimaryKey(),
      membershipId: required(DataTypes.UUID),
      userId: nullable(DataTypes.UUID),
      unionId: nullable(DataTypes.TEXT),
      snapshot: required(DataTypes.JSONB),
      reason: required(DataTypes.TEXT),
      createdAt: DataTypes.DATE,
    },
    { tableName: 'membership_backups', updatedAt: false },
  );
}
