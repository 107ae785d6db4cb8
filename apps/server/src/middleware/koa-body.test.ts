import Koa from 'koa';
import request from 'supertest';
import { createLogger } from '../logger';
import { koaBody } from './koa-body';
import { koaErrorHandler } from './koa-error-handler';

/** The body middleware, then a handler that says what it was left: the parsed body, or a stream. */
function appWithBody(options: Partial<Parameters<typeof koaBody>[0]> = {}) {
  const app = new Koa();
  app.silent = true;
  app.use(koaErrorHandler(createLogger({ level: 'silent' })));
  app.use(koaBody({ limit: '1kb', ...options }));
  app.use(async (ctx) => {
    if (ctx.request.body !== undefined) {
      ctx.body = { parsed: ctx.request.body };
      return;
    }
    let bytes = 0;
    for await (const chunk of ctx.req) bytes += (chunk as Buffer).length;
    ctx.body = { streamed: bytes };
  });
  return request(app.callback());
}

describe('koaBody', () => {
  it('parses JSON and forms within the limit', async () => {
    const http = appWithBody();
    expect((await http.post('/x').send({ a: 1 })).body).toEqual({ parsed: { a: 1 } });
    expect((await http.post('/x').type('form').send('a=1')).body).toEqual({ parsed: { a: '1' } });
    expect((await http.post('/x').send({ a: 'x'.repeat(2000) })).status).toBe(413);
  });

  it('refuses other media types with 415, multipart included, outside the multipart routes', async () => {
    const http = appWithBody();
    expect((await http.post('/x').type('text/plain').send('hello')).status).toBe(415);
    expect((await http.post('/x').attach('file', Buffer.from('abc'), 'a.png')).status).toBe(415);
    expect(
      (await http.put('/accounts/me/avatar').attach('file', Buffer.from('abc'), 'a.png')).status,
    ).toBe(415);
  });

  it('leaves a multipart POST to the avatar upload unread, for the route to stream', async () => {
    const http = appWithBody();
    const response = await http
      .post('/accounts/me/avatar')
      .attach('file', Buffer.alloc(5000, 1), 'a.png');
    expect(response.status).toBe(200);
    expect(response.body.streamed).toBeGreaterThan(5000);
  });

  it('still parses, and limits, other bodies sent to the avatar upload', async () => {
    const http = appWithBody();
    expect((await http.post('/accounts/me/avatar').send({ a: 1 })).body).toEqual({
      parsed: { a: 1 },
    });
    expect((await http.post('/accounts/me/avatar').type('text/plain').send('x')).status).toBe(415);
  });

  it('takes the multipart routes it is given', async () => {
    const http = appWithBody({ multipartPaths: ['/upload'] });
    expect((await http.post('/upload').attach('f', Buffer.from('abc'), 'a')).status).toBe(200);
    expect(
      (await http.post('/accounts/me/avatar').attach('f', Buffer.from('abc'), 'a')).status,
    ).toBe(415);
  });
});
