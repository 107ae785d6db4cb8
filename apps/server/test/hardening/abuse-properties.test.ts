import fc from 'fast-check';
import { createEmailUser } from '../support/account-test-data';
import type { AbuseFixtures, AbuseTarget, SendOptions } from '../support/abuse-targets';
import { abuseTargets, sendTo } from '../support/abuse-targets';
import { expectDialectReply } from '../support/dialect-envelopes';
import type { PrivateDatabase } from '../support/private-database';
import { openPrivateDatabase } from '../support/private-database';
import type { Census } from '../support/store-census';
import { takeCensus } from '../support/store-census';
import type { World } from '../support/world';
import { startWorld } from '../support/world';

jest.setTimeout(120_000);

/** Runs per property: enough to meet every endpoint several times, few enough to take seconds. */
const RUNS = 40;
const BODY_LIMIT = 100 * 1024;

const json = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'null', 'utf8');

/** Printable ASCII and Latin-1: what an HTTP client can put in a header value. */
const headerText = (maxLength: number) =>
  fc.string({
    unit: fc.oneof(
      fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
      fc.integer({ min: 0xa0, max: 0xff }).map((code) => String.fromCharCode(code)),
    ),
    maxLength,
  });

/** Values of every JSON type, including the awkward ones. */
const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.constantFrom('', ' ', '\u0000', '\uFEFF', 'null', 'undefined', 'true', '0', '-1', '1e309'),
  fc.constantFrom(
    "' OR '1'='1",
    '"; DROP TABLE users; --',
    '${jndi:ldap://x}',
    '<script>x</script>',
  ),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -0, 1.5, 13800138000),
  fc.array(fc.string(), { maxLength: 3 }),
);

