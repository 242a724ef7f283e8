/**
 * The proxy-aware fetch against a local forward proxy. Every connection stays on 127.0.0.1: the
 * proxy resolves any upstream host name to the local mock server, like a proxy in front of the
 * real endpoint would.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChatController } from '../../../../electron/core/app/chat-controller';
import type { EventChannel, EventPayloads } from '../../../../shared/ipc-contract';
import type { PreparedImage } from '../../../../electron/core/image';
import {
  createFetchSelector,
  createProxyFetch,
  parseProxyUrl,
  ProxyConfigError,
} from '../../../../electron/core/net/proxy-fetch';
import {
  answerText,
  loadRecording,
  startMockServer,
  type MockServer,
} from '../../../support/mock-openai-server';
import { startForwardProxy, type ForwardProxy } from '../../../support/forward-proxy';

let mock: MockServer;
let proxy: ForwardProxy;

beforeEach(async () => {
  mock = await startMockServer((req) =>
    req.path.endsWith('/chat/completions')
      ? { kind: 'sse', chunks: [loadRecording('openai-explain')] }
      : undefined,
  );
  proxy = await startForwardProxy(Number(new URL(mock.url).port));
});

afterEach(async () => {
  await proxy.close();
  await mock.close();
});

function upstreamModelsUrl(): string {
  // A name that is not loopback; only the proxy ever sees it, and maps it to the mock server.
  return `http://models.glimpse-upstream.test:${new URL(mock.url).port}/v1/models`;
}

describe('proxy fetch', () => {
  it('sends remote endpoints through HTTP_PROXY from the environment', async () => {
    const fetch = createProxyFetch({ env: { HTTP_PROXY: proxy.url } });
    const response = await fetch(upstreamModelsUrl());
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);
    expect(proxy.seen).toHaveLength(1);
    expect(proxy.seen[0]).toContain('models.glimpse-upstream.test');
  });

  it('reads the lower-case variables too, as curl does', async () => {
    const fetch = createProxyFetch({ env: { http_proxy: proxy.url } });
    expect((await fetch(upstreamModelsUrl())).status).toBe(200);
    expect(proxy.seen).toHaveLength(1);
  });

  it('never proxies loopback endpoints such as a local Ollama', async () => {
    const fetch = createProxyFetch({ env: { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url } });
    for (const base of [mock.url, mock.url.replace('127.0.0.1', 'localhost')]) {
      expect((await fetch(`${base}/v1/models`)).status).toBe(200);
    }
    expect(proxy.seen).toEqual([]);
    expect(mock.requests).toHaveLength(2);
  });

  it('lets an explicit proxy from settings override the environment', async () => {
    const fetch = createProxyFetch({ proxyUrl: proxy.url, env: { HTTP_PROXY: 'http://127.0.0.1:9' } });
    expect((await fetch(upstreamModelsUrl())).status).toBe(200);
    expect(proxy.seen).toHaveLength(1);
  });

  it('respects NO_PROXY for the hosts the user lists', async () => {
    const fetch = createProxyFetch({ env: { HTTP_PROXY: proxy.url, NO_PROXY: 'example.org' } });
    expect((await fetch(upstreamModelsUrl())).status).toBe(200);
    expect(proxy.seen).toHaveLength(1);
    const bypass = createProxyFetch({ env: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' } });
    expect((await bypass(`${mock.url}/v1/models`)).status).toBe(200);
    expect(proxy.seen).toHaveLength(1);
  });

  it('is plain fetch when no proxy is configured', () => {
    expect(createProxyFetch({ env: {} })).toBe(globalThis.fetch);
  });

  it('says what is wrong with a malformed proxy URL', () => {
    expect(parseProxyUrl('proxy.corp:3128')).toBe('http://proxy.corp:3128/');
    expect(() => parseProxyUrl('socks5://proxy:1080')).toThrow(ProxyConfigError);
    expect(() => parseProxyUrl('http://')).toThrow(/not a URL|no host/);
    expect(() => createProxyFetch({ proxyUrl: 'ftp://x' })).toThrow(/http:\/\/ or https:\/\//);
  });
});

describe("a profile's proxy choice", () => {
  const marked = (name: string): typeof globalThis.fetch => {
    const fetch = ((input: string | URL | Request, init?: RequestInit) =>
      globalThis.fetch(input, init)) as typeof globalThis.fetch;
    Object.defineProperty(fetch, 'name', { value: name });
    return fetch;
  };

  it('picks the system fetch, a direct one, or one through the profile proxy, made once', async () => {
    const system = marked('system');
    const direct = marked('direct');
    const select = createFetchSelector({ system, direct });
    expect(select(undefined)).toBe(system);
    expect(select({ mode: 'system', url: proxy.url })).toBe(system);
    expect(select({ mode: 'none', url: proxy.url })).toBe(direct);
    const custom = select({ mode: 'custom', url: proxy.url });
    expect(custom).not.toBe(system);
    expect(select({ mode: 'custom', url: proxy.url })).toBe(custom);
    expect((await custom(upstreamModelsUrl())).status).toBe(200);
    expect(proxy.seen).toHaveLength(1);
  });

  it('sends a profile with a custom proxy through it, and says so when the proxy is malformed', async () => {
    const events: { channel: EventChannel; payload: unknown }[] = [];
    let proxyChoice = { mode: 'custom' as const, url: proxy.url };
    const baseUrl = upstreamModelsUrl().replace(/\/models$/, '');
    const chat = new ChatController({
      fetch: () => Promise.reject(new Error('the system fetch must not be used')),
      fetchFor: createFetchSelector({ system: globalThis.fetch, direct: globalThis.fetch }),
      events: {
        emit<C extends EventChannel>(channel: C, payload: EventPayloads[C]) {
          events.push({ channel, payload });
        },
      },
      endpoint: () => ({ endpoint: { baseUrl, apiKey: 'k' }, model: 'm', profile: { proxy: proxyChoice } }),
    });
    const image = { dataUri: 'data:image/png;base64,AAAA' } as PreparedImage;
    chat.ask('p1', { image }, 'hi');
    while (!events.some((e) => e.channel === 'chat:done' || e.channel === 'chat:error'))
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(events.find((e) => e.channel === 'chat:error')).toBeUndefined();
    const text = events
      .filter((e) => e.channel === 'chat:delta')
      .flatMap((e) => (e.payload as EventPayloads['chat:delta']).parts.map((p) => p.content ?? ''))
      .join('');
    expect(text).toBe(answerText('openai-explain'));
    expect(proxy.seen.some((line) => line.includes('glimpse-upstream.test'))).toBe(true);

    proxyChoice = { mode: 'custom', url: 'ftp://proxy' };
    expect(() => chat.ask('p2', { image }, 'hi')).toThrow(/http:\/\/ or https:\/\//);
  });
});
