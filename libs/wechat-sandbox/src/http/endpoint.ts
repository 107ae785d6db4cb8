import { setTimeout as sleep } from 'node:timers/promises';
import type { Context, Middleware } from 'koa';
import { DingtalkError } from '../dingtalk/dingtalk-error';
import type { Endpoint } from '../endpoints';
import { SmsFault } from '../routes/sms/sms-fault';
import type { SandboxState } from '../state/sandbox-state';
import { WechatError } from '../wechat/wechat-error';

/**
 * Put in front of every upstream handler: counts the call, then plays the endpoint's next queued
 * fault, if any, instead of (or, for a delay, before) the real reply.
 */
export function endpoint(state: SandboxState, name: Endpoint): Middleware {
  return async (ctx, next) => {
    state.calls.record(name);
    const fault = state.faults.take(name);
    if (!fault) return next();

    if (fault.delayMs > 0) await delay(ctx, fault.delayMs);
    const { reply } = fault;
    switch (reply.kind) {
      case 'delay':
        return next();
      case 'errcode':
        throw new WechatError(reply.errcode, reply.errmsg);
      case 'dingtalk-error':
        throw new DingtalkError(reply.status ?? 400, reply.code, reply.message ?? reply.code);
      case 'sms-error':
        // Rendered by the SMS stand-in in its provider's shape (routes/sms).
        throw new SmsFault(reply.code, reply.message, reply.status);
      case 'http-status':
        ctx.status = reply.status;
        ctx.type = 'text/html';
        ctx.body = reply.body ?? `<html><body><h1>${reply.status}</h1></body></html>`;
        return;
      case 'garbage':
        // What a captive portal or a misconfigured proxy answers: 200, but not JSON.
        ctx.status = 200;
        ctx.type = 'text/html';
        ctx.body =
          '<html><head><title>Gateway</title></head><body>upstream unavailable</body></html>';
        return;
    }
  };
}

/**
 * Waits, but gives up when the client goes away (a server's request timeout, or close()), so a
 * long delay fault never outlives its connection and keeps the process alive.
 */
async function delay(ctx: Context, ms: number): Promise<void> {
  const gone = new AbortController();
  const abort = () => gone.abort();
  ctx.res.once('close', abort);
  try {
    await sleep(ms, undefined, { signal: gone.signal });
  } finally {
    ctx.res.off('close', abort);
  }
}
