import { createMiniProgramAppRegistry } from '../../libraries/mini-program-apps';
import { uniqueMiniProgramApp } from '../../../test/support/test-data';
import type { TestContext } from '../../../test/support/test-context';
import { createTestContext } from '../../../test/support/test-context';
import { createCliHarness } from '../../../test/support/cli-harness';

const newAppId = () => uniqueMiniProgramApp().appId;
const newSecret = () => uniqueMiniProgramApp().secret;

describe('CLI app commands', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await createTestContext();
  });
  afterAll(() => context.close());

  const rowsOf = (appId: string) =>
    context.models.MiniProgramApp.findAll({ where: { appId }, order: [['id', 'ASC']] });

  it('app:add reads the secret from stdin, keeps it sealed, and prints it nowhere', async () => {
    const cli = createCliHarness(context.models);
    const appId = newAppId();
    const secret = newSecret();
    const { code, stdout, stderr } = await cli.runWithInput(
      `${secret}\n`,
      'app:add',
      appId,
      '--secret-stdin',
    );
    expect(code).toBe(0);
    expect(stdout).toBe(`added app ${appId}\n`);
    expect(stderr).toContain('within WXA_APPS_REFRESH seconds');
    expect(stdout + stderr).not.toContain(secret);

    const [row] = await rowsOf(appId);
    expect(row).toMatchObject({ addedBy: 'cli', removedAt: null, removedBy: null });
    expect(JSON.stringify(row!.get())).not.toContain(secret);
    expect(cli.secretBox.open(row!.secretCiphertext)).toBe(secret);
    // What the running server reads: the app, with the secret as typed (no line ending).
    const registry = createMiniProgramAppRegistry({
      models: context.models,
      secretBox: cli.secretBox,
      logger: context.logger,
      refreshMs: 1000,
    });
    expect(await registry.find(appId)).toEqual({ appId, secret });
  });

  it('app:add takes no secret on the command line, and checks what it is given first', async () => {
    const cli = createCliHarness(context.models);
    const appId = newAppId();
    const asArgument = await cli.run('app:add', appId, '--secret-stdin', '--secret', newSecret());
    expect(asArgument.code).toBe(2);
    expect(asArgument.stderr).toContain("error: unknown option '--secret'");

    const noFlag = await cli.runWithInput(newSecret(), 'app:add', appId);
    expect(noFlag.code).toBe(2);
    expect(noFlag.stderr).toContain("required option '--secret-stdin' not specified");

    for (const bad of [
      'wx123',
      'wx0123456789abcdef0',
      'xx0123456789abcdef',
      'wx0123456789abcde!',
    ]) {
      const refused = await cli.runWithInput(newSecret(), 'app:add', bad, '--secret-stdin');
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('An appId is "wx" and 16 letters or digits');
    }
    expect(cli.opened).toBe(0);
    expect(cli.reads).toBe(0);

    const empty = await cli.runWithInput('', 'app:add', appId, '--secret-stdin');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe('error: no AppSecret on stdin (pipe it in, or type it)\n');
    expect(cli.opened).toBe(0);

    const spaced = await cli.runWithInput('two words', 'app:add', appId, '--secret-stdin');
    expect(spaced.code).toBe(2);
    expect(spaced.stderr).toContain('an AppSecret is 1 to 128 printable characters');
    expect(await rowsOf(appId)).toEqual([]);
  });

  it('app:add refuses an app that is already active, even when many race', async () => {
    const cli = createCliHarness(context.models);
    const appId = newAppId();
    const runs = await Promise.all(
      Array.from({ length: 6 }, () =>
        cli.runWithInput(newSecret(), 'app:add', appId, '--secret-stdin'),
      ),
    );
    expect(runs.map((run) => run.code).sort()).toEqual([0, 1, 1, 1, 1, 1]);
    const refused = runs.find((run) => run.code === 1)!;
    expect(refused.stderr).toMatch(
      new RegExp(
        `^error: app ${appId} is already active \\(added by app:add \\d{4}-.*app:remove it first\\n$`,
      ),
    );
    expect(await rowsOf(appId)).toHaveLength(1);
  });

  it('app:list shows the active apps without secrets; --all the history', async () => {
    const cli = createCliHarness(context.models);
    const kept = newAppId();
    const gone = newAppId();
    const secrets = [newSecret(), newSecret()];
    await cli.runWithInput(secrets[0]!, 'app:add', kept, '--secret-stdin');
    await cli.runWithInput(secrets[1]!, 'app:add', gone, '--secret-stdin');
    await cli.run('app:remove', gone);

    const listed = await cli.run('app:list');
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n')[0]).toMatch(
      /^APP ID\s+STATUS\s+ADDED BY\s+ADDED\s+REMOVED BY\s+REMOVED\s+SECRET$/,
    );
    expect(listed.stdout).toMatch(
      new RegExp(`^${kept}\\s+active\\s+cli\\s+\\d{4}-\\S+Z\\s+-\\s+-\\s+sealed$`, 'm'),
    );
    expect(listed.stdout).not.toContain(gone);

    const all = await cli.run('app:list', '--all');
    expect(all.stdout).toMatch(
      new RegExp(`^${gone}\\s+removed\\s+cli\\s+\\S+Z\\s+cli\\s+\\S+Z\\s+sealed$`, 'm'),
    );
    for (const secret of secrets) expect(listed.stdout + all.stdout).not.toContain(secret);

    // Under another DATA_KEY the secret cannot be opened: the list says so.
    const rotated = createCliHarness(context.models);
    expect((await rotated.run('app:list')).stdout).toMatch(
      new RegExp(`^${kept}\\s+active\\s+.*unreadable \\(another DATA_KEY\\)$`, 'm'),
    );
  });

  it('app:remove removes an active app once; unknown exits 1, malformed 2', async () => {
    const cli = createCliHarness(context.models);
    const appId = newAppId();
    await cli.runWithInput(newSecret(), 'app:add', appId, '--secret-stdin');
    const removed = await cli.run('app:remove', appId);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toBe(`removed app ${appId}\n`);
    expect(removed.stderr).toContain('answers unknown_app for it');
    const [row] = await rowsOf(appId);
    expect(row).toMatchObject({ removedBy: 'cli' });
    expect(row!.removedAt).toBeInstanceOf(Date);

    const again = await cli.run('app:remove', appId);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`error: app ${appId} not found or already removed\n`);
    const unknown = await cli.run('app:remove', newAppId());
    expect(unknown.code).toBe(1);

    const opened = cli.opened;
    const malformed = await cli.run('app:remove', 'wx app');
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('An appId is 1 to 64 letters, digits, "_" or "-"');
    expect(cli.opened).toBe(opened);

    // Removed, it can be added again, with a new secret: a new row, the old one kept as history.
    const readded = await cli.runWithInput(newSecret(), 'app:add', appId, '--secret-stdin');
    expect(readded.code).toBe(0);
    expect((await rowsOf(appId)).map((entry) => entry.removedBy)).toEqual(['cli', null]);
  });
});
