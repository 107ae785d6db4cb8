import { ProfileError } from './errors';

/** Counted in code points, so an emoji or a character outside the BMP counts once. */
export const NICKNAME_MAX_LENGTH = 32;

/**
 * Control (Cc: line breaks, tabs, NUL) and format (Cf: zero-width spaces and joiners, bidi
 * overrides and isolates, the BOM) characters, line and paragraph separators, and lone surrogates
 * (which PostgreSQL cannot store): none of them belongs in a name shown to other people, and the
 * invisible ones let one name pass for another.
 */
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

/**
 * The nickname as it is stored: trimmed of surrounding white space (Unicode's, the ideographic
 * space included), 1 to 32 code points, nothing invisible inside. Otherwise it is kept exactly as
 * the user typed it.
 */
export function normalizeNickname(input: string): string {
  const nickname = input.trim();
  if (nickname === '') throw new ProfileError('nickname_empty');
  if (FORBIDDEN.test(nickname)) throw new ProfileError('nickname_forbidden_characters');
  if ([...nickname].length > NICKNAME_MAX_LENGTH) throw new ProfileError('nickname_too_long');
  return nickname;
}
