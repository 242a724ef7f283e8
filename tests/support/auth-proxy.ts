/**
 * A forward proxy for tests, on 127.0.0.1: it records the Proxy-Authorization of each CONNECT
 * and tunnels every one to the given local port, whatever host it names (like a proxy in front
 * of the real endpoint would). Nothing leaves the machine.
 */
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface AuthProxy {
  /** http://127.0.0.1:PORT */
  url: string;
  /** The Proxy-Authorization of each CONNECT in arrival order, '' when there was none. */
  authorizations: string[];
  close(): Promise<void>;
}

export async function startAuthProxy(upstreamPort: number): Promise<AuthProxy> {
  const authorizations: string[] = [];
  const sockets = new Set<Socket>();
  // Only tunnels are served: a plain proxied GET is refused.
  const server: Server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client: Socket, head: Buffer) => {
    authorizations.push(req.headers['proxy-authorization'] ?? '');
    const upstream = connect(upstreamPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(client).add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    authorizations,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
