import fs from 'node:fs';
import path from 'node:path';
import type { AppOption } from '../miniprogram/app-option';
import type { Navigation } from './fake-wx';
import {
  MINIPROGRAM_ROOT,
  copyData,
  launchMiniProgram,
  pageDefinition,
} from './mini-program-globals';

/**
 * Runs the app's pages without rendering, for the end-to-end test: a page stack driven by the
 * app's own `wx.navigateTo` / `redirectTo` / `reLaunch` / `navigateBack` calls, each page an
 * instance of its `Page()` options with `data` and `setData`, and the lifecycle hooks called as
 * WeChat calls them. A test calls the page's handlers as the view would on a tap.
 */

export type HostedPage = Record<string, unknown> & {
  route: string;
  data: Record<string, unknown>;
};

const APP_JSON = JSON.parse(fs.readFileSync(path.join(MINIPROGRAM_ROOT, 'app.json'), 'utf8')) as {
  pages: string[];
};

/** A query as WeChat hands it to `onLoad`: each value as it is in the URL, not unescaped. */
function rawQuery(query: string): Record<string, string> {
  const pairs = query.split('&').filter(Boolean);
  return Object.fromEntries(pairs.map((pair) => [pair.split('=')[0]!, pair.split('=')[1] ?? '']));
}

export function createPageHost() {
  const stack: HostedPage[] = [];
  const pending = new Set<Promise<unknown>>();

  const track = (result: unknown) => {
    if (result instanceof Promise) {
      pending.add(result);
      void result.finally(() => pending.delete(result)).catch(() => undefined);
    }
    return result;
  };
  const hook = (page: HostedPage | undefined, name: string, ...args: unknown[]) => {
    const method = page?.[name];
    if (typeof method === 'function') track(method.apply(page, args));
  };

  function mount(url: string): HostedPage {
    const [route = '', query = ''] = url.replace(/^\//, '').split('?');
    const definition = pageDefinition(route);
    const page: HostedPage = { route, data: copyData(definition.data) };
    page.setData = (patch: Record<string, unknown>, callback?: () => void) => {
      for (const [key, value] of Object.entries(patch)) {
        // The pages set top-level keys only; a path key would need WeChat's path syntax.
        if (/[.[]/.test(key)) throw new Error(`setData path keys are not hosted: ${key}`);
        page.data[key] = value === undefined ? undefined : copyData({ value }).value;
      }
      callback?.();
    };
    for (const [name, value] of Object.entries(definition)) {
      if (name === 'data') continue;
      page[name] =
        typeof value === 'function'
          ? (...args: unknown[]) => track(value.apply(page, args))
          : copyData({ value }).value;
    }
    stack.push(page);
    hook(page, 'onLoad', rawQuery(query));
    hook(page, 'onShow');
    return page;
  }

  function navigate(navigation: Navigation): void {
    // WeChat navigates after the calling handler has moved on, never inside the call.
    const work = Promise.resolve().then(() => {
      const top = stack[stack.length - 1];
      switch (navigation.kind) {
        case 'navigateTo':
          hook(top, 'onHide');
          mount(navigation.url!);
          break;
        case 'redirectTo':
          hook(stack.pop(), 'onUnload');
          mount(navigation.url!);
          break;
        case 'reLaunch':
          while (stack.length > 0) hook(stack.pop(), 'onUnload');
          mount(navigation.url!);
          break;
        case 'navigateBack':
          hook(stack.pop(), 'onUnload');
          hook(stack[stack.length - 1], 'onShow');
          break;
      }
    });
    track(work);
  }

  return {
    /** Give to createFakeWx as `onNavigate`. */
    navigate,
    /**
     * A cold start on `wx`: the app, then the first page of app.json. `configure` runs in
     * between, for settings of the freshly loaded app (its server's URL).
     */
    launch(wx: WechatMiniprogram.Wx, configure?: () => void): AppOption {
      while (stack.length > 0) hook(stack.pop(), 'onUnload');
      const app = launchMiniProgram(wx);
      configure?.();
      mount(`/${APP_JSON.pages[0]}`);
      return app;
    },
    /** Closes the app: every open page is unloaded (and stops its timers). */
    async close(): Promise<void> {
      while (stack.length > 0) hook(stack.pop(), 'onUnload');
      await this.settle();
    },
    /** The page on top of the stack. */
    get page(): HostedPage {
      const top = stack[stack.length - 1];
      if (!top) throw new Error('no page is open');
      return top;
    },
    get routes(): string[] {
      return stack.map((page) => page.route);
    },
    /** Waits until every started handler, lifecycle hook and navigation has finished. */
    async settle(): Promise<void> {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    /**
     * Calls a handler of the top page as a tap would, without waiting for it: for a handler
     * WeChat holds (a privacy-gated call waiting for the user's answer).
     */
    press(method: string, event?: unknown): void {
      const handler = this.page[method];
      if (typeof handler !== 'function') throw new Error(`${this.page.route} has no ${method}`);
      handler(event);
    },
    /** Waits until `condition` holds (checked between turns of the event loop), at most 5 s. */
    async until(condition: () => boolean): Promise<void> {
      const deadline = Date.now() + 5000;
      while (!condition()) {
        if (Date.now() > deadline) throw new Error('the condition never held');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    /** Calls a handler of the top page as a tap would, and waits for everything it started. */
    async tap(method: string, event?: unknown): Promise<void> {
      const handler = this.page[method];
      if (typeof handler !== 'function') throw new Error(`${this.page.route} has no ${method}`);
      handler(event);
      await this.settle();
    },
  };
}
