import Koa from 'koa';
import request from 'supertest';
import { createLogger } from '../logger';
import { koaConcurrencyLimit } from './koa-concurrency-limit';
import { koaErrorHandler } from './koa-error-handler';

/** An app whose handler waits until the test lets it finish, and counts how many run at once. */
function gatedApp(options: { max: number; queueTimeoutMs: number }) {
  let running = 0;
  let mostAtOnce = 0;
  const gates: Array<() => void> = [];
  const app = new Koa();
  app.silent = true;
  app.use(koaErrorHandler(createLogger({ level: 'silent' })));
  app.use(koaConcurrencyLimit({ ...options, exempt: (path) => path === '/healthz' }));
  app.use(async (ctx) => {
    running += 1;
    mostAtOnce = Math.max(mostAtOnce, running);
    if (ctx.path !== '/healthz') await new Promise<void>((resolve) => gates.push(resolve));
    running -= 1;
    ctx.body = { ok: true };
  });
  const server = app.listen(0, '127.0.0.1');
  return {
    http: request(server),
    mostAtOnce: () => mostAtOnce,
    waitingHandlers: () => gates.length,
    openOne: () => gates.shift()?.(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const until = async (check: () => boolean) => {
  for (let tries = 0; !check() && tries < 200; tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(check()).toBe(true);
};

describe('koaConcurrencyLimit', () => {
  it('handles at most `max` requests at once and the rest in their turn', async () => {
    const app = gatedApp({ max: 2, queueTimeoutMs: 5_000 });
    const replies = Array.from({ length: 5 }, () => app.http.get('/work').then((r) => r.status));
    await until(() => app.waitingHandlers() === 2);
    for (let opened = 0; opened < 5; opened += 1) {
      await until(() => app.waitingHandlers() > 0);
      app.openOne();
    }
    expect(await Promise.all(replies)).toEqual([200, 200, 200, 200, 200]);
    expect(app.mostAtOnce()).toBe(2);
    await app.close();
  });

  it('answers 503 to a request that waited too long, and lets exempt paths through', async () => {
    const app = gatedApp({ max: 1, queueTimeoutMs: 50 });
    const first = app.http.get('/work').then((response) => response);
    await until(() => app.waitingHandlers() === 1);
    const late = await app.http.get('/work');
    expect(late.status).toBe(503);
    expect(late.body).toEqual({
      error: { code: 'service_unavailable', message: 'Service Unavailable' },
    });
    expect((await app.http.get('/healthz')).status).toBe(200);
    app.openOne();
    expect((await first).status).toBe(200);
    await app.close();
  });

  it('takes back the place of a request that failed, so failures cannot use up the slots', async () => {
    const app = new Koa();
    app.silent = true;
    app.use(koaErrorHandler(createLogger({ level: 'silent' })));
    app.use(koaConcurrencyLimit({ max: 1, queueTimeoutMs: 50 }));
    app.use((ctx) => {
      if (ctx.path === '/fail') throw new Error('the handler failed');
      ctx.body = { ok: true };
    });
    const server = app.listen(0, '127.0.0.1');
    const http = request(server);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await http.get('/fail')).status).toBe(500);
    }
    // One slot: had any failure kept it, this would wait out the queue and be answered 503.
    expect((await http.get('/work')).status).toBe(200);
    server.close();
  });
});
