/**
 * The shield for captures that skip the overlay (dropped images, the whole-screen hotkey),
 * through the real handler table, capture store, chat controller and dispatch, against the local
 * mock server: scanned on arrival, proposals pushed to the panel, the send held back until the
 * boxes are decided (or, for the hotkey, every box burned in), the wait bounded and said plainly.
 *
 * The reader answers with a page the real OCR read once, but only when the test releases it, so
 * "finished while the send waited" and "did not finish" are each certain, not a race.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { shieldOn } from './support/settings';
import type { PrivacySettings } from '../../../../shared/settings-schema';
import { CaptureStore } from '../../../../electron/core/app/captures';
import { ChatController } from '../../../../electron/core/app/chat-controller';
import { createHandlerTable } from '../../../../electron/core/app/handlers';
import type { RawImage } from '../../../../electron/core/image';
import { RecordingSink } from '../../../support/recording-sink';
import { coreEn, coreFr, wordCoreMessage } from '../../../../renderer/src/lib/i18n/core-messages';
import { dispatch, type HandlerTable } from '../../../../electron/core/ipc/dispatch';
import {
  CaptureShield,
  OcrCancelledError,
  OcrEngine,
  type OcrPage,
  type OcrReader,
} from '../../../../electron/core/privacy/index';
import { memoryStorage, memoryVault, SettingsService } from '../../../../electron/core/settings/settings';
import { judge } from '../../../fixtures/privacy/evaluate';
import { readManifest, readScreen } from '../../../fixtures/privacy/manifest';
import {
  loadRecording,
  splitIntoChunks,
  startMockServer,
  type MockServer,
} from '../../../support/mock-openai-server';

const manifest = await readManifest();
const terminal = manifest.images.find((i) => i.file === 'terminal@1x.png')!;
// English and French together, as the app and web mode read.
const ocrDir = mkdtempSync(join(tmpdir(), 'glimpse-capture-shield-ocr-'));
const engine = new OcrEngine({ languages: ['eng', 'fra'], dataDir: ocrDir });
let png: Uint8Array;
let raw: RawImage;
let page: OcrPage;

beforeAll(async () => {
  png = await readScreen(terminal);
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  raw = { data: new Uint8Array(data), width: info.width, height: info.height, channels: 4, order: 'rgba' };
  page = await engine.recognize(png);
}, 60_000);
afterAll(async () => {
  await engine.dispose();
  rmSync(ocrDir, { recursive: true, force: true });
});

/** Answers with the real OCR page (or fails) only when told; until then the scan runs. */
class GatedReader implements OcrReader {
  calls = 0;
  #settle: ((ok: boolean) => void) | undefined;
  recognize(_input: unknown, options: { signal?: AbortSignal } = {}): Promise<OcrPage> {
    this.calls++;
    return new Promise((resolve, reject) => {
      this.#settle = (ok) => (ok ? resolve(page) : reject(new Error('tesseract crashed')));
      options.signal?.addEventListener('abort', () => reject(new OcrCancelledError()));
    });
  }
  release(ok = true): void {
    this.#settle?.(ok);
  }
}

let mock: MockServer;
let sink: RecordingSink;
let table: HandlerTable;
let reader: GatedReader;
let shieldSettings: PrivacySettings;

beforeEach(async () => {
  mock = await startMockServer(() => ({
    kind: 'sse',
    chunks: splitIntoChunks(loadRecording('openai-explain'), 4096),
  }));
  sink = new RecordingSink();
  reader = new GatedReader();
  shieldSettings = shieldOn();
  const settings = new SettingsService(memoryStorage(), memoryVault());
  settings.update({ baseUrl: mock.baseUrl, model: 'gpt-4o-mini', apiKey: 'sk-test-slice' });
  const chat = new ChatController({ fetch, events: sink, endpoint: () => settings.chatProfile() });
  table = createHandlerTable({
    settings,
    captures: new CaptureStore(),
    events: sink,
    chat,
    captureScreen: () => Promise.resolve({ image: raw, scaleFactor: 1 }),
    captureShield: new CaptureShield({ engine: reader, settings: () => shieldSettings, events: sink }),
  });
});
afterEach(() => mock.close());

async function call(channel: string, payload: unknown) {
  return dispatch(table, channel, payload);
}
async function invoke<T>(channel: string, payload: unknown): Promise<T> {
  const reply = await call(channel, payload);
  if (!reply.ok) throw new Error(`${reply.error.kind}: ${reply.error.message}`);
  return reply.value as T;
}

const completions = () => mock.requests.filter((r) => r.path.endsWith('/chat/completions'));

