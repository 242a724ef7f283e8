/**
 * Core messages carry a code and fields, and the page words them (issue 16.5: connection and
 * HTTP errors stayed English on a French page). The English catalog must say exactly what the core
 * says (so the English page and the CLI agree), the French one must say it in French with the
 * same facts, and a code the page does not know falls back to the core's English sentence.
 */
import { readFile, readdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatError, completeChat, listModels } from '../../../electron/core/chat/index';
import { httpError, networkError } from '../../../electron/core/chat/errors';
import { normalizeBaseUrl } from '../../../electron/core/chat/url';
import { parseAccelerator } from '../../../shared/accelerator';
import {
  coreEn,
  coreFr,
  wordCoreMessage,
  type CoreCatalog,
} from '../../../renderer/src/lib/i18n/core-messages';
import { startMockServer, type MockHandler, type MockServer } from '../../support/mock-openai-server';
import { endpointFor, imageRequest } from '../core/chat/helpers';

const servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handle: MockHandler): Promise<MockServer> {
  const server = await startMockServer(handle);
  servers.push(server);
  return server;
}

function word(error: ChatError, catalog: CoreCatalog): string {
  expect(error.code, error.message).toBeTypeOf('string');
  return wordCoreMessage(
    {
      message: error.message,
      ...(error.code ? { code: error.code } : {}),
      ...(error.fields ? { fields: error.fields } : {}),
    },
    catalog,
  );
}

/** English as the core wrote it; French different, with the host and no placeholder left. */
function expectWorded(error: ChatError, host?: string): void {
  expect(word(error, coreEn)).toBe(error.message);
  const french = word(error, coreFr);
  expect(french).not.toBe(error.message);
  expect(french).not.toMatch(/\{@?\w+\}/);
  if (host) expect(french).toContain(host);
}

const http = (
  status: number,
  body: string,
  headers: Record<string, string> = {},
  operation: 'chat' | 'models' = 'chat',
) =>
  httpError({
    status,
    body,
    headers: new Headers(headers),
    host: 'api.example.com',
    model: 'gpt-4o',
    secrets: [],
    operation,
  });

describe('HTTP errors', () => {
  it.each([
    [401, '{"error":{"message":"Invalid API key"}}', {}],
    [403, '', {}],
    [404, '{"error":{"message":"The model `x` does not exist"}}', {}],
    [404, '<html><title>Not found</title></html>', { 'content-type': 'text/html' }],
    [404, 'nope', {}],
    [413, '', {}],
    [429, '{"error":{"message":"Rate limit reached","code":"rate_limit_exceeded"}}', { 'retry-after': '7' }],
    [429, '{"error":{"message":"You exceeded your current quota","type":"insufficient_quota"}}', {}],
    [429, '', {}],
    [408, '', {}],
    [502, '<html><head><title>502 Bad Gateway</title></head></html>', { 'content-type': 'text/html' }],
    [402, '', {}],
    [400, '{"error":{"message":"This model does not support image input"}}', {}],
    [400, '{"error":{"message":"bad field"}}', {}],
    [418, '', {}],
  ] as const)('HTTP %i is worded in English as the core says it, and in French', (status, body, headers) => {
    expectWorded(http(status, body, headers), 'api.example.com');
  });

  it('a model list the server does not have', () => {
    expectWorded(http(404, '', {}, 'models'), 'api.example.com');
  });

  it('French names the status, quotes the server and words the retry delay', () => {
    const error = http(429, '{"error":{"message":"Slow down","code":"rate_limit_exceeded"}}', {
      'retry-after': '7',
    });
    expect(word(error, coreFr)).toBe(
      'HTTP 429 (trop de requêtes) de api.example.com : « Slow down » — limite de requêtes atteinte : réessayez dans 7 s.',
    );
  });
});

describe('connection failures', () => {
  it.each([
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }],
    [{ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND' }],
    [{ code: 'UND_ERR_CONNECT_TIMEOUT', message: 'Connect Timeout Error' }],
    [{ code: 'CERT_HAS_EXPIRED', message: 'certificate has expired' }],
    [{ code: 'ECONNRESET', message: 'socket hang up' }],
    [{ message: 'fetch failed' }],
  ])('%o', (cause) => {
    expectWorded(
      networkError(new TypeError('fetch failed', { cause }), 'llm.local:8080', []),
      'llm.local:8080',
    );
  });

  it('a refused connection through the real client', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const error = await completeChat(imageRequest, endpointFor(`http://127.0.0.1:${port}/v1`), {
      fetch,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatError);
    expectWorded(error as ChatError, `127.0.0.1:${port}`);
  });
});

