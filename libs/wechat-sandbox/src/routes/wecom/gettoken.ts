import type { Router } from '@koa/router';
import { ttlSeconds } from '../../config';
import { endpoint } from '../../http/endpoint';
import { queryParam } from '../../http/params';
import { newToken } from '../../state/ids';
import type { SandboxState } from '../../state/sandbox-state';
import { WechatError } from '../../wechat/wechat-error';

/**
 * gettoken: an agent's access_token, from the corp id and the agent's secret. Missing corpid
 * (41002), missing secret (41004), unknown corp (40013), wrong secret (40001, WeCom's
 * "invalid credential"). Every call issues a new token; earlier ones stay valid until they expire.
 * https://developer.work.weixin.qq.com/document/path/91039
 */
export function registerGettoken(router: Router, state: SandboxState): void {
  router.get('/cgi-bin/gettoken', endpoint(state, '/cgi-bin/gettoken'), (ctx) => {
    const corpId = queryParam(ctx, 'corpid');
    const secret = queryParam(ctx, 'corpsecret');
    if (corpId === undefined) throw new WechatError(41002, 'corpid missing');
    if (secret === undefined) throw new WechatError(41004, 'corpsecret missing');
    if (!state.wecomApps.hasCorp(corpId)) throw new WechatError(40013, 'invalid corpid');
    const app = state.wecomApps.bySecret(corpId, secret);
    if (!app) throw new WechatError(40001);
    const accessToken = newToken();
    state.wecomTokens.put(
      accessToken,
      { corpId: app.corpId, agentId: app.agentId },
      state.config.accessTokenTtlMs,
    );
    ctx.body = {
      errcode: 0,
      errmsg: 'ok',
      access_token: accessToken,
      expires_in: ttlSeconds(state.config.accessTokenTtlMs),
    };
  });
}
