/**
 * The stored proxy password reaches the proxy, and only the proxy: a local forward proxy on
 * 127.0.0.1 records each CONNECT's Proxy-Authorization and tunnels to the mock server, for a
 * chat answer (settings.chatProfile) and for the model list (the `endpoint:models` handler).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaptureStore } from '../../../../electron/core/app/captures';
import { ChatController } from '../../../../electron/core/app/chat-controller';
import { createHandlerTable } from '../../../../electron/core/app/handlers';
import type { PreparedImage } from '../../../../electron/core/image';
import { dispatch, type HandlerTable } from '../../../../electron/core/ipc/dispatch';
import { createFetchSelector } from '../../../../electron/core/net/proxy-fetch';
import { STORED_PROXY_PASSWORD } from '../../../../electron/core/settings/proxy-secrets';
import { memoryStorage, memoryVault, SettingsService } from '../../../../electron/core/settings/settings';
import { loadRecording, startMockServer, type MockServer } from '../../../support/mock-openai-server';
import { RecordingSink } from '../../../support/recording-sink';
import { startForwardProxy, type ForwardProxy } from '../../../support/forward-proxy';

const PASSWORD = 'pxSecret-93c1aa07';

let mock: MockServer;
let proxy: ForwardProxy;
let settings: SettingsService;
let sink: RecordingSink;
let chat: ChatController;
let table: HandlerTable;
let baseUrl: string;

beforeEach(async () => {
  mock = await startMockServer((req) =>
    req.path.endsWith('/chat/completions')
      ? { kind: 'sse', chunks: [loadRecording('openai-explain')] }
      : undefined,
  );
  proxy = await startForwardProxy(Number(new URL(mock.url).port));
  // Not loopback, so it goes through the proxy, which maps it to the mock server.
  baseUrl = `http://api.glimpse-upstream.test:${new URL(mock.url).port}/v1`;
  settings = new SettingsService(memoryStorage(), memoryVault());
  settings.update({ baseUrl, model: 'gpt-4o-mini', apiKey: 'sk-test-proxy' });
  const proxyUrl = proxy.url.replace('http://', `http://alice:${PASSWORD}@`);
  const profile = { ...settings.current.profiles[0]!, proxy: { mode: 'custom' as const, url: proxyUrl } };
  settings.saveProfile({ profile }, () => 'unused');
  sink = new RecordingSink();
  chat = new ChatController({
    fetch: () => Promise.reject(new Error('the system fetch must not be used')),
    fetchFor: createFetchSelector({ system: globalThis.fetch, direct: globalThis.fetch }),
    events: sink,
    endpoint: () => settings.chatProfile(),
  });
  table = createHandlerTable({ settings, captures: new CaptureStore(), chat, events: sink });
});

afterEach(async () => {
  await proxy.close();
  await mock.close();
});

const expected = `Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`;

describe('the stored proxy password on the wire', () => {
  it('authenticates a chat answer at the proxy, and never reaches the endpoint', async () => {
    expect(settings.current.profiles[0]!.proxy.url).toContain(STORED_PROXY_PASSWORD);
    chat.ask('r1', { image: { dataUri: 'data:image/png;base64,AAAA' } as PreparedImage }, 'Explain.');
    await sink.until(() => sink.events.some((e) => e.channel === 'chat:done' || e.channel === 'chat:error'));
    expect(sink.of('chat:error')).toEqual([]);
    expect(proxy.authorizations).toEqual([expected]);
    expect(mock.requests).toHaveLength(1);
    expect(JSON.stringify(mock.requests)).not.toContain(PASSWORD);
  });

  it('authenticates the model list asked for the saved profile', async () => {
    const result = await dispatch(table, 'endpoint:models', {
      baseUrl,
      profileId: settings.current.activeProfileId,
    });
    expect(result.ok).toBe(true);
    expect(proxy.authorizations).toEqual([expected]);
    expect(JSON.stringify(mock.requests)).not.toContain(PASSWORD);
  });
});
