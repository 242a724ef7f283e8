/**
 * The shield in the capture flow, through the overlay's real handlers and dispatch: scanning
 * starts when the screens freeze, boxes reach the overlay in its DIP, and the send waits for the
 * scan up to the bound, then says plainly what it did not check.
 *
 * The timing cases use a gated reader (it answers when the test says so) in front of a page the
 * real OCR read once, so that "the scan finished while the send waited" and "it did not finish"
 * are each certain, not a race.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventChannel, EventPayloads, ProposedRedaction } from '../../../../shared/ipc-contract';
import { shieldOn } from './support/settings';
import type { PrivacySettings } from '../../../../shared/settings-schema';
import { CaptureStore } from '../../../../electron/core/app/captures';
import {
  OverlaySession,
  overlayHandlers,
  type DisplayInfo,
  type FrozenDisplay,
} from '../../../../electron/core/capture';
import type { RawImage } from '../../../../electron/core/image';
import { dispatch, type EventSink, type HandlerTable } from '../../../../electron/core/ipc/dispatch';
import { coreEn, coreFr, wordCoreMessage } from '../../../../renderer/src/lib/i18n/core-messages';
import {
  OcrCancelledError,
  OcrEngine,
  PrivacyShield,
  withPrivacyShield,
  type OcrPage,
  type OcrReader,
} from '../../../../electron/core/privacy/index';
import { readManifest, readScreen, type ScreenImage } from '../../../fixtures/privacy/manifest';

const manifest = await readManifest();
const checkout = manifest.images.find((i) => i.file === 'checkout@2x.png')!;
const engine = new OcrEngine();
let image: RawImage;
let page: OcrPage;

beforeAll(async () => {
  const { data, info } = await sharp(await readScreen(checkout))
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  image = { data: new Uint8Array(data), width: info.width, height: info.height, channels: 4, order: 'rgba' };
  page = await engine.recognize(image, { scale: 1 });
}, 60_000);
afterAll(() => engine.dispose());

/** A 2× display showing the checkout screen, placed left of the primary one. */
const display: DisplayInfo = {
  id: 3,
  bounds: { x: -760, y: 0, width: 760, height: 420 },
  scaleFactor: 2,
  rotation: 0,
};

/** Answers with the real OCR page, but only when released; records the abort signal. */
class GatedReader implements OcrReader {
  calls = 0;
  signal: AbortSignal | undefined;
  #release: (() => void) | undefined;
  recognize(_input: unknown, options: { signal?: AbortSignal } = {}): Promise<OcrPage> {
    this.calls++;
    this.signal = options.signal;
    return new Promise((resolve, reject) => {
      this.#release = () => resolve(page);
      options.signal?.addEventListener('abort', () => reject(new OcrCancelledError()));
    });
  }
  release(): void {
    this.#release?.();
  }
}

function setup(reader: OcrReader, privacy: PrivacySettings = shieldOn()) {
  const events: { channel: EventChannel; payload: unknown }[] = [];
  const listeners: ((channel: EventChannel) => void)[] = [];
  const sink: EventSink = {
    emit<C extends EventChannel>(channel: C, payload: EventPayloads[C]) {
      events.push({ channel, payload });
      for (const l of listeners) l(channel);
    },
  };
  const captures = new CaptureStore();
  const session = new OverlaySession({ captures, events: sink });
  const frozen: FrozenDisplay[] = [{ display, image }];
  const shield = new PrivacyShield({ engine: reader, settings: () => privacy });
  const handlers = withPrivacyShield(
    overlayHandlers({ session, captureDisplays: () => Promise.resolve(frozen) }),
    {
      session,
      shield,
    },
  );
  const call = (channel: keyof typeof handlers, payload: unknown) =>
    dispatch(handlers as unknown as HandlerTable, channel, payload);
  const nextEvent = (channel: EventChannel) =>
    new Promise<void>((resolve) => listeners.push((c) => c === channel && resolve()));
  return { events, captures, call, nextEvent, shield };
}

