import { randomBytes } from 'node:crypto';
import type { Models, MembershipInstance } from '../../src/store/models';
import { uniqueEmail } from './test-data';
import { unique } from './test-context';
import { chinaDate } from '../../src/libraries/account-linking/membership-state';
import { hashPassword } from '../../src/libraries/account-linking/password-hash';

/**
 * Test data for account linking, written straight to the store: the WeChat side of 04 is an
 * external account (and maybe a membership by unionid) that other endpoints would have created.
 */

/** A WeChat-looking unionid (28 characters), unique per call. */
export const uniqueUnionId = (): string => `o${randomBytes(21).toString('base64url')}`;

/** A date `days` from today (China time), `YYYY-MM-DD`: positive is live, negative has lapsed. */
export const daysFromToday = (days: number): string =>
  chinaDate(new Date(Date.now() + days * 24 * 60 * 60 * 1000));

export async function createWechatAccount(
  models: Models,
  {
    unionId = uniqueUnionId(),
    nickname = unique('nick'),
    avatar = 'https://example.com/a.jpg',
  } = {},
) {
  return models.ExternalAccount.create({
    provider: 'wechat',
    accountKey: unionId,
    unionId,
    nickname,
    avatar,
  });
}

/** Hashing is deliberately slow: every test user shares one hash of the default password. */
let defaultPasswordHash: Promise<string> | undefined;
export const TEST_PASSWORD = 'password-123';

export async function createEmailUser(
  models: Models,
  { email = uniqueEmail(), name = null as string | null } = {},
) {
  defaultPasswordHash ??= hashPassword(TEST_PASSWORD);
  return models.User.create({ email, name, passwordHash: await defaultPasswordHash });
}

export async function createMembership(
  models: Models,
  owner: { userId?: string; unionId?: string },
  { expireDate = daysFromToday(30), payMethod = 'wechat', tier = 'standard' } = {},
): Promise<MembershipInstance> {
  return models.Membership.create({
    userId: owner.userId ?? null,
    unionId: owner.unionId ?? null,
    tier,
    cycle: 'year',
    expireDate,
    payMethod,
  });
}
