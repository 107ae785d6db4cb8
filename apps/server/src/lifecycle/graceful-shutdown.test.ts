import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../logger';
import { createGracefulShutdown } from './graceful-shutdown';

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('createGracefulShutdown', () => {
  it('finishes an in-flight request, refuses new connections, then closes pools', async () => {
    const events: string[] = [];
    let requestArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (requestArrived = resolve));
    const server = http.createServer((_req, res) => {
      requestArrived();
      setTimeout(() => {
        events.push('response sent');
        res.end('slow answer');
      }, 300);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const shutdown = createGracefulShutdown({
      server,
      logger: createLogger({ level: 'silent' }),
      timeoutMs: 5_000,
      onClosed: async () => {
        events.push('pools closed');
      },
    });

    const inFlight = get(url);
    await arrived;
    const done = shutdown('SIGTERM');
    expect(shutdown('SIGINT')).toBe(done);
    await expect(get(url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    expect(await inFlight).toEqual({ status: 200, body: 'slow answer' });
    await done;
    expect(events).toEqual(['response sent', 'pools closed']);
  });

  it('cuts requests that outlast the timeout, and still closes', async () => {
    const server = http.createServer(() => undefined); // never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    let closed = false;
    const shutdown = createGracefulShutdown({
      server,
      logger: createLogger({ level: 'silent' }),
      timeoutMs: 200,
      onClosed: async () => {
        closed = true;
      },
    });
    const hanging = get(url).catch((error: NodeJS.ErrnoException) => error.code);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await shutdown('SIGTERM');
    expect(closed).toBe(true);
    expect(await hanging).toBe('ECONNRESET');
  });
});
