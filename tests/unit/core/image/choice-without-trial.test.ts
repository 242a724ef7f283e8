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
    const capture = makeScreenCapture(1920, 1080, 'text');
    for (let y = 0; y < 1080; y++) {
      for (let x = 0; x < 60; x++) {
        const i = (y * 1920 + 900 + x) * 4;
        capture.data[i] = (x * 3 + y) & 255;
        capture.data[i + 1] = (x + y * 2) & 255;
        capture.data[i + 2] = (x * 2 + y * 3) & 255;
      }
    }
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
