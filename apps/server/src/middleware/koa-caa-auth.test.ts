import Router from '@koa/router';
import { randomBytes } from 'node:crypto';
import Koa from 'koa';
import request from 'supertest';
import type { Redis } from '../redis/create-redis';
import { issueApiKey, revokeApiKey } from '../libraries/api-keys';
import { createUser } from '../libraries/users';
import { signByHand, signatureByHand } from '../../test/support/sign-by-hand';
import type { TestContext } from '../../test/support/test-context';
import { createTestContext, unique } from '../../test/support/test-context';
import type { CaaFailureLimits } from './caa-failure-limit';
import { CAA_FAILURE_LIMIT } from './caa-failure-limit';
import { koaBody } from './koa-body';
import { koaCaaAuth, replayMemoryMs } from './koa-caa-auth';
import { koaErrorHandler } from './koa-error-handler';

const ACTION = 'client:my:bind-weixin';
const MINUTE = 60_000;

/**
 * The test vector of api-docs/signature.md. `signature` was computed outside this code with the
 * document's own command (OpenSSL 3):
 *   printf '%s' "$stringToSign" | openssl dgst -sha1 -hmac "$apiSecret" -binary | base64
 */
const VECTOR = {
  apiSecret: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=',
  method: 'PUT',
  target: '/api/my/bind-weixin',
  timestamp: '1510199443580',
  body: '{"userId":"59573c395c2960da1aa83a08"}',
  signature: 's/4YWkRdzKF2vYVD4CeQBzStQe0=',
};

interface AppOptions {
  now?: () => number;
  action?: string;
  redis?: Redis;
  /** Take the client address from X-Forwarded-For, as behind a trusted proxy. */
  proxy?: boolean;
  failureLimits?: CaaFailureLimits;
}

/** Just the middleware under test, behind the same error handler and body parser as the app. */
function caaApp(
  context: TestContext,
  { now, action = ACTION, redis, proxy, failureLimits }: AppOptions = {},
) {
  const app = new Koa({ proxy, maxIpsCount: 1 });
  app.silent = true;
  app.use(koaErrorHandler(context.logger));
  app.use(koaBody({ limit: '10kb' }));
  const router = new Router({ prefix: '/api/my' });
  const auth = koaCaaAuth({
    models: context.models,
    secretBox: context.deps.secretBox,
    redis: redis ?? context.redis,
    logger: context.logger,
    action,
    now,
    failureLimits,
  });
  const echo = (ctx: Koa.Context) => {
    ctx.body = { caa: ctx.state.caa };
  };
  router.put('/bind-weixin', auth, echo);
  router.get('/things', auth, echo);
  app.use(router.routes());
  return app.callback();
}

