import type { AccountsMeData, WxaSessionData } from '@wechat-bind/dto';
import type { ExternalAccountInstance, UserInstance } from '../../store/models';

type SessionUser = Pick<UserInstance, 'id' | 'mobile' | 'name' | 'avatar'>;
type SessionAccount = Pick<ExternalAccountInstance, 'nickname' | 'avatar'>;
import type { IssuedToken } from './session-tokens';

/**
 * The user as the mini-program shows it (05's success example): the user's own name and avatar,
 * else the WeChat profile's. `uid` is the user id; `created_at` and `expiration` describe the token.
 */
export function userFields(
  user: SessionUser,
  account: SessionAccount | null,
  openid: string,
  token: Omit<IssuedToken, 'token'>,
): AccountsMeData {
  return {
    avatar: user.avatar ?? account?.avatar ?? '',
    created_at: token.createdAt,
    expiration: token.expiration,
    mobile: user.mobile ?? '',
    openid,
    uid: user.id,
    username: user.name ?? account?.nickname ?? '',
  };
}

/** `data` of wxa_bind_mobile, field for field, in the document's order. */
export function sessionData(
  user: SessionUser,
  account: SessionAccount | null,
  openid: string,
  issued: IssuedToken,
): WxaSessionData {
  const fields = userFields(user, account, openid, issued);
  return {
    avatar: fields.avatar,
    created_at: fields.created_at,
    expiration: fields.expiration,
    mobile: fields.mobile,
    openid: fields.openid,
    token: issued.token,
    uid: fields.uid,
    username: fields.username,
  };
}
