import { globalTeardown as serverGlobalTeardown } from '@wechat-bind/server/testing';

/**
 * Stops the embedded PostgreSQL exactly once, whichever project's teardown runs first: the
 * server's clears TEST_DATABASE_EMBEDDED when it has stopped it, and forgetting the handles here
 * leaves nothing for it to stop a second time.
 */
export default async function globalTeardown(): Promise<void> {
  if (process.env.TEST_DATABASE_EMBEDDED === '1') await serverGlobalTeardown();
  globalThis.__embeddedPostgres = undefined;
}
