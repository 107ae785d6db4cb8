import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { ConfigError } from '../config';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { resolveUpstreams } from '../runtime/upstreams';
import type { TestContext } from '../../test/support/test-context';
import { createTestContext, testConfig } from '../../test/support/test-context';

/** A stand-in for apps/web/dist: the three files the page is made of, plus one it must not serve. */
function fakeBuild(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wechat-bind-web-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>settings</title>');
  fs.writeFileSync(path.join(dir, 'app.js'), 'console.log("page");');
  fs.writeFileSync(path.join(dir, 'app.css'), 'body { margin: 0 }');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'not for the web');
  return dir;
}

describe('web routes: the account settings page', () => {
  let dist: string;
  let context: TestContext;
  let http: () => ReturnType<typeof request>;
  beforeAll(async () => {
    dist = fakeBuild();
    context = await createTestContext({ config: { WEB_DIST_DIR: dist } });
    const server = context.app.callback();
    http = () => request(server);
  });
  afterAll(async () => {
    await context.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('serves the page at / with a policy that allows only its own script, styles and API', async () => {
    const response = await http().get('/').expect(200);
    expect(response.text).toBe('<!doctype html><title>settings</title>');
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = response.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("form-action 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('serves the script and the style sheet under /web/, revalidated by ETag', async () => {
    const script = await http().get('/web/app.js').expect(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.text).toBe('console.log("page");');
    const styles = await http().get('/web/app.css').expect(200);
    expect(styles.headers['content-type']).toBe('text/css; charset=utf-8');

    const etag = script.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    const again = await http().get('/web/app.js').set('If-None-Match', etag).expect(304);
    expect(again.text).toBe('');
    const head = await http().head('/web/app.js').expect(200);
    expect(head.headers['content-length']).toBe(String('console.log("page");'.length));
  });

  it('shows a rebuilt page without a restart', async () => {
    const before = await http().get('/web/app.css');
    fs.writeFileSync(path.join(dist, 'app.css'), 'body { margin: 1px }');
    const after = await http()
      .get('/web/app.css')
      .set('If-None-Match', before.headers.etag as string);
    expect(after.status).toBe(200);
    expect(after.text).toBe('body { margin: 1px }');
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });

  it.each([
    '/web/secret.txt',
    '/web/index.html',
    '/web/..%2Fsecret.txt',
    '/web/%2e%2e/secret.txt',
    '/web/../package.json',
    '/web/',
    '/web/constructor',
    '/secret.txt',
  ])('serves nothing else: %s is 404', async (url) => {
    const response = await http().get(url).expect(404);
    expect(response.body).toEqual({ error: { code: 'not_found', message: 'Not Found' } });
  });

  it('answers other methods with 405 and Allow', async () => {
    const response = await http().post('/').send({}).expect(405);
    expect(response.headers.allow).toContain('GET');
  });

  it('leaves the API alone', async () => {
    const response = await http().get('/api/administrator/user/oauth-binding').expect(401);
    expect(response.body).toEqual({ code: 401, msg: '请求未认证' });
  });
});

describe('web routes: when the page is not built', () => {
  let context: TestContext;
  beforeAll(async () => {
    const missing = path.join(os.tmpdir(), 'wechat-bind-web-never-built');
    context = await createTestContext({ config: { WEB_DIST_DIR: missing } });
  });
  afterAll(() => context.close());

  it('says so at the page`s path, with the command that builds it', async () => {
    const response = await request(context.app.callback()).get('/').expect(503);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.text).toContain('npm run build --workspace @wechat-bind/web');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('has no assets to serve', async () => {
    await request(context.app.callback()).get('/web/app.js').expect(404);
  });
});

describe('web routes: at another WEB_PATH', () => {
  let dist: string;
  let context: TestContext;
  beforeAll(async () => {
    dist = fakeBuild();
    context = await createTestContext({ config: { WEB_DIST_DIR: dist, WEB_PATH: '/settings' } });
  });
  afterAll(async () => {
    await context.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('serves the page and its assets under that path only', async () => {
    const http = request(context.app.callback());
    await http.get('/settings/').expect(200, '<!doctype html><title>settings</title>');
    await http.get('/settings/web/app.js').expect(200);
    await http.get('/').expect(404);
    await http.get('/web/app.js').expect(404);
  });

  it('adds the slash the page`s relative links need, keeping a provider`s code and state', async () => {
    const response = await request(context.app.callback())
      .get('/settings?code=c0de&state=5a7e')
      .expect(301);
    expect(response.headers.location).toBe('/settings/?code=c0de&state=5a7e');
  });
});

describe('WEB_PATH and WEB_DIST_DIR settings', () => {
  const problemsOf = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      return (error as ConfigError).problems;
    }
  };

  it('default to / and apps/web/dist', () => {
    const config = loadConfig({});
    expect(config.webPath).toBe('/');
    expect(config.webDistDir).toBe(path.resolve(__dirname, '../../../web/dist'));
  });

  it('normalise a page path to end in a slash', () => {
    expect(loadConfig({ WEB_PATH: '/settings' }).webPath).toBe('/settings/');
    expect(loadConfig({ WEB_PATH: '/a/b.c/' }).webPath).toBe('/a/b.c/');
  });

  it.each(['settings', '//settings', '/../x', '/a//b', '/a b', '/set?x', '/#/x'])(
    'refuse %s as a path',
    (value) => {
      expect(problemsOf({ WEB_PATH: value })).toEqual([
        'WEB_PATH must be a path such as / or /settings',
      ]);
    },
  );

  it.each(['/api', '/api/web', '/account', '/accounts/x', '/healthz', '/metrics'])(
    'refuse %s, which an API answers',
    (value) => {
      expect(problemsOf({ WEB_PATH: value })).toEqual(['WEB_PATH must not be inside an API path']);
    },
  );

  it('point the default redirect URIs at the page', async () => {
    const config = testConfig({
      WEB_PATH: '/settings',
      PUBLIC_URL: 'https://bind.example.com',
      SANDBOX_PORT: '0',
    });
    const upstreams = await resolveUpstreams(config, createLogger({ level: 'silent' }));
    try {
      expect(upstreams.webApp?.redirectUri).toBe(
        'https://bind.example.com/settings/#/account/settings/binding/wechat',
      );
      expect(upstreams.dingtalkApp?.redirectUri).toBe(
        'https://bind.example.com/settings/#/account/settings/binding/dingtalk',
      );
    } finally {
      await upstreams.close();
    }
  });
});
