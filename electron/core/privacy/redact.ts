/**
 * Burns redaction boxes into an image: the pixels under each box become opaque black before
 * the image is encoded, so nothing of what was under them can be recovered from the file.
 */
import { loadSharp } from '../image/sharp-loader';
import type { Box } from './types';

/** Integer pixel rectangles inside a `width`×`height` image; empty ones dropped. */
export function clampBoxes(boxes: readonly Box[], width: number, height: number): Box[] {
  const out: Box[] = [];
  for (const b of boxes) {
    const x0 = Math.max(0, Math.floor(b.x));
    const y0 = Math.max(0, Math.floor(b.y));
    const x1 = Math.min(width, Math.ceil(b.x + b.width));
    const y1 = Math.min(height, Math.ceil(b.y + b.height));
    if (x1 > x0 && y1 > y0) out.push({ x: x0, y: y0, width: x1 - x0, height: y1 - y0 });
  }
  return out;
}

/** Returns a lossless PNG of `image` (any format sharp reads) with every box filled black. */
export async function redactImage(image: Uint8Array, boxes: readonly Box[]): Promise<Uint8Array> {
  const sharp = await loadSharp();
  const source = sharp(image, { limitInputPixels: 16384 * 8192 });
  const { width = 0, height = 0 } = await source.metadata();
  const rects = clampBoxes(boxes, width, height);
  const out = await source
    .composite(
      rects.map((r) => ({
        input: {
          create: {
            width: r.width,
            height: r.height,
            channels: 4,
            background: { r: 0, g: 0, b: 0, alpha: 1 },
          },
        },
        left: r.x,
        top: r.y,
      })),
    )
    .png({ compressionLevel: 6, adaptiveFiltering: false })
    .toBuffer();
  return new Uint8Array(out);
}
