import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  Sequelize,
} from 'sequelize';
import { DataTypes } from 'sequelize';
import { nullable, required, uuidPrimaryKey } from './columns';

/** A single-use link that proves a user owns an email address; only SHA-256(token) is kept. */
export interface EmailVerificationInstance extends Model<
  InferAttributes<EmailVerificationInstance>,
  InferCreationAttributes<EmailVerificationInstance>
> {
  id: CreationOptional<string>;
  userId: string;
  email: string;
  tokenHash: string;
  expiresAt: Date;
  usedAt: CreationOptional<Date | null>;
  createdAt: CreationOptional<Date>;
}

export function defineEmailVerification(sequelize: Sequelize) {
  return sequelize.define<EmailVerificationInstance>(
    'EmailVerification',
    {
      id: uuidPrimaryKey(),
      userId: required(DataTypes.UUID),
      email: required(DataTypes.TEXT),
      tokenHash: required(DataTypes.TEXT),
      expiresAt: required(DataTypes.DATE),
      usedAt: nullable(DataTypes.DATE),
      createdAt: DataTypes.DATE,
    },
    { tableName: 'email_verifications', updatedAt: false },
  );
}
