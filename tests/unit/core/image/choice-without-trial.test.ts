/**
 * Issue 15 (capture.time-1080p): what the pipeline no longer tries, and the bytes that must not
 * suffer for it.
 * - A flat screen (most neighbouring pixels equal) at up to 2× the effective size's pixels is sent
 *   as it is without resizing a sample of it first (pipeline.ts, settledAsIs): the effective size
 *   would have been larger.
 * - Every truecolour PNG from sharp is compacted: one IDAT chunk, no pHYs (compactPng).
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { prepareImage } from '../../../../electron/core/image';
import { compactPng } from '../../../../electron/core/image/pipeline';
import { packRgb } from '../../../../electron/core/image/raw-pixels';
import { makeScreenCapture, type ScreenKind } from '../../../support/screens';

function chunkTypes(png: Uint8Array): string[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const types: string[] = [];
  for (let offset = 8; offset < png.byteLength; offset += 12 + view.getUint32(offset))
    types.push(Buffer.from(png.subarray(offset + 4, offset + 8)).toString('latin1'));
  return types;
}

async function rgbOf(png: Uint8Array): Promise<Buffer> {
  return sharp(png).removeAlpha().raw().toBuffer();
}

/** A 1080p text screen with a smooth 60-pixel gradient band down it: filtering wins there by far. */
function textWithGradientBand() {
  const capture = makeScreenCapture(1920, 1080, 'text');
  for (let y = 0; y < 1080; y++) {
    for (let x = 0; x < 60; x++) {
      const i = (y * 1920 + 900 + x) * 4;
      capture.data[i] = (x * 3 + y) & 255;
      capture.data[i + 1] = (x + y * 2) & 255;
      capture.data[i + 2] = (x * 2 + y * 3) & 255;
    }
  }
  return capture;
}

describe('compactPng', () => {
  it('joins the IDAT chunks into one and drops pHYs, pixels unchanged', async () => {
    const capture = makeScreenCapture(640, 360, 'photo');
    const rgb = packRgb(capture.data, 'bgra');
    const png = await sharp(rgb, { raw: { width: 640, height: 360, channels: 3 } })
      .png({ compressionLevel: 6, adaptiveFiltering: true })
      .toBuffer();
    const before = chunkTypes(png);
    const idats = before.filter((type) => type === 'IDAT').length;
    expect(idats).toBeGreaterThan(10);
    expect(before).toContain('pHYs');

    const compact = compactPng(png);
    expect(chunkTypes(compact)).toEqual(['IHDR', 'IDAT', 'IEND']);
    // 12 bytes of framing per IDAT chunk joined, and the 21-byte pHYs chunk.
    expect(compact.byteLength).toBe(png.byteLength - 12 * (idats - 1) - 21);
    expect((await rgbOf(compact)).equals(Buffer.from(rgb))).toBe(true);
  });

  it('leaves a PNG with nothing to join, and bytes it cannot walk, as they are', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#336699' } })
      .png()
      .toBuffer();
    const compact = compactPng(png);
    expect(compactPng(compact)).toBe(compact);
    // A chunk whose length runs past the end.
    const truncated = compact.subarray(0, compact.byteLength - 20);
    expect(compactPng(truncated)).toBe(truncated);
  });

  it('is what the pipeline sends for a truecolour PNG', async () => {
    const capture = makeScreenCapture(1280, 720, 'code');
    const prepared = await prepareImage(capture, { format: 'png' });
    expect(chunkTypes(prepared.bytes)).toEqual(['IHDR', 'IDAT', 'IEND']);
  });
});

describe('a flat screen at up to 2× the effective pixels goes out as it is, untried at the effective size', () => {
  const kinds: ScreenKind[] = ['text', 'code', 'mixed'];
  for (const kind of kinds) {
    it(`1920×1080 ${kind} screen, OpenAI preset: no larger than the effective size would be`, async () => {
      const capture = makeScreenCapture(1920, 1080, kind);
      const sent = await prepareImage(capture, { preset: 'openai', format: 'auto' });
      expect([sent.width, sent.height]).toEqual([1920, 1080]);
      // The effective size (1365×768) alone, encoded the way the pipeline would have.
      const effective = await prepareImage(capture, { preset: 'openai', format: 'auto', maxEdge: 1365 });
      expect([effective.width, effective.height]).toEqual([1365, 768]);
      expect(sent.bytes.byteLength).toBeLessThan(effective.bytes.byteLength);
    });
  }
});