/** Nested arrays and objects, deeper than any real body, within the size limit. */
const deepJson = fc
  .integer({ min: 50, max: 20_000 })
  .chain((depth) =>
    fc.constantFrom(
      `${'['.repeat(depth)}${']'.repeat(depth)}`,
      `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
      `{"email":${'['.repeat(depth)}${']'.repeat(depth)}}`,
    ),
  );

describe('hostile input on every endpoint', () => {
  let database: PrivateDatabase;
  let world: World;
  let targets: AbuseTarget[];
  let baseline: Census;

  beforeAll(async () => {
    // A database of this suite's own, so "nothing changed" can be checked row by row.
    database = await openPrivateDatabase();
    world = await startWorld({ databaseUrl: database.url });
    const email = await createEmailUser(world.context.models);
    const linkedUnionId = await world.wechatAccount({ nickname: 'linked' });
    await world.context.models.ExternalAccount.update(
      { userId: email.id, boundAt: new Date() },
      { where: { provider: 'wechat', accountKey: linkedUnionId } },
    );
    const fixtures: AbuseFixtures = {
      caller: await world.caaCaller(),
      adminAuth: (await world.admin()).auth,
      clientKey: await world.clientKey(),
      linkedUnionId,
      sessionToken: (await world.miniProgramToken()).token,
    };
    targets = abuseTargets(world, fixtures);
    // Each credential once, so its first-use bookkeeping is behind us.
    for (const target of targets) await sendTo(world, target, {});
    baseline = await takeCensus(world.context.sequelize);
  });
  afterAll(async () => {
    await world?.close();
    await database?.close();
  });

  const target = () => fc.constantFrom(...targets);

  /** One run: the reply is a 4xx (or a harmless 2xx) in the dialect's envelope, the store as it was. */
  async function check(endpoint: AbuseTarget, options: SendOptions) {
    const response = await sendTo(world, endpoint, options);
    expectDialectReply(endpoint.path, response);
    expect(await takeCensus(world.context.sequelize)).toEqual(baseline);
    return response;
  }

  /** `arbitrary` is built when the test runs: the targets exist only after beforeAll. */
  const property = (
    name: string,
    arbitrary: () => fc.Arbitrary<[AbuseTarget, SendOptions]>,
    extra?: (
      response: Awaited<ReturnType<typeof check>>,
      options: SendOptions,
      endpoint: AbuseTarget,
    ) => void,
  ) =>
    it(name, async () => {
      await fc.assert(
        fc.asyncProperty(arbitrary(), async ([endpoint, options]) => {
          const response = await check(endpoint, options);
          extra?.(response, options, endpoint);
        }),
        { numRuns: RUNS },
      );
    });

  property('any JSON value as the body', () =>
    fc.tuple(
      target(),
      fc.jsonValue({ maxDepth: 4 }).map((value) => ({ body: json(value) })),
    ),
  );

  property("the endpoint's own fields with wrong types, some missing, others added", () =>
    target().chain((endpoint) =>
      fc.tuple(
        fc.constant(endpoint),
        fc
          .record({
            known: fc.dictionary(fc.constantFrom(...endpoint.fields, 'x'), anyValue, {
              maxKeys: 5,
            }),
            extra: fc.dictionary(fc.string({ maxLength: 12 }), anyValue, { maxKeys: 3 }),
          })
          .map(({ known, extra }) => ({ body: json({ ...extra, ...known }) })),
      ),
    ),
  );

  property('text that is not JSON, and bytes that are not UTF-8', () =>
    fc.tuple(
      target(),
      fc
        .oneof(
          fc.string({ unit: 'binary', maxLength: 200 }).map((text) => Buffer.from(text, 'utf8')),
          fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
          fc
            .constantFrom(
              '{',
              '{"a":',
              '{"a":1,}',
              "{'a':1}",
              '\uFEFF{}',
              '{"a":"\\x00"}',
              '{"a":"\\ud800"}',
            )
            .map((text) => Buffer.from(text, 'utf8')),
          fc.constantFrom(
            Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
          ),
        )
        .map((body) => ({ body })),
    ),
  );

  property('bodies in media types other than JSON and forms', () =>
    fc.tuple(
      target(),
      fc.record({
        contentType: fc.constantFrom(
          'text/plain',
          'application/xml',
          'multipart/form-data; boundary=xyz',
          'application/octet-stream',
          'application/json; charset=utf-16le',
          'application/json; charset=klingon',
          'application/x-www-form-urlencoded',
          'application/vnd.api+json',
          'text/html; charset=utf-8',
        ),
        body: fc.oneof(
          fc.jsonValue({ maxDepth: 2 }).map(json),
          fc.string().map((text) => Buffer.from(text)),
        ),
      }),
    ),
  );

  property(
    'huge strings, deep nesting, and bodies over the limit',
    () =>
      fc.tuple(
        target(),
        fc.oneof(
          deepJson.map((text) => ({ body: Buffer.from(text) })),
          fc
            .record({
              size: fc.integer({ min: 1_000, max: 90_000 }),
              field: fc.constantFrom('email', 'js_code', 'state', 'userId', 'accessToken'),
            })
            .map(({ size, field }) => ({ body: json({ [field]: 'x'.repeat(size) }) })),
          fc.integer({ min: BODY_LIMIT + 1, max: BODY_LIMIT * 3 }).map((size) => ({
            body: json({ padding: 'y'.repeat(size) }),
            oversized: true,
          })),
        ),
      ),
    (response, options, endpoint) => {
      // Routes that take a body refuse one over the limit before reading it; GET routes read none.
      if ((options as { oversized?: boolean }).oversized && endpoint.method !== 'GET') {
        expect(response.status).toBe(413);
      }
    },
  );

  property(
    'header tricks: forged credentials and identities, spoofed addresses, odd request ids',
    () =>
      fc.tuple(
        target(),
        fc
          .record(
            {
              Authorization: fc.oneof(
                headerText(300),
                headerText(200).map((text) => `Bearer ${text}`),
                headerText(200).map(
                  (text) => `Caa ${Buffer.from(text, 'latin1').toString('base64')}`,
                ),
                fc.constant(`Bearer ${'z'.repeat(7_000)}`),
              ),
              'X-Union-Id': fc.oneof(
                headerText(100),
                fc.constant('a, b'),
                fc.constant(' '.repeat(5)),
              ),
              'X-Forwarded-For': fc.oneof(headerText(40), fc.constant('127.0.0.1, 10.0.0.1')),
              'X-Forwarded-Proto': fc.constantFrom('https', 'javascript', ''),
              'X-Request-Id': headerText(200),
              Accept: fc.constantFrom('text/html', 'application/xml', '*/*', 'image/png'),
            },
            { requiredKeys: [] },
          )
          .map((headers) => ({ headers, body: json({}) })),
      ),
    (response, options) => {
      const sent = options.headers?.['X-Request-Id'];
      const echoed = response.headers['x-request-id'];
      // A caller's request id comes back only when it is short and plain.
      if (sent !== undefined && echoed === sent) expect(sent).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
    },
  );

  property('methods the route does not have', () =>
    fc.tuple(
      target(),
      fc
        .constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE')
        .map((method) => ({ method, body: json({}) })),
    ),
  );

  it('paths nobody mounted, under every prefix', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/api/my/',
          '/api/administrator/',
          '/account/',
          '/accounts/',
          '/',
          '/docs/',
        ),
        fc.webSegment(),
        fc.constantFrom('get', 'post', 'put', 'delete'),
        async (prefix, segment, method) => {
          const path = `${prefix}${segment}-nothing-here`;
          const response = await world
            .http()
            [method as 'get'](path)
            .set('Content-Type', 'application/json')
            .send('{}');
          expect([404, 405]).toContain(response.status);
          expectDialectReply(path, response);
        },
      ),
      { numRuns: RUNS },
    );
    expect(await takeCensus(world.context.sequelize)).toEqual(baseline);
  });

  it('would have noticed a write: the census changes when a row does', async () => {
    await createEmailUser(world.context.models);
    expect(await takeCensus(world.context.sequelize)).not.toEqual(baseline);
  });
});
