import type { Server } from 'node:http';
import type { Logger } from '../logger';

export interface GracefulShutdownOptions {
  server: Server;
  logger: Logger;
  /** In-flight requests get this long to finish before their connections are cut. */
  timeoutMs: number;
  /** Closes pools and other resources once no request is running. */
  onClosed: () => Promise<void>;
}

/**
 * Stops accepting connections, lets in-flight requests finish (idle keep-alive connections are
 * closed at once so they cannot hold the process open), then closes pools. Safe to call twice:
 * the second call returns the first call's promise.
 */
export function createGracefulShutdown({
  server,
  logger,
  timeoutMs,
  onClosed,
}: GracefulShutdownOptions): (reason: string) => Promise<void> {
  let closing: Promise<void> | undefined;
  return (reason) => {
    closing ??= (async () => {
      logger.info({ reason }, 'shutting down: no new connections, finishing in-flight requests');
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const forceTimer = setTimeout(() => {
        logger.warn({ timeoutMs }, 'in-flight requests did not finish in time; closing them');
        server.closeAllConnections();
      }, timeoutMs);
      forceTimer.unref();
      await drained;
      clearTimeout(forceTimer);
      await onClosed();
      logger.info('shutdown complete');
    })();
    return closing;
  };
}
