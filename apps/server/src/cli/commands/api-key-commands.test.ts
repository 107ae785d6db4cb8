import { randomBytes } from 'node:crypto';
import { findActiveApiKey } from '../../libraries/api-keys';
import { createUser } from '../../libraries/users';
import type { TestContext } from '../../../test/support/test-context';
import { createTestContext } from '../../../test/support/test-context';
import { createCliHarness } from '../../../test/support/cli-harness';

const DAY = 24 * 60 * 60 * 1000;

/** The `label: value` lines api-key:issue prints, as an object. */
const fieldsOf = (stdout: string) =>
  Object.fromEntries(
    stdout
      .trimEnd()
      .split('\n')
      .map((line) => {
        const [, label, value] = /^(\w+):\s+(.*)$/.exec(line)!;
        return [label, value];
      }),
  );

describe('CLI api-key commands', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await createTestContext();
  });
  afterAll(() => context.close());

  it('api-key:issue prints the pair once, and the pair works with the library', async () => {
    const cli = createCliHarness(context.models);
    const user = await createUser(context.models, {});
    const { code, stdout, stderr } = await cli.run('api-key:issue', '--user', user.id);
    expect(code).toBe(0);
    const fields = fieldsOf(stdout);
    expect(Object.keys(fields)).toEqual(['apiKey', 'apiSecret', 'user', 'actions', 'expires']);
    expect(fields.apiKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(fields.apiSecret).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(fields.user).toBe(user.id);
    expect(fields.actions).toBe('client:my:bind-weixin');
    expect(stderr).toContain('cannot be shown again');
    expect(stderr).not.toContain(fields.apiSecret!);

    const active = await findActiveApiKey(context.models, cli.secretBox, fields.apiKey!);
    expect(active).toMatchObject({
      userId: user.id,
      apiSecret: fields.apiSecret,
      actions: ['client:my:bind-weixin'],
    });
    const expiresIn = active!.expiresAt.getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(30 * DAY - 60_000);
    expect(expiresIn).toBeLessThanOrEqual(30 * DAY);

    // The secret is stored sealed, and no listing shows it again.
    const row = await context.models.ApiKey.findOne({ where: { keyId: fields.apiKey } });
    expect(row!.secretCiphertext).not.toContain(fields.apiSecret);
    const listed = await cli.run('api-key:list', '--user', user.id);
    expect(listed.stdout).toContain(fields.apiKey);
    expect(listed.stdout).not.toContain(fields.apiSecret);
  });

  it('api-key:issue takes actions and a lifetime', async () => {
    const now = new Date('2031-05-01T12:00:00Z');
    const cli = createCliHarness(context.models, { now: () => now });
    const user = await createUser(context.models, {});
    const { code, stdout } = await cli.run(
      'api-key:issue',
      '--user',
      user.id,
      '--action',
      'client:my:bind-weixin',
      'client:my:profile',
      '--days',
      '7',
    );
    expect(code).toBe(0);
    const fields = fieldsOf(stdout);
    expect(fields.actions).toBe('client:my:bind-weixin, client:my:profile');
    expect(fields.expires).toBe('2031-05-08T12:00:00Z');
    const active = await findActiveApiKey(
      context.models,
      cli.secretBox,
      fields.apiKey!,
      new Date('2031-05-08T11:59:59Z'),
    );
    expect(active!.actions).toEqual(['client:my:bind-weixin', 'client:my:profile']);
  });

  it('api-key:issue: an unknown user exits 1, bad arguments exit 2, nothing is issued', async () => {
    const cli = createCliHarness(context.models);
    const nobody = '00000000-0000-4000-8000-00000000beef';
    expect(await cli.run('api-key:issue', '--user', nobody)).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: user ${nobody} not found\n`,
    });

    const user = await createUser(context.models, {});
    const cases: Array<[string[], string]> = [
      [[], "error: required option '--user <id>' not specified"],
      [['--user', 'alice'], "argument 'alice' is invalid. A user id is a UUID"],
      [['--user', user.id, '--days', '0'], 'Expected a whole number from 1 to 3650.'],
      [['--user', user.id, '--days', 'soon'], 'Expected a whole number from 1 to 3650.'],
      [
        ['--user', user.id, '--action', 'Bind Weixin'],
        'error: action "Bind Weixin" is not of the form',
      ],
      [['--user', user.id, '--action'], "error: option '--action <action...>' argument missing"],
    ];
    for (const [args, message] of cases) {
      const result = await cli.run('api-key:issue', ...args);
      expect({ args, code: result.code, stdout: result.stdout }).toEqual({
        args,
        code: 2,
        stdout: '',
      });
      expect(result.stderr).toContain(message);
    }
    expect(await context.models.ApiKey.count({ where: { userId: user.id } })).toBe(0);
  });

  it('api-key:list shows every key or one user’s, with status and no secret', async () => {
    const cli = createCliHarness(context.models);
    const user = await createUser(context.models, {});
    const first = fieldsOf((await cli.run('api-key:issue', '--user', user.id)).stdout);
    const second = fieldsOf((await cli.run('api-key:issue', '--user', user.id)).stdout);
    await cli.run('api-key:revoke', first.apiKey!);

    const { code, stdout } = await cli.run('api-key:list', '--user', user.id);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^API KEY\s+USER\s+ACTIONS\s+STATUS\s+EXPIRES\s+LAST USED$/);
    expect(lines).toHaveLength(3);
    expect(lines.find((line) => line.startsWith(first.apiKey!))).toMatch(/\srevoked\s/);
    expect(lines.find((line) => line.startsWith(second.apiKey!))).toMatch(/\sactive\s/);
    for (const secret of [first.apiSecret!, second.apiSecret!])
      expect(stdout).not.toContain(secret);

    const all = await cli.run('api-key:list');
    expect(all.stdout).toContain(second.apiKey);

    const other = await createUser(context.models, {});
    expect((await cli.run('api-key:list', '--user', other.id)).stdout).toBe('no api keys\n');
    expect((await cli.run('api-key:list', '--user', 'x')).code).toBe(2);
  });

  it('api-key:revoke stops the key; again, or unknown, exits 1; malformed exits 2', async () => {
    const cli = createCliHarness(context.models);
    const user = await createUser(context.models, {});
    const { apiKey } = fieldsOf((await cli.run('api-key:issue', '--user', user.id)).stdout);

    expect(await cli.run('api-key:revoke', apiKey!)).toEqual({
      code: 0,
      stdout: `revoked api key ${apiKey}\n`,
      stderr: '',
    });
    expect(await findActiveApiKey(context.models, cli.secretBox, apiKey!)).toBeNull();

    const again = await cli.run('api-key:revoke', apiKey!);
    expect(again).toMatchObject({
      code: 1,
      stderr: `error: api key ${apiKey} not found or already revoked\n`,
    });
    const unknown = randomBytes(32).toString('base64');
    expect((await cli.run('api-key:revoke', unknown)).code).toBe(1);

    const malformed = await cli.run('api-key:revoke', 'short');
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('An apiKey is 44 characters of base64');
    const missing = await cli.run('api-key:revoke');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("error: missing required argument 'apiKey'");
  });
});
