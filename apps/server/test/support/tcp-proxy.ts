import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** Stops accepting and cuts every open connection: the service "goes away". */
  close(): Promise<void>;
  /** Listens again on the same port: the service "comes back". */
  open(): Promise<void>;
  /** Connections accepted so far. */
  connections(): number;
}

/**
 * A loopback TCP proxy to `target`, for tests that take a service away and bring it back without
 * touching the service itself (a shared test database keeps serving everyone else).
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((client) => {
    accepted += 1;
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    open: () => listen(port),
    connections: () => accepted,
  };
}
