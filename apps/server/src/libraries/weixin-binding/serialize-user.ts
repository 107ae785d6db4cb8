import type { User, WeixinThirdParty } from '@wechat-bind/dto';
import type { UserInstance } from '../../store/models';

type SerializedUser = Pick<UserInstance, 'id' | 'name' | 'avatar' | 'gender' | 'createdAt'>;

/**
 * The `User` model of api-docs/01 (its `model/user.md` was never published, so its example is the
 * contract): `_id` is the user's id; `registerAt` and `createAt` are milliseconds since the epoch
 * and both the user row's creation time, since the store keeps one; `thirdParty.weixin` is there
 * only while a WeChat account is bound; `avatar` and `name` are `''` when the user has none.
 */
export function serializeUser(user: SerializedUser, weixin?: WeixinThirdParty | null): User {
  const createdAt = user.createdAt.getTime();
  return {
    _id: user.id,
    registerAt: createdAt,
    createAt: createdAt,
    thirdParty: weixin ? { weixin: { unionid: weixin.unionid, openid: weixin.openid } } : {},
    avatar: user.avatar ?? '',
    gender: user.gender,
    name: user.name ?? '',
  };
}
