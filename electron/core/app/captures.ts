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

export class CaptureStore {
  readonly #images = new Map<string, PreparedImage>();

  constructor(private readonly options: CaptureStoreOptions = {}) {}

  /** `region`: the crop and redaction boxes of an overlay selection (physical pixels of `source`). */
  async add(
    source: RawImage | Uint8Array,
    autoAsk: boolean,
    region: Pick<PipelineOptions, 'crop' | 'redact'> = {},
  ): Promise<CaptureInfo> {
    let image: PreparedImage;
    let preview: PreparedImage;
    try {
      const limits = this.options.limits?.() ?? { maxEdge: 2048 };
      image = await prepareImage(source, { ...limits, ...region });
      preview = await prepareImage(image.bytes, { maxEdge: PREVIEW_EDGE, format: 'jpeg' });
    } catch (error) {
      // The pipeline's messages are written for users (unsupported file, empty region, too large).
      if (error instanceof ImagePipelineError)
        throw new UserFacingError(error.message, `image-${error.kind}`);
      throw error;
    }
    const captureId = randomUUID();
    this.#images.set(captureId, image);
    while (this.#images.size > KEPT) {
      const oldest = this.#images.keys().next().value;
      if (oldest === undefined) break;
      this.#images.delete(oldest);
    }
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

  get(captureId: string): PreparedImage {
    const image = this.#images.get(captureId);
    if (!image)
      throw new UserFacingError(
        'That capture is no longer available. Capture the screen again.',
        'capture-gone',
      );
    return image;
  }
}
