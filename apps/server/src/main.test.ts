import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnServer } from '../test/support/spawn-server';

// These start the real entry point in a child process, embedded PostgreSQL and all.
jest.setTimeout(90_000);

describe('main', () => {
  let dataRoot: string;
  beforeAll(() => {
    dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'wechat-bind-boot-'));
  });
  afterAll(() => fs.rmSync(dataRoot, { recursive: true, force: true }));

  it('boots with zero settings on the embedded parts, serves /readyz, and stops on SIGTERM', async () => {
    const dataDir = path.join(dataRoot, 'pglite');
    const env = {
      PORT: '0',
      HOST: '127.0.0.1',
      SANDBOX_PORT: '0',
      PGLITE_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    };
    const server = spawnServer(env);
    const url = await server.listening;
    expect(server.output()).toMatch(/PostgreSQL: embedded PGlite/);
    expect(server.output()).toMatch(/Redis: in-process stand-in/);
    const sandboxUrl = /sandbox at (http:\/\/[^\s]+)/.exec(server.output())?.[1];
    expect(sandboxUrl).toBeDefined();
    // The sandbox stands in for WeChat with the development mini-program registered.
    const token = await fetch(
      `${sandboxUrl}/cgi-bin/token?grant_type=client_credential&appid=wx0sandbox0miniapp&secret=sandbox-miniprogram-secret`,
    );
    expect(await token.json()).toMatchObject({ expires_in: 7200 });

    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { postgres: 'ok', redis: 'ok' } });

    // A second server cannot open the same embedded data files.
    const second = spawnServer(env);
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/in use by process \d+/);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(fs.existsSync(`${dataDir}.owner.json`)).toBe(false);

    // Later starts reuse the data directory: migrations are already applied.
    const again = spawnServer(env);
    const againUrl = await again.listening;
    expect((await fetch(`${againUrl}/readyz`)).status).toBe(200);
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);
  });

  it('refuses production without DATABASE_URL, naming it', async () => {
    const server = spawnServer({ NODE_ENV: 'production' });
    expect(await server.exited).toBe(78);
    expect(server.output()).toMatch(/DATABASE_URL is required/);
  });

  it('names a bad variable and exits', async () => {
    const server = spawnServer({ PORT: 'eighty' });
    expect(await server.exited).toBe(78);
    expect(server.output()).toMatch(/PORT must be a number/);
  });
});
