import type Router from '@koa/router';
import fs from 'node:fs';
import path from 'node:path';
import { RequestError } from '../errors/request-error';

/** The spec at the repository root, from src/routes and from dist/routes alike. */
export const DEFAULT_SPEC_PATH = path.resolve(__dirname, '../../../../docs/openapi.yaml');

/** The files of swagger-ui-dist the page uses; nothing else in that folder is served. */
const SWAGGER_UI_ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'index.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

const swaggerUiDir = () => path.dirname(require.resolve('swagger-ui-dist/package.json'));

// A file of its own rather than an inline script, so the page's CSP can forbid inline scripts.
const INITIALIZER = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/docs/openapi.yaml',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
});
`;

const PAGE = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <title>wechat-bind API</title>
    <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
    <link rel="stylesheet" href="/docs/assets/index.css">
    <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png" sizes="32x32">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/assets/swagger-ui-bundle.js"></script>
    <script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
    <script src="/docs/assets/swagger-initializer.js"></script>
  </body>
</html>
`;

/** Static files change only with a new release; the page and the spec are never cached. */
const ASSET_CACHE = 'public, max-age=86400';

/**
 * `/docs`: the OpenAPI description (docs/openapi.yaml) in a browsable Swagger UI, served from this
 * server's own copy of swagger-ui-dist (no CDN), plus the spec itself for tools.
 */
export function docsRoutes(router: Router, _context: unknown, specPath = DEFAULT_SPEC_PATH): void {
  const notFound = () => new RequestError({ code: 'not_found', status: 404 });

  router.get('/', (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = PAGE;
  });

  router.get('/openapi.yaml', async (ctx) => {
    let spec: string;
    try {
      spec = await fs.promises.readFile(specPath, 'utf8');
    } catch {
      // A deployment without the docs folder serves everything but the docs.
      throw notFound();
    }
    ctx.type = 'application/yaml; charset=utf-8';
    ctx.body = spec;
  });

  router.get('/assets/:file', (ctx) => {
    const file = ctx.params.file ?? '';
    if (file === 'swagger-initializer.js') {
      ctx.type = 'text/javascript; charset=utf-8';
      ctx.body = INITIALIZER;
    } else if (Object.hasOwn(SWAGGER_UI_ASSETS, file)) {
      ctx.type = SWAGGER_UI_ASSETS[file]!;
      ctx.body = fs.createReadStream(path.join(swaggerUiDir(), file));
    } else {
      throw notFound();
    }
    ctx.set('Cache-Control', ASSET_CACHE);
  });
}
