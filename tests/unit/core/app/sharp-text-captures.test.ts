/**
 * Sharp text through the capture store and the handler table: the offer, the tiles cut from the
 * full-resolution source (pixel-exact, redactions burned in) and the request that carries them.
 */
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaptureInfo } from '../../../../shared/ipc-contract';
import { CaptureStore, profileImageLimits, type ImageLimits } from '../../../../electron/core/app/captures';
import { ChatController } from '../../../../electron/core/app/chat-controller';
import { createHandlerTable } from '../../../../electron/core/app/handlers';
import { dispatch, UserFacingError, type HandlerTable } from '../../../../electron/core/ipc/dispatch';
import { prepareImage, type PreparedImage, type RawImage, type Rect } from '../../../../electron/core/image';
import { memoryStorage, memoryVault, SettingsService } from '../../../../electron/core/settings/settings';
import { RecordingSink } from '../../../support/recording-sink';
import { coreEn, coreFr, wordCoreMessage } from '../../../../renderer/src/lib/i18n/core-messages';
import {
  loadRecording,
  splitIntoChunks,
  startMockServer,
  type MockServer,
} from '../../../support/mock-openai-server';

/** Every pixel says where it is: R = x mod 256, G = y mod 256, B = the high bits of both. */
function coordinateScreen(width: number, height: number): RawImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = x & 255;
      data[i + 1] = y & 255;
      data[i + 2] = ((x >> 8) & 15) | ((y >> 8) << 4);
      data[i + 3] = 255;
    }
  }
  return { data, width, height, channels: 4, order: 'rgba' };
}

function expected(x: number, y: number): [number, number, number] {
  return [x & 255, y & 255, ((x >> 8) & 15) | ((y >> 8) << 4)];
}

async function pixels(image: PreparedImage) {
  const { data, info } = await sharp(image.bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Compares a tile with the source at `origin`; boxes (source pixels) must be black. */
async function expectTile(tile: PreparedImage, origin: Rect, boxes: readonly Rect[] = []) {
  const { data, width, height } = await pixels(tile);
  expect([width, height]).toEqual([origin.width, origin.height]);
  let mismatches = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = origin.x + x;
      const sy = origin.y + y;
      const black = boxes.some((b) => sx >= b.x && sx < b.x + b.width && sy >= b.y && sy < b.y + b.height);
      const want = black ? [0, 0, 0] : expected(sx, sy);
      const i = (y * width + x) * 3;
      if (data[i] !== want[0] || data[i + 1] !== want[1] || data[i + 2] !== want[2]) mismatches++;
    }
  }
  expect(mismatches).toBe(0);
}

const OPENAI_PNG: ImageLimits = profileImageLimits({
  baseUrl: 'https://api.openai.com/v1',
  image: { maxEdge: 2048, format: 'png', maxBytes: 20_000_000 },
});

