import type { Router } from '@koa/router';
import { endpoint } from '../../http/endpoint';
import { queryParam, stringField } from '../../http/params';
import type { SandboxState } from '../../state/sandbox-state';
import { requireAppToken } from '../../wechat/app-tokens';
import { wechatPostBody } from '../../wechat/post-body';
import { WechatError } from '../../wechat/wechat-error';

/**
 * getPhoneNumber: the code from the mini-program's getPhoneNumber button → the user's phone.
 * Every code is single use and lives 5 minutes; a bad, used or expired code is 40029. The body
 * may carry the user's `openid` besides the code: WeChat then checks the code was issued to that
 * user, and here a code minted for another user is 40029 (and, like another app's code, is not
 * used up by the refusal).
 * https://developers.weixin.qq.com/miniprogram/dev/server/API/user-info/phone-number/api_getphonenumber
 */
export function registerGetUserPhoneNumber(router: Router, state: SandboxState): void {
  router.post(
    '/wxa/business/getuserphonenumber',
    endpoint(state, '/wxa/business/getuserphonenumber'),
    (ctx) => {
      const token = requireAppToken(state, queryParam(ctx, 'access_token'));
      const body = wechatPostBody(ctx);
      const code = stringField(body, 'code');
      if (code === undefined) throw new WechatError(41008);
      const openid = stringField(body, 'openid');

      const minted = state.phoneCodes.peek(code);
      if (minted.status === 'ok' && minted.value.appid !== token.appid) {
        throw new WechatError(40029);
      }
      const owner = minted.status === 'ok' ? minted.value.openid : undefined;
      if (openid !== undefined && owner !== undefined && openid !== owner) {
        throw new WechatError(40029);
      }
      const found = state.phoneCodes.take(code);
      if (found.status !== 'ok') throw new WechatError(40029);

      ctx.body = {
        errcode: 0,
        errmsg: 'ok',
        phone_info: {
          ...found.value.phone,
          watermark: { timestamp: Math.floor(Date.now() / 1000), appid: token.appid },
        },
      };
    },
  );
}
