import { bodyParser } from '@koa/bodyparser';
import { Router } from '@koa/router';
import Koa from 'koa';
import { renderErrors } from './http/render-errors';
import { requestLog, type SandboxLogger } from './http/request-log';
import { controlRouter } from './routes/control';
import { registerDingtalkRoutes } from './routes/dingtalk';
import { ALIYUN_SMS_PATH, registerSmsRoutes } from './routes/sms';
import { DINGTALK_AUTHORIZE_PATH } from './routes/dingtalk/oauth2-auth';
import { registerWechatRoutes } from './routes/wechat';
import { OAUTH2_AUTHORIZE_PATH } from './routes/wechat/oauth2-authorize';
import { QRCONNECT_AUTHORIZE_PATH } from './routes/wechat/qrconnect';
import { registerWecomRoutes } from './routes/wecom';
import { s3Router } from './routes/s3';
import { WECOM_AUTHORIZE_PATH } from './routes/wecom/sso-login';
import type { SandboxState } from './state/sandbox-state';

// Alibaba Cloud's RPC API takes its parameters as a form too.
const FORM_PATHS = new Set([
  QRCONNECT_AUTHORIZE_PATH,
  OAUTH2_AUTHORIZE_PATH,
  DINGTALK_AUTHORIZE_PATH,
  WECOM_AUTHORIZE_PATH,
  ALIYUN_SMS_PATH,
]);

/** The Koa app over a state: upstream APIs, consent pages and the control API on one origin. */
export function createSandboxApp(state: SandboxState, logger?: SandboxLogger): Koa {
  const app = new Koa();
  // Sandbox bugs are rendered as 500 replies; Koa's stderr dump would only add noise to tests.
  app.silent = true;

  app.use(requestLog(logger));
  app.use(renderErrors());
  // Object bodies are bytes, not JSON: the S3 stand-in reads them itself.
  app.use(s3Router().routes());
  app.use(
    bodyParser({
      enableTypes: ['json', 'form'],
      // WeChat parses a POST body as JSON whatever its Content-Type says (and so does the
      // control API, so `curl -d '{…}'` works); only the consent pages post url-encoded forms.
      detectJSON: (ctx) => !FORM_PATHS.has(ctx.path),
      // Each dialect answers bad JSON its own way (47001, Missingbody, 400), so the parser only
      // records the failure and lets the route decide.
      onError: (_error, ctx) => {
        ctx.state.bodyParseFailed = true;
      },
    }),
  );

  const upstream = new Router();
  registerWechatRoutes(upstream, state);
  registerDingtalkRoutes(upstream, state);
  registerWecomRoutes(upstream, state);
  registerSmsRoutes(upstream, state);
  app.use(upstream.routes());

  const control = controlRouter(state);
  app.use(control.routes());
  app.use(control.allowedMethods());
  return app;
}
