import type { Middleware } from 'koa';
import { DingtalkError } from '../dingtalk/dingtalk-error';
import { SandboxInputError } from '../state/input-error';
import { WechatError } from '../wechat/wechat-error';

/**
 * Turns the typed errors handlers throw into each dialect's reply, so no handler builds an error
 * body by hand. Anything else is a sandbox bug: a 500 with the message, to be seen in test output.
 */
export function renderErrors(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (error instanceof WechatError) {
        ctx.status = 200;
        ctx.body = error.toBody();
      } else if (error instanceof DingtalkError) {
        ctx.status = error.status;
        ctx.body = error.toBody();
      } else if (error instanceof SandboxInputError) {
        ctx.status = error.status;
        ctx.body = { error: error.message };
      } else {
        ctx.status = 500;
        ctx.body = { error: error instanceof Error ? error.message : String(error) };
        ctx.app.emit('error', error, ctx);
      }
    }
  };
}
