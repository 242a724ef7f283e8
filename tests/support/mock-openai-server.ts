/**
 * A local OpenAI-compatible server for tests: it records every request and answers what the
 * test's handler says, byte for byte (generated SSE streams, JSON, raw bodies, hanging or cut
 * sockets). It listens on 127.0.0.1 only: tests never send traffic anywhere else.
 *
 * Used by the unit tests of the chat client and the CLI, and by the browser tests.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  rawBody: string;
}

export type MockReply =
  | {
      kind: 'sse';
      status?: number;
      headers?: Record<string, string>;
      chunks: (string | Uint8Array)[];
      /** Pause before each chunk. */
      delayMs?: number;
      /**
       * Send the chunks at this steady rate instead (chunk i at i/rate s), catching up in a burst
       * when a timer fires late, so the average rate holds.
       */
      ratePerSecond?: number;
      /** Keep the socket open after the last chunk and never end the response. */
      hangAfter?: boolean;
      /** Cut the socket after the last chunk (no proper end of the chunked body). */
      destroyAfter?: boolean;
    }
  | { kind: 'json'; status?: number; headers?: Record<string, string>; body: unknown }
  | { kind: 'raw'; status?: number; headers?: Record<string, string>; body: string };

export interface MockServer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** url + '/v1' */
  baseUrl: string;
  requests: RecordedRequest[];
  /** TCP connections still open, idle keep-alive ones included. */
  openSockets(): number;
  /**
   * Responses whose connection is still open: a hanging stream the client aborted must drop to 0.
   * (Node's fetch may open a spare idle connection after an abort; that one carries no response.)
   */
  openResponses(): number;
  close(): Promise<void>;
}

/**
 * The handler may return nothing for `GET /v1/models`, which then answers a default model list;
 * for any other request nothing means 404.
 */
export type MockHandler = (
  req: RecordedRequest,
) => MockReply | undefined | void | Promise<MockReply | undefined | void>;

const DEFAULT_MODELS = {
  object: 'list',
  data: [
    { id: 'gpt-4o-mini', object: 'model', created: 1721172741, owned_by: 'system' },
    { id: 'gpt-4o', object: 'model', created: 1715367049, owned_by: 'system' },
  ],
};

