/**
 * The overlay's handlers through dispatch, on a fixture "frozen screen" at a fractional scale
 * factor: the frame shown is the capture pixel for pixel; the selection and redaction boxes sent
 * in DIP come out as exactly the physical pixels they cover.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { EventChannel, EventPayloads } from '../../../../shared/ipc-contract';
import { CaptureStore } from '../../../../electron/core/app/captures';
import {
  OverlaySession,
  overlayHandlers,
  type DisplayInfo,
  type FrozenDisplay,
} from '../../../../electron/core/capture';
import { dispatch, type EventSink, type HandlerTable } from '../../../../electron/core/ipc/dispatch';
import { fillRect, makeSolidCapture, pixelAt, type RawImage } from '../../../support/screens';

/** Each physical pixel's colour encodes its coordinates. */
function coordinateCapture(width: number, height: number): RawImage {
  const image = makeSolidCapture(width, height, 0);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      fillRect(image, { x, y, width: 1, height: 1 }, (x << 16) | (y << 8) | 0x33);
  return image;
}

const display: DisplayInfo = {
  id: 7,
  bounds: { x: -160, y: -40, width: 160, height: 100 },
  scaleFactor: 1.5,
  rotation: 0,
};
const other: DisplayInfo = {
  id: 8,
  bounds: { x: 0, y: 0, width: 200, height: 100 },
  scaleFactor: 1,
  rotation: 0,
};

function setup() {
  const events: { channel: EventChannel; payload: unknown }[] = [];
  const sink: EventSink = {
    emit<C extends EventChannel>(channel: C, payload: EventPayloads[C]) {
      events.push({ channel, payload });
    },
  };
  const host = { opened: [] as number[][], closed: 0 };
  const captures = new CaptureStore();
  const session = new OverlaySession({
    captures,
    events: sink,
    host: { open: (d) => host.opened.push(d.map((x) => x.id)), close: () => host.closed++ },
  });
  const frozen: FrozenDisplay[] = [
    { display, image: coordinateCapture(240, 150), windows: [{ x: 10, y: 10, width: 50, height: 30 }] },
    { display: other, image: makeSolidCapture(200, 100, 0xffffff) },
  ];
  const handlers = overlayHandlers({ session, captureDisplays: () => Promise.resolve(frozen) });
  const call = (channel: keyof typeof handlers, payload: unknown) =>
    dispatch(handlers as unknown as HandlerTable, channel, payload);
  return { events, host, captures, session, frozen, call };
}

