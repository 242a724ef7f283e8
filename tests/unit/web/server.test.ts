import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeWire, encodeWire } from '../../../shared/wire';
import { startWebServer, type WebServer } from '../../../electron/web/server';

let server: WebServer;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'glimpse-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'web.html'), '<!doctype html><title>web</title>');
  writeFileSync(join(dir, 'assets/app.js'), 'console.log(1)');
  server = await startWebServer({ rendererDir: dir });
});
afterAll(() => server.close());

function connect(query: string, origin: string | undefined): Promise<WebSocket> {
  const socket = new WebSocket(
    `${server.origin.replace('http', 'ws')}/ipc${query}`,
    origin ? { origin } : {},
  );
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

function call(socket: WebSocket, channel: string, args: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    socket.once('message', (data: Buffer) => resolve(decodeWire(data.toString('utf8'))));
    socket.send(encodeWire({ id: 1, channel, args }));
  });
}

describe('web mode server', () => {
  it('listens on loopback only', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('accepts our page with the token and serves the handler table', async () => {
    const socket = await connect(`?token=${server.token}`, server.origin);
    const reply = await call(socket, 'settings:get', undefined);
    expect(reply).toMatchObject({ id: 1, reply: { ok: true, value: { hasApiKey: false } } });
    socket.close();
  });

  it('refuses a socket without the token, with a wrong token, or from another origin', async () => {
    await expect(connect('', server.origin)).rejects.toThrow('status 403');
    await expect(connect('?token=wrong', server.origin)).rejects.toThrow('status 403');
    await expect(connect(`?token=${server.token}x`, server.origin)).rejects.toThrow('status 403');
    await expect(connect(`?token=${server.token}`, 'http://evil.example')).rejects.toThrow('status 403');
    await expect(connect(`?token=${server.token}`, 'http://localhost:1')).rejects.toThrow('status 403');
    await expect(connect(`?token=${server.token}`, undefined)).rejects.toThrow('status 403');
  });

  it('validates payloads exactly as the app does', async () => {
    const socket = await connect(`?token=${server.token}`, server.origin);
    const reply = (await call(socket, 'settings:update', { apiKey: 12 })) as { reply: { ok: boolean } };
    expect(reply.reply.ok).toBe(false);
    socket.close();
  });

  it('serves the page with the CSP, and nothing outside the renderer folder', async () => {
    const page = await fetch(`${server.origin}/`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`connect-src ${server.origin.replace('http', 'ws')}`);
    expect(csp).toContain("script-src 'self'");
    expect((await fetch(`${server.origin}/assets/app.js`)).status).toBe(200);
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/nope.html']) {
      expect((await fetch(`${server.origin}${path}`)).status).toBe(404);
    }
  });
});