/** The image of the last request the mock server received. */
function sentImage(): Uint8Array {
  const body = completions().at(-1)!.body as {
    messages: { content: string | { type: string; image_url?: { url: string } }[] }[];
  };
  const parts = body.messages.flatMap((m) => (typeof m.content === 'string' ? [] : m.content));
  const url = parts.find((p) => p.type === 'image_url')!.image_url!.url;
  return new Uint8Array(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
}

async function finished(requestId: string): Promise<void> {
  await sink.until(() =>
    sink.events.some(
      (e) => (e.channel === 'chat:done' || e.channel === 'chat:error') && e.payload.requestId === requestId,
    ),
  );
}

describe('shield on dropped images and the whole-screen hotkey', () => {
  it('a dropped image is scanned on arrival; the send waits for the user, kept boxes are black in what is sent', async () => {
    const info = await invoke<{ captureId: string; autoAsk: boolean }>('capture:image', {
      name: 'x.png',
      bytes: png,
    });
    expect(info.autoAsk).toBe(false);
    expect(sink.of('privacy:scan').map((e) => e.state)).toEqual(['scanning']);
    reader.release();
    await sink.until(() => sink.of('privacy:scan').some((e) => e.state === 'done'));
    const done = sink.of('privacy:scan').at(-1)!;
    expect(done).toMatchObject({ captureId: info.captureId, sourceWidth: 760, sourceHeight: 420 });
    expect(done.proposals.length).toBe(terminal.secrets.length);
    expect(done.proposals[0]!.label).toBe('API key or token');
    // The panel says how long the scan took: only once it ended.
    expect(sink.of('privacy:scan')[0]!.scanMs).toBeUndefined();
    expect(done.scanMs).toEqual(expect.any(Number));

    // Nobody decided yet: held back, no request made.
    const held = await call('chat:ask', { requestId: 'r1', captureId: info.captureId, prompt: 'Explain' });
    expect(held).toMatchObject({ ok: false, error: { kind: 'privacy-review' } });
    expect(!held.ok && held.error.message).toMatch(/found \d+ things .*API key or token/);
    // Worded by the page from its code and the categories found (issue 16.5), English as main says it.
    expect(!held.ok && held.error.code).toBe('privacy.foundAsk');
    if (!held.ok) {
      expect(wordCoreMessage(held.error, coreEn)).toBe(held.error.message);
      expect(wordCoreMessage(held.error, coreFr)).toMatch(
        /^Le bouclier de confidentialité a trouvé dans cette image \d+ éléments .*clé d’API ou jeton/,
      );
    }
    expect(completions()).toHaveLength(0);

    // Keep all but the last; add the user's own box over the last one instead.
    const kept = done.proposals.slice(0, -1);
    const last = done.proposals.at(-1)!;
    const redacted = await invoke<{ captureId: string; previewUrl: string }>('capture:redact', {
      captureId: info.captureId,
      boxes: [...kept.map((p) => p.rect), { ...last.rect }],
      reviewed: done.proposals.map((p) => p.id),
    });
    expect(redacted.captureId).toBe(info.captureId);

    await invoke('chat:ask', { requestId: 'r2', captureId: info.captureId, prompt: 'Explain' });
    await finished('r2');
    const verdict = await judge(terminal, png, sentImage(), []);
    expect(verdict.missed).toEqual([]);
    expect(verdict.plainHit).toEqual([]);
  });

  it('a dismissed box is not burned in, and an empty list sends the image as captured', async () => {
    const info = await invoke<{ captureId: string }>('capture:image', { name: 'x.png', bytes: png });
    reader.release();
    await sink.until(() => sink.of('privacy:scan').some((e) => e.state === 'done'));
    const { proposals } = sink.of('privacy:scan').at(-1)!;
    await invoke('capture:redact', { captureId: info.captureId, boxes: proposals.map((p) => p.rect) });
    // Changed their mind: everything dismissed.
    await invoke('capture:redact', {
      captureId: info.captureId,
      boxes: [],
      reviewed: proposals.map((p) => p.id),
    });
    await invoke('chat:ask', { requestId: 'r1', captureId: info.captureId, prompt: 'Explain' });
    await finished('r1');
    const verdict = await judge(terminal, png, sentImage(), []);
    expect(verdict.covered).toEqual([]);
  });

  it('the hotkey’s auto-ask waits for the scan, then every box found is burned in before it goes', async () => {
    const info = await invoke<{ captureId: string; autoAsk: boolean }>('capture:screen', undefined);
    expect(info.autoAsk).toBe(true);
    const asked = invoke('chat:ask', { requestId: 'r1', captureId: info.captureId, prompt: 'Explain' });
    // The scan is still running: the send waits, nothing has gone.
    await Promise.resolve();
    expect(completions()).toHaveLength(0);
    reader.release();
    await asked;
    await finished('r1');
    const applied = sink.of('privacy:applied');
    expect(applied).toHaveLength(1);
    expect(applied[0]!.applied).toHaveLength(terminal.secrets.length);
    // The panel was shown the image before the request: the event precedes chat:done.
    const order = sink.events.map((e) => e.channel);
    expect(order.indexOf('privacy:applied')).toBeLessThan(order.indexOf('chat:done'));
    expect(applied[0]!.capture.previewUrl).not.toBe('');
    const verdict = await judge(terminal, png, sentImage(), []);
    expect(verdict.missed).toEqual([]);
    expect(verdict.plainHit).toEqual([]);
  });

  it('a scan that does not finish within the bound: refused once with a plain sentence, the next send goes', async () => {
    shieldSettings = shieldOn({ waitMs: 20 });
    const info = await invoke<{ captureId: string }>('capture:screen', undefined);
    const first = await call('chat:ask', { requestId: 'r1', captureId: info.captureId, prompt: 'Explain' });
    expect(first).toMatchObject({ ok: false, error: { kind: 'privacy-pending' } });
    expect(!first.ok && first.error.message).toMatch(/has not finished reading this image/);
    expect(sink.of('privacy:scan').at(-1)!.state).toBe('timeout');
    expect(completions()).toHaveLength(0);
    await invoke('chat:ask', { requestId: 'r2', captureId: info.captureId, prompt: 'Explain' });
    await finished('r2');
    expect(completions()).toHaveLength(1);
  });

  it('a scan that fails says nothing was checked, once', async () => {
    const info = await invoke<{ captureId: string }>('capture:image', { name: 'x.png', bytes: png });
    reader.release(false);
    await sink.until(() => sink.of('privacy:scan').some((e) => e.state === 'failed'));
    const first = await call('chat:ask', { requestId: 'r1', captureId: info.captureId, prompt: 'Explain' });
    expect(first).toMatchObject({ ok: false, error: { kind: 'privacy-pending' } });
    expect(!first.ok && first.error.message).toMatch(/could not read this image/);
    await invoke('chat:ask', { requestId: 'r2', captureId: info.captureId, prompt: 'Explain' });
    await finished('r2');
    expect(completions()).toHaveLength(1);
  });

  it('shield off: nothing is read and the send goes at once', async () => {
    shieldSettings = shieldOn({ enabled: false });
    const info = await invoke<{ captureId: string }>('capture:image', { name: 'x.png', bytes: png });
    await invoke('chat:ask', { requestId: 'r1', captureId: info.captureId, prompt: 'Explain' });
    await finished('r1');
    expect(reader.calls).toBe(0);
    expect(sink.of('privacy:scan')).toEqual([]);
  });

  it('only the categories switched on are proposed', async () => {
    shieldSettings = shieldOn({
      categories: {
        keys: false,
        passwords: false,
        emails: false,
        phones: false,
        cards: true,
        ibans: false,
        entropy: false,
      },
    });
    await invoke('capture:image', { name: 'x.png', bytes: png });
    reader.release();
    await sink.until(() => sink.of('privacy:scan').some((e) => e.state === 'done'));
    expect(sink.of('privacy:scan').at(-1)!.proposals).toEqual([]);
  });
});

describe('capture:redact and extract text', () => {
  it('refuses boxes that are not rectangles in pixels', async () => {
    const info = await invoke<{ captureId: string }>('capture:image', { name: 'x.png', bytes: png });
    const bad = await call('capture:redact', {
      captureId: info.captureId,
      boxes: [{ x: 0, y: 0, width: -5, height: 10 }],
    });
    expect(bad.ok).toBe(false);
  });

  it('extract text reads the capture offline with no endpoint configured, and not what the user blacked out', async () => {
    const settings = new SettingsService(memoryStorage(), memoryVault());
    let fetched = 0;
    const offline = createHandlerTable({
      settings,
      captures: new CaptureStore(),
      events: sink,
      chat: new ChatController({
        fetch: () => {
          fetched++;
          return Promise.reject(new Error('no network in this test'));
        },
        events: sink,
        endpoint: () => settings.chatProfile(),
      }),
      ocr: engine,
    });
    const run = async (channel: string, payload: unknown) => {
      const reply = await dispatch(offline, channel, payload);
      if (!reply.ok) throw new Error(reply.error.message);
      return reply.value as { captureId: string; text: string };
    };
    const info = await run('capture:image', { name: 'x.png', bytes: png });
    const { text } = await run('privacy:extract-text', { captureId: info.captureId });
    expect(text.split('\n').length).toBeGreaterThan(3);
    expect(text).toMatch(/export/);
    const key = terminal.secrets[0]!;
    // Compared loosely: OCR's usual slips (O/0, l/I/1) are not what this test is about.
    const loose = (t: string) =>
      t
        .replace(/\s/g, '')
        .replace(/[Oo]/g, '0')
        .replace(/[lIJ|]/g, '1');
    const tail = loose(key.text.slice(10, 18));
    expect(loose(text)).toContain(tail);

    const box = { x: key.x - 3, y: key.y - 3, width: key.width + 6, height: key.height + 6 };
    await run('capture:redact', { captureId: info.captureId, boxes: [box] });
    const after = await run('privacy:extract-text', { captureId: info.captureId });
    expect(loose(after.text)).not.toContain(tail);
    expect(fetched).toBe(0);
  }, 60_000);
});
