/**
 * Captures waiting to be asked about. Each is prepared for sending once, when it arrives, so the
 * request can start the moment the user (or the hotkey) asks. Only the last few are kept in
 * memory; history keeps the rest on disk.
 */
import { randomUUID } from 'node:crypto';
import { loadSharp } from '../image/sharp-loader';
import type { CaptureAction, CaptureInfo } from '../../../shared/ipc-contract';
import type { SharpTextMode } from '../../../shared/settings-schema';
import {
  burnBoxes,
  clampRegion,
  ImagePipelineError,
  planSharpText,
  prepareImage,
  presetForBaseUrl,
  type PipelineOptions,
  type PreparedImage,
  type RawImage,
  type Rect,
  type SharpTextPlan,
  PROVIDER_PRESETS,
} from '../image';
import { UserFacingError } from '../ipc/dispatch';
import type { CoreMessage, MessageFields } from '../../../shared/messages';
import type { CaptureImages } from './chat-controller';

const PREVIEW_EDGE = 480;
const KEPT = 8;

/** How the image sent is sized and encoded: the active profile's limits, read at each capture. */
export type ImageLimits = Pick<PipelineOptions, 'preset' | 'maxEdge' | 'format' | 'maxBytes'> & {
  /** Sharp text for captures that need it: offered (default), sent without asking, or never. */
  sharpText?: SharpTextMode;
};

/**
 * What a profile asks of its images: its own limits, and the provider's preset guessed from the
 * base URL (so an OpenAI endpoint is never sent more pixels than OpenAI reads).
 */
export function profileImageLimits(profile: {
  baseUrl: string;
  image: { maxEdge: number; format: 'auto' | 'png' | 'jpeg'; maxBytes: number; sharpText?: SharpTextMode };
}): ImageLimits {
  return { ...profile.image, preset: presetForBaseUrl(profile.baseUrl) };
}

export interface CaptureStoreOptions {
  /** `actionId`: the capture is an action's, whose profile may not be the active one. */
  limits?: (actionId?: string) => ImageLimits;
}

/** Where a capture came from, beyond its pixels. */
export interface CaptureOrigin {
  /** Physical pixels per DIP of its display (sharp text judges text size with it); 1 when unknown. */
  scaleFactor?: number;
}

interface StoredCapture {
  /** The full-resolution source, kept so that redactions are burned in before any scaling. */
  source: RawImage | Uint8Array;
  /** The crop and redaction boxes it was prepared with (overlay selections). */
  region: Pick<PipelineOptions, 'crop' | 'redact'>;
  /** The limits read when it arrived: a re-preparation sizes it the same way. */
  limits: ImageLimits;
  image: PreparedImage;
  preview: PreparedImage;
  info: CaptureInfo;
  /** Boxes burned in after arrival (capture:redact), on top of the overlay's own. */
  boxes: readonly Rect[];
  /** Present when the provider would shrink the text too far (see image/sharp-text.ts). */
  sharpText?: SharpTextState;
  /**
   * Why the boxes last asked for could not be burned in. While set, nothing is sent: the image
   * would not be what the user chose to show.
   */
  redactionFailure?: CoreMessage;
  /** Counts redactions asked for: a queued one that a newer one will replace is skipped. */
  redactions: number;
  /** Changes run one after another, so the last one asked for is the one that stays. */
  queue: Promise<unknown>;
}

interface SharpTextState {
  plan: SharpTextPlan;
  /** The selection, in physical pixels of the source. */
  region: Rect;
  enabled: boolean;
  /** Prepared while enabled; dropped when turned off (they can be tens of MB). */
  tiles: PreparedImage[] | undefined;
  /** Why the tiles were turned off (too large for the provider), with its code and fields. */
  error?: CoreMessage;
}

export class CaptureStore {
  readonly #captures = new Map<string, StoredCapture>();
  /** The action whose capture comes next (its shortcut was pressed), until a capture takes it. */
  #armed: CaptureAction | undefined;

  constructor(private readonly options: CaptureStoreOptions = {}) {}

  /**
   * The next capture started outside the page (a shortcut, the tray: `autoAsk` true) is this
   * action's: it carries `action`, and asks at once only if the action does. undefined disarms
   * (a plain capture shortcut, or the action's capture failed).
   */
  armAction(action: CaptureAction | undefined): void {
    this.#armed = action;
  }

