import path from 'node:path';
import type { AppOption } from '../miniprogram/app-option';

/**
 * What the WeChat runtime provides around the app's code: the `wx`, `App`, `Page` and `getApp`
 * globals, and the page definitions the app registers, captured so a test can host them.
 */

export const MINIPROGRAM_ROOT = path.resolve(__dirname, '../miniprogram');

/** The options object a page file passes to `Page()`. */
export type PageOptions = Record<string, unknown> & { data?: Record<string, unknown> };

const globals = globalThis as unknown as Record<string, unknown>;

/**
 * Loads a file of the app by path through jest's module registry, as WeChat's runtime loads
 * pages: for what it registers (`App()`, `Page()`) and, for services, its exports.
 */
function loadAppFile(relativePath: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time
  return require(path.join(MINIPROGRAM_ROOT, relativePath));
}

const pageOptions = new Map<string, PageOptions>();

/** The options `pages/<route>` registers (`route` like `pages/sign-in/index`). */
export function pageDefinition(route: string): PageOptions {
  const known = pageOptions.get(route);
  if (known) return known;
  let captured: PageOptions | undefined;
  globals.Page = (options: PageOptions) => {
    captured = options;
  };
  // A page file registers itself once, when first required, as in WeChat.
  loadAppFile(route);
  if (!captured) throw new Error(`${route} did not call Page()`);
  pageOptions.set(route, captured);
  return captured;
}

/**
 * A cold start: installs `wx`, then loads the app afresh (app.ts and, as pages open, every page
 * and service module), so no state survives from an earlier launch except what `wx` stores.
 */
export function launchMiniProgram(wx: WechatMiniprogram.Wx): AppOption {
  jest.resetModules();
  pageOptions.clear();
  globals.wx = wx;
  let app: AppOption | undefined;
  globals.App = (definition: AppOption) => {
    app = definition;
  };
  loadAppFile('app');
  if (!app) throw new Error('app.ts did not call App()');
  const launched = app;
  globals.getApp = () => launched;
  return launched;
}

/** A module of the launched app (`'config'`, `'services/session-store'`), the instance its pages use. */
export function appModule<T>(modulePath: string): T {
  return loadAppFile(modulePath) as T;
}

/** Copies of the page's data: every mounted page starts from the definition's own values. */
export const copyData = (data: unknown): Record<string, unknown> =>
  JSON.parse(JSON.stringify(data ?? {})) as Record<string, unknown>;
