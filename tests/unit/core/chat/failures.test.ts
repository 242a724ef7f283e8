/**
 * Everything that goes wrong, in words a user can act on: HTTP errors with the server's message,
 * unreachable hosts, TLS, answers that are not OpenAI's, cut streams (partial kept), abort with no
 * socket left open, the three timeouts, retries before the first byte only — and never the key.
 */
import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatError, completeChat, listModels, streamChat } from '../../../../electron/core/chat/index';
import type { ChatEvent, Endpoint } from '../../../../electron/core/chat/index';
import {
  answerText,
  loadRecording,
  splitIntoChunks,
  startMockServer,
  type MockHandler,
  type MockServer,
} from '../../../support/mock-openai-server';
import { CANARY_KEY, collect, endpointFor, imageRequest, replay, streamedText } from './helpers';

const servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handle: MockHandler): Promise<MockServer> {
  const server = await startMockServer(handle);
  servers.push(server);
  return server;
}

/**
 * Waits for a condition that the other side of a socket makes true, bounded by wall time (15 s,
 * within the test's 20 s) rather than by a count of short sleeps, which a busy machine runs out of.
 */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Every place an error could carry the key: message, fields, cause, stack, inspection. */
function expectNoSecret(error: unknown): void {
  const secretPart = CANARY_KEY.slice(10);
  const views = [
    String(error),
    inspect(error, { depth: 10, showHidden: true }),
    JSON.stringify(error),
    (error as Error).stack ?? '',
    JSON.stringify((error as ChatError).partial ?? null),
  ];
  for (const view of views) {
    expect(view).not.toContain(CANARY_KEY);
    for (let i = 0; i + 8 <= secretPart.length; i++) expect(view).not.toContain(secretPart.slice(i, i + 8));
  }
}

async function failure(endpoint: Endpoint, request = imageRequest): Promise<ChatError> {
  const { error, result } = await collect(request, endpoint);
  expect(result).toBeUndefined();
  expect(error).toBeInstanceOf(ChatError);
  expectNoSecret(error);
  expect(error!.message.split('\n')).toHaveLength(1);
  expect(error!.message).not.toMatch(/\n|at .*\.ts:\d+/);
  return error!;
}

