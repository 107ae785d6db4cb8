import type { AvatarSettings } from '../../config';
import type { Models } from '../../store/models';
import type { AvatarStorage } from './avatar-storage';
import { createDatabaseAvatarStorage } from './database-storage';
import { createDiskAvatarStorage } from './disk-storage';
import { createS3AvatarStorage } from './s3-storage';
import { AvatarStorageError } from './storage-error';

/**
 * The store AVATAR_STORAGE names. Every failure of it surfaces as an AvatarStorageError (the
 * database's own outages excepted: they are answered 503 wherever they surface).
 */
export function createAvatarStorage(
  settings: AvatarSettings,
  models: Pick<Models, 'Avatar'>,
): AvatarStorage {
  return withStorageErrors(storageOf(settings, models));
}

function storageOf(settings: AvatarSettings, models: Pick<Models, 'Avatar'>): AvatarStorage {
  switch (settings.storage) {
    case 'disk':
      return createDiskAvatarStorage(settings.dir);
    case 'database':
      return createDatabaseAvatarStorage(models);
    case 's3':
      if (!settings.s3) throw new Error('AVATAR_STORAGE=s3 needs its AVATAR_S3_* settings');
      return createS3AvatarStorage(settings.s3);
  }
}

function withStorageErrors(storage: AvatarStorage): AvatarStorage {
  const guarded =
    <A extends unknown[], R>(operation: 'put' | 'get', call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await call(...args);
      } catch (error) {
        if (storage.kind === 'database') throw error;
        throw new AvatarStorageError(storage.kind, operation, error);
      }
    };
  return {
    ...storage,
    put: guarded('put', storage.put.bind(storage)),
    get: guarded('get', storage.get.bind(storage)),
  };
}

export type { AvatarContentType, AvatarStorage, StoredAvatar } from './avatar-storage';
export { AvatarStorageError } from './storage-error';
