import Router from '@koa/router';
import Koa from 'koa';
import request from 'supertest';
import { createGatewayNetworks } from '../libraries/account-linking/gateway-networks';
import { createClientAppKey, revokeClientAppKey } from '../libraries/client-app-keys';
import type { TestContext } from '../../test/support/test-context';
import { createTestContext, unique } from '../../test/support/test-context';
import { koaClientAppAuth } from './koa-client-app-auth';
import { koaErrorHandler } from './koa-error-handler';

describe('koaClientAppAuth', () => {
  let context: TestContext;
  let key: string;
  let clientAppId: string;
  let app: Koa;
  beforeAll(async () => {
    context = await createTestContext();
    ({ key, id: clientAppId } = await createClientAppKey(context.models, { name: unique('app') }));
    app = new Koa();
    app.silent = true;
    app.use(koaErrorHandler(context.logger));
    const router = new Router({ prefix: '/account' });
    const probeBody = (ctx: Koa.Context) => {
      ctx.body = {
        clientAppId: ctx.state.clientAppId,
        trust: ctx.state.accountCallerTrust,
        unionId: ctx.state.unionId,
      };
    };
    router.get('/probe', koaClientAppAuth(context.models), probeBody);
    // As if loopback were the legacy gateway's network (ACCOUNT_WX_TRUSTED_PROXIES).
    const gatewayNetworks = createGatewayNetworks(['127.0.0.0/8', '::1']);
    router.get('/gateway-probe', koaClientAppAuth(context.models, { gatewayNetworks }), probeBody);
    app.use(router.routes());
  });
  afterAll(() => context.close());

  const probe = () => request(app.callback()).get('/account/probe');

  it('lets a trusted client through and hands on its id and the unionid', async () => {
    const response = await probe()
      .set('Authorization', `Bearer ${key}`)
      .set('X-Union-Id', '  oUnion123  ');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ clientAppId, trust: 'app', unionId: 'oUnion123' });
    // The scheme is case-insensitive (RFC 9110).
    const lower = await probe().set('Authorization', `bearer ${key}`).set('X-Union-Id', 'o1');
    expect(lower.status).toBe(200);
  });

  it.each([
    ['no Authorization header', undefined],
    ['another scheme', (k: string) => `Basic ${k}`],
    ['a bare key without the scheme', (k: string) => k],
    ['a malformed key', () => 'Bearer not-a-key'],
    ['an unknown key', (k: string) => `Bearer ${k.slice(0, -2)}${k.endsWith('AA') ? 'BB' : 'AA'}`],
    ['two keys', (k: string) => `Bearer ${k} ${k}`],
  ])('answers 401 for %s, in the account envelope', async (_name, header) => {
    let test = probe().set('X-Union-Id', 'oUnion123');
    if (header) test = test.set('Authorization', header(key));
    const response = await test;
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ message: 'Requires authentication' });
    expect(response.headers['www-authenticate']).toBe('Bearer realm="account"');
  });

  it('checks the key before X-Union-Id: without a key the answer is 401 either way', async () => {
    const response = await probe();
    expect(response.status).toBe(401);
  });

  it('refuses a revoked key', async () => {
    const revoked = await createClientAppKey(context.models, { name: unique('revoked') });
    await revokeClientAppKey(context.models, revoked.id);
    const response = await probe()
      .set('Authorization', `Bearer ${revoked.key}`)
      .set('X-Union-Id', 'oUnion123');
    expect(response.status).toBe(401);
  });

  it("hands on a server key's kind", async () => {
    const server = await createClientAppKey(context.models, {
      name: unique('backend'),
      kind: 'server',
    });
    const response = await probe()
      .set('Authorization', `Bearer ${server.key}`)
      .set('X-Union-Id', 'oUnion123');
    expect(response.body).toEqual({
      clientAppId: server.id,
      trust: 'server',
      unionId: 'oUnion123',
    });
  });

  describe('with gateway networks', () => {
    const gatewayProbe = () => request(app.callback()).get('/account/gateway-probe');

    it('believes X-Union-Id alone from a peer inside them', async () => {
      const response = await gatewayProbe().set('X-Union-Id', 'oUnion123');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ trust: 'gateway', unionId: 'oUnion123' });
    });

    it('still checks a key when one is presented, and still needs X-Union-Id', async () => {
      const wrong = await gatewayProbe()
        .set('Authorization', 'Bearer wbk_nope')
        .set('X-Union-Id', 'oUnion123');
      expect(wrong.status).toBe(401);
      const keyed = await gatewayProbe()
        .set('Authorization', `Bearer ${key}`)
        .set('X-Union-Id', 'oUnion123');
      expect(keyed.body).toEqual({ clientAppId, trust: 'app', unionId: 'oUnion123' });
      const noUnion = await gatewayProbe();
      expect(noUnion.status).toBe(400);
      expect(noUnion.body).toEqual({ message: 'Missing X-Union-Id header' });
    });
  });

  it('answers 400 when X-Union-Id is missing or blank', async () => {
    for (const unionId of [undefined, '', '   ']) {
      let test = probe().set('Authorization', `Bearer ${key}`);
      if (unionId !== undefined) test = test.set('X-Union-Id', unionId);
      const response = await test;
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ message: 'Missing X-Union-Id header' });
    }
  });
});
