import type { Router } from '@koa/router';
import {
  bad,
  controlBody,
  optionalBoolean,
  optionalString,
  requiredString,
} from '../../control/validate';
import type { SandboxState } from '../../state/sandbox-state';

/** Register (or replace) apps, and list them. Secrets are returned: this is a test fixture. */
export function registerAppControl(router: Router, state: SandboxState): void {
  router.post('/wechat/apps', (ctx) => {
    const body = controlBody(ctx);
    ctx.status = 201;
    ctx.body = state.wechatApps.register({
      appid: requiredString(body, 'appid'),
      secret: optionalString(body, 'secret'),
      name: optionalString(body, 'name'),
      openPlatform: optionalBoolean(body, 'openPlatform'),
    });
  });
  router.get('/wechat/apps', (ctx) => {
    ctx.body = { apps: state.wechatApps.list() };
  });
  // An app attached to an Open Platform account later (or detached): nothing else changes.
  router.post('/wechat/apps/:appid/open-platform', (ctx) => {
    const openPlatform = optionalBoolean(controlBody(ctx), 'openPlatform');
    if (openPlatform === undefined) bad('openPlatform must be true or false');
    ctx.body = state.wechatApps.setOpenPlatform(ctx.params.appid!, openPlatform);
  });

  router.post('/dingtalk/apps', (ctx) => {
    const body = controlBody(ctx);
    ctx.status = 201;
    ctx.body = state.dingtalkApps.register({
      clientId: requiredString(body, 'clientId'),
      clientSecret: optionalString(body, 'clientSecret'),
      corpId: optionalString(body, 'corpId'),
      contactUserRead: optionalBoolean(body, 'contactUserRead'),
    });
  });
  router.get('/dingtalk/apps', (ctx) => {
    ctx.body = { apps: state.dingtalkApps.list() };
  });

  router.post('/wecom/apps', (ctx) => {
    const body = controlBody(ctx);
    ctx.status = 201;
    ctx.body = state.wecomApps.register({
      corpId: requiredString(body, 'corpId'),
      agentId: requiredString(body, 'agentId'),
      secret: optionalString(body, 'secret'),
      name: optionalString(body, 'name'),
    });
  });
  router.get('/wecom/apps', (ctx) => {
    ctx.body = { apps: state.wecomApps.list() };
  });
}