  /** `region`: the crop and redaction boxes of an overlay selection (physical pixels of `source`). */
  async add(
    source: RawImage | Uint8Array,
    autoAsk: boolean,
    region: Pick<PipelineOptions, 'crop' | 'redact'> = {},
    origin: CaptureOrigin = {},
  ): Promise<CaptureInfo> {
    // Images the page hands over (autoAsk false) are never an action's.
    const action = autoAsk ? this.#armed : undefined;
    if (autoAsk) this.#armed = undefined;
    if (action) autoAsk = action.askAtOnce;
    const limits = this.options.limits?.(action?.id) ?? { maxEdge: 2048 };
    const { image, preview } = await prepare(source, limits, region);
    const captureId = randomUUID();
    const scaleFactor =
      origin.scaleFactor ?? (source instanceof Uint8Array ? await fileScale(source) : undefined);
    const sharpText =
      limits.sharpText === 'never'
        ? undefined
        : planFor(image, limits, region, scaleFactor === undefined ? {} : { scaleFactor });
    // "Always": the tiles are made now, so the panel is told the truth at once (an auto-ask
    // would wait for them anyway); if they cannot be sent, sharp text is off and says why.
    if (sharpText?.enabled) await fillTiles(source, limits, region, image, sharpText);
    const info = describe(captureId, { image, preview, sharpText }, autoAsk);
    if (action) info.action = action;
    this.#captures.set(captureId, {
      source,
      region,
      limits,
      image,
      preview,
      info,
      boxes: [],
      ...(sharpText ? { sharpText } : {}),
      redactions: 0,
      queue: Promise.resolve(),
    });
    while (this.#captures.size > KEPT) {
      const oldest = this.#captures.keys().next().value;
      if (oldest === undefined) break;
      this.#captures.delete(oldest);
    }
    return info;
  }

  /**
   * Prepares the capture again from its full-resolution source with `boxes` (physical pixels of
   * the source) burned in, on top of the overlay's own redactions; an empty list undoes earlier
   * calls. The id stays; what `get` returns from now on is the new image (and its tiles).
   */
  redact(captureId: string, boxes: readonly Rect[]): Promise<CaptureInfo> {
    const asked = ++this.#stored(captureId).redactions;
    return this.#change(captureId, async (stored) => {
      // Boxes drawn in quick succession: only the newest set is worth preparing.
      if (asked !== stored.redactions) return;
      const region = withBoxes(stored.region, boxes);
      try {
        const { image, preview } = await prepare(stored.source, stored.limits, region);
        stored.image = image;
        stored.preview = preview;
        stored.boxes = [...boxes];
        stored.redactionFailure = undefined;
      } catch (error) {
        stored.redactionFailure = coreMessageOf(error);
        throw error;
      }
      // An optional extra never blocks a redaction: tiles that fail turn sharp text off.
      if (stored.sharpText?.enabled)
        await fillTiles(stored.source, stored.limits, region, stored.image, stored.sharpText);
    });
  }

  /**
   * Turns "sharp text" on or off for a capture that was offered it (`info.sharpText`): on, the
   * tiles are prepared now (the overlay's and the panel's boxes burned in), so an ask right after
   * sends them.
   */
  setSharpText(captureId: string, enabled: boolean): Promise<CaptureInfo> {
    return this.#change(captureId, async (stored) => {
      const sharpText = stored.sharpText;
      if (!sharpText) {
        throw new UserFacingError(
          'This capture does not need sharp text: the model already reads it at full size.',
          'sharp-text-unneeded',
          { code: 'sharpText.unneeded' },
        );
      }
      if (!enabled) {
        sharpText.enabled = false;
        sharpText.tiles = undefined;
        sharpText.error = undefined;
        return;
      }
      if (sharpText.enabled && sharpText.tiles) return;
      sharpText.enabled = true;
      const region = withBoxes(stored.region, stored.boxes);
      await fillTiles(stored.source, stored.limits, region, stored.image, sharpText);
      if (!sharpText.enabled) {
        const why = sharpText.error ?? { message: 'Sharp text failed.' };
        throw new UserFacingError(why.message, 'sharp-text-failed', why);
      }
    });
  }

  /** The image a request sends (its latest preparation). */
  get(captureId: string): PreparedImage {
    return this.#stored(captureId).image;
  }

  /** Everything a request sends: the image, and the sharp-text tiles when they are on. */
  images(captureId: string): CaptureImages {
    const { image, sharpText, redactionFailure } = this.#stored(captureId);
    if (redactionFailure !== undefined) {
      // The page words the reason too (an image error's code inside this one), in its language.
      throw new UserFacingError(
        `The boxes could not be burned into the image, so nothing was sent: ${redactionFailure.message}`,
        'redaction-failed',
        {
          code: 'capture.redactionFailed',
          ...(redactionFailure.code
            ? { fields: { ...redactionFailure.fields, reason: redactionFailure.code } }
            : {}),
        },
      );
    }
    if (!sharpText?.enabled || !sharpText.tiles) return { image };
    const { rows, columns } = sharpText.plan;
    return { image, sharpText: { rows, columns, tiles: sharpText.tiles } };
  }

  /** Waits for the capture's changes under way (redactions, tiles) to be done. */
  async settled(captureId: string): Promise<void> {
    await this.#stored(captureId).queue.catch(() => undefined);
  }

  /** What the panel was told about the capture (its latest preparation). */
  info(captureId: string): CaptureInfo {
    return this.#stored(captureId).info;
  }

  /** The full-resolution source, as captured (before crop, redaction and scaling). */
  source(captureId: string): RawImage | Uint8Array {
    return this.#stored(captureId).source;
  }

  /**
   * What "Extract text" reads: the capture at full resolution (the selection of the source, not
   * the scaled image sent), with the boxes burned in when there are any — text the user chose to
   * hide is not read back to them either.
   */
  async forOcr(captureId: string): Promise<{ image: RawImage | Uint8Array; region?: Rect }> {
    const stored = this.#stored(captureId);
    const { source } = stored;
    const region = withBoxes(stored.region, stored.boxes);
    const crop = region.crop ? { region: region.crop } : {};
    if (!region.redact || region.redact.length === 0) return { image: source, ...crop };
    // A capture's pixels with the boxes burned in, unencoded: a PNG of them cost 0.1–0.4 s.
    if (!(source instanceof Uint8Array)) return { image: burnBoxes(source, region.redact), ...crop };
    const full = await prepareImage(source, {
      ...region,
      maxEdge: 16_384,
      format: 'png',
      maxBytes: 1024 * 1024 * 1024,
    });
    return { image: full.bytes };
  }

  /** Runs `apply` after the capture's earlier changes; a capture dropped meanwhile is gone. */
  #change(captureId: string, apply: (stored: StoredCapture) => Promise<void>): Promise<CaptureInfo> {
    const stored = this.#stored(captureId);
    const run = stored.queue
      .catch(() => undefined)
      .then(async () => {
        if (!this.#captures.has(captureId)) throw gone();
        try {
          await apply(stored);
        } finally {
          // A change that failed part-way (tiles turned off) is still what the panel must see.
          stored.info = {
            ...describe(captureId, stored, stored.info.autoAsk),
            ...(stored.info.action ? { action: stored.info.action } : {}),
          };
        }
        return stored.info;
      });
    stored.queue = run;
    return run;
  }

  #stored(captureId: string): StoredCapture {
    const stored = this.#captures.get(captureId);
    if (!stored) throw gone();
    return stored;
  }
}

