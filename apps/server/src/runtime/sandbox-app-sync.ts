import type { MiniProgramApp } from '../config';
import { createMiniProgramAppRegistry } from '../libraries/mini-program-apps';
import type { SecretBox } from '../libraries/secret-box';
import type { Logger } from '../logger';
import type { Models } from '../store/models';

export interface SandboxAppSync {
  stop(): void;
}

/**
 * Development only (the in-process sandbox): the store's mini-program apps registered in the
 * sandbox now and then every refresh period, so that an app added with `app:add` answers there
 * (code2session, stable_token, minted codes) as soon as the server itself serves it, before any
 * request names it. A real WeChat needs none of this: it knows its apps.
 */
export async function startSandboxAppSync({
  models,
  secretBox,
  logger,
  refreshMs,
  registerApps,
}: {
  models: Models;
  secretBox: SecretBox;
  logger: Logger;
  refreshMs: number;
  registerApps(apps: readonly MiniProgramApp[]): void;
}): Promise<SandboxAppSync> {
  // A registry of its own, read on a timer rather than by requests; a lookup makes it load.
  const registry = createMiniProgramAppRegistry({
    models,
    secretBox,
    logger,
    refreshMs,
    onLoad: registerApps,
  });
  await registry.find('');
  const timer = setInterval(() => {
    registry.find('').catch((error) => {
      logger.warn({ err: error }, 'could not read the mini-program apps for the sandbox');
    });
  }, refreshMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
