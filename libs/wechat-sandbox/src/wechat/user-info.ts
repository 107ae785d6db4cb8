import type { UserInfoOverrides, UserInfoPayload, WechatUser } from '../control/types';

/**
 * The plaintext of wx.getUserInfo's encryptedData, as in WeChat's WXBizDataCrypt demo: the
 * profile, the ids, and a watermark naming the app and the time (Unix seconds).
 */
export function userInfoPayload(
  user: WechatUser,
  appid: string,
  openid: string,
  withUnionid: boolean,
  overrides: UserInfoOverrides = {},
): UserInfoPayload {
  const { watermark, ...fields } = overrides;
  return {
    openId: openid,
    nickName: user.nickname,
    gender: user.gender,
    language: user.language,
    city: user.city,
    province: user.province,
    country: user.country,
    avatarUrl: user.avatar,
    ...(withUnionid ? { unionId: user.unionid } : {}),
    ...fields,
    watermark: { appid, timestamp: Math.floor(Date.now() / 1000), ...watermark },
  };
}

/** wx.getUserInfo's rawData: the public profile only, no ids, as a JSON string. */
export function rawUserInfo(user: WechatUser): string {
  return JSON.stringify({
    nickName: user.nickname,
    gender: user.gender,
    language: user.language,
    city: user.city,
    province: user.province,
    country: user.country,
    avatarUrl: user.avatar,
  });
}

/** The reply of /sns/userinfo. */
export function snsUserInfo(user: WechatUser, openid: string, withUnionid: boolean) {
  return {
    openid,
    nickname: user.nickname,
    sex: user.gender,
    language: user.language,
    city: user.city,
    province: user.province,
    country: user.country,
    headimgurl: user.avatar,
    privilege: [] as string[],
    ...(withUnionid ? { unionid: user.unionid } : {}),
  };
}
