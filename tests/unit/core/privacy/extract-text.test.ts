/**
 * "Extract text" through the real handler table and dispatch: a capture's text, read offline.
 * No request leaves: the chat's fetch records every call and must see none.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { CaptureInfo, EventChannel, EventPayloads } from '../../../../shared/ipc-contract';
import { CaptureStore } from '../../../../electron/core/app/captures';
import { ChatController } from '../../../../electron/core/app/chat-controller';
import { createHandlerTable } from '../../../../electron/core/app/handlers';
import { dispatch, type EventSink } from '../../../../electron/core/ipc/dispatch';
import { OcrEngine } from '../../../../electron/core/privacy/index';
import { memoryStorage, memoryVault, SettingsService } from '../../../../electron/core/settings/settings';
import { readManifest, readScreen } from '../../../fixtures/privacy/manifest';

const engine = new OcrEngine();
afterAll(() => engine.dispose());

function table(withOcr: boolean) {
  const fetched: string[] = [];
  const events: EventSink = { emit<C extends EventChannel>(_c: C, _p: EventPayloads[C]) {} };
  const settings = new SettingsService(memoryStorage(), memoryVault());
  const recordingFetch: typeof fetch = (input) => {
    fetched.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    return Promise.reject(new Error('no network in this test'));
  };
  const handlers = createHandlerTable({
    settings,
    captures: new CaptureStore(),
    events,
    chat: new ChatController({ fetch: recordingFetch, events, endpoint: () => settings.chatProfile() }),
    ...(withOcr ? { ocr: engine } : {}),
  });
  return { handlers, fetched };
}

describe('privacy:extract-text', () => {
  it('returns the text of a capture, lines as laid out, without calling any endpoint', async () => {
    const image = (await readManifest()).images.find((i) => i.file === 'env-editor@2x.png')!;
    const { handlers, fetched } = table(true);
    const added = await dispatch(handlers, 'capture:image', {
      name: image.file,
      bytes: await readScreen(image),
    });
    if (!added.ok) throw new Error(added.error.message);
    const reply = await dispatch(handlers, 'privacy:extract-text', {
      captureId: (added.value as CaptureInfo).captureId,
    });
    if (!reply.ok) throw new Error(reply.error.message);
    const lines = (reply.value as { text: string }).text.split('\n');
    expect(lines.some((l) => l.includes('PORT=3000'))).toBe(true);
    expect(lines.some((l) => /LOG.LEVEL=info/.test(l))).toBe(true);
    expect(fetched).toEqual([]);
  }, 60_000);

  it('says so where OCR is not available, and refuses a malformed request', async () => {
    const { handlers } = table(false);
    const reply = await dispatch(handlers, 'privacy:extract-text', { captureId: 'c1' });
    expect(reply).toEqual({
      ok: false,
      // The code lets the renderer word it in the user's language (core-messages.ts).
      error: {
        kind: 'unsupported',
        code: 'ocr.unavailable',
        message: 'Text extraction is not available here.',
      },
    });
    const bad = await dispatch(handlers, 'privacy:extract-text', { captureId: '' });
    expect(bad.ok).toBe(false);
  });
});
