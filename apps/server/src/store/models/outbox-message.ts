import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  Sequelize,
} from 'sequelize';
import { DataTypes } from 'sequelize';
import { nullable, required, serialPrimaryKey } from './columns';

export type OutboxStatus = 'pending' | 'sent' | 'dead';

/**
 * Work to do outside the database (sending mail), written in the same transaction as the change
 * that caused it and delivered afterwards by a worker, so a crash loses nothing and sends nothing
 * for a change that rolled back.
 */
export interface OutboxMessageInstance extends Model<
  InferAttributes<OutboxMessageInstance>,
  InferCreationAttributes<OutboxMessageInstance>
> {
  id: CreationOptional<string>;
  kind: string;
  payload: Record<string, unknown>;
  status: CreationOptional<OutboxStatus>;
  attempts: CreationOptional<number>;
  nextAttemptAt: CreationOptional<Date>;
  lastError: CreationOptional<string | null>;
  sentAt: CreationOptional<Date | null>;
  createdAt: CreationOptional<Date>;
}

export function defineOutboxMessage(sequelize: Sequelize) {
  return sequelize.define<OutboxMessageInstance>(
    'OutboxMessage',
    {
      id: serialPrimaryKey(),
      kind: required(DataTypes.TEXT),
      payload: required(DataTypes.JSONB),
      status: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'pending' },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      nextAttemptAt: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
      lastError: nullable(DataTypes.TEXT),
      sentAt: nullable(DataTypes.DATE),
      createdAt: DataTypes.DATE,
    },
    { tableName: 'outbox_messages', updatedAt: false },
  );
}