function withBoxes(
  region: Pick<PipelineOptions, 'crop' | 'redact'>,
  boxes: readonly Rect[],
): Pick<PipelineOptions, 'crop' | 'redact'> {
  return { ...(region.crop ? { crop: region.crop } : {}), redact: [...(region.redact ?? []), ...boxes] };
}

function gone(): UserFacingError {
  return new UserFacingError(
    'That capture is no longer available. Capture the screen again.',
    'capture-gone',
    { code: 'capture.gone' },
  );
}

async function prepare(
  source: RawImage | Uint8Array,
  limits: ImageLimits,
  region: Pick<PipelineOptions, 'crop' | 'redact'>,
): Promise<{ image: PreparedImage; preview: PreparedImage }> {
  const image = await prepareOne(source, limits, region);
  return { image, preview: await prepareOne(image.bytes, { maxEdge: PREVIEW_EDGE, format: 'jpeg' }, {}) };
}

async function prepareOne(
  source: RawImage | Uint8Array,
  limits: ImageLimits,
  region: Pick<PipelineOptions, 'crop' | 'redact'>,
): Promise<PreparedImage> {
  const { preset, maxEdge, format, maxBytes } = limits;
  try {
    return await prepareImage(source, { preset, maxEdge, format, maxBytes, ...region });
  } catch (error) {
    // The pipeline's messages are written for users (unsupported file, empty region, too large).
    if (error instanceof ImagePipelineError)
      throw new UserFacingError(error.message, `image-${error.kind}`, {
        ...(error.code !== undefined ? { code: error.code } : {}),
        ...(error.fields !== undefined ? { fields: error.fields } : {}),
      });
    throw error;
  }
}

