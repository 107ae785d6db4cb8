import type { Router } from '@koa/router';
import { endpoint } from '../../http/endpoint';
import { queryParam } from '../../http/params';
import type { SandboxState } from '../../state/sandbox-state';
import { WechatError } from '../../wechat/wechat-error';

/**
 * auth/getuserinfo: the login code → who signed in. A member gets `userid` (and a user_ticket);
 * a non-member gets `openid` instead. The access token must be live (41001, 40014, 42001) and
 * the code this agent's, unused and unexpired (40029 otherwise; 41008 when missing).
 * https://developer.work.weixin.qq.com/document/path/91023
 */
export function registerGetuserinfo(router: Router, state: SandboxState): void {
  router.get('/cgi-bin/auth/getuserinfo', endpoint(state, '/cgi-bin/auth/getuserinfo'), (ctx) => {
    const accessToken = queryParam(ctx, 'access_token');
    if (accessToken === undefined) throw new WechatError(41001);
    const token = state.wecomTokens.peek(accessToken);
    if (token.status === 'expired') throw new WechatError(42001);
    if (token.status !== 'ok') throw new WechatError(40014);
    const code = queryParam(ctx, 'code');
    if (code === undefined) throw new WechatError(41008);

    const minted = state.wecomCodes.peek(code);
    const sameAgent =
      minted.status === 'ok' &&
      minted.value.corpId === token.value.corpId &&
      minted.value.agentId === token.value.agentId;
    if (minted.status === 'ok' && !sameAgent) throw new WechatError(40029);
    const found = state.wecomCodes.take(code);
    if (found.status !== 'ok') throw new WechatError(40029);
    const user = state.wecomUsers.get(found.value.corpId, found.value.userId);
    ctx.body = user.member
      ? { errcode: 0, errmsg: 'ok', userid: user.userId, user_ticket: `ticket-${code}` }
      : { errcode: 0, errmsg: 'ok', openid: user.openId };
  });
}
