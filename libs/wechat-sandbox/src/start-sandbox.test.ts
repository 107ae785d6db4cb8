import { createSandboxControl } from './control/control-client';
import { startSandbox } from './start-sandbox';

describe('startSandbox', () => {
  it('listens on a random loopback port and registers the given apps and users', async () => {
    const lines: string[] = [];
    const sandbox = await startSandbox({
      apps: { wechat: [{ appid: 'wxseed0000000001', secret: 'seed' }] },
      users: { wechat: [{ nickname: 'Seed', avatar: 'a', unionid: 'oSeedUnion' }] },
      codeTtlMs: 1234,
      logger: { info: (line) => lines.push(line) },
    });
    try {
      expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const control = createSandboxControl(`${sandbox.url}/`);
      expect((await control.listWechatApps()).apps).toEqual([
        { appid: 'wxseed0000000001', secret: 'seed', name: 'wxseed0000000001', openPlatform: true },
      ]);
      expect((await control.listWechatUsers()).users[0]?.unionid).toBe('oSeedUnion');
      expect(await control.getConfig()).toEqual({ codeTtlMs: 1234, accessTokenTtlMs: 7_200_000 });
      expect(sandbox.state.wechatApps.find('wxseed0000000001')).toBeDefined();

      await fetch(
        `${sandbox.url}/cgi-bin/token?appid=wxseed0000000001&secret=seed&grant_type=client_credential`,
      );
      // The log names the path only: secrets in the query never reach it.
      expect(lines.at(-1)).toMatch(/^wechat-sandbox GET \/cgi-bin\/token 200 \d+ms$/);
      expect(lines.join('\n')).not.toContain('seed');
    } finally {
      await sandbox.close();
    }
  });

  it('closes promptly even with a request held by a delay fault', async () => {
    const sandbox = await startSandbox();
    const control = createSandboxControl(sandbox.url);
    await control.addFault({ endpoint: '/sns/auth', kind: 'delay', delayMs: 10_000 });
    const pending = fetch(`${sandbox.url}/sns/auth`).catch((error: unknown) => error);

    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await sandbox.close();

    expect(performance.now() - started).toBeLessThan(1000);
    expect(await pending).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
  });

  it('refuses a nonsensical lifetime', async () => {
    await expect(startSandbox({ codeTtlMs: 0 })).rejects.toThrow('codeTtlMs');
  });
});
