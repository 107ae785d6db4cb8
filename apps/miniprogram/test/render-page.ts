import fs from 'node:fs';
import path from 'node:path';
import simulate from 'miniprogram-simulate';
import { MINIPROGRAM_ROOT, copyData, pageDefinition } from './mini-program-globals';
import { weuiStandIn } from './weui-stand-ins';

/**
 * Renders a page with miniprogram-simulate. The simulator runs custom components only, so the
 * page's `Page()` options become a component: its methods and lifecycle hooks as methods, its
 * other fields copied onto the instance, its wxml as the template. The test drives it like
 * WeChat would: `onLoad` and `onShow` on mount, `onUnload` on unmount, events on the nodes.
 */

/** simulate.load with a definition object (its typings expect a fully typed component). */
const loadDefinition = simulate.load as unknown as (definition: Record<string, unknown>) => string;

const LIFECYCLE = ['onLoad', 'onShow', 'onReady', 'onHide', 'onUnload'];

/**
 * Replaces the simulator's built-in `<button>`, which drops its attributes, with one that keeps
 * them as properties, so a test can read `disabled` and `loading`.
 */
let buttonRegistered = false;
function registerButton(): void {
  if (buttonRegistered) return;
  buttonRegistered = true;
  loadDefinition({
    id: 'button',
    tagName: 'wx-button',
    template: '<slot/>',
    properties: {
      type: String,
      size: String,
      openType: String,
      disabled: Boolean,
      loading: Boolean,
      ariaLabel: String,
    },
  });
}

/** The page's `usingComponents`, each WeUI path replaced by its stand-in's id. */
function usingComponents(route: string): Record<string, string> {
  const json = JSON.parse(
    fs.readFileSync(path.join(MINIPROGRAM_ROOT, `${route}.json`), 'utf8'),
  ) as {
    usingComponents?: Record<string, string>;
  };
  return Object.fromEntries(
    Object.entries(json.usingComponents ?? {}).map(([tag, component]) => [
      tag,
      weuiStandIn(component),
    ]),
  );
}

export interface RenderedPage {
  root: ReturnType<typeof simulate.render>;
  /** The page's `this`: data, setData and the methods. */
  instance: Record<string, unknown> & { data: Record<string, unknown> };
  /** The rendered text of the node `selector` matches ('' when it is not rendered). */
  text(selector: string): string;
  /** A button's `disabled` and `loading`. */
  button(selector: string): { disabled: boolean; loading: boolean };
  /** Whether anything matches `selector` in what is rendered. */
  has(selector: string): boolean;
  /** An attribute of a rendered node, as the view has it (`aria-label`, `open-type`). */
  attribute(selector: string, name: string): string | null;
  /** Fires a component event (`getphonenumber`, `chooseavatar`, `blur`) with `detail`. */
  fire(selector: string, event: string, detail?: unknown): Promise<void>;
  /**
   * Fires the event. The simulator dispatches in a microtask, as WeChat's view layer does
   * asynchronously; the promise resolves once the handler has started.
   */
  tap(selector: string): Promise<void>;
  input(selector: string, value: string): Promise<void>;
  /** Waits until every handler the page started (taps, lifecycle hooks) has finished. */
  settle(): Promise<void>;
  /**
   * Lets what is queued run (callbacks, the renders they cause) without waiting for handlers,
   * for a handler that WeChat holds (a privacy-gated call waiting for the user's answer).
   */
  flush(): Promise<void>;
  unmount(): void;
}

/** Lets events the simulator queued (one microtask each) reach their handlers. */
const dispatched = () => Promise.resolve();

export function renderPage(route: string, query: Record<string, string> = {}): RenderedPage {
  registerButton();
  const definition = pageDefinition(route);
  const template = fs.readFileSync(path.join(MINIPROGRAM_ROOT, `${route}.wxml`), 'utf8');
  const pending = new Set<Promise<unknown>>();
  const methods: Record<string, unknown> = {};
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(definition)) {
    if (name === 'data') continue;
    if (typeof value !== 'function') {
      fields[name] = value;
      continue;
    }
    // Keep each call's promise, so settle() can wait for handlers the simulator fired.
    methods[name] = function (this: unknown, ...args: unknown[]) {
      const result: unknown = value.apply(this, args);
      if (result instanceof Promise) {
        pending.add(result);
        void result.finally(() => pending.delete(result)).catch(() => undefined);
      }
      return result;
    };
  }
  const id = loadDefinition({
    template,
    usingComponents: usingComponents(route),
    data: copyData(definition.data),
    methods,
    lifetimes: {
      created(this: Record<string, unknown>) {
        Object.assign(this, copyData(fields));
      },
    },
  });
  const root = simulate.render(id);
  root.attach(document.createElement('parent-wrapper'));
  const instance = root.instance as RenderedPage['instance'];
  const call = (hook: string, ...args: unknown[]) => {
    if (LIFECYCLE.includes(hook) && typeof instance[hook] === 'function') {
      (instance[hook] as (...a: unknown[]) => unknown)(...args);
    }
  };
  call('onLoad', query);
  call('onShow');

  const node = (selector: string) => {
    const found = root.querySelector(selector);
    if (!found) throw new Error(`nothing matches ${selector}`);
    return found;
  };
  return {
    root,
    instance,
    text: (selector) => root.querySelector(selector)?.dom?.textContent?.trim() ?? '',
    button(selector) {
      const data = node(selector).data as { disabled?: boolean; loading?: boolean };
      return { disabled: Boolean(data.disabled), loading: Boolean(data.loading) };
    },
    has(selector) {
      // A node whose slot is not rendered (a closed dialog's content) is not in the view.
      const found = root.querySelector(selector)?.dom;
      return found !== undefined && found !== null && root.dom!.contains(found);
    },
    attribute(selector, name) {
      const found = node(selector);
      const data = found.data as Record<string, unknown> | undefined;
      const camel = name.replace(/-([a-z])/g, (_m, letter: string) => letter.toUpperCase());
      if (data && data[camel] !== undefined) return String(data[camel]);
      return found.dom?.getAttribute(name) ?? null;
    },
    async fire(selector, event, detail) {
      node(selector).dispatchEvent(event, { detail });
      await dispatched();
    },
    async tap(selector) {
      node(selector).dispatchEvent('tap');
      await dispatched();
    },
    async input(selector, value) {
      node(selector).dispatchEvent('input', { detail: { value } });
      await dispatched();
    },
    async settle() {
      await dispatched();
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    async flush() {
      for (let turn = 0; turn < 20; turn += 1) await dispatched();
    },
    unmount() {
      call('onUnload');
      root.detach();
    },
  };
}