describe('HTTP errors', () => {
  it.each([
    {
      status: 401,
      body: {
        error: {
          message: `Incorrect API key provided: ${CANARY_KEY}. You can find your API key at https://platform.openai.com/account/api-keys.`,
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      },
      kind: 'auth',
      says: [/HTTP 401 Unauthorized/, /Incorrect API key provided: \[redacted\]/, /check the API key/],
    },
    {
      status: 401,
      body: { error: { message: `Invalid token ${CANARY_KEY.slice(3, 19)}…`, type: 'auth' } },
      kind: 'auth',
      says: [/HTTP 401/, /Invalid token \[redacted\]/],
    },
    {
      status: 403,
      body: { error: { message: 'Project does not have access to model gpt-4o', code: 'model_not_found' } },
      kind: 'auth',
      says: [
        /HTTP 403 Forbidden/,
        /"Project does not have access to model gpt-4o"/,
        /allowed to use this model/,
      ],
    },
    {
      status: 404,
      body: {
        error: {
          message: 'The model `gpt-5o` does not exist or you do not have access to it.',
          code: 'model_not_found',
        },
      },
      kind: 'not-found',
      says: [/HTTP 404 Not Found/, /The model `gpt-5o` does not exist/, /check the model name \("gpt-4o"\)/],
    },
    {
      status: 413,
      body: { error: { message: 'Request Entity Too Large' } },
      kind: 'too-large',
      says: [/HTTP 413/, /lower the longest edge or send JPEG/],
    },
    {
      status: 400,
      body: {
        error: {
          message: 'Image size exceeds the maximum allowed: 20971520 bytes.',
          type: 'invalid_request_error',
        },
      },
      kind: 'too-large',
      says: [
        /HTTP 400 Bad Request/,
        /"Image size exceeds the maximum allowed: 20971520 bytes."/,
        /image is too large/,
      ],
    },
    {
      status: 400,
      body: { error: { message: 'this model does not support image input', type: 'invalid_request_error' } },
      kind: 'bad-request',
      says: [/HTTP 400/, /pick a vision model/],
    },
    {
      status: 422,
      body: { detail: [{ loc: ['body', 'messages'], msg: 'field required', type: 'value_error.missing' }] },
      kind: 'bad-request',
      says: [/HTTP 422/, /field required/],
    },
    {
      status: 429,
      body: {
        error: {
          message: 'You exceeded your current quota, please check your plan and billing details.',
          type: 'insufficient_quota',
          code: 'insufficient_quota',
        },
      },
      kind: 'rate-limit',
      says: [/HTTP 429 Too Many Requests/, /exceeded your current quota/, /check its plan and billing/],
    },
    {
      status: 500,
      body: {
        error: { message: 'The server had an error while processing your request. Sorry about that!' },
      },
      kind: 'server',
      says: [/HTTP 500 Internal Server Error/, /Sorry about that!/, /try again later/],
    },
    {
      status: 400,
      body: { error: 'model "llava:34b" not found, try pulling it first' },
      kind: 'bad-request',
      says: [/HTTP 400/, /model "llava:34b" not found, try pulling it first/],
    },
  ])('$status $kind: status, server message and advice', async ({ status, body, kind, says }) => {
    const server = await serve(() => ({ kind: 'json', status, body }));
    const error = await failure(endpointFor(server.baseUrl));
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    for (const pattern of says) expect(error.message).toMatch(pattern);
    expect(error.serverMessage).toBeDefined();
  });

  it('explains an HTML error page from a proxy or a wrong path', async () => {
    const server = await serve(() => ({
      kind: 'raw',
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
    }));
    const error = await failure(endpointFor(server.baseUrl));
    expect(error.kind).toBe('server');
    expect(error.message).toMatch(/HTTP 502 Bad Gateway from 127\.0\.0\.1:\d+: "502 Bad Gateway"/);

    const wrongPath = await serve(() => ({
      kind: 'raw',
      status: 404,
      headers: { 'content-type': 'text/html' },
      body: '<!DOCTYPE html><html><body>Cannot POST /chat/completions</body></html>',
    }));
    const notFound = await failure(endpointFor(wrongPath.baseUrl));
    expect(notFound.kind).toBe('not-found');
    expect(notFound.message).toMatch(/check the base URL: it usually ends in \/v1/);
  });
});

describe('answers that are not OpenAI-shaped', () => {
  it('an HTML page with status 200', async () => {
    const server = await serve(() => ({
      kind: 'raw',
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: '<!doctype html><html><head><title>Open WebUI</title></head><body><div id="app"></div></body></html>',
    }));
    const error = await failure(endpointFor(server.baseUrl));
    expect(error.kind).toBe('not-openai');
    expect(error.message).toMatch(
      /answered with a web page \("Open WebUI"\), not an OpenAI-compatible API — check the base URL/,
    );
  });

  it('plain text, JSON that is not a completion, and an empty body', async () => {
    let reply: Parameters<MockHandler>[0] extends never ? never : ReturnType<MockHandler> = {
      kind: 'raw',
      body: 'Ollama is running',
    };
    const server = await serve(() => reply);
    const text = await failure(endpointFor(server.baseUrl));
    expect(text.kind).toBe('not-openai');
    expect(text.message).toMatch(/"Ollama is running"/);

    reply = { kind: 'json', body: { status: 'ok', version: '0.6.2' } };
    const json = await failure(endpointFor(server.baseUrl));
    expect(json.kind).toBe('not-openai');
    expect(json.message).toMatch(/JSON that is not a chat completion/);

    reply = { kind: 'sse', chunks: [] };
    const empty = await failure(endpointFor(server.baseUrl));
    expect(empty.kind).toBe('interrupted');
    expect(empty.partial).toBeUndefined();
  });
});

describe('connection failures', () => {
  it('unreachable host: nothing listening', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const error = await failure(endpointFor(`http://127.0.0.1:${port}/v1`));
    expect(error.kind).toBe('unreachable');
    expect(error.message).toMatch(/Nothing is listening at 127\.0\.0\.1:\d+ \(connection refused\)/);
  });

  it('TLS failure: https to a plain-HTTP server', async () => {
    const server = await serve(() => replay('openai-explain'));
    const error = await failure(endpointFor(server.baseUrl.replace('http:', 'https:')));
    expect(error.kind).toBe('tls');
    expect(error.message).toMatch(/Secure connection to 127\.0\.0\.1:\d+ failed/);
  });

  it('a stream cut in the middle keeps the partial answer, marked interrupted', async () => {
    const raw = loadRecording('openai-explain');
    const chunks = splitIntoChunks(raw, 512);
    const server = await serve(() => ({ kind: 'sse', chunks: chunks.slice(0, 40), destroyAfter: true }));
    const { error, events } = await collect(imageRequest, endpointFor(server.baseUrl));
    expect(error?.kind).toBe('interrupted');
    expect(error?.message).toMatch(/broke before the answer was complete.*partial answer is kept/);
    const partial = error?.partial;
    expect(partial?.interrupted).toBe(true);
    expect(partial?.choices[0]?.content.length).toBeGreaterThan(20);
    expect(answerText('openai-explain').startsWith(partial!.choices[0]!.content)).toBe(true);
    expect(streamedText(events)).toBe(partial?.choices[0]?.content);
    expectNoSecret(error);
  });

  it('a stream that ends cleanly without a finish is interrupted too', async () => {
    const server = await serve(() => replay('quirk-truncated'));
    const error = await failure(endpointFor(server.baseUrl));
    expect(error.kind).toBe('interrupted');
    expect(error.partial?.choices[0]?.content).toBe(answerText('quirk-truncated'));
  });
});