describe('answers that are not OpenAI-shaped, timeouts and stream errors', () => {
  async function failure(handle: MockHandler, extra = {}): Promise<ChatError> {
    const server = await serve(handle);
    const error = await completeChat(imageRequest, endpointFor(server.baseUrl, extra), { fetch }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ChatError);
    return error as ChatError;
  }

  it('a web page, plain text, JSON that is not a completion, an empty stream', async () => {
    expectWorded(
      await failure(() => ({
        kind: 'raw',
        headers: { 'content-type': 'text/html' },
        body: '<!doctype html><title>Open WebUI</title>',
      })),
    );
    expectWorded(await failure(() => ({ kind: 'raw', body: 'Ollama is running' })));
    expectWorded(await failure(() => ({ kind: 'json', body: { status: 'ok' } })));
    expectWorded(await failure(() => ({ kind: 'sse', chunks: [] })));
  });

  it('an error inside the stream', async () => {
    expectWorded(
      await failure(() => ({
        kind: 'sse',
        chunks: ['data: {"error":{"message":"model overloaded","code":"overloaded"}}\n\n'],
      })),
    );
  });

  it('connect and first-byte timeouts', async () => {
    expectWorded(await failure(() => new Promise(() => undefined), { timeouts: { connectMs: 150 } }));
    expectWorded(
      await failure(() => ({ kind: 'sse', chunks: [], hangAfter: true }), { timeouts: { firstByteMs: 150 } }),
    );
  });

  it('a server without a model list', async () => {
    const server = await serve(() => ({ kind: 'json', body: { status: 'ok' } }));
    const error = await listModels(endpointFor(server.baseUrl), { fetch }).catch((e: unknown) => e);
    expectWorded(error as ChatError);
  });

  it('a base URL that is not one', () => {
    for (const input of ['', 'ftp://x', 'http://user:pw@host/v1']) {
      let error: unknown;
      try {
        normalizeBaseUrl(input);
      } catch (e) {
        error = e;
      }
      expectWorded(error as ChatError);
    }
  });
});

describe('the catalogs', () => {
  it('French has every English code, with the same fields', () => {
    const fields = (text: string) => [...text.matchAll(/\{[@>]?(\w+)\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(coreEn).filter((key) => !(key in coreFr))).toEqual([]);
    for (const [key, text] of Object.entries(coreEn)) {
      if (/\.(status|advice|body|why|code|title|name)\.[^.]*$/.test(key)) continue;
      expect([key, fields(coreFr[key]!)]).toEqual([key, fields(text)]);
    }
  });

  it('an unknown code, or missing fields, fall back to the core English sentence', () => {
    expect(wordCoreMessage({ message: 'Something new.', code: 'chat.brandNew' }, coreFr)).toBe(
      'Something new.',
    );
    expect(wordCoreMessage({ message: 'No host.', code: 'chat.refused', fields: {} }, coreFr)).toBe(
      'No host.',
    );
    expect(wordCoreMessage({ message: 'No code.' }, coreFr)).toBe('No code.');
  });
});

describe('every code the core sends', () => {
  it('has an English entry that says what the core says, and a French one', async () => {
    // The core, main (its refusals) and the IPC contract (checks written for users).
    const files: string[] = [];
    for (const dir of ['electron/core', 'electron/main', 'shared'])
      for (const f of await readdir(dir, { recursive: true }))
        if (f.endsWith('.ts')) files.push(join(dir, f));
    const used = new Map<string, string | undefined>();
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      // new UserFacingError('fixed sentence', 'kind', { code: 'x' }): the sentence is the English entry.
      for (const m of text.matchAll(
        /new UserFacingError\(\s*'((?:[^'\\]|\\.)*)',\s*'[\w-]+',\s*\{\s*code: '([\w.]+)'/g,
      ))
        used.set(m[2]!, m[1]!.replace(/\\'/g, "'"));
      for (const m of text.matchAll(
        /\bcode: '((?:chat|capture|history|settings|app|link|clipboard|ocr|sharpText|ipc|accelerator|keys|hotkey|action|privacy|image|storage|proxy|web)\.[\w.]+)'/g,
      ))
        if (!used.has(m[1]!)) used.set(m[1]!, undefined);
      // new ProxyConfigError('sentence', 'proxy.code'): the same check.
      for (const m of text.matchAll(/new ProxyConfigError\(\s*'((?:[^'\\]|\\.)*)',\s*'([\w.]+)'/g))
        used.set(m[2]!, m[1]!.replace(/\\'/g, "'"));
      // A code made of parts (storage.searchDamaged.${why}): each part it can take.
      if (text.includes('`storage.searchDamaged.${'))
        for (const why of ['format', 'interrupted', 'line', 'missing'])
          used.set(`storage.searchDamaged.${why}`, undefined);
    }
    expect(used.size).toBeGreaterThan(60);
    for (const [code, sentence] of used) {
      expect([code, code in coreEn && code in coreFr]).toEqual([code, true]);
      if (sentence !== undefined) expect([code, coreEn[code]]).toEqual([code, sentence]);
    }
  });
});

describe('hotkey reasons', () => {
  it('every reason parseAccelerator gives is worded in both languages', () => {
    for (const input of ['', 'Ctrl++', 'Foo+E', 'Ctrl+Ctrl+E', 'Ctrl+Shift', 'Ctrl+Blah', 'E']) {
      const parsed = parseAccelerator(input);
      expect(parsed.ok).toBe(false);
      if (parsed.ok) continue;
      const m = {
        message: parsed.error,
        code: parsed.code,
        ...(parsed.fields ? { fields: parsed.fields } : {}),
      };
      expect(wordCoreMessage(m, coreEn)).toBe(parsed.error);
      expect(wordCoreMessage(m, coreFr)).not.toBe(parsed.error);
    }
  });
});
