import { authenticateClientAppKey } from '../../libraries/client-app-keys';
import { sha256Hex } from '../../libraries/token-hash';
import type { TestContext } from '../../../test/support/test-context';
import { createTestContext, unique } from '../../../test/support/test-context';
import { createCliHarness } from '../../../test/support/cli-harness';

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
    expect(stderr).toContain('cannot be shown again');
    expect(stderr).not.toContain(key);

    const id = idFrom(stderr);
    expect(await authenticateClientAppKey(context.models, key)).toEqual({ id, kind: 'app' });
    const row = await context.models.ClientAppKey.findByPk(id);
    expect(row!.keyHash).toBe(sha256Hex(key));
    // Without --kind, the key is an app key, and the note says what that means.
    expect(stderr).toContain(`(${name}, app)`);
    expect(stderr).toContain("must also carry the email account's password");
  });

  it('client-key:create --kind server makes a trusted back-end key; other kinds exit 2', async () => {
    const cli = createCliHarness(context.models);
    const name = unique('backend');
    const { code, stdout, stderr } = await cli.run(
      'client-key:create',
      '--name',
      name,
      '--kind',
      'server',
    );
    expect(code).toBe(0);
    const id = idFrom(stderr);
    expect(await authenticateClientAppKey(context.models, stdout.trim())).toEqual({
      id,
      kind: 'server',
    });
    expect(stderr).toContain('never put it inside an app');
    const odd = await cli.run('client-key:create', '--name', unique('x'), '--kind', 'browser');
    expect(odd.code).toBe(2);
    expect(odd.stderr).toContain('A client key kind is server or app.');
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
    expect(stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+KIND\s+STATUS\s+LAST USED\s+CREATED$/);
    expect(stdout).toMatch(new RegExp(`^${id}\\s+${name}\\s+app\\s+active\\s+-\\s+\\d{4}-`, 'm'));
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
      new RegExp(`^${id}\\s+\\S+\\s+app\\s+revoked\\s`, 'm'),
    );
    const malformed = await cli.run('client-key:revoke', 'app');
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('A client key id is a UUID');
  });
});