describe('the unfiltered PNG started early on a flat screen', () => {
  it('is dropped when the sample finds the filtered one smaller', async () => {
    // A text screen with a smooth gradient band down it, where filtering wins by far, still
    // flat enough (≥ 0.9 of neighbours equal) for its unfiltered PNG to be started early.
    const capture = textWithGradientBand();
    const words = new Uint32Array(capture.data.buffer, capture.data.byteOffset, 1920 * 1080);
    let equal = 0;
    for (let y = 0; y < 1080; y += 8)
      for (let x = 1; x < 1920; x++) if (words[y * 1920 + x] === words[y * 1920 + x - 1]) equal++;
    expect(equal / (135 * 1919)).toBeGreaterThanOrEqual(0.9);

    // No WebP (generic preset): the choice is between the two PNG modes.
    const sent = await prepareImage(capture, { preset: 'generic', format: 'auto' });
    expect(sent.mime).toBe('image/png');
    expect([sent.width, sent.height]).toEqual([1920, 1080]);
    const rgb = packRgb(capture.data, 'bgra');
    const raw = { raw: { width: 1920, height: 1080, channels: 3 } } as const;
    const [flat, smooth] = await Promise.all([
      sharp(rgb, raw).png({ compressionLevel: 6, adaptiveFiltering: false }).toBuffer(),
      sharp(rgb, raw).png({ compressionLevel: 4, adaptiveFiltering: true }).toBuffer(),
    ]);
    expect(smooth.byteLength).toBeLessThan(flat.byteLength * 0.9);
    expect(sent.bytes.byteLength).toBeLessThanOrEqual(smooth.byteLength);
  });
});

describe('WebP asked for on a screen of at most 256 colours', () => {
  it('is the effort-1 WebP when smaller than the palette PNG (beside a palette only filtering is sampled)', async () => {
    const capture = makeScreenCapture(1920, 1080, 'text');
    const palette = await prepareImage(capture, { preset: 'openai', format: 'auto' });
    expect(palette.mime).toBe('image/png');
    const webp = await prepareImage(capture, { preset: 'openai', format: 'webp' });
    expect(webp.mime).toBe('image/webp');
    expect(webp.bytes.byteLength).toBeLessThan(palette.bytes.byteLength);
  });
});

describe('a flat screen sent as it is, over the byte cap', () => {
  it('falls back to JPEG at the effective size, not at the size of the crop', async () => {
    const capture = makeScreenCapture(1920, 1080, 'code');
    const lossless = await prepareImage(capture, { preset: 'openai', format: 'auto' });
    expect(lossless.width).toBe(1920);
    const capped = await prepareImage(capture, {
      preset: 'openai',
      format: 'auto',
      maxBytes: lossless.bytes.byteLength - 1,
    });
    expect(capped.mime).toBe('image/jpeg');
    expect([capped.width, capped.height]).toEqual([1365, 768]);
  });
});

// Cases a review of the change found (each failed on it before the fix).
describe('where a trial is still needed', () => {
  it('a text screen with a photo on 15 % of it goes through the trial: the effective size is smaller there', async () => {
    const capture = makeScreenCapture(1920, 1080, 'text');
    const photo = makeScreenCapture(1920, 1080, 'photo');
    const [w, h] = [744, 418];
    for (let y = 0; y < h; y++)
      capture.data.set(photo.data.subarray(y * 1920 * 4, (y * 1920 + w) * 4), ((y + 100) * 1920 + 200) * 4);
    const sent = await prepareImage(capture, { preset: 'openai', format: 'auto' });
    const effective = await prepareImage(capture, { preset: 'openai', format: 'auto', maxEdge: 1365 });
    expect(sent.bytes.byteLength).toBeLessThanOrEqual(effective.bytes.byteLength);
  });

  it('a noisy image of 200 colours goes out as its lossless palette PNG, not as a larger JPEG', async () => {
    const width = 1200;
    const height = 900;
    const data = new Uint8Array(width * height * 4);
    let seed = 7;
    const random = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 8;
    };
    const palette = Array.from({ length: 200 }, () => [random() & 255, random() & 255, random() & 255]);
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = palette[random() % 200]!;
      data.set([b!, g!, r!, 255], i);
    }
    const prepared = await prepareImage(
      { data, width, height, channels: 4, order: 'bgra' },
      { format: 'auto' },
    );
    expect(prepared.mime).toBe('image/png');
    expect(prepared.bytes.byteLength).toBeLessThan(1_200_000);
  });

  it('PNG by name of a ≤ 256-colour gradient is no larger than level 9 (filtered wins there by far)', async () => {
    const width = 1200;
    const height = 900;
    const rgba = new Uint8Array(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const v = Math.round(Math.hypot(x - 600, y - 450) / 3) & 255;
        rgba.set([v, (v * 3) & 255, 255 - v, 255], (y * width + x) * 4);
      }
    }
    const prepared = await prepareImage(
      { data: rgba, width, height, channels: 4, order: 'rgba' },
      { format: 'png' },
    );
    const rgb = packRgb(rgba, 'rgba');
    const raw = { raw: { width, height, channels: 3 } } as const;
    const [off, on] = await Promise.all([
      sharp(rgb, raw).png({ compressionLevel: 9, adaptiveFiltering: false }).toBuffer(),
      sharp(rgb, raw).png({ compressionLevel: 9, adaptiveFiltering: true }).toBuffer(),
    ]);
    expect(prepared.bytes.byteLength).toBeLessThanOrEqual(Math.min(off.byteLength, on.byteLength));
  });
});