function describe(
  captureId: string,
  { image, preview, sharpText }: Pick<StoredCapture, 'image' | 'preview' | 'sharpText'>,
  autoAsk: boolean,
): CaptureInfo {
  const info: CaptureInfo = {
    captureId,
    width: image.width,
    height: image.height,
    bytes: image.bytes.byteLength,
    mime: image.mime,
    previewUrl: preview.dataUri,
    autoAsk,
  };
  if (sharpText) {
    const { plan, enabled, tiles } = sharpText;
    info.sharpText = {
      enabled,
      rows: plan.rows,
      columns: plan.columns,
      regionWidth: sharpText.region.width,
      regionHeight: sharpText.region.height,
      receivedWidth: plan.effective.width,
      receivedHeight: plan.effective.height,
      ...(plan.extraTokens !== undefined ? { extraTokens: plan.extraTokens } : {}),
      ...(enabled && tiles ? { tileBytes: tiles.reduce((sum, t) => sum + t.bytes.byteLength, 0) } : {}),
      ...(sharpText.error !== undefined
        ? {
            error: sharpText.error.message,
            ...(sharpText.error.code !== undefined ? { errorCode: sharpText.error.code } : {}),
            ...(sharpText.error.fields !== undefined ? { errorFields: sharpText.error.fields } : {}),
          }
        : {}),
    };
  }
  return info;
}

/**
 * Pixels per DIP of a dropped or pasted screenshot, from the resolution written in the file:
 * macOS writes 144 dpi into Retina screenshots (2×). Files that say nothing, or 72–96 dpi, are
 * taken as 1×.
 */
async function fileScale(bytes: Uint8Array): Promise<number | undefined> {
  try {
    const sharp = await loadSharp();
    const { density } = await sharp(bytes).metadata();
    return density !== undefined && density >= 144 ? density / 72 : undefined;
  } catch {
    return undefined;
  }
}

/** The sharp-text offer for a capture, when its text would be shrunk below legibility. */
function planFor(
  image: PreparedImage,
  limits: ImageLimits,
  region: Pick<PipelineOptions, 'crop'>,
  origin: CaptureOrigin,
): StoredCapture['sharpText'] {
  const { sourceWidth, sourceHeight } = image;
  const area = region.crop
    ? clampRegion(region.crop, sourceWidth, sourceHeight)
    : { x: 0, y: 0, width: sourceWidth, height: sourceHeight };
  const plan = planSharpText(area, {
    ...(limits.preset ? { preset: limits.preset } : {}),
    ...(limits.maxEdge !== undefined ? { maxEdge: limits.maxEdge } : {}),
    ...(origin.scaleFactor ? { scaleFactor: origin.scaleFactor } : {}),
  });
  return plan ? { plan, region: area, enabled: limits.sharpText === 'always', tiles: undefined } : undefined;
}

/**
 * Prepares the tiles of `sharpText` (each cut from the source at full resolution, the same boxes
 * burned in, encoded like the image) and keeps them. When they cannot go out — a tile over the
 * byte cap, or the request over what the provider accepts — sharp text is turned off with the
 * reason in `error`; the image itself is untouched.
 */
async function fillTiles(
  source: RawImage | Uint8Array,
  limits: ImageLimits,
  region: Pick<PipelineOptions, 'redact'>,
  image: PreparedImage,
  sharpText: SharpTextState,
): Promise<void> {
  const tiles: PreparedImage[] = [];
  let failure: { text: string; fields: MessageFields } | undefined;
  try {
    // One at a time: a 5K capture's tiles together would hold several copies of it in memory.
    for (const tile of sharpText.plan.tiles) {
      const crop = { ...tile, x: sharpText.region.x + tile.x, y: sharpText.region.y + tile.y };
      tiles.push(await prepareOne(source, limits, { ...region, crop }));
    }
  } catch (error) {
    const inner = coreMessageOf(error);
    failure = {
      text: `a tile does not fit this profile's image limits (${inner.message})`,
      fields: { ...inner.fields, why: 'tile', ...(inner.code ? { reason: inner.code } : {}) },
    };
  }
  const maxRequestBytes = PROVIDER_PRESETS[limits.preset ?? 'generic'].maxRequestBytes;
  const requestBytes = [image, ...tiles].reduce((sum, t) => sum + t.dataUri.length, 0);
  if (failure === undefined && requestBytes > maxRequestBytes) {
    failure = {
      text:
        `the image and its tiles would make a ${formatMegabytes(requestBytes)} request, over the ` +
        `${formatMegabytes(maxRequestBytes)} this provider accepts. Select a smaller region`,
      fields: { why: 'request', requestBytes, maxRequestBytes },
    };
  }
  if (failure === undefined) {
    sharpText.tiles = tiles;
    sharpText.error = undefined;
    return;
  }
  sharpText.enabled = false;
  sharpText.tiles = undefined;
  sharpText.error = {
    message: `Sharp text was turned off: ${failure.text}.`,
    code: 'sharpText.off',
    fields: failure.fields,
  };
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** An error's English sentence with its code and fields, when it has them (image errors do). */
function coreMessageOf(error: unknown): CoreMessage {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code, fields } = error as { code?: unknown; fields?: MessageFields };
  return {
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(fields !== undefined ? { fields } : {}),
  };
}
