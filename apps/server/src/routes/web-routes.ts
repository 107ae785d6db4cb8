import type Router from '@koa/router';
import type { AppContext } from '../app-context';
import type { Context } from 'koa';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The account settings page (apps/web): `index.html` at WEB_PATH, its script and style sheet
 * under `WEB_PATH/web/`. The files are read from WEB_DIST_DIR on every request, so rebuilding
 * the page needs no restart; only the names below are served, so no request can reach any other
 * file. The page itself is static: the browser calls /api/administrator/* with the user's token.
 */

interface Asset {
  file: string;
  type: string;
}

const INDEX: Asset = { file: 'index.html', type: 'text/html; charset=utf-8' };
const ASSETS: Record<string, Asset> = {
  'app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  'app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

/**
 * What the page may do: its own script and styles, API calls to this origin, avatars from the
 * providers' image hosts (any host: WeChat serves some over http). No inline script, no form
 * submissions (the script sends the token in a header; a form must never put it in a URL), no
 * framing (clickjacking on the Unbind button), and no Referer, so the `code` and `state` the
 * provider hands back in the address never leave for an avatar host.
 */
const PAGE_HEADERS = {
  'Content-Security-Policy': [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' https: http: data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

const BUILD_COMMAND = 'npm run build --workspace @wechat-bind/web';

/** Shown at WEB_PATH when the page has not been built (a fresh checkout that skipped `npm start`). */
const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Page not built</title></head>
<body><h1>The account settings page is not built yet</h1>
<p>Build it with <code>${BUILD_COMMAND}</code> (or <code>npm run build</code>), then reload.
<code>npm start</code> builds it before starting the server.</p></body></html>
`;

async function readAsset(distDir: string, asset: Asset): Promise<Buffer | undefined> {
  try {
    return await readFile(path.join(distDir, asset.file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Answers 200 with the file, or 304 when the browser's copy (If-None-Match) is current. */
function send(ctx: Context, asset: Asset, body: Buffer): void {
  ctx.status = 200;
  ctx.type = asset.type;
  ctx.set('X-Content-Type-Options', 'nosniff');
  // Revalidate every time: the page and its script must change together after a rebuild.
  ctx.set('Cache-Control', 'no-cache');
  ctx.etag = createHash('sha256').update(body).digest('base64url').slice(0, 27);
  if (ctx.fresh) {
    ctx.status = 304;
    return;
  }
  ctx.body = body;
}

export function webRoutes(router: Router, { config }: Pick<AppContext, 'config'>): void {
  const { webPath, webDistDir } = config;

  router.get(webPath, async (ctx) => {
    ctx.set(PAGE_HEADERS);
    const body = await readAsset(webDistDir, INDEX);
    if (!body) {
      ctx.status = 503;
      ctx.type = 'text/html; charset=utf-8';
      ctx.set('Cache-Control', 'no-store');
      ctx.body = notBuiltPage;
      return;
    }
    send(ctx, INDEX, body);
  });

  if (webPath !== '/') {
    // `/settings` → `/settings/`, so the page's relative asset links resolve under it. The query
    // is kept: a provider redirect may land here carrying `code` and `state`.
    router.get(webPath.slice(0, -1), (ctx) => {
      ctx.status = 301;
      ctx.redirect(`${webPath}${ctx.querystring ? `?${ctx.querystring}` : ''}`);
    });
  }

  router.get(`${webPath}web/:name`, async (ctx, next) => {
    const asset = Object.hasOwn(ASSETS, ctx.params.name!) ? ASSETS[ctx.params.name!] : undefined;
    const body = asset && (await readAsset(webDistDir, asset));
    // Unknown or not built: fall through to the 404 every unknown path gets.
    if (!asset || !body) return next();
    send(ctx, asset, body);
  });
}