describe('abort', () => {
  it('stops a hanging stream at once and leaves no socket open', async () => {
    const raw = loadRecording('openai-explain');
    const server = await serve(() => ({
      kind: 'sse',
      chunks: splitIntoChunks(raw, 2048).slice(0, 5),
      hangAfter: true,
    }));
    const controller = new AbortController();
    const events: ChatEvent[] = [];
    let caught: unknown;
    try {
      for await (const event of streamChat(imageRequest, endpointFor(server.baseUrl), {
        fetch: globalThis.fetch,
        signal: controller.signal,
      })) {
        events.push(event);
        if (events.length === 10) controller.abort();
      }
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ChatError);
    expect((caught as ChatError).kind).toBe('aborted');
    expect((caught as ChatError).partial?.interrupted).toBe(true);
    expect(server.requests).toHaveLength(1);
    await until(() => server.openResponses() === 0, 'the aborted connection is closed');
  });

  it('closes the connection when the consumer stops iterating', async () => {
    const raw = loadRecording('openai-explain');
    const server = await serve(() => ({
      kind: 'sse',
      chunks: splitIntoChunks(raw, 2048).slice(0, 5),
      hangAfter: true,
    }));
    let seen = 0;
    for await (const _event of streamChat(imageRequest, endpointFor(server.baseUrl), {
      fetch: globalThis.fetch,
    })) {
      if (++seen === 3) break;
    }
    expect(seen).toBe(3);
    await until(() => server.openResponses() === 0, 'the abandoned connection is closed');
  });

  it('closes a connection the server keeps open after [DONE]', async () => {
    const server = await serve(() => replay('openai-explain', 0, { hangAfter: true }));
    const result = await completeChat(imageRequest, endpointFor(server.baseUrl), { fetch: globalThis.fetch });
    expect(result.choices[0]?.content).toBe(answerText('openai-explain'));
    await until(() => server.openResponses() === 0, 'the connection is closed after [DONE]');
  });

  it('abort while waiting for the response headers, and for the first byte', async () => {
    for (const reply of [
      () => new Promise<never>(() => undefined),
      () => ({ kind: 'sse' as const, chunks: [], hangAfter: true }),
    ]) {
      const server = await serve(reply);
      const controller = new AbortController();
      const pending = collect(imageRequest, endpointFor(server.baseUrl), { signal: controller.signal });
      await until(() => server.requests.length === 1, 'the request arrives');
      controller.abort();
      const { error } = await pending;
      expect(error?.kind).toBe('aborted');
      expect(error?.message).toBe('Stopped: the request was cancelled.');
      await until(() => server.openResponses() === 0, 'the aborted connection is closed');
    }
  });

  it('an already aborted signal sends nothing', async () => {
    const server = await serve(() => replay('openai-explain'));
    const error = await collect(imageRequest, endpointFor(server.baseUrl), { signal: AbortSignal.abort() });
    expect(error.error?.kind).toBe('aborted');
    expect(server.requests).toHaveLength(0);
  });

  it('abort while waiting to retry', async () => {
    const server = await serve(() => ({
      kind: 'json',
      status: 503,
      body: { error: { message: 'overloaded' } },
    }));
    const controller = new AbortController();
    const { error } = await collect(
      imageRequest,
      endpointFor(server.baseUrl, { retry: { maxAttempts: 5 } }),
      {
        signal: controller.signal,
        sleep: (_ms, signal) =>
          new Promise((_resolve, reject) => {
            signal?.addEventListener('abort', () => reject(new Error('aborted')));
            controller.abort();
          }),
      },
    );
    expect(error?.kind).toBe('aborted');
    expect(server.requests).toHaveLength(1);
  });
});

