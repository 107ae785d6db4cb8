/**
 * Why a profile change was refused, in domain terms; the `/accounts` dialect words each one.
 *
 * - `nickname_empty`: nothing left once the surrounding spaces are trimmed.
 * - `nickname_too_long`: more than NICKNAME_MAX_LENGTH characters (code points).
 * - `nickname_forbidden_characters`: control or format characters (line breaks, zero-width
 *   characters, bidi overrides), or half of a UTF-16 surrogate pair.
 * - `avatar_unsupported_type`: the bytes are not a JPEG, PNG or WebP image.
 * - `user_gone`: the signed-in user no longer exists.
 * - `avatar_storage_unavailable`: the avatar store could not be read or written.
 */
export type ProfileFailure =
  | 'nickname_empty'
  | 'nickname_too_long'
  | 'nickname_forbidden_characters'
  | 'avatar_unsupported_type'
  | 'user_gone'
  | 'avatar_storage_unavailable';

export class ProfileError extends Error {
  readonly reason: ProfileFailure;

  constructor(reason: ProfileFailure, options: { cause?: unknown } = {}) {
    super(`profile change refused: ${reason}`, { cause: options.cause });
    this.name = 'ProfileError';
    this.reason = reason;
  }
}
