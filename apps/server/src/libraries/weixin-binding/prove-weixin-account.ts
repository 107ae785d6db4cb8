import { UpstreamError } from '../../providers/http/upstream-error';
import { USER_TOKEN_REFUSED_ERRCODES } from '../../providers/wechat/errcodes';
import { checkSnsAuth } from '../../providers/wechat/sns-auth';
import { fetchSnsUserInfo } from '../../providers/wechat/sns-userinfo';
import type { WechatApi } from '../../providers/wechat/wechat-api';
import type { Gender } from '../../store/models';
import { WeixinBindingError } from './weixin-binding-error';

/** What the client says: "this token is mine, for this openid, and my unionid is this". */
export interface WeixinClaim {
  accessToken: string;
  openid: string;
  unionid: string;
}

/** The WeChat account as WeChat itself described it, once the claim checked out. */
export interface ProvenWeixinAccount {
  openid: string;
  unionid: string;
  nickname: string;
  avatar: string;
  gender: Gender;
}

/**
 * The errcodes that mean "this token does not prove this openid" (a snsapi_base token, which may
 * not read the profile and so cannot show the unionid, is one). Any other errcode (busy, rate
 * limited, ...) says nothing about the claim and is treated as WeChat being unavailable.
 */
const REFUSING_ERRCODES = new Set(USER_TOKEN_REFUSED_ERRCODES);

const genderOf = (sex: number): Gender => (sex === 1 ? 'male' : sex === 2 ? 'female' : 'secret');

function toBindingError(error: unknown): unknown {
  if (!(error instanceof UpstreamError)) return error;
  if (error.failure === 'api_error' && REFUSING_ERRCODES.has(Number(error.code))) {
    return new WeixinBindingError('invalid_weixin_account', { cause: error });
  }
  return new WeixinBindingError('weixin_unavailable', { cause: error });
}

/**
 * Proves a claim with WeChat before anything is bound: GET /sns/auth must accept the token for the
 * openid, and GET /sns/userinfo must report the same openid and unionid. A unionid the client made
 * up, or one of another person, fails the second check; an app without an Open Platform account
 * (no unionid at all) cannot prove a unionid and fails too.
 */
export async function proveWeixinAccount(
  wechat: WechatApi,
  claim: WeixinClaim,
): Promise<ProvenWeixinAccount> {
  let info;
  try {
    await checkSnsAuth(wechat, claim);
    info = await fetchSnsUserInfo(wechat, claim);
  } catch (error) {
    throw toBindingError(error);
  }
  if (
    info.openid !== claim.openid ||
    info.unionid === undefined ||
    info.unionid !== claim.unionid
  ) {
    throw new WeixinBindingError('invalid_weixin_account');
  }
  return {
    openid: info.openid,
    unionid: info.unionid,
    nickname: info.nickname,
    avatar: info.headimgurl,
    gender: genderOf(info.sex),
  };
}
