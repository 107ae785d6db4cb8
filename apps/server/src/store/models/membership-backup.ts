import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  Sequelize,
} from 'sequelize';
import { DataTypes } from 'sequelize';

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
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      membershipId: { type: DataTypes.UUID, allowNull: false },
      userId: { type: DataTypes.UUID, allowNull: true, defaultValue: null },
      unionId: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      snapshot: { type: DataTypes.JSONB, allowNull: false },
      reason: { type: DataTypes.TEXT, allowNull: false },
      createdAt: DataTypes.DATE,
    },
    { tableName: 'membership_backups', updatedAt: false },
  );
}