describe('the fast WebP with `auto` (OpenAI preset), only where it is the smaller', () => {
  /** The smaller of the two fast PNGs and the fast WebP of the same pixels. */
  async function fastEncodes(capture: { data: Uint8Array; width: number; height: number }) {
    const rgb = packRgb(capture.data, 'bgra');
    const raw = { raw: { width: capture.width, height: capture.height, channels: 3 } } as const;
    const [webp, flat, smooth] = await Promise.all([
      sharp(rgb, raw).webp({ lossless: true, effort: 0, quality: 50 }).toBuffer(),
      sharp(rgb, raw).png({ compressionLevel: 6, adaptiveFiltering: false }).toBuffer(),
      sharp(rgb, raw).png({ compressionLevel: 4, adaptiveFiltering: true }).toBuffer(),
    ]);
    return { webp: webp.byteLength, png: Math.min(flat.byteLength, smooth.byteLength) };
  }

  /**
   * Anti-aliased "glyphs" of many colours on a dark background, in lines 128 rows apart starting
   * at `first` (the row sample's bands sit at rows 60–67 of every 128).
   */
  function darkGlyphs(first: number) {
    const [width, height] = [1920, 1080];
    const data = new Uint8Array(width * height * 4);
    for (let i = 0; i < data.length; i += 4) data.set([23, 17, 13, 255], i);
    let seed = 1;
    const random = (): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 4294967296;
    };
    for (let top = first; top + 40 < height; top += 128) {
      for (let x0 = 40; x0 < width - 40; x0 += 11) {
        if (random() < 0.15) continue;
        const hue = random() * 6;
        const colour = [200 + hue * 9, 180 + hue * 7, 220 - hue * 11];
        for (let y = top + 8; y < top + 40; y++) {
          for (let x = x0; x < x0 + 9; x++) {
            const a = Math.max(0, Math.min(1, (1 - Math.hypot((x - x0 - 4) / 4.5, (y - top - 24) / 14)) * 3));
            if (a <= 0) continue;
            const i = (y * width + x) * 4;
            data.set(
              [
                Math.round(23 + (colour[2]! - 23) * a),
                Math.round(17 + (colour[1]! - 17) * a),
                Math.round(13 + (colour[0]! - 13) * a),
              ],
              i,
            );
          }
        }
      }
    }
    return { data, width, height, channels: 4, order: 'bgra' } as const;
  }

  for (const [first, what] of [
    [70, 'a row sample that misses its text (one colour)'],
    [40, 'a row sample through its text'],
  ] as const) {
    it(`a sparse dark screen, ${what}: PNG, not a WebP 3.7× larger`, async () => {
      const capture = darkGlyphs(first);
      const sent = await prepareImage(capture, { preset: 'openai', format: 'auto' });
      const fast = await fastEncodes(capture);
      expect(fast.webp).toBeGreaterThan(fast.png * 2);
      expect(sent.mime).toBe('image/png');
      expect(sent.bytes.byteLength).toBeLessThanOrEqual(fast.png);
    });
  }

  it('a screen where the fast WebP is the smaller still gets it', async () => {
    // The text screen with a gradient band: filtering wins among the PNGs, WebP beats both.
    const capture = textWithGradientBand();
    const sent = await prepareImage(capture, { preset: 'openai', format: 'auto' });
    const fast = await fastEncodes(capture);
    expect(fast.webp).toBeLessThan(fast.png);
    expect(sent.mime).toBe('image/webp');
    expect(sent.bytes.byteLength).toBe(fast.webp);
  });
});
