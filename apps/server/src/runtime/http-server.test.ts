import type { Server } from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { TestContext } from '../../test/support/test-context';
import { createTestContext } from '../../test/support/test-context';
import type { HttpServerSettings } from './http-server';
import { createHttpServer } from './http-server';

/** What a raw client saw on its connection, and after how long the server closed it. */
interface Trickled {
  reply: string;
  closedAfterMs: number;
}

/**
 * Sends `head` at once, then `drip` one byte every `everyMs`, until the server closes the
 * connection (or `giveUpMs` passes: then the test has failed).
 */
function trickle(
  port: number,
  {
    head,
    drip,
    everyMs,
    giveUpMs,
  }: { head: string; drip: string; everyMs: number; giveUpMs: number },
): Promise<Trickled> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < drip.length && socket.writable) socket.write(drip[sent++]!);
    }, everyMs);
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`still open after ${giveUpMs} ms`));
    }, giveUpMs);
    socket.on('data', (chunk) => (reply += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ reply, closedAfterMs: Date.now() - started });
    });
    socket.write(head);
  });
}

describe('the HTTP server and slow clients', () => {
  let context: TestContext;
  let server: Server;
  let port: number;
  const settings: HttpServerSettings = {
    requestTimeoutMs: 1_000,
    headersTimeoutMs: 500,
    maxConnections: 4,
  };
  beforeAll(async () => {
    context = await createTestContext();
    server = createHttpServer(context.app.callback(), settings);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await context.close();
  });

  it('cuts off a body trickled a byte at a time once REQUEST_TIMEOUT_MS has passed', async () => {
    const body = JSON.stringify({ js_code: 'x'.repeat(200) });
    const result = await trickle(port, {
      head:
        'POST /accounts/wxa_authorize HTTP/1.1\r\nHost: localhost\r\n' +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
      drip: body,
      everyMs: 100,
      giveUpMs: 6_000,
    });
    expect(result.reply).toMatch(/^HTTP\/1\.1 408 /);
    // The limit, plus at most one check interval (half the headers timeout here) and some slack.
    expect(result.closedAfterMs).toBeGreaterThanOrEqual(settings.requestTimeoutMs - 50);
    expect(result.closedAfterMs).toBeLessThan(settings.requestTimeoutMs + 1_500);
  });

  it('cuts off headers trickled a byte at a time once HEADERS_TIMEOUT_MS has passed', async () => {
    const result = await trickle(port, {
      head: 'GET /healthz HTTP/1.1\r\n',
      drip: 'X-Slow: ' + 'a'.repeat(100),
      everyMs: 50,
      giveUpMs: 6_000,
    });
    expect(result.reply).toMatch(/^HTTP\/1\.1 408 /);
    expect(result.closedAfterMs).toBeLessThan(settings.headersTimeoutMs + 1_500);
  });

  it('holds at most MAX_CONNECTIONS connections, and serves again once they are gone', async () => {
    const open = await Promise.all(
      Array.from(
        { length: settings.maxConnections },
        () =>
          new Promise<net.Socket>((resolve) => {
            const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
          }),
      ),
    );
    // Give the server a moment to count them all.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const extra = await trickle(port, {
      head: 'GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n',
      drip: '',
      everyMs: 1_000,
      giveUpMs: 3_000,
    });
    expect(extra.reply).toBe('');
    for (const socket of open) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(200);
  });

  it('serves an ordinary request in full', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(200);
  });
});
