import type { Provider } from '../../store/models';

/** Who the provider says the user is: what a binding stores. */
export interface ExternalIdentity {
  provider: Provider;
  /** The unionid; for a WeChat app without an Open Platform account, `<appId>:<openid>`. */
  accountKey: string;
  unionId: string | null;
  /** The app the openid belongs to (WeChat web app id, DingTalk client id). */
  appId: string;
  openId: string;
  nickname: string | null;
  avatar: string | null;
  /** `male` or `female` when the provider says so, else null. */
  gender: string | null;
}
