import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  Sequelize,
} from 'sequelize';
import { DataTypes } from 'sequelize';

/** Who did what to which account, from where: written in the transaction that made the change. */
export interface AuditEventInstance extends Model<
  InferAttributes<AuditEventInstance>,
  InferCreationAttributes<AuditEventInstance>
> {
  id: CreationOptional<string>;
  action: string;
  actorType: string;
  actorId: CreationOptional<string | null>;
  subjectType: CreationOptional<string | null>;
  subjectId: CreationOptional<string | null>;
  ip: CreationOptional<string | null>;
  userAgent: CreationOptional<string | null>;
  details: CreationOptional<Record<string, unknown>>;
  createdAt: CreationOptional<Date>;
}

export function defineAuditEvent(sequelize: Sequelize) {
  return sequelize.define<AuditEventInstance>(
    'AuditEvent',
    {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      action: { type: DataTypes.TEXT, allowNull: false },
      actorType: { type: DataTypes.TEXT, allowNull: false },
      actorId: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      subjectType: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      subjectId: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      ip: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      userAgent: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      details: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
      createdAt: DataTypes.DATE,
    },
    { tableName: 'audit_events', updatedAt: false },
  );
}
