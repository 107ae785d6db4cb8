import { authenticatePersonalAccessToken } from '../../libraries/personal-access-tokens';
import { sha256Hex } from '../../libraries/token-hash';
import { createUser } from '../../libraries/users';
import type { TestContext } from '../../../test/support/test-context';
import { createTestContext } from '../../../test/support/test-context';
import { createCliHarness } from '../../../test/support/cli-harness';

describe('CLI token commands', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await createTestContext();
  });
  afterAll(() => context.close());

  it('token:issue prints only `<id>|<secret>`, which authenticates as the user', async () => {
    const cli = createCliHarness(context.models);
    const user = await createUser(context.models, {});
    const { code, stdout, stderr } = await cli.run(
      'token:issue',
      '--user',
      user.id,
      '--name',
      'laptop',
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+\|[A-Za-z0-9]{40}\n$/);
    const token = stdout.trim();
    const [id, secret] = token.split('|') as [string, string];
    expect(stderr).toContain(`Token ${id} for user ${user.id} (no expiry)`);
    expect(stderr).toContain('cannot be shown again');
    expect(stderr).not.toContain(secret);

    expect(await authenticatePersonalAccessToken(context.models, token)).toBe(user.id);
    const row = await context.models.PersonalAccessToken.findByPk(id);
    expect(row!.tokenHash).toBe(sha256Hex(secret));
    expect(row!.name).toBe('laptop');
  });

  it('token:issue --days sets an expiry after which the token fails', async () => {
    const issuedAt = new Date(Date.now() - 3 * 24 * 60 * 60 * 1000);
    const cli = createCliHarness(context.models, { now: () => issuedAt });
    const user = await createUser(context.models, {});
    const { code, stdout, stderr } = await cli.run(
      'token:issue',
      '--user',
      user.id,
      '--name',
      'short',
      '--days',
      '2',
    );
    expect(code).toBe(0);
    expect(stderr).toMatch(/\(expires \d{4}-\d\d-\d\dT[\d:]+Z\)/);
    expect(await authenticatePersonalAccessToken(context.models, stdout.trim())).toBeNull();
    expect(await authenticatePersonalAccessToken(context.models, stdout.trim(), issuedAt)).toBe(
      user.id,
    );
  });

  it('token:issue: unknown user exits 1, bad arguments exit 2', async () => {
    const cli = createCliHarness(context.models);
    const nobody = '00000000-0000-4000-8000-00000000cafe';
    expect(await cli.run('token:issue', '--user', nobody, '--name', 'x')).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: user ${nobody} not found\n`,
    });
    const user = await createUser(context.models, {});
    const cases: Array<[string[], string]> = [
      [['--name', 'x'], "error: required option '--user <id>' not specified"],
      [['--user', user.id], "error: required option '--name <name>' not specified"],
      [['--user', user.id, '--name', '  '], 'It must not be empty.'],
      [
        ['--user', user.id, '--name', 'n'.repeat(101)],
        'error: name must be at most 100 characters',
      ],
      [['--user', user.id, '--name', 'x', '--days', '99999'], 'Expected a whole number'],
      [['--user', '42', '--name', 'x'], 'A user id is a UUID'],
    ];
    for (const [args, message] of cases) {
      const result = await cli.run('token:issue', ...args);
      expect({ args, code: result.code, stdout: result.stdout }).toEqual({
        args,
        code: 2,
        stdout: '',
      });
      expect(result.stderr).toContain(message);
    }
    expect(await context.models.PersonalAccessToken.count({ where: { userId: user.id } })).toBe(0);
  });

  it('token:list shows tokens with status, never the token; --user narrows it', async () => {
    const cli = createCliHarness(context.models);
    const user = await createUser(context.models, {});
    const first = (
      await cli.run('token:issue', '--user', user.id, '--name', 'first')
    ).stdout.trim();
    const second = (
      await cli.run('token:issue', '--user', user.id, '--name', 'second')
    ).stdout.trim();
    await cli.run('token:revoke', first.split('|')[0]!);

    const { code, stdout } = await cli.run('token:list', '--user', user.id);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+USER\s+NAME\s+STATUS\s+EXPIRES\s+LAST USED\s+CREATED$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/).slice(0, 5))).toEqual([
      [second.split('|')[0], user.id, 'second', 'active', 'never'],
      [first.split('|')[0], user.id, 'first', 'revoked', 'never'],
    ]);
    for (const token of [first, second]) expect(stdout).not.toContain(token.split('|')[1]);

    expect((await cli.run('token:list')).stdout).toContain(second.split('|')[0]);
    const other = await createUser(context.models, {});
    expect((await cli.run('token:list', '--user', other.id)).stdout).toBe('no tokens\n');
  });

  it('token:revoke stops the token; again, or unknown, exits 1; malformed exits 2', async () => {
    const cli = createCliHarness(context.models);
    const user = await createUser(context.models, {});
    const token = (await cli.run('token:issue', '--user', user.id, '--name', 'x')).stdout.trim();
    const id = token.split('|')[0]!;
    expect(await cli.run('token:revoke', id)).toEqual({
      code: 0,
      stdout: `revoked token ${id}\n`,
      stderr: '',
    });
    expect(await authenticatePersonalAccessToken(context.models, token)).toBeNull();
    expect(await cli.run('token:revoke', id)).toMatchObject({
      code: 1,
      stderr: `error: token ${id} not found or already revoked\n`,
    });
    expect((await cli.run('token:revoke', '999999999999999')).code).toBe(1);
    for (const bad of ['abc', token, '0']) {
      const result = await cli.run('token:revoke', bad);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('A token id is the number before the "|"');
    }
  });
});