describe('timeouts', () => {
  it('connect: no response headers', async () => {
    const server = await serve(() => new Promise(() => undefined));
    const error = await failure(endpointFor(server.baseUrl, { timeouts: { connectMs: 150 } }));
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/No response from 127\.0\.0\.1:\d+ within 1 s/);
    await until(() => server.openResponses() === 0, 'the timed-out connection is closed');
  });

  it('first byte: headers but no body', async () => {
    const server = await serve(() => ({ kind: 'sse', chunks: [], hangAfter: true }));
    const error = await failure(endpointFor(server.baseUrl, { timeouts: { firstByteMs: 150 } }));
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/accepted the request but sent nothing/);
    expect(error.partial).toBeUndefined();
  });

  it('idle: the stream stalls, the partial answer is kept', async () => {
    const raw = loadRecording('openai-explain');
    const server = await serve(() => ({
      kind: 'sse',
      chunks: splitIntoChunks(raw, 1024).slice(0, 8),
      hangAfter: true,
    }));
    const { error } = await collect(imageRequest, endpointFor(server.baseUrl, { timeouts: { idleMs: 150 } }));
    expect(error?.kind).toBe('timeout');
    expect(error?.message).toMatch(/stalled/);
    expect(error?.partial?.interrupted).toBe(true);
    expect(error?.partial?.choices[0]?.content.length).toBeGreaterThan(0);
    await until(() => server.openResponses() === 0, 'the stalled connection is closed');
  });

  it('a slow but steady stream does not time out', async () => {
    const server = await serve(() => replay('quirk-tool-calls-no-index', 40, { delayMs: 20 }));
    const { result, error } = await collect(
      imageRequest,
      endpointFor(server.baseUrl, { timeouts: { idleMs: 400 } }),
    );
    expect(error).toBeUndefined();
    expect(result?.choices[0]?.tool_calls).toHaveLength(2);
  });
});

