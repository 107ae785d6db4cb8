import http from 'node:http';
import type { Config } from '../config';

export type HttpServerSettings = Pick<
  Config,
  'requestTimeoutMs' | 'headersTimeoutMs' | 'maxConnections'
>;

/**
 * The HTTP server with limits on slow and numerous clients. Node's defaults let a client that
 * sends its headers or body a byte at a time hold a connection for five minutes, and accept
 * connections without end; a few hundred such clients would hold the server.
 */
export function createHttpServer(
  handler: http.RequestListener,
  { requestTimeoutMs, headersTimeoutMs, maxConnections }: HttpServerSettings,
): http.Server {
  const server = http.createServer(
    {
      requestTimeout: requestTimeoutMs,
      headersTimeout: headersTimeoutMs,
      // Node looks for expired requests this often (30 s by default), so a limit is enforced to
      // within this much: a second, or less when the limits themselves are shorter.
      connectionsCheckingInterval: Math.min(1_000, Math.ceil(headersTimeoutMs / 2)),
    },
    handler,
  );
  server.maxConnections = maxConnections;
  // Behind a load balancer, keep-alive must outlast the balancer's idle timeout.
  server.keepAliveTimeout = 65_000;
  return server;
}
