/**
 * The baseline: the least a Koa app needs to answer the benchmarked endpoints with the same SQL
 * statements (raw `pg`), the same Redis commands (raw ioredis) and the same upstream calls as the
 * server, and nothing else: no validation library, no ORM, no request log, no request id, no
 * dialect error rendering. A failure answers its status with a one-line message.
 *
 * Environment: PORT, DATABASE_URL, REDIS_URL (unset: the in-process stand-in, as the server uses
 * in embedded mode), REDIS_KEY_PREFIX, DATABASE_POOL_MAX, WECHAT_API_BASE, BENCH_MINIPROGRAM_APP
 * (JSON), BENCH_MOBILE_APP_ID, JWT_SECRET, DATA_KEY.
 */
import Redis from 'ioredis';
import RedisMock from 'ioredis-mock';
import Koa from 'koa';
import { createSecretKey } from 'node:crypto';
import { Pool } from 'pg';
import { accountWx } from './account-wx';
import { accountsMe } from './accounts-me';
import type { BaselineDeps } from './baseline-deps';
import { BaselineError } from './baseline-deps';
import { bindWeixin } from './bind-weixin';
import { oauthBindings } from './oauth-bindings';
import { wxaAuthorize } from './wxa-authorize';

function readBody(req: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

async function main(): Promise<void> {
  const env = process.env;
  const keyPrefix = env.REDIS_KEY_PREFIX ?? 'baseline:';
  const redis = env.REDIS_URL
    ? new Redis(env.REDIS_URL, { keyPrefix })
    : (new RedisMock({ keyPrefix }) as unknown as Redis);
  const deps: BaselineDeps = {
    pool: new Pool({
      connectionString: env.DATABASE_URL,
      max: Number(env.DATABASE_POOL_MAX ?? 10),
    }),
    redis,
    wechatApiBase: env.WECHAT_API_BASE!,
    miniprogramApp: JSON.parse(env.BENCH_MINIPROGRAM_APP!),
    mobileAppId: env.BENCH_MOBILE_APP_ID!,
    jwtKey: createSecretKey(Buffer.from(env.JWT_SECRET!, 'utf8')),
    dataKey: Buffer.from(env.DATA_KEY!, 'base64'),
  };

  const app = new Koa();
  app.use(async (ctx) => {
    try {
      const route = `${ctx.method} ${ctx.path}`;
      if (route === 'POST /accounts/wxa_authorize') {
        ctx.body = await wxaAuthorize(deps, await readBody(ctx.req));
      } else if (route === 'PUT /api/my/bind-weixin') {
        ctx.body = await bindWeixin(deps, {
          authorization: ctx.get('authorization'),
          target: ctx.originalUrl,
          raw: await readBody(ctx.req),
          ip: ctx.ip,
          userAgent: ctx.get('user-agent'),
        });
      } else if (route === 'GET /account/wx') {
        ctx.body = await accountWx(deps, ctx.get('authorization'), ctx.get('x-union-id').trim());
      } else if (route === 'GET /api/administrator/user/oauth-binding') {
        ctx.body = await oauthBindings(deps, ctx.get('authorization'));
      } else if (route === 'GET /accounts/me') {
        ctx.body = await accountsMe(deps, ctx.get('authorization'));
      } else if (route === 'GET /readyz') {
        await deps.pool.query('SELECT 1');
        ctx.body = { status: 'ok' };
      } else {
        ctx.status = 404;
        ctx.body = { message: 'Not Found' };
      }
    } catch (error) {
      ctx.status = error instanceof BaselineError ? error.status : 500;
      ctx.body = { message: (error as Error).message };
    }
  });
  const server = app.listen(Number(env.PORT), '127.0.0.1');
  server.keepAliveTimeout = 65_000;
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    void Promise.all([deps.pool.end(), redis.quit()]).finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
