import { newRid } from '../state/ids';

/**
 * The errmsg WeChat sends with each errcode the sandbox uses, from WeChat's global return-code
 * table and the per-API docs (code2Session, getPhoneNumber, checkSessionKey, snsAuth).
 */
export const WECHAT_ERRMSG: Readonly<Record<number, string>> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40029: 'invalid code',
  40014: 'invalid access_token',
  40125: 'invalid appsecret',
  40163: 'code been used',
  40226: 'code blocked',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41008: 'missing code',
  41009: 'missing openid',
  42001: 'access_token expired',
  43002: 'require POST method',
  44002: 'empty post data',
  45011: 'api minute-quota reach limit mustslower retry next minute',
  47001: 'data format error',
  48001: 'api unauthorized',
  87009: 'invalid signature',
};

/**
 * A WeChat API refusal. Handlers throw it; the error middleware answers HTTP 200 with
 * `{ errcode, errmsg }`, because WeChat reports every failure in the body, never in the status.
 */
export class WechatError extends Error {
  override readonly name = 'WechatError';

  constructor(
    readonly errcode: number,
    errmsg?: string,
  ) {
    super(errmsg ?? WECHAT_ERRMSG[errcode] ?? 'unknown error');
  }

  /** WeChat appends a request id to every errmsg, so clients must not compare errmsg exactly. */
  toBody(): { errcode: number; errmsg: string } {
    return { errcode: this.errcode, errmsg: `${this.message}, rid: ${newRid()}` };
  }
}
