import type { SandboxControl } from '@wechat-bind/wechat-sandbox';
import { randomInt } from 'node:crypto';
import type { DemoClient } from './demo-client';
import type { DemoCredentials } from './demo-credentials';
import type { DemoOptions } from './demo-options';
import type { Printer } from './demo-printer';

/** What every flow of the demo works with. */
export interface DemoContext {
  client: DemoClient;
  printer: Printer;
  /** The sandbox's control API: it plays the phone, the browser and WeChat's back office. */
  sandbox: SandboxControl;
  options: DemoOptions;
  credentials: DemoCredentials;
  /** Distinguishes this run's people from earlier runs' (the data of a dev server persists). */
  suffix: string;
}

/** A mainland China mobile number no earlier run is likely to have used. */
export const randomMobile = (): string =>
  `1${randomInt(3, 10)}${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;

/** Narrows a reply body the demo needs a value from, failing with a readable message. */
export function pick<T>(value: unknown, path: string[], what: string): T {
  let current: unknown = value;
  for (const key of path) {
    current =
      typeof current === 'object' && current !== null
        ? (current as Record<string, unknown>)[key]
        : undefined;
  }
  if (current === undefined || current === null) {
    throw new Error(`the reply carried no ${what} (${path.join('.')}); cannot go on`);
  }
  return current as T;
}
