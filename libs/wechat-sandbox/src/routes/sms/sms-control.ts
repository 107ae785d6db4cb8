import type { Router } from '@koa/router';
import { bad, controlBody, optionalString, requiredString } from '../../control/validate';
import { queryParam } from '../../http/params';
import type { SandboxState } from '../../state/sandbox-state';

/**
 * The SMS part of the control API: register the accounts the stand-ins accept (secrets are
 * returned: this is a test fixture), read and clear the messages they accepted.
 */
export function registerSmsControl(router: Router, state: SandboxState): void {
  router.post('/sms/tencent/accounts', (ctx) => {
    const body = controlBody(ctx);
    ctx.status = 201;
    ctx.body = state.smsAccounts.registerTencent({
      secretId: requiredString(body, 'secretId'),
      secretKey: optionalString(body, 'secretKey'),
      sdkAppId: optionalString(body, 'sdkAppId'),
      signName: optionalString(body, 'signName'),
      templateId: optionalString(body, 'templateId'),
    });
  });
  router.post('/sms/aliyun/accounts', (ctx) => {
    const body = controlBody(ctx);
    ctx.status = 201;
    ctx.body = state.smsAccounts.registerAliyun({
      accessKeyId: requiredString(body, 'accessKeyId'),
      accessKeySecret: optionalString(body, 'accessKeySecret'),
      signName: optionalString(body, 'signName'),
      templateCode: optionalString(body, 'templateCode'),
    });
  });
  router.get('/sms/messages', (ctx) => {
    const provider = queryParam(ctx, 'provider');
    if (provider !== undefined && provider !== 'tencent' && provider !== 'aliyun') {
      bad('provider must be tencent or aliyun');
    }
    ctx.body = { messages: state.smsOutbox.list(provider) };
  });
  router.delete('/sms/messages', (ctx) => {
    state.smsOutbox.clear();
    ctx.status = 204;
  });
}
