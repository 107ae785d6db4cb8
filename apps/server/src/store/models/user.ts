import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  Sequelize,
} from 'sequelize';
import { DataTypes } from 'sequelize';
import { nullable, uuidPrimaryKey } from './columns';

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
      id: uuidPrimaryKey(),
      name: nullable(DataTypes.TEXT),
      avatar: nullable(DataTypes.TEXT),
      gender: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'secret' },
      mobile: nullable(DataTypes.TEXT),
      email: nullable(DataTypes.TEXT),
      passwordHash: nullable(DataTypes.TEXT),
      emailVerifiedAt: nullable(DataTypes.DATE),
      stripeId: nullable(DataTypes.TEXT),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { tableName: 'users' },
  );
}