describe('retry before the first byte', () => {
  function failThen(failures: { status: number; headers?: Record<string, string> }[]): MockHandler {
    let n = 0;
    return () => {
      const f = failures[n++];
      return f
        ? {
            kind: 'json',
            status: f.status,
            headers: f.headers ?? {},
            body: { error: { message: `busy ${n}` } },
          }
        : replay('openai-explain');
    };
  }

  it('retries 503 and 429 with backoff, honouring Retry-After and retry-after-ms', async () => {
    const server = await serve(
      failThen([
        { status: 503 },
        { status: 429, headers: { 'retry-after': '2' } },
        { status: 429, headers: { 'retry-after-ms': '750' } },
      ]),
    );
    const delays: number[] = [];
    const { result } = await collect(
      imageRequest,
      endpointFor(server.baseUrl, { retry: { maxAttempts: 4, baseDelayMs: 100 } }),
      {
        sleep: (ms) => {
          delays.push(ms);
          return Promise.resolve();
        },
      },
    );
    expect(result?.choices[0]?.content).toBe(answerText('openai-explain'));
    expect(server.requests).toHaveLength(4);
    expect(delays).toHaveLength(3);
    expect(delays[0]).toBeGreaterThanOrEqual(50);
    expect(delays[0]).toBeLessThanOrEqual(100);
    expect(delays.slice(1)).toEqual([2000, 750]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const server = await serve(failThen([{ status: 502 }, { status: 502 }, { status: 502 }]));
    const delays: number[] = [];
    const { error } = await collect(
      imageRequest,
      endpointFor(server.baseUrl, { retry: { maxAttempts: 3 } }),
      {
        sleep: (ms) => {
          delays.push(ms);
          return Promise.resolve();
        },
      },
    );
    expect(error?.kind).toBe('server');
    expect(error?.message).toMatch(/"busy 3"/);
    expect(server.requests).toHaveLength(3);
    expect(delays).toHaveLength(2);
  });

  it('does not wait for a Retry-After longer than maxDelayMs: it reports it', async () => {
    const server = await serve(failThen([{ status: 429, headers: { 'retry-after': '120' } }]));
    const delays: number[] = [];
    const { error } = await collect(
      imageRequest,
      endpointFor(server.baseUrl, { retry: { maxAttempts: 3, maxDelayMs: 10_000 } }),
      {
        sleep: (ms) => {
          delays.push(ms);
          return Promise.resolve();
        },
      },
    );
    expect(error?.kind).toBe('rate-limit');
    expect(error?.retryAfterMs).toBe(120_000);
    expect(error?.message).toMatch(/try again in 2 min/);
    expect(delays).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry what will not change: 401, 400, quota', async () => {
    for (const [status, message] of [
      [401, 'bad key'],
      [400, 'bad request'],
      [429, 'You exceeded your current quota'],
    ] as const) {
      const server = await serve(() => ({ kind: 'json', status, body: { error: { message } } }));
      const { error } = await collect(
        imageRequest,
        endpointFor(server.baseUrl, { retry: { maxAttempts: 3 } }),
        {
          sleep: () => Promise.resolve(),
        },
      );
      expect(error?.status).toBe(status);
      expect(server.requests).toHaveLength(1);
    }
  });

  it('retries a first-byte timeout, but never once the answer has begun', async () => {
    let n = 0;
    const raw = loadRecording('openai-explain');
    const server = await serve(() =>
      n++ === 0
        ? { kind: 'sse', chunks: [], hangAfter: true }
        : { kind: 'sse', chunks: splitIntoChunks(raw, 1024).slice(0, 4), destroyAfter: true },
    );
    const { error } = await collect(
      imageRequest,
      endpointFor(server.baseUrl, { retry: { maxAttempts: 5 }, timeouts: { firstByteMs: 150 } }),
      { sleep: () => Promise.resolve() },
    );
    expect(server.requests).toHaveLength(2);
    expect(error?.kind).toBe('interrupted');
    expect(error?.partial?.choices[0]?.content.length).toBeGreaterThan(0);
  });
});

describe('the API key never appears', () => {
  it('not when the server echoes it in a stream error, nor in extra secret headers', async () => {
    const server = await serve(() => ({
      kind: 'sse',
      chunks: [
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'Hi' } }] })}\n\n`,
        `data: ${JSON.stringify({ error: { message: `key ${CANARY_KEY} revoked; also x-api-key=${CANARY_KEY.slice(5, 20)}` } })}\n\n`,
      ],
    }));
    const error = await failure(endpointFor(server.baseUrl, { headers: { 'x-api-key': CANARY_KEY } }));
    expect(error.kind).toBe('stream-error');
    expect(error.message).toMatch(/key \[redacted\] revoked/);
    expect(error.partial?.choices[0]?.content).toBe('Hi');
  });
});

describe('listModels', () => {
  it('lists the ids from GET {base}/models with the key', async () => {
    const server = await serve(() => undefined);
    const models = await listModels(endpointFor(server.baseUrl), { fetch: globalThis.fetch });
    expect(models).toEqual(['gpt-4o', 'gpt-4o-mini']);
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/v1/models' });
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${CANARY_KEY}`);
  });

  it('reads the other list shapes servers use', async () => {
    const server = await serve(() => ({
      kind: 'json',
      body: { models: [{ name: 'llava:13b' }, { name: 'gemma3:4b' }] },
    }));
    expect(await listModels(endpointFor(server.baseUrl), { fetch: globalThis.fetch })).toEqual([
      'gemma3:4b',
      'llava:13b',
    ]);
  });

  it('explains a server that does not list models', async () => {
    const server = await serve(() => ({
      kind: 'json',
      status: 404,
      body: { error: { message: 'Not Found' } },
    }));
    const error = await listModels(endpointFor(server.baseUrl), { fetch: globalThis.fetch }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ChatError);
    expect((error as ChatError).message).toMatch(/HTTP 404.*type the model name instead/);
    expectNoSecret(error);
  });
});
