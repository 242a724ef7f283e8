/**
 * The channels the answer renderer needs from main: opening a clicked link (http(s) only, in
 * canonical form), writing the clipboard, and follow-up messages that keep the image with the
 * first question.
 */
import { describe, expect, it } from 'vitest';
import { buildMessages, ChatController } from '../../../../electron/core/app/chat-controller';
import { sseFromTokens, tokenize } from '../../../support/markdown-answers';
import { startMockServer } from '../../../support/mock-openai-server';
import { createHandlerTable, type AppServices } from '../../../../electron/core/app/handlers';
import { dispatch } from '../../../../electron/core/ipc/dispatch';
import type { PreparedImage } from '../../../../electron/core/image';
import { memoryStorage, memoryVault, SettingsService } from '../../../../electron/core/settings/settings';

function table(overrides: Partial<AppServices> = {}) {
  // Only the channels under test run: the other services are never touched.
  return createHandlerTable({
    settings: new SettingsService(memoryStorage(), memoryVault()),
    captures: {} as AppServices['captures'],
    chat: {} as AppServices['chat'],
    events: { emit: () => {} },
    ...overrides,
  });
}

describe('app:open-external', () => {
  it('hands the canonical http(s) URL to the opener', async () => {
    const opened: string[] = [];
    const handlers = table({ openExternal: (url) => Promise.resolve(void opened.push(url)) });
    expect(await dispatch(handlers, 'app:open-external', { url: 'HTTPS://Example.com/a?q=%C3%A9' })).toEqual({
      ok: true,
      value: { opened: true },
    });
    expect(opened).toEqual(['https://example.com/a?q=%C3%A9']);
  });

  it('refuses every other scheme, credentials and junk without calling the opener', async () => {
    const opened: string[] = [];
    const handlers = table({ openExternal: (url) => Promise.resolve(void opened.push(url)) });
    for (const url of [
      'javascript:alert(1)',
      'data:text/html,<script>x</script>',
      'file:///etc/passwd',
      'vbscript:x',
      'smb://server/share',
      'https://trusted.example@evil.example/',
      'http:/missing-slash',
      '/relative',
    ]) {
      const reply = await dispatch(handlers, 'app:open-external', { url });
      expect(reply).toEqual({
        ok: false,
        error: {
          message: 'Only web links (http or https) can be opened.',
          kind: 'refused-url',
          code: 'link.refused',
        },
      });
    }
    expect(await dispatch(handlers, 'app:open-external', { url: '' })).toMatchObject({ ok: false });
    expect(
      await dispatch(handlers, 'app:open-external', { url: 'https://x.example', extra: 1 }),
    ).toMatchObject({
      ok: false,
      error: { kind: 'invalid-payload' },
    });
    expect(opened).toEqual([]);
  });

  it('says so plainly where links cannot be opened', async () => {
    expect(await dispatch(table(), 'app:open-external', { url: 'https://example.com' })).toEqual({
      ok: false,
      error: { message: 'Links cannot be opened here.', kind: 'unsupported', code: 'link.unavailable' },
    });
  });
});

describe('clipboard:write', () => {
  it('writes the text through the injected writer', async () => {
    const written: string[] = [];
    const handlers = table({ writeClipboard: (text) => void written.push(text) });
    expect(await dispatch(handlers, 'clipboard:write', { text: '# Answer\n\n`code`' })).toEqual({
      ok: true,
      value: { written: true },
    });
    expect(written).toEqual(['# Answer\n\n`code`']);
  });

  it('refuses what is not a string or too long', async () => {
    const written: string[] = [];
    const handlers = table({ writeClipboard: (text) => void written.push(text) });
    expect(await dispatch(handlers, 'clipboard:write', { text: 42 })).toMatchObject({ ok: false });
    expect(
      await dispatch(handlers, 'clipboard:write', { text: 'x'.repeat(4 * 1024 * 1024 + 1) }),
    ).toMatchObject({
      ok: false,
    });
    expect(written).toEqual([]);
  });
});

describe('follow-up messages', () => {
  const image = { dataUri: 'data:image/png;base64,AAAA' } as PreparedImage;

  it('a first question carries the image', () => {
    expect(buildMessages({ image }, 'Explain', [])).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Explain' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
        ],
      },
    ]);
  });

  it('a follow-up resends the turns, the image with the first question only', () => {
    const messages = buildMessages({ image }, 'And in French?', [
      { role: 'user', content: 'Explain' },
      { role: 'assistant', content: 'It is an error.' },
    ]);
    expect(messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Explain' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
        ],
      },
      { role: 'assistant', content: 'It is an error.' },
      { role: 'user', content: 'And in French?' },
    ]);
  });

  it('chat:ask refuses a malformed history', async () => {
    const handlers = table();
    const ask = (history: unknown) =>
      dispatch(handlers, 'chat:ask', { requestId: 'r', captureId: 'c', prompt: 'p', history });
    expect(await ask([{ role: 'system', content: 'x' }])).toMatchObject({
      ok: false,
      error: { kind: 'invalid-payload' },
    });
    expect(await ask(Array.from({ length: 65 }, () => ({ role: 'user', content: 'x' })))).toMatchObject({
      ok: false,
      error: { kind: 'invalid-payload' },
    });
  });
});