async function decodeDataUri(uri: string) {
  const bytes = Buffer.from(uri.slice(uri.indexOf(',') + 1), 'base64');
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

function rgb(out: { data: Buffer; width: number; channels: number }, x: number, y: number): number {
  const i = (y * out.width + x) * out.channels;
  return ((out.data[i]! << 16) | (out.data[i + 1]! << 8) | out.data[i + 2]!) >>> 0;
}

describe('the overlay session', () => {
  it('opens one overlay per display and shows each its frozen capture, pixel for pixel', async () => {
    const { call, host, frozen } = setup();
    expect(await call('capture:region', undefined)).toEqual({ ok: true, value: { displays: 2 } });
    expect(host.opened).toEqual([[7, 8]]);
    const reply = await call('overlay:frame', { displayId: 7 });
    if (!reply.ok) throw new Error(reply.error.message);
    const frame = reply.value as Awaited<ReturnType<HandlerTable['overlay:frame']>>;
    expect(frame).toMatchObject({
      width: 160,
      height: 100,
      scaleFactor: 1.5,
      physicalWidth: 240,
      physicalHeight: 150,
    });
    expect(frame.windows).toEqual([{ x: 10, y: 10, width: 50, height: 30 }]);
    const shown = await decodeDataUri(frame.imageUrl);
    expect([shown.width, shown.height]).toEqual([240, 150]);
    for (const [x, y] of [
      [0, 0],
      [239, 149],
      [100, 77],
    ] as const)
      expect(rgb(shown, x, y)).toBe(pixelAt(frozen[0]!.image, x, y));
  });

  it('crops and redacts exactly the physical pixels under the DIP selection, then closes every overlay', async () => {
    const { call, events, host, captures, frozen } = setup();
    await call('capture:region', undefined);
    // DIP (20, 10) 40×30 at 1.5 → physical (30, 15) 60×45; the redaction DIP (30, 20) 10×10 → (45, 30) 15×15.
    const reply = await call('overlay:submit', {
      displayId: 7,
      rect: { x: 60, y: 40, width: -40, height: -30 },
      redactions: [
        { x: 30, y: 20, width: 10, height: 10 },
        { x: 500, y: 500, width: 5, height: 5 },
      ],
    });
    if (!reply.ok) throw new Error(reply.error.message);
    const info = reply.value as { captureId: string; width: number; height: number; autoAsk: boolean };
    expect([info.width, info.height, info.autoAsk]).toEqual([60, 45, true]);
    const sent = await decodeDataUri(captures.get(info.captureId).dataUri);
    let wrong = 0;
    for (let y = 0; y < sent.height; y++) {
      for (let x = 0; x < sent.width; x++) {
        const px = x + 30;
        const py = y + 15;
        const redacted = px >= 45 && px < 60 && py >= 30 && py < 45;
        if (rgb(sent, x, y) !== (redacted ? 0 : pixelAt(frozen[0]!.image, px, py))) wrong++;
      }
    }
    expect(wrong).toBe(0);
    // The overlays go first, so the answer panel never appears under them.
    expect(events.map((e) => e.channel)).toEqual(['overlay:closed', 'capture:ready']);
    expect(events[0]!.payload).toEqual({ reason: 'submitted' });
    expect(host.closed).toBe(1);
    // The frozen screens are gone: a late submit is refused plainly.
    const late = await call('overlay:submit', {
      displayId: 7,
      rect: { x: 0, y: 0, width: 10, height: 10 },
      redactions: [],
    });
    expect(late).toMatchObject({ ok: false, error: { kind: 'overlay-gone' } });
  });

  it('a selection dragged past the display edge is cut at the edge of the display it started on', async () => {
    const { call, captures } = setup();
    await call('capture:region', undefined);
    const reply = await call('overlay:submit', {
      displayId: 7,
      rect: { x: 150, y: 90, width: 400, height: 300 },
      redactions: [],
    });
    if (!reply.ok) throw new Error(reply.error.message);
    const image = captures.get((reply.value as { captureId: string }).captureId);
    expect([image.width, image.height]).toEqual([15, 15]);
  });

  it('Esc on any overlay closes them all; an empty selection is refused with a sentence', async () => {
    const { call, events, host } = setup();
    await call('capture:region', undefined);
    const empty = await call('overlay:submit', {
      displayId: 8,
      rect: { x: 5, y: 5, width: 0, height: 20 },
      redactions: [],
    });
    expect(empty).toMatchObject({ ok: false, error: { kind: 'empty-region' } });
    expect(await call('overlay:cancel', undefined)).toEqual({ ok: true, value: { closed: true } });
    expect(events.at(-1)).toEqual({ channel: 'overlay:closed', payload: { reason: 'cancelled' } });
    expect(host.closed).toBe(1);
    expect(await call('overlay:cancel', undefined)).toEqual({ ok: true, value: { closed: false } });
  });

  it('refuses malformed geometry before the session sees it', async () => {
    const { call } = setup();
    await call('capture:region', undefined);
    for (const rect of [
      { x: Number.NaN, y: 0, width: 1, height: 1 },
      { x: 0, y: 0, width: 1 },
      { x: 0, y: 0, width: 1, height: 1, z: 1 },
    ]) {
      expect(await call('overlay:submit', { displayId: 7, rect, redactions: [] })).toMatchObject({
        ok: false,
        error: { kind: 'invalid-payload' },
      });
    }
    const tooMany = Array.from({ length: 201 }, () => ({ x: 0, y: 0, width: 1, height: 1 }));
    expect(
      await call('overlay:submit', {
        displayId: 7,
        rect: { x: 0, y: 0, width: 9, height: 9 },
        redactions: tooMany,
      }),
    ).toMatchObject({ ok: false, error: { kind: 'invalid-payload' } });
  });

  it('privacy-shield proposals reach the open overlay and the frame asked for later', async () => {
    const { call, events, session } = setup();
    await call('capture:region', undefined);
    const proposal = { id: 'p1', rect: { x: 1, y: 2, width: 30, height: 8 }, label: 'API key' };
    session.propose(7, [proposal]);
    session.propose(99, [proposal]); // not a captured display: ignored
    expect(events).toEqual([
      { channel: 'overlay:proposals', payload: { displayId: 7, proposals: [proposal] } },
    ]);
    const reply = await call('overlay:frame', { displayId: 7 });
    expect(reply).toMatchObject({ ok: true, value: { proposals: [proposal] } });
  });

  it('without a desktop, region capture says so', async () => {
    const session = new OverlaySession({ captures: new CaptureStore(), events: { emit() {} } });
    const handlers = overlayHandlers({ session });
    const reply = await dispatch(handlers as unknown as HandlerTable, 'capture:region', undefined);
    expect(reply).toMatchObject({ ok: false, error: { kind: 'unsupported' } });
  });

  it('overlays on displays whose ids are above 2^53 (EDID-based X11 ids) get their frame and send their selection', async () => {
    // Display.id is the int64 as a double: 13702250537190212 (electron#41755) and 2^63 (2^63 - 1
    // rounded). The overlay sends back the same double it was given in its URL.
    const { call, session, captures } = setup();
    const big = [13702250537190212, 2 ** 63];
    session.begin([
      { display: { ...display, id: big[0]! }, image: coordinateCapture(240, 150) },
      { display: { ...other, id: big[1]! }, image: makeSolidCapture(200, 100, 0xffffff) },
    ]);
    for (const displayId of big) {
      const reply = await call('overlay:frame', { displayId });
      expect(reply).toMatchObject({ ok: true, value: { displayId } });
    }
    const sent = await call('overlay:submit', {
      displayId: big[0],
      rect: { x: 20, y: 10, width: 40, height: 30 },
      redactions: [],
    });
    if (!sent.ok) throw new Error(sent.error.message);
    const info = sent.value as { captureId: string; width: number; height: number };
    expect([info.width, info.height]).toEqual([60, 45]);
    expect(captures.get(info.captureId).dataUri).toMatch(/^data:image\/png;base64,/);
    // Still validated: not an id at all is refused.
    for (const displayId of [1.5, Number.POSITIVE_INFINITY, '13702250537190212'])
      expect(await call('overlay:frame', { displayId })).toMatchObject({ ok: false });
  });
});
