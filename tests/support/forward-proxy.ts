/**
 * A forward proxy for tests, on 127.0.0.1. It maps any upstream host it is asked for to the given
 * local port (like a proxy in front of the real endpoint would), serves plain proxied requests
 * and CONNECT tunnels, and records what it saw and each request's Proxy-Authorization. Nothing
 * leaves the machine.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ForwardProxy {
  /** http://127.0.0.1:PORT */
  url: string;
  /** `CONNECT host:port` targets and `GET-VIA-PROXY <absolute URL>` lines, in arrival order. */
  seen: string[];
  /** The Proxy-Authorization of each request or tunnel in arrival order, '' when there was none. */
  authorizations: string[];
  close(): Promise<void>;
}

export async function startForwardProxy(upstreamPort: number): Promise<ForwardProxy> {
  const seen: string[] = [];
  const authorizations: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    seen.push(`GET-VIA-PROXY ${req.url ?? ''}`);
    authorizations.push(req.headers['proxy-authorization'] ?? '');
    const target = new URL(req.url ?? '/');
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port: upstreamPort,
        path: target.pathname + target.search,
        method: req.method,
        headers: req.headers,
      },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url ?? ''}`);
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
    seen,
    authorizations,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
