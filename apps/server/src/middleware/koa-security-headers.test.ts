import Koa from 'koa';
import request from 'supertest';
import {
  API_CONTENT_SECURITY_POLICY,
  DOCS_CONTENT_SECURITY_POLICY,
  koaSecurityHeaders,
} from './koa-security-headers';

function appWith(options: { hsts: boolean; proxy?: boolean }) {
  const app = new Koa({ proxy: options.proxy ?? false });
  app.silent = true;
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch {
      ctx.status = 500;
      ctx.body = { error: 'failed' };
    }
  });
  app.use(koaSecurityHeaders({ hsts: options.hsts }));
  app.use((ctx) => {
    if (ctx.path === '/boom') throw new Error('boom');
    if (ctx.path === '/cached') ctx.set('Cache-Control', 'public, max-age=60');
    ctx.body = { ok: true };
  });
  return request(app.callback());
}

describe('koaSecurityHeaders', () => {
  it('sets the headers on replies and on errors alike', async () => {
    for (const path of ['/x', '/boom']) {
      const response = await appWith({ hsts: false }).get(path);
      expect(response.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'content-security-policy': API_CONTENT_SECURITY_POLICY,
        'cache-control': 'no-store',
      });
      expect(response.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('lets a route choose its own caching', async () => {
    const response = await appWith({ hsts: false }).get('/cached');
    expect(response.headers['cache-control']).toBe('public, max-age=60');
  });

  it('gives /docs a policy that lets Swagger UI run from this server only', async () => {
    const response = await appWith({ hsts: false }).get('/docs');
    expect(response.headers['content-security-policy']).toBe(DOCS_CONTENT_SECURITY_POLICY);
    expect(DOCS_CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(DOCS_CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe/);
    expect(DOCS_CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });

  it('sends HSTS in production, or when the request came over HTTPS through a trusted proxy', async () => {
    const production = await appWith({ hsts: true }).get('/x');
    expect(production.headers['strict-transport-security']).toBe(
      'max-age=31536000; includeSubDomains',
    );
    const behindTls = await appWith({ hsts: false, proxy: true })
      .get('/x')
      .set('X-Forwarded-Proto', 'https');
    expect(behindTls.headers['strict-transport-security']).toBeDefined();
    const forged = await appWith({ hsts: false, proxy: false })
      .get('/x')
      .set('X-Forwarded-Proto', 'https');
    expect(forged.headers['strict-transport-security']).toBeUndefined();
  });
});
