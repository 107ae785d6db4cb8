import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  Sequelize,
} from 'sequelize';
import { DataTypes } from 'sequelize';
import { nullable, required, serialPrimaryKey } from './columns';

/** Who added or removed an app: WECHAT_MINIPROGRAM_APPS at a start, or the admin CLI. */
export type MiniProgramAppActor = 'environment' | 'cli';

/**
 * A mini-program that may sign in (`auth_app_id`), for as long as `removedAt` is null. Its
 * AppSecret is sealed with DATA_KEY; a new secret is a new row, so the rows are the app's history.
 */
export interface MiniProgramAppInstance extends Model<
  InferAttributes<MiniProgramAppInstance>,
  InferCreationAttributes<MiniProgramAppInstance>
> {
  id: CreationOptional<string>;
  appId: string;
  secretCiphertext: string;
  addedBy: MiniProgramAppActor;
  addedAt: Date;
  removedBy: CreationOptional<MiniProgramAppActor | null>;
  removedAt: CreationOptional<Date | null>;
}

export function defineMiniProgramApp(sequelize: Sequelize) {
  return sequelize.define<MiniProgramAppInstance>(
    'MiniProgramApp',
    {
      id: serialPrimaryKey(),
      appId: required(DataTypes.TEXT),
      secretCiphertext: required(DataTypes.TEXT),
      addedBy: required(DataTypes.TEXT),
      addedAt: required(DataTypes.DATE),
      removedBy: nullable(DataTypes.TEXT),
      removedAt: nullable(DataTypes.DATE),
    },
    { tableName: 'miniprogram_apps', timestamps: false },
  );
}
