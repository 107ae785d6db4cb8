import type { InferAttributes, InferCreationAttributes, Model, Sequelize } from 'sequelize';
import { DataTypes } from 'sequelize';
import { required } from './columns';

/** An uploaded avatar kept in the database (AVATAR_STORAGE=database), named by its content. */
export interface AvatarInstance extends Model<
  InferAttributes<AvatarInstance>,
  InferCreationAttributes<AvatarInstance>
> {
  id: string;
  contentType: string;
  bytes: Buffer;
}

export function defineAvatar(sequelize: Sequelize) {
  return sequelize.define<AvatarInstance>(
    'Avatar',
    {
      id: { type: DataTypes.TEXT, primaryKey: true },
      contentType: required(DataTypes.TEXT),
      bytes: required(DataTypes.BLOB),
    },
    { tableName: 'avatars', updatedAt: false },
  );
}
