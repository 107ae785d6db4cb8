import Koa from 'koa';
import request from 'supertest';
import { RequestError } from '../errors/request-error';
import { createRedis } from '../redis/create-redis';
import type { Redis } from '../redis/create-redis';
import { createSessionStore } from '../libraries/web-sessions/session-store';
import { unique } from '../../test/support/test-context';
import {
  koaBearerOrWebSession,
  koaWebSessionAuth,
  setWebCookie,
  WEB_SESSION_COOKIE,
} from './koa-web-session-auth';

const refusal = (status: number) => () => new RequestError({ code: `s${status}`, status });

describe('koaWebSessionAuth', () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = await createRedis({ url: process.env.REDIS_URL, keyPrefix: `test:${unique('ws')}:` });
  });
  afterAll(() => redis.disconnect());

  function appWith(production: boolean) {
    const sessions = createSessionStore({ redis, dataKey: Buffer.alloc(32, 9), ttlSeconds: 60 });
    const settings = { path: '/api', production, publicUrl: 'https://page.example' };
    const app = new Koa();
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (error) {
        ctx.status = (error as RequestError).status;
        ctx.body = { refused: (error as RequestError).code };
      }
    });
    const bearer: Koa.Middleware = async (ctx) => {
      ctx.body = { via: 'bearer' };
    };
    const session = koaWebSessionAuth(sessions, settings, {
      onUnauthenticated: refusal(401),
      onForbidden: refusal(403),
    });
    app.use(async (ctx, next) => {
      if (ctx.path === '/api/sign-in') {
        const { cookie } = await sessions.create({ userId: 'u1', method: 'sms' });
        setWebCookie(ctx, settings, WEB_SESSION_COOKIE, cookie, 60);
        ctx.body = { cookie, csrf: sessions.csrfTokenOf(cookie) };
        return;
      }
      await next();
    });
    app.use(koaBearerOrWebSession(bearer, session));
    app.use(async (ctx) => {
      ctx.body = { via: 'session', user: ctx.state.webSession?.userId };
    });
    return request(app.callback());
  }

  it('sets Secure in production even on plain HTTP, and not outside it', async () => {
    const production = await appWith(true).post('/api/sign-in');
    expect(production.headers['set-cookie']![0]).toMatch(/; secure; httponly$/);
    const development = await appWith(false).post('/api/sign-in');
    expect(development.headers['set-cookie']![0]).not.toMatch(/secure/);
  });

  it('judges a request with an Authorization header by the header alone', async () => {
    const http = appWith(false);
    const { cookie } = (await http.post('/api/sign-in')).body;
    const response = await http
      .get('/api/x')
      .set('Authorization', 'Bearer wrong')
      .set('Cookie', `${WEB_SESSION_COOKIE}=${cookie}`);
    expect(response.body).toEqual({ via: 'bearer' });
  });

  it('lets reads through with the cookie; changes need the origin and the token', async () => {
    const http = appWith(false);
    const { cookie, csrf } = (await http.post('/api/sign-in')).body;
    const withCookie = (pending: request.Test) =>
      pending.set('Cookie', `${WEB_SESSION_COOKIE}=${cookie}`);
    expect((await withCookie(http.get('/api/x'))).body).toEqual({ via: 'session', user: 'u1' });
    expect((await withCookie(http.post('/api/x'))).status).toBe(403);
    const fromPage = await withCookie(http.post('/api/x'))
      .set('Origin', 'https://page.example')
      .set('X-CSRF-Token', csrf);
    expect(fromPage.body).toEqual({ via: 'session', user: 'u1' });
    const truncated = await withCookie(http.post('/api/x'))
      .set('Origin', 'https://page.example')
      .set('X-CSRF-Token', csrf.slice(0, 63));
    expect(truncated.status).toBe(403);
    expect((await http.get('/api/x')).status).toBe(401);
    expect((await http.get('/api/x').set('Cookie', `${WEB_SESSION_COOKIE}=junk`)).status).toBe(401);
  });
});