describe('sharp text in the capture store', () => {
  it('is offered for a 1080p screen at 1× with OpenAI, off, with its cost', async () => {
    const store = new CaptureStore({ limits: () => OPENAI_PNG });
    const info = await store.add(coordinateScreen(1920, 1080), false, {}, { scaleFactor: 1 });
    expect(info.sharpText).toEqual({
      enabled: false,
      rows: 2,
      columns: 1,
      regionWidth: 1920,
      regionHeight: 1080,
      receivedWidth: 1365,
      receivedHeight: 768,
      // Two 1920 × 552 tiles: 85 + 170 × 4 × 2 each.
      extraTokens: 2 * 1445,
    });
    expect(store.images(info.captureId).sharpText).toBeUndefined();
  });

  it('is not offered at 2× (the text is twice as tall), nor with the profile set to never', async () => {
    const store = new CaptureStore({ limits: () => OPENAI_PNG });
    expect(
      (await store.add(coordinateScreen(1920, 1080), false, {}, { scaleFactor: 2 })).sharpText,
    ).toBeUndefined();
    const never = new CaptureStore({ limits: () => ({ ...OPENAI_PNG, sharpText: 'never' }) });
    expect(
      (await never.add(coordinateScreen(1920, 1080), false, {}, { scaleFactor: 1 })).sharpText,
    ).toBeUndefined();
  });

  it('turned on, cuts pixel-exact tiles from the selection at full resolution', async () => {
    const store = new CaptureStore({ limits: () => OPENAI_PNG });
    const source = coordinateScreen(2200, 1300);
    const crop = { x: 140, y: 90, width: 1920, height: 1080 };
    const overlayBox = { x: 300, y: 200, width: 40, height: 30 };
    const info = await store.add(source, false, { crop, redact: [overlayBox] }, { scaleFactor: 1 });
    const on = await store.setSharpText(info.captureId, true);
    expect(on.sharpText).toMatchObject({ enabled: true, rows: 2, columns: 1 });
    expect(on.sharpText!.tileBytes).toBeGreaterThan(0);
    const { image, sharpText } = store.images(info.captureId);
    expect(image.width).toBeLessThanOrEqual(1920);
    expect(sharpText).toMatchObject({ rows: 2, columns: 1 });
    expect(on.sharpText!.tileBytes).toBe(sharpText!.tiles.reduce((s, t) => s + t.bytes.byteLength, 0));
    // Two rows overlapping by 24 px (two lines of 12 px text at 1×).
    await expectTile(sharpText!.tiles[0]!, { x: 140, y: 90, width: 1920, height: 552 }, [overlayBox]);
    await expectTile(sharpText!.tiles[1]!, { x: 140, y: 618, width: 1920, height: 552 }, [overlayBox]);

    const off = await store.setSharpText(info.captureId, false);
    expect(off.sharpText).toMatchObject({ enabled: false });
    expect(off.sharpText!.tileBytes).toBeUndefined();
    expect(store.images(info.captureId).sharpText).toBeUndefined();
  });

  it('burns later redactions into the tiles too, even when asked for at the same moment', async () => {
    const store = new CaptureStore({ limits: () => OPENAI_PNG });
    const info = await store.add(coordinateScreen(1920, 1080), false, {}, { scaleFactor: 1 });
    const box = { x: 1000, y: 500, width: 100, height: 80 }; // across both tiles
    // Not awaited one by one: the store runs them in the order asked.
    const [, redacted] = await Promise.all([
      store.setSharpText(info.captureId, true),
      store.redact(info.captureId, [box]),
    ]);
    expect(redacted.sharpText).toMatchObject({ enabled: true });
    const tiles = store.images(info.captureId).sharpText!.tiles;
    await expectTile(tiles[0]!, { x: 0, y: 0, width: 1920, height: 552 }, [box]);
    await expectTile(tiles[1]!, { x: 0, y: 528, width: 1920, height: 552 }, [box]);
    // Undoing the boxes undoes them in the tiles as well.
    await store.redact(info.captureId, []);
    await expectTile(store.images(info.captureId).sharpText!.tiles[1]!, {
      x: 0,
      y: 528,
      width: 1920,
      height: 552,
    });
  });

  it('"always" prepares the tiles on arrival; an ask after settled() has them', async () => {
    const store = new CaptureStore({ limits: () => ({ ...OPENAI_PNG, sharpText: 'always' }) });
    const info = await store.add(coordinateScreen(1920, 1080), true, {}, { scaleFactor: 1 });
    expect(info.sharpText?.enabled).toBe(true);
    await store.settled(info.captureId);
    expect(store.images(info.captureId).sharpText?.tiles).toHaveLength(2);
  });

  /** A screen whose top half is noise: its top tile encodes far larger than the image sent. */
  function noisyTop(width: number, height: number): RawImage {
    const screen = coordinateScreen(width, height);
    // xorshift32: a plain `seed * 1103515245` loses its low bits in doubles and repeats, which
    // PNG by name's level-9 filtered encode compresses to almost nothing.
    let seed = 7;
    for (let i = 0; i < (width * height * 4) / 2; i++) {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      if (i % 4 !== 3) screen.data[i] = seed & 255;
    }
    return screen;
  }

  /** Limits where the image fits under the byte cap and the top tile does not. */
  async function tightLimits(source: RawImage): Promise<ImageLimits> {
    const image = await prepareImage(source, { preset: 'openai', format: 'png' });
    const tile = await prepareImage(source, {
      preset: 'openai',
      format: 'png',
      crop: { x: 0, y: 0, width: 1920, height: 552 },
    });
    expect(tile.bytes.byteLength).toBeGreaterThan(image.bytes.byteLength * 1.2);
    const maxBytes = Math.round((image.bytes.byteLength + tile.bytes.byteLength) / 2);
    return { ...OPENAI_PNG, maxBytes };
  }

  it('tiles over the byte cap: turning it on fails in words, and redactions still work', async () => {
    const source = noisyTop(1920, 1080);
    const store = new CaptureStore({ limits: await tightLimits(source).then((l) => () => l) });
    const info = await store.add(source, false, {}, { scaleFactor: 1 });
    const refusal = store.setSharpText(info.captureId, true);
    await expect(refusal).rejects.toThrow(
      /^Sharp text was turned off: a tile does not fit this profile's image limits/,
    );
    expect(store.info(info.captureId).sharpText).toMatchObject({ enabled: false });
    expect(store.info(info.captureId).sharpText!.error).toMatch(/turned off/);
    // The page words it from its code and fields, the image error inside it too (issue 16.5).
    const refused = (await refusal.catch((e: unknown) => e)) as UserFacingError;
    expect(refused.code).toBe('sharpText.off');
    const offer = store.info(info.captureId).sharpText!;
    const told = { message: offer.error!, code: offer.errorCode!, fields: offer.errorFields! };
    expect(told.code).toBe('sharpText.off');
    expect(wordCoreMessage(told, coreEn)).toBe(told.message);
    expect(wordCoreMessage(told, coreFr)).toMatch(
      /^Le texte net a été désactivé\u00a0: une tuile dépasse les limites d’image de ce profil \(Une fois encodée, l’image pèse/,
    );
    expect(store.images(info.captureId).sharpText).toBeUndefined();
    // The image itself is untouched and redactions go on working.
    const box = { x: 10, y: 700, width: 50, height: 50 };
    await store.redact(info.captureId, [box]);
    expect(store.images(info.captureId).image.width).toBeGreaterThan(0);
  });

  it('"always" with tiles that cannot go out: off at arrival, with the reason, nothing blocked', async () => {
    const source = noisyTop(1920, 1080);
    const limits = { ...(await tightLimits(source)), sharpText: 'always' as const };
    const store = new CaptureStore({ limits: () => limits });
    const info = await store.add(source, true, {}, { scaleFactor: 1 });
    expect(info.sharpText).toMatchObject({ enabled: false });
    expect(info.sharpText!.error).toMatch(/^Sharp text was turned off/);
    await store.redact(info.captureId, [{ x: 0, y: 0, width: 10, height: 10 }]);
    expect(store.images(info.captureId).sharpText).toBeUndefined();
  });

  it('"always" says the tiles are ready at arrival', async () => {
    const store = new CaptureStore({ limits: () => ({ ...OPENAI_PNG, sharpText: 'always' }) });
    const info = await store.add(coordinateScreen(1920, 1080), true, {}, { scaleFactor: 1 });
    expect(info.sharpText).toMatchObject({ enabled: true });
    expect(info.sharpText!.tileBytes).toBeGreaterThan(0);
  });

  it('a redaction that could not be burned in stops the capture from being sent until one succeeds', async () => {
    const store = new CaptureStore({ limits: () => OPENAI_PNG });
    const info = await store.add(coordinateScreen(800, 600), false);
    await expect(
      store.redact(info.captureId, [{ x: Number.NaN, y: 0, width: 5, height: 5 }]),
    ).rejects.toThrow();
    expect(() => store.images(info.captureId)).toThrow(
      /could not be burned into the image, so nothing was sent/,
    );
    await store.redact(info.captureId, [{ x: 0, y: 0, width: 5, height: 5 }]);
    expect(store.images(info.captureId).image.width).toBe(800);
  });

  it('boxes drawn in quick succession: the newest set is the one in the image and the tiles', async () => {
    const store = new CaptureStore({ limits: () => OPENAI_PNG });
    const info = await store.add(coordinateScreen(1920, 1080), false, {}, { scaleFactor: 1 });
    await store.setSharpText(info.captureId, true);
    const boxes = [0, 1, 2].map((i) => [{ x: 100 * i, y: 500, width: 40, height: 40 }]);
    await Promise.all(boxes.map((b) => store.redact(info.captureId, b)));
    const tiles = store.images(info.captureId).sharpText!.tiles;
    await expectTile(tiles[1]!, { x: 0, y: 528, width: 1920, height: 552 }, boxes[2]);
  });

  it('a dropped Retina screenshot (144 dpi in the file) is judged at 2×, an unmarked one at 1×', async () => {
    const store = new CaptureStore({ limits: () => OPENAI_PNG });
    const screen = coordinateScreen(1920, 1080);
    const png = (density?: number) =>
      sharp(screen.data, { raw: { width: 1920, height: 1080, channels: 4 } })
        .withMetadata(density ? { density } : {})
        .png()
        .toBuffer()
        .then((b) => new Uint8Array(b));
    // At 2× the 12 px text is 24 px: 24 × 0.71 = 17 px once shrunk, legible.
    expect((await store.add(await png(144), false)).sharpText).toBeUndefined();
    expect((await store.add(await png(72), false)).sharpText).toBeDefined();
    expect((await store.add(await png(), false)).sharpText).toBeDefined();
  });

  it('refuses sharp text for a capture that was not offered it, in words', async () => {
    const store = new CaptureStore({ limits: () => OPENAI_PNG });
    const info = await store.add(coordinateScreen(600, 400), false);
    const refusal = store.setSharpText(info.captureId, true);
    await expect(refusal).rejects.toBeInstanceOf(UserFacingError);
    await expect(refusal).rejects.toThrow(/does not need sharp text/);
  });
});

describe('sharp text through the handler table', () => {
  let mock: MockServer;
  let sink: RecordingSink;
  let table: HandlerTable;

  async function invoke(channel: string, payload: unknown): Promise<unknown> {
    const result = await dispatch(table, channel, payload);
    if (!result.ok) throw new Error(`${result.error.kind}: ${result.error.message}`);
    return result.value;
  }

  beforeEach(async () => {
    mock = await startMockServer(() => ({
      kind: 'sse',
      chunks: splitIntoChunks(loadRecording('openai-explain'), 61),
    }));
    sink = new RecordingSink();
    const settings = new SettingsService(memoryStorage(), memoryVault());
    settings.update({ baseUrl: mock.baseUrl, model: 'gpt-4o', apiKey: 'sk-test' });
    const captures = new CaptureStore({ limits: () => ({ ...OPENAI_PNG, preset: 'openai' }) });
    table = createHandlerTable({
      settings,
      captures,
      events: sink,
      chat: new ChatController({ fetch, events: sink, endpoint: () => settings.chatProfile() }),
      captureScreen: () => Promise.resolve({ image: coordinateScreen(1920, 1080), scaleFactor: 1 }),
    });
  });
  afterEach(() => mock.close());

  async function ask(requestId: string, captureId: string) {
    await invoke('chat:ask', { requestId, captureId, prompt: 'Read it.' });
    await sink.until(() => sink.of('chat:done').some((d) => d.requestId === requestId));
    const body = mock.requests.at(-1)!.body as {
      messages: { content: { type: string; text?: string; image_url?: { url: string } }[] }[];
    };
    return body.messages[0]!.content;
  }

  it('sends the image alone until turned on; then the image, the layout line and the tiles', async () => {
    const capture = (await invoke('capture:screen', undefined)) as CaptureInfo;
    expect(capture.sharpText?.enabled).toBe(false);

    const plain = await ask('r1', capture.captureId);
    expect(plain.map((p) => p.type)).toEqual(['text', 'image_url']);

    // The toggle is not awaited before the ask: the ask waits for the tiles.
    const toggled = invoke('capture:sharp-text', { captureId: capture.captureId, enabled: true });
    const parts = await ask('r2', capture.captureId);
    expect(((await toggled) as CaptureInfo).sharpText?.enabled).toBe(true);
    expect(parts.map((p) => p.type)).toEqual(['text', 'image_url', 'text', 'image_url', 'image_url']);
    expect(parts[2]!.text).toMatch(
      /^The next 2 images are the image above at full resolution, cut into 2 rows × 1 column that overlap/,
    );
    for (const part of parts.slice(3)) {
      const url = part.image_url!.url;
      expect(url.startsWith('data:image/png;base64,')).toBe(true);
      const meta = await sharp(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64')).metadata();
      expect([meta.width, meta.height]).toEqual([1920, 552]);
    }
  });

  it('refuses a bad payload and an unknown capture with readable errors', async () => {
    const bad = await dispatch(table, 'capture:sharp-text', { captureId: 'x', enabled: 'yes' });
    expect(bad.ok).toBe(false);
    const gone = await dispatch(table, 'capture:sharp-text', { captureId: 'nope', enabled: true });
    expect(gone).toMatchObject({ ok: false, error: { kind: 'capture-gone' } });
  });
});
