import type {
  Account,
  Membership,
  MembershipCycle,
  MembershipTier,
  PayMethod,
} from '@wechat-bind/dto';
import type { ExternalAccountInstance, MembershipInstance, UserInstance } from '../../store/models';

/** What an Account shows of each row: model instances, or the columns one query read. */
export type WechatPart = Pick<
  ExternalAccountInstance,
  'accountKey' | 'unionId' | 'nickname' | 'avatar'
>;
export type UserPart = Pick<
  UserInstance,
  'id' | 'stripeId' | 'email' | 'mobile' | 'name' | 'avatar' | 'emailVerifiedAt'
>;
export type MembershipPart = Pick<
  MembershipInstance,
  | 'userId'
  | 'unionId'
  | 'tier'
  | 'cycle'
  | 'expireDate'
  | 'payMethod'
  | 'stripeSubsId'
  | 'autoRenew'
  | 'status'
  | 'appleSubsId'
  | 'b2bLicenceId'
  | 'standardAddOn'
  | 'premiumAddOn'
  | 'vip'
>;

export interface AccountParts {
  /** The WeChat account (external_accounts, provider `wechat`) the request's X-Union-Id names. */
  wechat: WechatPart;
  /** The email account linked to it, if any. */
  user: UserPart | null;
  membership: MembershipPart | null;
}

/** The empty membership 04 implies for an account without one (see libs/dto `Membership`). */
const noMembership: Membership = {
  ftcId: null,
  unionId: null,
  tier: null,
  cycle: null,
  expireDate: null,
  payMethod: null,
  stripeSubsId: null,
  autoRenew: false,
  status: null,
  appleSubsId: null,
  b2bLicenceId: null,
  standardAddOn: 0,
  premiumAddOn: 0,
  vip: false,
};

export function toMembership(row: MembershipPart | null): Membership {
  if (!row) return { ...noMembership };
  return {
    ftcId: row.userId,
    unionId: row.unionId,
    // The schema's checks hold tier and cycle to these values; pay methods are whatever the
    // payment side wrote, passed through as stored.
    tier: row.tier as MembershipTier | null,
    cycle: row.cycle as MembershipCycle | null,
    expireDate: row.expireDate,
    payMethod: row.payMethod as PayMethod | null,
    stripeSubsId: row.stripeSubsId,
    autoRenew: row.autoRenew,
    status: row.status,
    appleSubsId: row.appleSubsId,
    b2bLicenceId: row.b2bLicenceId,
    standardAddOn: row.standardAddOn,
    premiumAddOn: row.premiumAddOn,
    vip: row.vip,
  };
}

/**
 * 04's `Account`, field for field. Unlinked, it is the WeChat user alone: `id` and `email` are
 * `''` and `loginMethod` is `wechat`, as in the document's first example. Once an email account is
 * linked it is the merged account: the email side's fields and `loginMethod: 'email'` (the
 * document's signup example), with the WeChat profile under `wechat`.
 */
export function toAccount({ wechat, user, membership }: AccountParts): Account {
  return {
    id: user?.id ?? '',
    unionId: wechat.unionId ?? wechat.accountKey,
    stripeId: user?.stripeId ?? null,
    email: user?.email ?? '',
    mobile: user?.mobile ?? null,
    userName: user?.name ?? null,
    avatarUrl: user?.avatar ?? null,
    isVerified: Boolean(user?.emailVerifiedAt),
    loginMethod: user ? 'email' : 'wechat',
    wechat: { nickname: wechat.nickname ?? '', avatarUrl: wechat.avatar ?? '' },
    membership: toMembership(membership),
  };
}
