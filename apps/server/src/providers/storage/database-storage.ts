import type { Models } from '../../store/models';
import type { AvatarStorage } from './avatar-storage';
import { contentTypeOfId, isAvatarId } from './avatar-storage';

/**
 * AVATAR_STORAGE=database: the `avatars` table (migration 0004), shared by every instance with
 * nothing more to set up. An id that exists is left as it is (the same id is the same bytes).
 */
export function createDatabaseAvatarStorage(models: Pick<Models, 'Avatar'>): AvatarStorage {
  return {
    kind: 'database',
    async put({ id, contentType, bytes }) {
      await models.Avatar.bulkCreate([{ id, contentType, bytes }], { ignoreDuplicates: true });
    },
    async get(id) {
      if (!isAvatarId(id)) return undefined;
      const row = await models.Avatar.findByPk(id);
      return row ? { id, contentType: contentTypeOfId(id), bytes: row.bytes } : undefined;
    },
  };
}
