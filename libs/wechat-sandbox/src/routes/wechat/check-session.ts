import { timingSafeEqual } from 'node:crypto';
import type { Router } from '@koa/router';
import { sessionKeySignature } from '@wechat-bind/wechat-crypto';
import { endpoint } from '../../http/endpoint';
import { queryParam } from '../../http/params';
import type { SandboxState } from '../../state/sandbox-state';
import { requireAppToken } from '../../wechat/app-tokens';
import { WechatError } from '../../wechat/wechat-error';

/**
 * checkSessionKey: is the server's stored session_key still the user's current one? The server
 * proves it holds the key by sending hmac_sha256(session_key, ""), never the key itself. Anything
 * that does not match the user's latest session key (another key, an unknown openid, another
 * sig_method) is 87009 invalid signature.
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/user-login/checkSessionKey.html
 */
export function registerCheckSession(router: Router, state: SandboxState): void {
  router.get('/wxa/checksession', endpoint(state, '/wxa/checksession'), (ctx) => {
    const { appid } = requireAppToken(state, queryParam(ctx, 'access_token'));
    const openid = queryParam(ctx, 'openid');
    if (openid === undefined) throw new WechatError(41009);
    const signature = queryParam(ctx, 'signature') ?? '';
    const sessionKey = state.sessionKeys.get(appid, openid);

    const valid =
      queryParam(ctx, 'sig_method') === 'hmac_sha256' &&
      sessionKey !== undefined &&
      sameText(signature, sessionKeySignature(sessionKey));
    if (!valid) throw new WechatError(87009);
    ctx.body = { errcode: 0, errmsg: 'ok' };
  });
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
