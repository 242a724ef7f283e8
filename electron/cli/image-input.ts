/**
 * `--image` files: read, recognised by their bytes (not their names), and turned into the data URI
 * of a request — scaled and re-encoded by the app's image pipeline when `--max-edge`,
 * `--format png|jpeg|webp` or `--preset PROVIDER` asks for it.
 */
import type { PresetName } from '../core/image/presets';
import { sniffImageType, toDataUri, type ImageMime } from '../core/image/sniff';

export class ImageInputError extends Error {
  override name = 'ImageInputError';
}

export interface ImageInputOptions {
  maxEdge?: number;
  format: 'png' | 'jpeg' | 'webp' | 'auto';
  preset?: PresetName;
  /** Also cut full-resolution tiles where the provider would shrink the image (--sharp-text). */
  sharpText?: boolean;
}

export interface ImageInput {
  mime: ImageMime;
  dataUri: string;
  /** --sharp-text, when the image is shrunk: its tiles, left to right then top to bottom. */
  sharpText?: { rows: number; columns: number; layoutNote: string; dataUris: string[] };
}

function describeStart(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'the file is empty';
  const head = bytes.subarray(0, 8);
  const hex = [...head].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  const text = [...head].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
  return `it starts with ${hex} "${text}"`;
}

export async function imageToDataUri(
  name: string,
  bytes: Uint8Array,
  options: ImageInputOptions,
): Promise<ImageInput> {
  const mime = sniffImageType(bytes);
  if (mime === null) {
    throw new ImageInputError(`${name} is not a PNG, JPEG, WebP or GIF image (${describeStart(bytes)})`);
  }
  const reencode =
    options.maxEdge !== undefined ||
    options.format !== 'auto' ||
    options.preset !== undefined ||
    options.sharpText === true;
  if (!reencode) return { mime, dataUri: toDataUri(bytes, mime) };

  // Loaded only when needed: sharp is a native module, and most asks send the file as it is.
  const { planSharpText, prepareImage, sharpTextLayoutNote } = await import('../core/image/index');
  // With a provider preset, `auto` is the pipeline's own choice (lossless unless photographic).
  const format: 'png' | 'jpeg' | 'webp' | 'auto' =
    options.format !== 'auto'
      ? options.format
      : options.preset !== undefined
        ? 'auto'
        : mime === 'image/jpeg'
          ? 'jpeg'
          : 'png';
  const limits = {
    format,
    ...(options.preset !== undefined ? { preset: options.preset } : {}),
    ...(options.maxEdge !== undefined ? { maxEdge: options.maxEdge } : {}),
  };
  try {
    const prepared = await prepareImage(bytes, limits);
    const image: ImageInput = { mime: prepared.mime, dataUri: prepared.dataUri };
    const plan = options.sharpText
      ? planSharpText(
          { width: prepared.sourceWidth, height: prepared.sourceHeight },
          { ...limits, always: true },
        )
      : undefined;
    if (plan) {
      const dataUris: string[] = [];
      for (const crop of plan.tiles) dataUris.push((await prepareImage(bytes, { ...limits, crop })).dataUri);
      const { rows, columns } = plan;
      image.sharpText = { rows, columns, layoutNote: sharpTextLayoutNote(rows, columns), dataUris };
    }
    return image;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ImageInputError(`${name}: ${message.split('\n')[0] ?? message}`);
  }
}