describe('koaCaaAuth', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await createTestContext();
  });
  afterAll(() => context.close());

  async function newKey(options: { actions?: string[]; ttlDays?: number; now?: Date } = {}) {
    const user = await createUser(context.models, { name: unique('caa') });
    const key = await issueApiKey(context.models, context.deps.secretBox, {
      userId: user.id,
      ...options,
    });
    return { ...key, userId: user.id };
  }

  type Key = Awaited<ReturnType<typeof newKey>>;

  /** A PUT signed by hand (node:crypto only), as a client with just signature.md would. */
  function signedPut(
    app: ReturnType<typeof caaApp>,
    key: Pick<Key, 'apiKey' | 'apiSecret'>,
    {
      body = JSON.stringify({ hello: 'world' }),
      timestamp = Date.now(),
      target = '/api/my/bind-weixin',
      sentTarget = target,
      sentBody = body,
    }: {
      body?: string;
      timestamp?: number | string;
      target?: string;
      sentTarget?: string;
      sentBody?: string;
    } = {},
  ) {
    const authorization = signByHand({ ...key, method: 'PUT', target, timestamp, body });
    return request(app)
      .put(sentTarget)
      .set('authorization', authorization)
      .set('content-type', 'application/json')
      .send(sentBody);
  }

  describe("the document's test vector", () => {
    it('signs to the value an independent HMAC-SHA1 (openssl) computed', () => {
      expect(signatureByHand(VECTOR)).toBe(VECTOR.signature);
    });

    it('is accepted by the server when its clock reads the vector time', async () => {
      const user = await createUser(context.models, { name: unique('vector') });
      // The vector names no apiKey: any id works with its secret.
      const apiKey = randomBytes(32).toString('base64');
      await context.models.ApiKey.create({
        keyId: apiKey,
        userId: user.id,
        secretCiphertext: context.deps.secretBox.seal(VECTOR.apiSecret),
        actions: [ACTION],
        expiresAt: new Date(Date.now() + 24 * 60 * MINUTE),
      });
      const header = `Caa ${Buffer.from(`${apiKey}:${VECTOR.signature} ${VECTOR.timestamp}`).toString('base64')}`;
      const app = caaApp(context, { now: () => Number(VECTOR.timestamp) + 1_000 });
      const send = () =>
        request(app)
          .put(VECTOR.target)
          .set('authorization', header)
          .set('content-type', 'application/json')
          .send(VECTOR.body);

      const response = await send();
      expect(response.status).toBe(200);
      expect(response.body.caa).toEqual({ apiKey, userId: user.id, actions: [ACTION] });
      // And only once.
      expect((await send()).body).toEqual({ message: 'invalid signature' });
    });
  });

  describe('rule 1: 400 invalid authorization', () => {
    const app = () => caaApp(context);
    it.each([
      ['no Authorization header', undefined],
      ['an empty header', ''],
      ['another scheme', `Bearer ${Buffer.from('k:s 1').toString('base64')}`],
      ['the scheme in lower case', `caa ${Buffer.from('k:s 1').toString('base64')}`],
      ['text that is not base64', 'Caa not*base64!'],
      ['decoded text without a colon', `Caa ${Buffer.from('keysig 1').toString('base64')}`],
      ['decoded text without a timestamp', `Caa ${Buffer.from('key:sig').toString('base64')}`],
      ['a timestamp that is not decimal', `Caa ${Buffer.from('key:sig 1e12').toString('base64')}`],
    ])('%s', async (_label, header) => {
      const call = request(app()).put('/api/my/bind-weixin').send({ a: 1 });
      const response = await (header === undefined ? call : call.set('authorization', header));
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ message: 'invalid authorization' });
    });
  });

  describe('rule 2: 404 apiKey not found', () => {
    const expectNotFound = async (key: Pick<Key, 'apiKey' | 'apiSecret'>) => {
      const response = await signedPut(caaApp(context), key);
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ message: 'apiKey not found' });
    };

    it('for a key nobody issued', async () => {
      await expectNotFound({
        apiKey: randomBytes(32).toString('base64'),
        apiSecret: randomBytes(32).toString('base64'),
      });
    });

    it('for an expired key', async () => {
      const key = await newKey({ ttlDays: 1, now: new Date(Date.now() - 2 * 24 * 60 * MINUTE) });
      await expectNotFound(key);
    });

    it('for a revoked key', async () => {
      const key = await newKey();
      expect((await signedPut(caaApp(context), key)).status).toBe(200);
      await revokeApiKey(context.models, key.apiKey);
      await expectNotFound(key);
    });
  });

  describe('rule 3: the clock', () => {
    it.each([
      ['6 minutes old', -6 * MINUTE],
      ['6 minutes ahead', 6 * MINUTE],
    ])('refuses a timestamp %s: 400 invalid signature', async (_label, offset) => {
      const key = await newKey();
      const response = await signedPut(caaApp(context), key, { timestamp: Date.now() + offset });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ message: 'invalid signature' });
    });

    it.each([
      ['4 minutes old', -4 * MINUTE],
      ['4 minutes ahead', 4 * MINUTE],
    ])('accepts a timestamp %s', async (_label, offset) => {
      const key = await newKey();
      const response = await signedPut(caaApp(context), key, { timestamp: Date.now() + offset });
      expect(response.status).toBe(200);
    });
  });

  describe('rule 4: the signature', () => {
    it('accepts a request signed by hand from the document alone', async () => {
      const key = await newKey();
      const response = await signedPut(caaApp(context), key);
      expect(response.status).toBe(200);
      expect(response.body.caa).toEqual({
        apiKey: key.apiKey,
        userId: key.userId,
        actions: [ACTION],
      });
    });

    it('accepts a request with no body, signed with an empty BODY line', async () => {
      const key = await newKey();
      const timestamp = Date.now();
      const target = '/api/my/things?b=2&a=%2B1';
      const authorization = signByHand({ ...key, method: 'GET', target, timestamp });
      const response = await request(caaApp(context))
        .get(target)
        .set('authorization', authorization);
      expect(response.status).toBe(200);
    });

    const signedBody = JSON.stringify({ hello: 'world' });
    it.each([
      ['the body changed after signing', '/api/my/bind-weixin', JSON.stringify({ hello: 'World' })],
      [
        'the body re-serialised',
        '/api/my/bind-weixin',
        JSON.stringify({ hello: 'world' }, null, 1),
      ],
      ['a query added after signing', '/api/my/bind-weixin?x=1', signedBody],
    ])('refuses %s: 400 invalid signature', async (_label, sentTarget, sentBody) => {
      const key = await newKey();
      const response = await signedPut(caaApp(context), key, {
        body: signedBody,
        sentTarget,
        sentBody,
      });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ message: 'invalid signature' });
    });

    it('refuses a signature made for another method', async () => {
      const key = await newKey();
      const authorization = signByHand({
        ...key,
        method: 'GET',
        target: '/api/my/bind-weixin',
        timestamp: Date.now(),
      });
      const response = await request(caaApp(context))
        .put('/api/my/bind-weixin')
        .set('authorization', authorization);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ message: 'invalid signature' });
    });

    it('refuses a signature made with another secret', async () => {
      const key = await newKey();
      const response = await signedPut(caaApp(context), {
        apiKey: key.apiKey,
        apiSecret: randomBytes(32).toString('base64'),
      });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ message: 'invalid signature' });
    });
  });

  describe('rule 5: replays', () => {
    it('refuses the same signed request a second time', async () => {
      const key = await newKey();
      const timestamp = Date.now();
      const app = caaApp(context);
      expect((await signedPut(app, key, { timestamp })).status).toBe(200);
      const replay = await signedPut(app, key, { timestamp });
      expect(replay.status).toBe(400);
      expect(replay.body).toEqual({ message: 'invalid signature' });
    });

    it('lets exactly one of many identical requests through, fired at once', async () => {
      const key = await newKey();
      const timestamp = Date.now();
      const app = caaApp(context);
      const responses = await Promise.all(
        Array.from({ length: 8 }, () => signedPut(app, key, { timestamp })),
      );
      expect(responses.map((response) => response.status).sort()).toEqual([
        200, 400, 400, 400, 400, 400, 400, 400,
      ]);
    });

    it('remembers across server instances that share Redis', async () => {
      const key = await newKey();
      const timestamp = Date.now();
      expect((await signedPut(caaApp(context), key, { timestamp })).status).toBe(200);
      const otherInstance = caaApp(context);
      expect((await signedPut(otherInstance, key, { timestamp })).body).toEqual({
        message: 'invalid signature',
      });
    });

    it('does not let an unsigned guess block the genuine request', async () => {
      const key = await newKey();
      const timestamp = Date.now();
      const body = JSON.stringify({ hello: 'world' });
      const genuine = signByHand({
        ...key,
        method: 'PUT',
        target: '/api/my/bind-weixin',
        timestamp,
        body,
      });
      // Same header, different body: refused, and must not consume the signature.
      const tampered = await request(caaApp(context))
        .put('/api/my/bind-weixin')
        .set('authorization', genuine)
        .set('content-type', 'application/json')
        .send(JSON.stringify({ hello: 'mallory' }));
      expect(tampered.status).toBe(400);
      const response = await request(caaApp(context))
        .put('/api/my/bind-weixin')
        .set('authorization', genuine)
        .set('content-type', 'application/json')
        .send(body);
      expect(response.status).toBe(200);
    });

    it('keeps a signature until its timestamp leaves the window, up to 10 minutes', () => {
      const now = 1_700_000_000_000;
      expect(replayMemoryMs(now, now)).toBe(5 * MINUTE + 1_000);
      expect(replayMemoryMs(now + 5 * MINUTE, now)).toBe(10 * MINUTE + 1_000);
      expect(replayMemoryMs(now - 5 * MINUTE, now)).toBe(1_000);
    });

    it('answers 503 when Redis cannot be asked, rather than skip the check', async () => {
      const key = await newKey();
      const broken = {
        set: () => Promise.reject(new Error('connection is closed')),
      } as unknown as Redis;
      const response = await signedPut(caaApp(context, { redis: broken }), key);
      expect(response.status).toBe(503);
      expect(response.body).toEqual({ message: 'service unavailable' });
    });
  });

  describe('rule 6: actions', () => {
    it('answers 403 permission denied for a key without the action', async () => {
      const key = await newKey({ actions: ['client:my:upload-my-avatar'] });
      const response = await signedPut(caaApp(context), key);
      expect(response.status).toBe(403);
      expect(response.body).toEqual({ message: 'permission denied' });
    });
  });

  describe('the failure limit', () => {
    const app = (failureLimits?: CaaFailureLimits) =>
      caaApp(context, { proxy: true, failureLimits });
    // A fresh address for each use, so each test starts with clean counts (Redis is this file's).
    let addresses = 0;
    const address = () => `203.0.113.${(addresses += 1)}`;
    const put = (
      key: Pick<Key, 'apiKey' | 'apiSecret'>,
      from: string,
      failureLimits?: CaaFailureLimits,
    ) => signedPut(app(failureLimits), key, {}).set('x-forwarded-for', from);
    const forged = (key: Pick<Key, 'apiKey'>) => ({
      apiKey: key.apiKey,
      apiSecret: randomBytes(32).toString('base64'),
    });
    async function failTimes(times: number, send: () => Promise<{ status: number }>) {
      for (let done = 0; done < times; done += 20) {
        const batch = Math.min(20, times - done);
        const statuses = await Promise.all(Array.from({ length: batch }, () => send()));
        for (const { status } of statuses) expect(status).not.toBe(200);
      }
    }

    it('counts per address and apiKey: one client failing on purpose does not shut out another key from its address', async () => {
      const from = address();
      const attacker = await newKey();
      const victim = await newKey();
      await failTimes(CAA_FAILURE_LIMIT.points, () => put(forged(attacker), from));
      const blocked = await put(forged(attacker), from);
      expect(blocked.status).toBe(429);
      expect(blocked.body).toEqual({ message: 'too many requests' });
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      // Another client behind the same address (a NAT, a load balancer) signs correctly: served.
      expect((await put(victim, from)).status).toBe(200);
    });

    it("failing with someone else's apiKey blocks that key from the failing address only", async () => {
      const from = address();
      const victim = await newKey();
      await failTimes(CAA_FAILURE_LIMIT.points, () => put(forged(victim), from));
      // From there, even the right signature waits: the limit is no oracle for a correct guess.
      expect((await put(victim, from)).status).toBe(429);
      expect((await put(victim, address())).status).toBe(200);
    });

    it('counts unreadable headers under the address alone, not against any key', async () => {
      const from = address();
      const garbage = () =>
        request(app())
          .put('/api/my/bind-weixin')
          .set('x-forwarded-for', from)
          .set('authorization', 'Caa not*base64!')
          .send({});
      await failTimes(CAA_FAILURE_LIMIT.points, garbage);
      expect((await garbage()).status).toBe(429);
      expect((await put(await newKey(), from)).status).toBe(200);
    });

    it('refuses an address past its ceiling over every key, and only that address', async () => {
      // The default ceiling is ten times the per-key count; scaled down to keep the test short.
      expect(CAA_FAILURE_LIMIT.addressPoints).toBe(10 * CAA_FAILURE_LIMIT.points);
      const limits = { points: 6, addressPoints: 60, durationSeconds: 600 };
      const from = address();
      await failTimes(limits.addressPoints, () =>
        put({ apiKey: randomBytes(32).toString('base64'), apiSecret: 'x' }, from, limits),
      );
      const key = await newKey();
      const blocked = await put(key, from, limits);
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect((await put(key, address(), limits)).status).toBe(200);
    });
  });

  it('records the last use only for requests that verified', async () => {
    const key = await newKey();
    await signedPut(caaApp(context), { apiKey: key.apiKey, apiSecret: 'wrong' });
    const row = () => context.models.ApiKey.findOne({ where: { keyId: key.apiKey } });
    expect((await row())?.lastUsedAt).toBeNull();
    expect((await signedPut(caaApp(context), key)).status).toBe(200);
    expect((await row())?.lastUsedAt).toBeInstanceOf(Date);
  });

  it('never writes the secret or the Authorization header to the log', async () => {
    const key = await newKey();
    const timestamp = Date.now();
    const authorization = signByHand({
      ...key,
      method: 'PUT',
      target: '/api/my/bind-weixin',
      timestamp,
      body: '{}',
    });
    await signedPut(caaApp(context), key, { timestamp, body: '{}' });
    await signedPut(caaApp(context), key, { timestamp, body: '{}' });
    const log = context.logLines.join('');
    expect(log).not.toContain(key.apiSecret);
    expect(log).not.toContain(authorization.slice(4));
  });
});
