import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  Sequelize,
} from 'sequelize';
import { DataTypes } from 'sequelize';

export type Gender = 'male' | 'female' | 'secret';

/** A person: signed in by mobile (mini-program), by email (account linking), or by key/token. */
export interface UserInstance extends Model<
  InferAttributes<UserInstance>,
  InferCreationAttributes<UserInstance>
> {
  id: CreationOptional<string>;
  name: CreationOptional<string | null>;
  avatar: CreationOptional<string | null>;
  gender: CreationOptional<Gender>;
  mobile: CreationOptional<string | null>;
  email: CreationOptional<string | null>;
  passwordHash: CreationOptional<string | null>;
  emailVerifiedAt: CreationOptional<Date | null>;
  stripeId: CreationOptional<string | null>;
  createdAt: CreationOptional<Date>;
  updatedAt: CreationOptional<Date>;
}

export function defineUser(sequelize: Sequelize) {
  return sequelize.define<UserInstance>(
    'User',
    {
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      name: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      avatar: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      gender: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'secret' },
      mobile: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      email: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      passwordHash: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      emailVerifiedAt: { type: DataTypes.DATE, allowNull: true, defaultValue: null },
      stripeId: { type: DataTypes.TEXT, allowNull: true, defaultValue: null },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { tableName: 'users' },
  );
}
