import Router from '@koa/router';
import Koa from 'koa';
import request from 'supertest';
import { KEPT_MATCHES, koaRouters } from './koa-routers';

/** What a handler saw of the routing, as its reply. */
const seen = (ctx: Koa.ParameterizedContext & Record<string, unknown>) => ({
  params: ctx.params,
  captures: ctx.captures,
  routerPath: ctx.routerPath,
  routerName: ctx.routerName ?? null,
  matchedRoute: ctx._matchedRoute,
  matchedRouteName: ctx._matchedRouteName ?? null,
  routeMatched: ctx.routeMatched,
  matched: (ctx.matched as Array<{ path: string }>).map((layer) => layer.path),
});

function routers() {
  const accounts = new Router({ prefix: '/accounts' });
  accounts.get('me', '/me', (ctx) => {
    ctx.body = seen(ctx as never);
  });
  accounts.get('/averylongstaticpath', (ctx) => {
    ctx.body = seen(ctx as never);
  });
  accounts.put('/me', (ctx) => {
    ctx.body = 'put';
  });
  const account = new Router({ prefix: '/account' });
  account.get('/verify-email/:token', (ctx) => {
    ctx.body = seen(ctx as never);
  });
  const plain = new Router();
  plain.get('/healthz', (ctx) => {
    ctx.body = 'ok';
  });
  return { accounts, account, plain };
}

/** The same routes served by koaRouters and by @koa/router's own middleware. */
function apps() {
  const ours = new Koa();
  const { accounts, account, plain } = routers();
  const dispatch = koaRouters({
    byPrefix: [
      { prefix: '/account', router: account },
      { prefix: '/accounts', router: accounts },
    ],
    otherwise: plain,
  });
  ours.use(dispatch);
  const theirs = new Koa();
  for (const router of Object.values(routers())) {
    theirs.use(router.routes());
    theirs.use(router.allowedMethods());
  }
  return { ours: request(ours.callback()), theirs: request(theirs.callback()), dispatch };
}

describe('koaRouters', () => {
  const cases: Array<[string, string]> = [
    ['get', '/accounts/me'],
    ['get', '/accounts/ME/'],
    ['put', '/accounts/me'],
    ['delete', '/accounts/me'],
    ['get', '/account/verify-email/a%20token'],
    ['get', '/account/verify-email/other'],
    ['post', '/account/verify-email/other'],
    ['get', '/healthz'],
    ['get', '/nowhere'],
    ['get', '/accounts/nowhere'],
  ];

  it.each(cases)(
    'answers %s %s as @koa/router does: status, Allow, body and routing state',
    async (method, path) => {
      const { ours, theirs } = apps();
      // Twice each: the second answer comes from the kept match.
      for (let round = 0; round < 2; round += 1) {
        const [a, b] = await Promise.all([
          (ours as unknown as Record<string, (p: string) => request.Test>)[method]!(path),
          (theirs as unknown as Record<string, (p: string) => request.Test>)[method]!(path),
        ]);
        expect(a.status).toBe(b.status);
        expect(a.headers.allow).toBe(b.headers.allow);
        expect(a.text).toBe(b.text);
      }
    },
  );

  it('sets each request its own params, though the chain is composed once', async () => {
    const { ours } = apps();
    const [first, second] = await Promise.all([
      ours.get('/account/verify-email/one'),
      ours.get('/account/verify-email/two'),
    ]);
    expect(first.body.params).toEqual({ token: 'one' });
    expect(second.body.params).toEqual({ token: 'two' });
    expect(second.body.matchedRoute).toBe('/account/verify-email/:token');
  });

  it('keeps at most KEPT_MATCHES paths, and still routes every path past them', async () => {
    const { ours } = apps();
    // Routes match whatever the case: each variant is a path of its own, of the same route.
    const variants = Array.from(
      { length: KEPT_MATCHES + 20 },
      (_, index) =>
        '/accounts/' +
        [...'averylongstaticpath']
          .map((letter, offset) => ((index >> offset) & 1 ? letter.toUpperCase() : letter))
          .join(''),
    );
    expect(new Set(variants).size).toBe(KEPT_MATCHES + 20);
    for (const path of variants) {
      const response = await ours.get(path);
      expect(response.status).toBe(200);
      expect(response.body.matchedRoute).toBe('/accounts/averylongstaticpath');
    }
  });

  it('exposes the routers it dispatches to', () => {
    expect(apps().dispatch.routers).toHaveLength(3);
  });
});
