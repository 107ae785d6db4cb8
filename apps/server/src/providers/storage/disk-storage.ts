import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AvatarStorage, StoredAvatar } from './avatar-storage';
import { contentTypeOfId, isAvatarId } from './avatar-storage';

/**
 * AVATAR_STORAGE=disk: one file per avatar in a folder, named by its id, under a sub-folder of
 * the id's first two characters so that no folder grows too large. A file is written under a
 * temporary name and renamed, so a reader never sees half an image.
 */
export function createDiskAvatarStorage(dir: string): AvatarStorage {
  const fileOf = (id: string) => {
    if (!isAvatarId(id)) throw new Error(`not an avatar id: ${id}`);
    return path.join(dir, id.slice(0, 2), id);
  };
  return {
    kind: 'disk',
    async put({ id, bytes }: StoredAvatar) {
      const file = fileOf(id);
      await mkdir(path.dirname(file), { recursive: true });
      const partial = `${file}.${randomBytes(6).toString('hex')}.partial`;
      try {
        await writeFile(partial, bytes, { flag: 'wx' });
        await rename(partial, file);
      } finally {
        await rm(partial, { force: true });
      }
    },
    async get(id) {
      if (!isAvatarId(id)) return undefined;
      try {
        return { id, contentType: contentTypeOfId(id), bytes: await readFile(fileOf(id)) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
}
