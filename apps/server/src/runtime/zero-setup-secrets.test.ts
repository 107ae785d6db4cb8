import { signRequest } from '@wechat-bind/signature';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { spawnServer } from '../../test/support/spawn-server';

// The real entry points in child processes, embedded PostgreSQL and all.
jest.setTimeout(240_000);

const serverRoot = path.resolve(__dirname, '../..');

/** `npm run cli -- <args>` with exactly `env`, as an operator runs it beside the server. */
async function cli(env: Record<string, string>, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', path.join(serverRoot, 'src/cli/main.ts'), ...args],
    {
      cwd: serverRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    },
  );
  return stdout;
}

describe('secrets of a zero-setup installation', () => {
  let dataRoot: string;
  beforeAll(() => {
    dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'wechat-bind-secrets-boot-'));
  });
  afterAll(() => fs.rmSync(dataRoot, { recursive: true, force: true }));

  it('are generated at the first start, kept 0600 beside the data, and shared with the CLI', async () => {
    const env = {
      PORT: '0',
      HOST: '127.0.0.1',
      SANDBOX_PORT: '0',
      PGLITE_DATA_DIR: path.join(dataRoot, 'pglite'),
      LOG_LEVEL: 'warn',
    };
    const secretsFile = path.join(dataRoot, 'secrets.json');
    const server = spawnServer(env);
    try {
      const url = await server.listening;
      expect(server.output()).toContain(
        `Secrets: JWT_SECRET, DATA_KEY generated for this installation, kept in ${secretsFile}`,
      );
      expect(fs.statSync(secretsFile).mode & 0o777).toBe(0o600);
      const stored = JSON.parse(fs.readFileSync(secretsFile, 'utf8'));
      expect(server.output()).not.toContain(stored.JWT_SECRET);
      expect(server.output()).not.toContain(stored.DATA_KEY);

      // The CLI seals the new key's secret with the DATA_KEY it finds; the server must open it.
      const userId = (await cli(env, 'user:create', '--name', 'secrets')).trim();
      const issued = await cli(env, 'api-key:issue', '--user', userId);
      const field = (name: string) => new RegExp(`${name}:\\s+(\\S+)`).exec(issued)![1]!;
      const body = JSON.stringify({ accessToken: 't', openid: 'o', unionid: 'u', userId });
      const reply = await fetch(`${url}/api/my/bind-weixin`, {
        method: 'PUT',
        headers: {
          'content-type': 'application/json',
          authorization: signRequest({
            apiKey: field('apiKey'),
            apiSecret: field('apiSecret'),
            method: 'PUT',
            target: '/api/my/bind-weixin',
            timestamp: Date.now(),
            body,
          }),
        },
        body,
      });
      // Past authentication: WeChat (the sandbox) does not know that access token.
      expect(await reply.json()).toEqual({ message: 'invalid weixin account' });
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('production refuses the published development values and SMS_SENDER=console, naming each', async () => {
    const server = spawnServer({
      NODE_ENV: 'production',
      PGLITE_DATA_DIR: path.join(dataRoot, 'production', 'pglite'),
      DATABASE_URL: 'postgres://127.0.0.1:9/unused',
      REDIS_URL: 'redis://127.0.0.1:9',
      JWT_SECRET: 'development-only-jwt-secret-do-not-use-in-production',
      DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
      SMS_SENDER: 'console',
    });
    expect(await server.exited).toBe(78);
    expect(server.output()).toMatch(/JWT_SECRET is a published development or example value/);
    expect(server.output()).toMatch(/DATA_KEY is a published development or example value/);
    expect(server.output()).toMatch(/SMS_SENDER=console writes verification codes to stdout/);
    expect(fs.existsSync(path.join(dataRoot, 'production', 'secrets.json'))).toBe(false);
  });
});
