import { InvalidArgumentError } from 'commander';
import { isBigintId, isUuid } from '../libraries/ids';
import { MAX_TTL_DAYS } from '../libraries/input-rules';
import {
  APP_ID_RULE,
  STORED_APP_ID_PATTERN,
  STORED_APP_ID_RULE,
  WECHAT_APP_ID_PATTERN,
} from '../libraries/mini-program-apps';

/**
 * Commander argument parsers. Throwing InvalidArgumentError makes commander print
 * `error: option '--days <n>' argument 'x' is invalid. <our reason>`, and the CLI exit with 2,
 * before any database is opened.
 */

export const wholeNumber =
  (min: number, max: number) =>
  (value: string): number => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < min || number > max) {
      throw new InvalidArgumentError(`Expected a whole number from ${min} to ${max}.`);
    }
    return number;
  };

export const days = wholeNumber(1, MAX_TTL_DAYS);

export function userId(value: string): string {
  if (!isUuid(value)) {
    throw new InvalidArgumentError('A user id is a UUID, as printed by user:create and user:list.');
  }
  return value.toLowerCase();
}

export function tokenId(value: string): string {
  if (!isBigintId(value)) {
    throw new InvalidArgumentError('A token id is the number before the "|" in the token.');
  }
  return value;
}

export function clientKeyId(value: string): string {
  if (!isUuid(value)) {
    throw new InvalidArgumentError('A client key id is a UUID, as printed by client-key:list.');
  }
  return value.toLowerCase();
}

export function apiKey(value: string): string {
  if (!/^[A-Za-z0-9+/]{43}=$/.test(value)) {
    throw new InvalidArgumentError(
      'An apiKey is 44 characters of base64, as printed by api-key:list.',
    );
  }
  return value;
}

export function nonEmpty(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('It must not be empty.');
  return value;
}

/** A new mini-program's AppID, as WeChat shows it. */
export function wechatAppId(value: string): string {
  if (!WECHAT_APP_ID_PATTERN.test(value))
    throw new InvalidArgumentError(`${capitalised(APP_ID_RULE)}.`);
  return value;
}

/** Any appId the store may hold (WECHAT_MINIPROGRAM_APPS always allowed more than WeChat's shape). */
export function storedAppId(value: string): string {
  if (!STORED_APP_ID_PATTERN.test(value)) {
    throw new InvalidArgumentError(`${capitalised(STORED_APP_ID_RULE)}, as printed by app:list.`);
  }
  return value;
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
