/**
 * The avatar store could not be read or written (a bucket that refuses our keys or cannot be
 * reached, a folder we may not write). Carries the store's kind and the cause, never credentials.
 */
export class AvatarStorageError extends Error {
  constructor(
    readonly storage: 'disk' | 'database' | 's3',
    operation: 'put' | 'get',
    cause: unknown,
  ) {
    super(`avatar storage (${storage}) failed to ${operation}`, { cause });
    this.name = 'AvatarStorageError';
  }
}
