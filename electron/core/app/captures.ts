/**
 * Captures waiting to be asked about. Each is prepared for sending once, when it arrives, so the
 * request can start the moment the user (or the hotkey) asks. Only the last few are kept in
 * memory; history keeps the rest on disk.
 */
import { randomUUID } from 'node:crypto';
import type { CaptureInfo } from '../../../shared/ipc-contract';
import {
  ImagePipelineError,
  prepareImage,
  presetForBaseUrl,
  type PipelineOptions,
  type PreparedImage,
  type RawImage,
  type Rect,
} from '../image';
import { UserFacingError } from '../ipc/dispatch';

const PREVIEW_EDGE = 480;
const KEPT = 8;

/** How the image sent is sized and encoded: the active profile's limits, read at each capture. */
export type ImageLimits = Pick<PipelineOptions, 'preset' | 'maxEdge' | 'format' | 'maxBytes'>;

/**
 * What a profile asks of its images: its own limits, and the provider's preset guessed from the
 * base URL (so an OpenAI endpoint is never sent more pixels than OpenAI reads).
 */
export function profileImageLimits(profile: {
  baseUrl: string;
  image: { maxEdge: number; format: 'auto' | 'png' | 'jpeg'; maxBytes: number };
}): ImageLimits {
  return { ...profile.image, preset: presetForBaseUrl(profile.baseUrl) };
}

export interface CaptureStoreOptions {
  limits?: () => ImageLimits;
}

interface StoredCapture {
  /** The full-resolution source, kept so that redactions are burned in before any scaling. */
  source: RawImage | Uint8Array;
  /** The crop and redaction boxes it was prepared with (overlay selections). */
  region: Pick<PipelineOptions, 'crop' | 'redact'>;
  /** The limits read when it arrived: a re-preparation sizes it the same way. */
  limits: ImageLimits;
  image: PreparedImage;
  info: CaptureInfo;
  /** Boxes burned in after arrival (capture:redact), on top of the overlay's own. */
  boxes: readonly Rect[];
  /** Counts re-preparations, so that a slower earlier one never replaces a later one. */
  version: number;
}

export class CaptureStore {
  readonly #captures = new Map<string, StoredCapture>();

  constructor(private readonly options: CaptureStoreOptions = {}) {}

  /** `region`: the crop and redaction boxes of an overlay selection (physical pixels of `source`). */
  async add(
    source: RawImage | Uint8Array,
    autoAsk: boolean,
    region: Pick<PipelineOptions, 'crop' | 'redact'> = {},
  ): Promise<CaptureInfo> {
    const limits = this.options.limits?.() ?? { maxEdge: 2048 };
    const { image, preview } = await prepare(source, limits, region);
    const captureId = randomUUID();
    const info = describe(captureId, image, preview, autoAsk);
    this.#captures.set(captureId, { source, region, limits, image, info, boxes: [], version: 0 });
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
   * calls. The id stays; what `get` returns from now on is the new image.
   */
  async redact(captureId: string, boxes: readonly Rect[]): Promise<CaptureInfo> {
    const stored = this.#stored(captureId);
    const region = withBoxes(stored.region, boxes);
    const version = ++stored.version;
    const { image, preview } = await prepare(stored.source, stored.limits, region);
    // Dropped meanwhile (eight newer captures): gone. A later call finished first: it wins.
    if (!this.#captures.has(captureId)) throw gone();
    if (version !== stored.version) return stored.info;
    stored.image = image;
    stored.boxes = [...boxes];
    stored.info = describe(captureId, image, preview, stored.info.autoAsk);
    return stored.info;
  }

  get(captureId: string): PreparedImage {
    return this.#stored(captureId).image;
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
    if (!region.redact || region.redact.length === 0)
      return { image: source, ...(region.crop ? { region: region.crop } : {}) };
    const full = await prepareImage(source, {
      ...region,
      maxEdge: 16_384,
      format: 'png',
      maxBytes: 1024 * 1024 * 1024,
    });
    return { image: full.bytes };
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
  );
}

async function prepare(
  source: RawImage | Uint8Array,
  limits: ImageLimits,
  region: Pick<PipelineOptions, 'crop' | 'redact'>,
): Promise<{ image: PreparedImage; preview: PreparedImage }> {
  try {
    const image = await prepareImage(source, { ...limits, ...region });
    const preview = await prepareImage(image.bytes, { maxEdge: PREVIEW_EDGE, format: 'jpeg' });
    return { image, preview };
  } catch (error) {
    // The pipeline's messages are written for users (unsupported file, empty region, too large).
    if (error instanceof ImagePipelineError) throw new UserFacingError(error.message, `image-${error.kind}`);
    throw error;
  }
}

function describe(
  captureId: string,
  image: PreparedImage,
  preview: PreparedImage,
  autoAsk: boolean,
): CaptureInfo {
  return {
    captureId,
    width: image.width,
    height: image.height,
    bytes: image.bytes.byteLength,
    mime: image.mime,
    previewUrl: preview.dataUri,
    autoAsk,
  };
}