describe('endpoint:models', () => {
  it('lists the models, sending the stored key only to the base URL saved with it', async () => {
    const mock = await startMockServer(() => undefined);
    try {
      const settings = new SettingsService(memoryStorage(), memoryVault());
      settings.update({ baseUrl: mock.baseUrl, model: 'gpt-4o-mini', apiKey: 'sk-stored-123' });
      const chat = new ChatController({
        fetch: globalThis.fetch,
        events: { emit: () => {} },
        endpoint: () => settings.chatProfile(),
      });
      const handlers = table({ settings, chat });
      const profileId = settings.current.activeProfileId;

      expect(await dispatch(handlers, 'endpoint:models', { baseUrl: mock.baseUrl, profileId })).toEqual({
        ok: true,
        value: { models: ['gpt-4o', 'gpt-4o-mini'] },
      });
      // Another base URL (even on the same host): the stored key stays home.
      const elsewhere = `${mock.url}/elsewhere/v1`;
      await dispatch(handlers, 'endpoint:models', { baseUrl: elsewhere, profileId });
      // A key typed in the form is used as given.
      await dispatch(handlers, 'endpoint:models', { baseUrl: elsewhere, apiKey: 'sk-typed' });
      const seen = mock.requests.map((r) => [r.path, r.headers.authorization ?? null]);
      expect(seen).toEqual([
        ['/v1/models', 'Bearer sk-stored-123'],
        ['/elsewhere/v1/models', null],
        ['/elsewhere/v1/models', 'Bearer sk-typed'],
      ]);
    } finally {
      await mock.close();
    }
  });

  it('reports what went wrong in words, never a stack', async () => {
    const chat = new ChatController({
      fetch: globalThis.fetch,
      events: { emit: () => {} },
      endpoint: () => {
        throw new Error('unused');
      },
    });
    const reply = await dispatch(table({ chat }), 'endpoint:models', { baseUrl: 'http://127.0.0.1:9/v1' });
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.message).toMatch(/127\.0\.0\.1/);
      expect(reply.error.message).not.toMatch(/at .*\.ts/);
    }
  });
});

describe('endpoint:test', () => {
  function controller() {
    return new ChatController({
      fetch: globalThis.fetch,
      events: { emit: () => {} },
      endpoint: () => {
        throw new Error('unused');
      },
    });
  }

  it('a server without GET /models passes by a chat with the typed model', async () => {
    // Many local and proxy servers answer 404 on /models: the first-run guide could not finish.
    const mock = await startMockServer((req) =>
      req.path.endsWith('/models')
        ? { kind: 'json', status: 404, body: { error: { message: 'Not Found' } } }
        : { kind: 'sse', chunks: sseFromTokens(tokenize('OK')) },
    );
    try {
      const reply = await dispatch(table({ chat: controller() }), 'endpoint:test', {
        baseUrl: mock.baseUrl,
        model: 'local-vision',
        apiKey: 'sk-typed',
      });
      expect(reply).toEqual({ ok: true, value: { models: [], via: 'chat' } });
      const chatRequest = mock.requests.find((r) => r.path.endsWith('/chat/completions'));
      expect((chatRequest?.body as { model?: string }).model).toBe('local-vision');
      expect(chatRequest?.headers.authorization).toBe('Bearer sk-typed');
    } finally {
      await mock.close();
    }
  });

  it('a server with a model list is tested by the list alone; a wrong key is not retried by chat', async () => {
    const listed = await startMockServer(() => undefined);
    const refused = await startMockServer(() => ({
      kind: 'json',
      status: 401,
      body: { error: { message: 'Incorrect API key provided' } },
    }));
    try {
      const handlers = table({ chat: controller() });
      expect(await dispatch(handlers, 'endpoint:test', { baseUrl: listed.baseUrl, model: 'gpt-4o' })).toEqual(
        {
          ok: true,
          value: { models: ['gpt-4o', 'gpt-4o-mini'], via: 'models' },
        },
      );
      expect(listed.requests.map((r) => r.path)).toEqual(['/v1/models']);
      const reply = await dispatch(handlers, 'endpoint:test', { baseUrl: refused.baseUrl, model: 'gpt-4o' });
      expect(reply.ok).toBe(false);
      expect(refused.requests.map((r) => r.path)).toEqual(['/v1/models']);
    } finally {
      await listed.close();
      await refused.close();
    }
  });
});
