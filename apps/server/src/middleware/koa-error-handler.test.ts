import Router from '@koa/router';
import Koa from 'koa';
import request from 'supertest';
import { RequestError } from '../errors/request-error';
import { createLogger } from '../logger';
import { koaErrorHandler } from './koa-error-handler';

/** A bare app with one GET route under each dialect's prefix, to probe 404/405/500 handling. */
function probeApp() {
  const app = new Koa();
  app.silent = true;
  app.use(koaErrorHandler(createLogger({ level: 'silent' })));
  const router = new Router();
  for (const prefix of ['/api/my', '/api/administrator', '/account', '/accounts', '/plain']) {
    router.get(`${prefix}/probe`, (ctx) => {
      ctx.body = { ok: true };
    });
    router.get(`${prefix}/boom`, () => {
      throw new Error('secret internals');
    });
    router.get(`${prefix}/cache-down`, () => {
      throw new Error("Stream isn't writeable and enableOfflineQueue options is false");
    });
    router.get(`${prefix}/teapot`, () => {
      throw new RequestError({ code: 'teapot', status: 418, message: 'short and stout' });
    });
  }
  app.use(router.routes()).use(router.allowedMethods());
  return app;
}

describe('koaErrorHandler', () => {
  const app = probeApp();

  it.each([
    ['/api/my/probe', { message: 'method not allowed' }],
    ['/api/administrator/probe', { code: 405, msg: '请求方法不允许' }],
    ['/account/probe', { message: 'Method Not Allowed' }],
    ['/accounts/probe', { status: { code: 405, message: '请求方法不允许' }, success: false }],
  ])('answers a wrong method on %s with 405, Allow and the dialect body', async (path, body) => {
    const response = await request(app.callback()).delete(path);
    expect(response.status).toBe(405);
    expect(response.headers.allow).toContain('GET');
    expect(response.body).toEqual(body);
  });

  it.each([
    ['/api/my/nope', { message: 'not found' }],
    ['/api/administrator/nope', { code: 404, msg: '请求的资源不存在' }],
    ['/account/nope', { message: 'Not Found' }],
    ['/accounts/nope', { status: { code: 404, message: '接口不存在' }, success: false }],
    ['/nope', { error: { code: 'not_found', message: 'Not Found' } }],
  ])('answers an unknown path %s with 404 in the dialect body', async (path, body) => {
    const response = await request(app.callback()).get(path);
    expect(response.status).toBe(404);
    expect(response.body).toEqual(body);
  });

  it('answers unexpected errors 500 without internals', async () => {
    const response = await request(app.callback()).get('/accounts/boom');
    expect(response.status).toBe(500);
    expect(response.body).toEqual({
      status: { code: 500, message: '服务器内部错误' },
      success: false,
    });
    expect(response.text).not.toContain('secret internals');
  });

  it('answers 503 when a handler meets a lost database or cache', async () => {
    const response = await request(app.callback()).get('/api/my/cache-down');
    expect(response.status).toBe(503);
    expect(response.body).toEqual({ message: 'service unavailable' });
  });

  it('renders a RequestError with its own status and message', async () => {
    const response = await request(app.callback()).get('/api/my/teapot');
    expect(response.status).toBe(418);
    expect(response.body).toEqual({ message: 'short and stout' });
  });
});
