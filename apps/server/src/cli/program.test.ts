import { Writable } from 'node:stream';
import { createLogger } from '../logger';
import { createCliHarness } from '../../test/support/cli-harness';

const commands = [
  'user:create',
  'user:list',
  'api-key:issue',
  'api-key:list',
  'api-key:revoke',
  'token:issue',
  'token:list',
  'token:revoke',
  'client-key:create',
  'client-key:list',
  'client-key:revoke',
  'app:add',
  'app:list',
  'app:remove',
];

describe('admin CLI program', () => {
  it('prints help listing every command, without opening the store', async () => {
    const cli = createCliHarness(undefined);
    for (const args of [['--help'], ['help'], ['-h']]) {
      const { code, stdout, stderr } = await cli.run(...args);
      expect(code).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toContain('Usage: npm run cli -- [options] [command]');
      for (const command of commands) expect(stdout).toContain(command);
    }
    const { code, stdout } = await cli.run('api-key:issue', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('--user <id>');
    expect(stdout).toContain('--days <n>');
    expect(cli.opened).toBe(0);
  });

  it('exits 2 with a message for a missing or unknown command and unknown options', async () => {
    const cli = createCliHarness(undefined);
    const none = await cli.run();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: npm run cli --');

    const unknown = await cli.run('user:delete');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error: unknown command 'user:delete'");
    expect(unknown.stderr).toContain('(add --help for usage)');

    const option = await cli.run('user:list', '--colour');
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("error: unknown option '--colour'");

    const extra = await cli.run('client-key:list', 'extra');
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain('too many arguments');
    expect(cli.opened).toBe(0);
  });

  it('exits 1 with the message when the store fails, details only in the debug log', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'debug',
      destination: new Writable({
        write(chunk, _encoding, callback) {
          lines.push(String(chunk));
          callback();
        },
      }),
    });
    const cli = createCliHarness(undefined, { logger });
    const { code, stdout, stderr } = await cli.run('user:list');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'error: the store is not available in this test\n(set LOG_LEVEL=debug for details)\n',
    );
    expect(lines.join('')).toContain('command failed');
  });
});
