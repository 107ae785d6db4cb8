import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  Sequelize,
} from 'sequelize';
import { DataTypes } from 'sequelize';
import { nullable, required, serialPrimaryKey } from './columns';

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
      id: serialPrimaryKey(),
      action: required(DataTypes.TEXT),
      actorType: required(DataTypes.TEXT),
      actorId: nullable(DataTypes.TEXT),
      subjectType: nullable(DataTypes.TEXT),
      subjectId: nullable(DataTypes.TEXT),
      ip: nullable(DataTypes.TEXT),
      userAgent: nullable(DataTypes.TEXT),
      details: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
      createdAt: DataTypes.DATE,
    },
    { tableName: 'audit_events', updatedAt: false },
  );
}