const whole = { displayId: display.id, rect: { x: 0, y: 0, width: 760, height: 420 }, redactions: [] };

function dipOf(secret: ScreenImage['secrets'][number]) {
  return { x: secret.x / 2, y: secret.y / 2, width: secret.width / 2, height: secret.height / 2 };
}

describe('privacy shield in the overlay', () => {
  it('proposes boxes in the overlay’s DIP over each secret as soon as the screen is frozen', async () => {
    const { call, nextEvent, events } = setup(engine);
    const proposed = nextEvent('overlay:proposals');
    expect(await call('capture:region', undefined)).toMatchObject({ ok: true });
    await proposed;
    const { displayId, proposals } = events.find((e) => e.channel === 'overlay:proposals')!.payload as {
      displayId: number;
      proposals: ProposedRedaction[];
    };
    expect(displayId).toBe(3);
    expect(proposals.map((p) => p.label).sort()).toEqual(['card number', 'e-mail address']);
    for (const secret of checkout.secrets) {
      const dip = dipOf(secret);
      const box = proposals.find(
        (p) => p.label === (secret.category === 'cards' ? 'card number' : 'e-mail address'),
      )!.rect;
      // Padded: the box holds the secret's text horizontally and reaches over its middle line.
      expect(box.x).toBeLessThanOrEqual(dip.x + 1);
      expect(box.x + box.width).toBeGreaterThanOrEqual(dip.x + dip.width - 1);
      expect(box.y).toBeLessThan(dip.y + dip.height / 2);
      expect(box.y + box.height).toBeGreaterThan(dip.y + dip.height / 2);
    }
    // The frame an overlay asks for afterwards carries them too.
    const frame = await call('overlay:frame', { displayId: 3 });
    expect(frame.ok && (frame.value as { proposals: unknown[] }).proposals).toHaveLength(2);
    expect(await call('overlay:submit', whole)).toMatchObject({ ok: true });
  }, 60_000);

  it('refuses a send once when boxes in the selection appeared while it waited, then sends', async () => {
    const reader = new GatedReader();
    const { call } = setup(reader);
    await call('capture:region', undefined);
    const sending = call('overlay:submit', whole);
    reader.release();
    const first = await sending;
    expect(first.ok).toBe(false);
    if (!first.ok) {
      expect(first.error.kind).toBe('privacy-review');
      expect(first.error.message).toMatch(
        /found 2 things in your selection that may be private \((card number and e-mail address|e-mail address and card number)\)/,
      );
      // Worded by the page from its code and the categories found (issue 16.5).
      expect(first.error.code).toBe('privacy.foundEnter');
      expect(wordCoreMessage(first.error, coreEn)).toBe(first.error.message);
      expect(wordCoreMessage(first.error, coreFr)).toMatch(
        /vient de trouver dans votre sélection 2 éléments qui pourraient être privés \(.*numéro de carte bancaire/,
      );
    }
    // The user saw them (kept or dismissed): the next send goes.
    expect(await call('overlay:submit', whole)).toMatchObject({ ok: true });
  });

  it('does not hold a send for boxes outside the selection', async () => {
    const reader = new GatedReader();
    const { call } = setup(reader);
    await call('capture:region', undefined);
    const corner = { ...whole, rect: { x: 420, y: 200, width: 300, height: 200 } };
    const sending = call('overlay:submit', corner);
    reader.release();
    expect(await sending).toMatchObject({ ok: true });
  });

  it('says plainly when the scan did not finish within the bound, and sends on the next Enter', async () => {
    const reader = new GatedReader();
    const { call } = setup(reader, shieldOn({ waitMs: 0 }));
    await call('capture:region', undefined);
    const first = await call('overlay:submit', whole);
    expect(first.ok).toBe(false);
    if (!first.ok) {
      expect(first.error.kind).toBe('privacy-pending');
      expect(first.error.message).toMatch(/has not finished reading your screen/);
    }
    expect(await call('overlay:submit', whole)).toMatchObject({ ok: true });
    // Sending ends the scan: the reader was told to stop.
    expect(reader.signal?.aborted).toBe(true);
  });

  it('stops reading when the overlay is cancelled', async () => {
    const reader = new GatedReader();
    const { call } = setup(reader);
    await call('capture:region', undefined);
    expect(reader.signal?.aborted).toBe(false);
    await call('overlay:cancel', undefined);
    expect(reader.signal?.aborted).toBe(true);
  });

  it('reads nothing when the shield is off or every category is', async () => {
    for (const privacy of [
      shieldOn({ enabled: false }),
      shieldOn({
        categories: {
          keys: false,
          passwords: false,
          emails: false,
          phones: false,
          cards: false,
          ibans: false,
          entropy: false,
        },
      }),
    ]) {
      const reader = new GatedReader();
      const { call } = setup(reader, privacy);
      await call('capture:region', undefined);
      expect(reader.calls).toBe(0);
      expect(await call('overlay:submit', whole)).toMatchObject({ ok: true });
    }
  });
});

describe('privacy shield, region first', () => {
  it('reads the selection on its own when the send waits, while the whole-display scan goes on behind it', async () => {
    const regions: unknown[] = [];
    const signals: AbortSignal[] = [];
    const reader = new GatedReader();
    const recording: OcrReader = {
      recognize: (input, options = {}) => {
        regions.push(options.region);
        if (options.signal) signals.push(options.signal);
        return reader.recognize(input, options);
      },
    };
    const { call } = setup(recording);
    await call('capture:region', undefined);
    expect(regions).toEqual([undefined]);
    // The card field: 40,144 340×34 DIP on a 2× display.
    const card = { ...whole, rect: { x: 40, y: 144, width: 340, height: 34 } };
    const sending = call('overlay:submit', card);
    // Until the handler has asked for the region (dispatch parses the payload first).
    while (regions.length < 2) await new Promise((resolve) => setImmediate(resolve));
    // The whole display is still being read (the engine reuses its lines for the region).
    expect(signals[0]!.aborted).toBe(false);
    expect(regions).toEqual([undefined, { x: 80, y: 288, width: 680, height: 68 }]);
    reader.release();
    const reply = await sending;
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.message).toMatch(/\(card number\)/);
  });

  it('reads the selection as soon as the drag ends (overlay:selection), so Enter finds it read', async () => {
    const regions: unknown[] = [];
    const reader = new GatedReader();
    const recording: OcrReader = {
      recognize: (input, options = {}) => {
        regions.push(options.region);
        return reader.recognize(input, options);
      },
    };
    const { call } = setup(recording);
    await call('capture:region', undefined);
    // The overlay says the drag ended (overlay:selection): the region is read at once.
    const told = await call('overlay:selection', {
      displayId: display.id,
      rect: { x: 40, y: 144, width: 340, height: 34 },
    });
    expect(told).toEqual({ ok: true, value: { reading: true } });
    expect(regions).toEqual([undefined, { x: 80, y: 288, width: 680, height: 68 }]);
    reader.release();
    // Enter on the same selection starts no other read.
    const reply = await call('overlay:submit', { ...whole, rect: { x: 40, y: 144, width: 340, height: 34 } });
    expect(regions).toHaveLength(2);
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.message).toMatch(/\(card number\)/);
  });

  it('starts reading the frozen screens before any overlay is opened', async () => {
    const order: string[] = [];
    const reader: OcrReader = {
      recognize: () => {
        order.push('read');
        return new Promise<OcrPage>(() => {});
      },
    };
    const sink: EventSink = { emit: () => {} };
    const session = new OverlaySession({
      captures: new CaptureStore(),
      events: sink,
      host: { open: () => order.push('open'), close: () => order.push('close') },
    });
    const shield = new PrivacyShield({ engine: reader, settings: () => shieldOn() });
    const handlers = withPrivacyShield(
      overlayHandlers({ session, captureDisplays: () => Promise.resolve([{ display, image }]) }),
      { session, shield },
    );
    await dispatch(handlers as unknown as HandlerTable, 'capture:region', undefined);
    expect(order).toEqual(['read', 'open']);
    shield.cancel();
  });
});
