import { authenticateClientAppKey } from '../../libraries/client-app-keys';
import { sha256Hex } from '../../libraries/token-hash';
import type { TestContext } from '../../test-support/test-context';
import { createTestContext, unique } from '../../test-support/test-context';
import { createCliHarness } from '../test-harness';

describe('CLI client-key commands', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await createTestContext();
  });
  afterAll(() => context.close());

  const idFrom = (stderr: string) => /Client key ([0-9a-f-]{36})/.exec(stderr)![1]!;

  it('client-key:create prints only the key, which authenticates', async () => {
    const cli = createCliHarness(context.models);
    const name = unique('ios-app');
    const { code, stdout, stderr } = await cli.run('client-key:create', '--name', name);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^wbk_[A-Za-z0-9_-]{43}\n$/);
    const key = stdout.trim();
    expect(stderr).toContain(`(${name})`);
    expect(stderr).toContain('cannot be shown again');
    expect(stderr).not.toContain(key);

    const id = idFrom(stderr);
    expect(await authenticateClientAppKey(context.models, key)).toBe(id);
    const row = await context.models.ClientAppKey.findByPk(id);
    expect(row!.keyHash).toBe(sha256Hex(key));
  });

  it('client-key:create needs a name', async () => {
    const cli = createCliHarness(context.models);
    const missing = await cli.run('client-key:create');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("error: required option '--name <name>' not specified");
    const empty = await cli.run('client-key:create', '--name', '');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('It must not be empty.');
  });

  it('client-key:list shows keys with status, never the key', async () => {
    const cli = createCliHarness(context.models);
    const name = unique('listed');
    const created = await cli.run('client-key:create', '--name', name);
    const id = idFrom(created.stderr);
    const { code, stdout } = await cli.run('client-key:list');
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+STATUS\s+LAST USED\s+CREATED$/);
    expect(stdout).toMatch(new RegExp(`^${id}\\s+${name}\\s+active\\s+-\\s+\\d{4}-`, 'm'));
    expect(stdout).not.toContain('wbk_');
  });

  it('client-key:revoke stops the key; again, or unknown, exits 1; malformed exits 2', async () => {
    const cli = createCliHarness(context.models);
    const created = await cli.run('client-key:create', '--name', unique('app'));
    const id = idFrom(created.stderr);
    expect(await cli.run('client-key:revoke', id)).toEqual({
      code: 0,
      stdout: `revoked client key ${id}\n`,
      stderr: '',
    });
    expect(await authenticateClientAppKey(context.models, created.stdout.trim())).toBeNull();
    expect(await cli.run('client-key:revoke', id)).toMatchObject({
      code: 1,
      stderr: `error: client key ${id} not found or already revoked\n`,
    });
    expect((await cli.run('client-key:list')).stdout).toMatch(
      new RegExp(`^${id}\\s+\\S+\\s+revoked\\s`, 'm'),
    );
    const malformed = await cli.run('client-key:revoke', 'app');
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('A client key id is a UUID');
  });
});
