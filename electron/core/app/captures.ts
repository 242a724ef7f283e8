/**
 * Captures waiting to be asked about. Each is prepared for sending once, when it arrives, so the
 * request can start the moment the user (or the hotkey) asks. Only the last few are kept in
 * memory; history keeps the rest on disk.
 */
import { randomUUID } from 'node:crypto';
import type { CaptureInfo } from '../../../shared/ipc-contract';
import { ImagePipelineError, prepareImage, type PreparedImage, type RawImage } from '../image';
import { UserFacingError } from '../ipc/dispatch';

const PREVIEW_EDGE = 480;
const KEPT = 8;

export interface CaptureStoreOptions {
  maxEdge?: number;
}

export class CaptureStore {
  readonly #images = new Map<string, PreparedImage>();

  constructor(private readonly options: CaptureStoreOptions = {}) {}

  async add(source: RawImage | Uint8Array, autoAsk: boolean): Promise<CaptureInfo> {
    let image: PreparedImage;
    let preview: PreparedImage;
    try {
      image = await prepareImage(source, { maxEdge: this.options.maxEdge ?? 2048 });
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
