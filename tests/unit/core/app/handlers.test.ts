/**
 * The walking slice below the renderer: the real handler table, capture store, chat controller
 * and chat client, dispatched exactly as IPC and web mode do, against the local mock server.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaptureInfo } from '../../../../shared/ipc-contract';
import { CaptureStore } from '../../../../electron/core/app/captures';
import { ChatController } from '../../../../electron/core/app/chat-controller';
import { createHandlerTable } from '../../../../electron/core/app/handlers';
import { dispatch, type HandlerTable } from '../../../../electron/core/ipc/dispatch';
import type { RawImage } from '../../../../electron/core/image';
import { memoryStorage, memoryVault, SettingsService } from '../../../../electron/core/settings/settings';
import { RecordingSink } from '../../../support/recording-sink';
import {
  answerText,
  loadRecording,
  splitIntoChunks,
  startMockServer,
  type MockHandler,
  type MockServer,
} from '../../../support/mock-openai-server';

const FIXTURE = readFileSync(join(import.meta.dirname, '../../../fixtures/images/screen-small.png'));

let mock: MockServer;
let reply: MockHandler;
let sink: RecordingSink;
let table: HandlerTable;
let screen: RawImage | undefined;

async function invoke(channel: string, payload: unknown): Promise<unknown> {
  const result = await dispatch(table, channel, payload);
  if (!result.ok) throw new Error(`${result.error.kind}: ${result.error.message}`);
  return result.value;
}

function finished(requestId: string): boolean {
  return sink.events.some(
    (e) => (e.channel === 'chat:done' || e.channel === 'chat:error') && e.payload.requestId === requestId,
  );
}

beforeEach(async () => {
  reply = () => ({ kind: 'sse', chunks: splitIntoChunks(loadRecording('openai-explain'), 61) });
  mock = await startMockServer((req) => reply(req));
  sink = new RecordingSink();
  screen = undefined;
  const settings = new SettingsService(memoryStorage(), memoryVault());
  settings.update({ baseUrl: mock.baseUrl, model: 'gpt-4o-mini', apiKey: 'sk-test-slice' });
  table = createHandlerTable({
    settings,
    captures: new CaptureStore(),
    events: sink,
    chat: new ChatController({
      fetch,
      events: sink,
      endpoint: () => settings.chatProfile(),
    }),
    captureScreen: () =>
      screen ? Promise.resolve({ image: screen, scaleFactor: 1 }) : Promise.reject(new Error('no screen')),
  });
});

afterEach(async () => {
  await mock.close();
});

describe('the slice through the handler table', () => {
  it('streams a recorded answer in order and completely, with the image sent as a PNG data URI', async () => {
    const capture = (await invoke('capture:image', { name: 'screen.png', bytes: FIXTURE })) as CaptureInfo;
    expect(sink.of('capture:ready')).toEqual([capture]);
    expect(capture).toMatchObject({ width: 640, height: 400, mime: 'image/png', autoAsk: false });

    await invoke('chat:ask', { requestId: 'r1', captureId: capture.captureId, prompt: 'Explain.' });
    await sink.until(() => finished('r1'));

    const deltas = sink.of('chat:delta');
    expect(deltas.map((d) => d.seq)).toEqual(deltas.map((_, i) => i));
    const text = deltas.flatMap((d) => d.parts.map((p) => p.content ?? '')).join('');
    expect(text).toBe(answerText('openai-explain'));
    const [done] = sink.of('chat:done');
    expect(done).toMatchObject({ requestId: 'r1', finishReason: 'stop' });
    expect(done?.usage?.completion_tokens).toBeGreaterThan(0);

    const request = mock.requests.at(-1)!;
    expect(request.headers.authorization).toBe('Bearer sk-test-slice');
    const body = request.body as {
      model: string;
      stream: boolean;
      messages: { content: { type: string; text?: string; image_url?: { url: string } }[] }[];
    };
    expect(body).toMatchObject({ model: 'gpt-4o-mini', stream: true });
    const parts = body.messages[0]!.content;
    expect(parts[0]).toEqual({ type: 'text', text: 'Explain.' });
    const url = parts[1]?.image_url?.url ?? '';
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    const sent = Buffer.from(url.slice('data:image/png;base64,'.length), 'base64');
    expect(sent.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('captures the screen the way the hotkey does, and marks it to be asked at once', async () => {
    const width = 64;
    const height = 32;
    const data = new Uint8Array(width * height * 4).fill(200);
    screen = { data, width, height, channels: 4, order: 'bgra' };
    const capture = (await invoke('capture:screen', undefined)) as CaptureInfo;
    expect(capture).toMatchObject({ width, height, autoAsk: true });
    expect(sink.of('capture:ready')).toHaveLength(1);
  });

  it('stops a streaming answer and keeps what arrived', async () => {
    reply = () => ({
      kind: 'sse',
      chunks: splitIntoChunks(loadRecording('openai-explain'), 61),
      ratePerSecond: 200,
    });
    const capture = (await invoke('capture:image', { name: 'a.png', bytes: FIXTURE })) as CaptureInfo;
    await invoke('chat:ask', { requestId: 'r2', captureId: capture.captureId, prompt: 'Explain.' });
    await sink.until(() => sink.of('chat:delta').length > 0);
    expect(await invoke('chat:stop', { requestId: 'r2' })).toEqual({ stopped: true });
    await sink.until(() => finished('r2'));
    const [error] = sink.of('chat:error');
    expect(error).toMatchObject({ requestId: 'r2', kind: 'aborted', interrupted: true });
    expect(sink.of('chat:done')).toHaveLength(0);
    expect(await invoke('chat:stop', { requestId: 'r2' })).toEqual({ stopped: false });
  });

  it("reports a refused key with the server's reason, in words a user can act on", async () => {
    reply = () => ({
      kind: 'json',
      status: 401,
      body: { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error' } },
    });
    const capture = (await invoke('capture:image', { name: 'a.png', bytes: FIXTURE })) as CaptureInfo;
    await invoke('chat:ask', { requestId: 'r3', captureId: capture.captureId, prompt: 'Explain.' });
    await sink.until(() => finished('r3'));
    const [error] = sink.of('chat:error');
    expect(error).toMatchObject({ kind: 'auth', status: 401, interrupted: false });
    expect(error?.message).toMatch(/API key/);
    expect(error?.message).toContain('Incorrect API key provided.');
    expect(error?.message).not.toContain('sk-test-slice');
  });

  it('refuses what cannot be asked, before anything is sent', async () => {
    await expect(invoke('chat:ask', { requestId: 'r4', captureId: 'gone', prompt: 'x' })).rejects.toThrow(
      /capture-gone: .*Capture the screen again/,
    );
    await expect(
      invoke('capture:image', { name: 'notes.txt', bytes: new TextEncoder().encode('hello') }),
    ).rejects.toThrow(/^image-/);
    expect(mock.requests).toHaveLength(0);
  });
});
