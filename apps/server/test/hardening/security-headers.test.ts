import request from 'supertest';
import { createApp } from '../../src/app';
import {
  API_CONTENT_SECURITY_POLICY,
  DOCS_CONTENT_SECURITY_POLICY,
} from '../../src/middleware/koa-security-headers';
import type { AbuseTarget } from '../support/abuse-targets';
import { abuseTargets, sendTo } from '../support/abuse-targets';
import type { World } from '../support/world';
import { startWorld } from '../support/world';

jest.setTimeout(60_000);

describe('security headers on every reply', () => {
  let world: World;
  let targets: AbuseTarget[];
  beforeAll(async () => {
    world = await startWorld();
    targets = abuseTargets(world, {
      caller: await world.caaCaller(),
      adminAuth: (await world.admin()).auth,
      clientKey: await world.clientKey(),
      linkedUnionId: await world.wechatAccount(),
      sessionToken: (await world.miniProgramToken()).token,
    });
  });
  afterAll(() => world.close());

  function expectHeaders(
    what: string,
    response: request.Response,
    policy = API_CONTENT_SECURITY_POLICY,
  ) {
    const headers = response.headers;
    expect({
      what,
      nosniff: headers['x-content-type-options'],
      frames: headers['x-frame-options'],
      referrer: headers['referrer-policy'],
      csp: headers['content-security-policy'],
    }).toEqual({ what, nosniff: 'nosniff', frames: 'DENY', referrer: 'no-referrer', csp: policy });
    // HSTS is for production (or HTTPS behind a trusted proxy) only.
    expect(headers['strict-transport-security']).toBeUndefined();
  }

  it('on successes and refusals of every endpoint, with and without credentials, never cached', async () => {
    const json = Buffer.from('{}');
    for (const target of targets) {
      for (const anonymous of [false, true]) {
        const response = await sendTo(world, target, {
          anonymous,
          body: target.method === 'GET' ? undefined : json,
        });
        const what = `${target.method} ${target.path} (${anonymous ? 'anonymous' : 'credentials'}): ${response.status}`;
        const policy = target.path.startsWith('/docs/')
          ? DOCS_CONTENT_SECURITY_POLICY
          : API_CONTENT_SECURITY_POLICY;
        expectHeaders(what, response, policy);
        expect({ what, cache: response.headers['cache-control'] }).toEqual({
          what,
          cache: 'no-store',
        });
      }
    }
  });

  it('on the errors the HTTP layer raises itself', async () => {
    const answers = [
      ['unknown path', await world.http().get('/accounts/nothing')],
      ['wrong method', await world.http().delete('/account/wx')],
      [
        'broken JSON',
        await world
          .http()
          .post('/accounts/wxa_authorize')
          .set('Content-Type', 'application/json')
          .send('{'),
      ],
      [
        'other media type',
        await world.http().post('/account/wx/link').set('Content-Type', 'text/plain').send('x'),
      ],
      [
        'over the size limit',
        await world
          .http()
          .put('/api/my/bind-weixin')
          .set('Content-Type', 'application/json')
          .send(JSON.stringify({ x: 'y'.repeat(200_000) })),
      ],
    ] as const;
    expect(answers.map(([, response]) => response.status)).toEqual([404, 405, 400, 415, 413]);
    for (const [what, response] of answers) {
      expectHeaders(what, response);
      expect(response.headers['cache-control']).toBe('no-store');
    }
  });

  it('on the docs page, with a policy that lets it run its own script and nothing else', async () => {
    const page = await world.http().get('/docs');
    expectHeaders('/docs', page, DOCS_CONTENT_SECURITY_POLICY);
  });

  it('HSTS in production', async () => {
    const production = createApp({
      ...world.context.deps,
      config: { ...world.context.deps.config, nodeEnv: 'production' },
    });
    const response = await request(production.callback()).get('/healthz');
    expect(response.headers['strict-transport-security']).toBe(
      'max-age=31536000; includeSubDomains',
    );
  });
});
