import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  Sequelize,
} from 'sequelize';
import { DataTypes } from 'sequelize';

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
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      userId: { type: DataTypes.UUID, allowNull: false },
      email: { type: DataTypes.TEXT, allowNull: false },
      tokenHash: { type: DataTypes.TEXT, allowNull: false },
      expiresAt: { type: DataTypes.DATE, allowNull: false },
      usedAt: { type: DataTypes.DATE, allowNull: true, defaultValue: null },
      createdAt: DataTypes.DATE,
    },
    { tableName: 'email_verifications', updatedAt: false },
  );
}