export async function startMockServer(handle: MockHandler): Promise<MockServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let responses = 0;
  let closed = false;

  const server = createServer((req, res) => {
    void serve(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    responses++;
    res.on('close', () => responses--);
    const rawBody = await readBody(req);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    let body: unknown = rawBody;
    if (rawBody !== '') {
      try {
        body = JSON.parse(rawBody) as unknown;
      } catch {
        body = rawBody;
      }
    }
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers,
      body,
      rawBody,
    };
    requests.push(recorded);

    let reply: MockReply | undefined | void;
    try {
      reply = await handle(recorded);
    } catch (error) {
      reply = {
        kind: 'json',
        status: 500,
        body: { error: { message: `mock handler failed: ${String(error)}`, type: 'mock_error' } },
      };
    }
    if (!reply) {
      const isModels = recorded.method === 'GET' && recorded.path.replace(/\?.*$/, '').endsWith('/models');
      reply = isModels
        ? { kind: 'json', body: DEFAULT_MODELS }
        : { kind: 'json', status: 404, body: { error: { message: `No route for ${recorded.path}` } } };
    }
    await sendReply(req, res, reply);
  }

  async function sendReply(req: IncomingMessage, res: ServerResponse, reply: MockReply): Promise<void> {
    if (reply.kind === 'json') {
      const text = JSON.stringify(reply.body);
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      res.end(text);
      return;
    }
    if (reply.kind === 'raw') {
      res.writeHead(reply.status ?? 200, { 'content-type': 'text/plain; charset=utf-8', ...reply.headers });
      res.end(reply.body);
      return;
    }
    res.writeHead(reply.status ?? 200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      ...reply.headers,
    });
    res.flushHeaders();
    let gone = false;
    res.on('close', () => {
      gone = true;
    });
    const started = performance.now();
    for (let i = 0; i < reply.chunks.length; i++) {
      if (reply.ratePerSecond) {
        const wait = started + (i * 1000) / reply.ratePerSecond - performance.now();
        if (wait >= 1) await delay(wait);
      } else if (reply.delayMs) await delay(reply.delayMs);
      if (gone || closed) return;
      res.write(reply.chunks[i]!);
    }
    if (reply.destroyAfter) {
      // Give the last write a moment to leave, then cut the connection mid-body.
      await delay(reply.delayMs ?? 5);
      req.socket.destroy();
      return;
    }
    if (reply.hangAfter) return;
    res.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('mock server has no TCP address');
  const url = `http://127.0.0.1:${address.port}`;

  return {
    url,
    baseUrl: `${url}/v1`,
    requests,
    openSockets: () => sockets.size,
    openResponses: () => responses,
    close: async () => {
      closed = true;
      // Hanging streams keep their sockets open forever: destroy them so the test process exits.
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', () => resolve(Buffer.concat(parts).toString('utf8')));
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const STREAMS_DIR = fileURLToPath(new URL('../fixtures/streams/', import.meta.url));

/** The raw body of a generated stream, `tests/fixtures/streams/<name>.sse` (tests/fixtures/generate-streams.mjs). */
export function loadRecording(name: string): string {
  return readFileSync(`${STREAMS_DIR}${name}.sse`, 'utf8');
}

/** The generated stream's bytes, for replays that split multi-byte characters. */
export function loadRecordingBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(`${STREAMS_DIR}${name}.sse`));
}

/**
 * Splits a generated stream into pieces of `size` UTF-16 units for small-chunk replay, never inside a
 * surrogate pair (half an emoji cannot be written as UTF-8). Use `splitBytes` to split inside
 * multi-byte UTF-8 sequences.
 */
export function splitIntoChunks(raw: string, size: number): string[] {
  if (size < 1) throw new Error('chunk size must be at least 1');
  const chunks: string[] = [];
  let start = 0;
  while (start < raw.length) {
    let end = Math.min(start + size, raw.length);
    const last = raw.charCodeAt(end - 1);
    if (end < raw.length && last >= 0xd800 && last <= 0xdbff) end += 1;
    chunks.push(raw.slice(start, end));
    start = end;
  }
  return chunks;
}

/** Splits bytes into pieces of `size` bytes, cutting through UTF-8 sequences on purpose. */
export function splitBytes(bytes: Uint8Array, size: number): Uint8Array[] {
  if (size < 1) throw new Error('chunk size must be at least 1');
  const chunks: Uint8Array[] = [];
  for (let start = 0; start < bytes.length; start += size) chunks.push(bytes.slice(start, start + size));
  return chunks;
}

/**
 * The assembled content of choice 0 of a generated stream, computed by a deliberately tiny and
 * separate parser (not the production one) so that tests compare two independent readings.
 * It understands what the generated streams contain: SSE events (LF, CRLF or CR lines, `data:` with or
 * without a space, multi-line data, named events that are not chunks), content as a string or
 * as typed parts, and a plain JSON completion.
 */
export function answerText(name: string): string {
  const raw = loadRecording(name).replace(/^\uFEFF/, '');
  const trimmed = raw.trimStart();
  if (trimmed.startsWith('{')) {
    const completion = JSON.parse(trimmed) as {
      choices?: { index?: number; message?: { content?: unknown } }[];
    };
    const choice = completion.choices?.find((c) => (c.index ?? 0) === 0);
    return contentText(choice?.message?.content);
  }
  let answer = '';
  for (const block of raw.replace(/\r\n?/g, '\n').split(/\n\n+/)) {
    let event = '';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
      else if (line.startsWith('event:')) event = line.slice(6).trim();
    }
    if (data.length === 0 || (event !== '' && event !== 'message')) continue;
    const payload = data.join('\n');
    if (payload.trim() === '[DONE]') break;
    let chunk: { choices?: { index?: number; delta?: { content?: unknown } }[] };
    try {
      chunk = JSON.parse(payload) as typeof chunk;
    } catch {
      continue;
    }
    for (const choice of chunk.choices ?? []) {
      if ((choice.index ?? 0) === 0) answer += contentText(choice.delta?.content);
    }
  }
  return answer;
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part: unknown) =>
        typeof part === 'object' && part !== null && 'text' in part && typeof part.text === 'string'
          ? part.text
          : '',
      )
      .join('');
  }
  return '';
}
