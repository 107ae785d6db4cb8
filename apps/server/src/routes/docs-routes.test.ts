import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Router from '@koa/router';
import Koa from 'koa';
import request from 'supertest';
import type { TestContext } from '../../test/support/test-context';
import { createTestContext } from '../../test/support/test-context';
import { DEFAULT_SPEC_PATH, docsRoutes } from './docs-routes';

describe('/docs', () => {
  let context: TestContext;
  let http: ReturnType<typeof request>;
  beforeAll(async () => {
    context = await createTestContext();
    http = request(context.app.callback());
  });
  afterAll(() => context.close());

  it('serves a Swagger UI page that loads only this server’s files', async () => {
    const page = await http.get('/docs');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const sources = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(sources.length).toBeGreaterThanOrEqual(5);
    for (const source of sources) {
      expect(source).toMatch(/^\/docs\/assets\//);
      const asset = await http.get(source);
      expect(asset.status).toBe(200);
      expect(asset.headers['cache-control']).toBe('public, max-age=86400');
    }
    expect(page.text).not.toMatch(/<script>[^<]/);
    expect((await http.get('/docs/assets/swagger-ui-bundle.js')).headers['content-type']).toBe(
      'text/javascript; charset=utf-8',
    );
    expect((await http.get('/docs/')).status).toBe(200);
  });

  it('points the UI at the spec, and serves the spec as YAML', async () => {
    const initializer = await http.get('/docs/assets/swagger-initializer.js');
    expect(initializer.text).toContain("url: '/docs/openapi.yaml'");
    const spec = await http.get('/docs/openapi.yaml');
    expect(spec.status).toBe(200);
    expect(spec.headers['content-type']).toBe('application/yaml; charset=utf-8');
    expect(spec.text).toBe(fs.readFileSync(DEFAULT_SPEC_PATH, 'utf8'));
    expect(spec.text).toMatch(/^openapi: 3\.1\.\d/m);
  });

  it('serves no other file, however the name is spelled', async () => {
    for (const name of [
      'package.json',
      'swagger-ui-bundle.js.map',
      '..%2Fpackage.json',
      '..%2F..%2F..%2Fpackage.json',
      '%2Fetc%2Fpasswd',
      'toString',
      '__proto__',
    ]) {
      const response = await http.get(`/docs/assets/${name}`);
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ error: { code: 'not_found', message: 'Not Found' } });
    }
  });

  it('answers 404 for the spec when the deployment has no docs folder', async () => {
    const app = new Koa();
    const missing = path.join(os.tmpdir(), 'no-such-dir', 'openapi.yaml');
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (error) {
        ctx.status = (error as { status?: number }).status ?? 500;
      }
    });
    const router = new Router({ prefix: '/docs' });
    docsRoutes(router, undefined, missing);
    app.use(router.routes());
    expect((await request(app.callback()).get('/docs/openapi.yaml')).status).toBe(404);
  });

  it('is not served in production unless DOCS_ENABLED asks for it', async () => {
    const production = await createTestContext({ config: { DOCS_ENABLED: 'false' } });
    try {
      const hidden = request(production.app.callback());
      for (const target of ['/docs', '/docs/openapi.yaml', '/docs/assets/swagger-ui.css']) {
        expect((await hidden.get(target)).status).toBe(404);
      }
    } finally {
      await production.close();
    }
    // Unset, DOCS_ENABLED is off in production (config.test.ts) and on elsewhere (above).
  });
});
