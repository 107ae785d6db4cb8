import type { Router } from '@koa/router';
import { mintDingtalkAuthCode } from '../../dingtalk/auth-codes';
import {
  mintEncryptedData,
  mintJsCode,
  mintPhoneCode,
  mintUserAccessToken,
} from '../../control/mint-wechat';
import type { UserInfoOverrides } from '../../control/types';
import {
  controlBody,
  optionalBoolean,
  optionalObject,
  optionalString,
  requiredString,
} from '../../control/validate';
import type { SandboxState } from '../../state/sandbox-state';
import { mintOauthCode } from '../../wechat/oauth-codes';
import { mintWecomCode } from '../../wecom/wecom-codes';

/** What the user's device would obtain: codes, tokens and encrypted data for a given user. */
export function registerMintControl(router: Router, state: SandboxState): void {
  router.post('/wechat/js-code', (ctx) => {
    const body = controlBody(ctx);
    ctx.body = mintJsCode(state, {
      appid: requiredString(body, 'appid'),
      user: requiredString(body, 'user'),
      session_key: optionalString(body, 'session_key'),
    });
  });

  router.post('/wechat/encrypted-data', (ctx) => {
    const body = controlBody(ctx);
    ctx.body = mintEncryptedData(state, {
      appid: requiredString(body, 'appid'),
      user: requiredString(body, 'user'),
      session_key: optionalString(body, 'session_key'),
      iv: optionalString(body, 'iv'),
      // Free-form on purpose: negative tests put wrong types in the payload.
      overrides: optionalObject(body, 'overrides') as UserInfoOverrides | undefined,
    });
  });

  router.post('/wechat/oauth-code', (ctx) => {
    const body = controlBody(ctx);
    const app = state.wechatApps.get(requiredString(body, 'appid'));
    const user = state.wechatUsers.get(requiredString(body, 'user'));
    ctx.body = mintOauthCode(state, app, user, optionalString(body, 'scope') ?? 'snsapi_login');
  });

  router.post('/wechat/user-access-token', (ctx) => {
    const body = controlBody(ctx);
    ctx.body = mintUserAccessToken(state, {
      appid: requiredString(body, 'appid'),
      user: requiredString(body, 'user'),
      scope: optionalString(body, 'scope'),
    });
  });

  router.post('/wechat/phone-code', (ctx) => {
    const body = controlBody(ctx);
    ctx.body = mintPhoneCode(state, {
      appid: requiredString(body, 'appid'),
      user: optionalString(body, 'user'),
      phone: optionalString(body, 'phone'),
      countryCode: optionalString(body, 'countryCode'),
      numericCountryCode: optionalBoolean(body, 'numericCountryCode'),
    });
  });

  router.post('/dingtalk/auth-code', (ctx) => {
    const body = controlBody(ctx);
    const app = state.dingtalkApps.get(requiredString(body, 'clientId'));
    const user = state.dingtalkUsers.get(requiredString(body, 'user'));
    ctx.body = mintDingtalkAuthCode(state, app, user);
  });

  router.post('/wecom/code', (ctx) => {
    const body = controlBody(ctx);
    const app = state.wecomApps.get(
      requiredString(body, 'corpId'),
      requiredString(body, 'agentId'),
    );
    const user = state.wecomUsers.get(app.corpId, requiredString(body, 'user'));
    ctx.body = mintWecomCode(state, app, user);
  });
}
