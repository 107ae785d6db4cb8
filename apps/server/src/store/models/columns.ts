import type { DataType } from 'sequelize';
import { DataTypes } from 'sequelize';

// Column shapes every model repeats. The migrations, not these, are the source of truth for the
// schema; these only tell Sequelize how to read and write the columns.

export const uuidPrimaryKey = () => ({
  type: DataTypes.UUID,
  primaryKey: true,
  defaultValue: DataTypes.UUIDV4,
});

export const serialPrimaryKey = () => ({
  type: DataTypes.BIGINT,
  primaryKey: true,
  autoIncrement: true,
});

export const required = (type: DataType) => ({ type, allowNull: false });

export const nullable = (type: DataType) => ({ type, allowNull: true, defaultValue: null });
