/**
 * Issue 4's pipeline stages: redaction burned into the pixels, provider presets (never fewer
 * pixels than the provider reads, fewest bytes among equivalent images), `auto` format and the
 * byte cap, and "sharp text" tiles.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { packRgb } from '../../../../electron/core/image/pipeline';
import {
  candidateSizes,
  ImagePipelineError,
  prepareImage,
  PROVIDER_PRESETS,
  type PreparedImage,
  type RawImage,
} from '../../../../electron/core/image';
import { fillRect, makeScreenCapture, makeSolidCapture, pixelAt } from '../../../support/screens';

async function decode(image: PreparedImage) {
  const { data, info } = await sharp(image.bytes).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

function rgb(out: { data: Buffer; width: number; channels: number }, x: number, y: number): number {
  const i = (y * out.width + x) * out.channels;
  return ((out.data[i]! << 16) | (out.data[i + 1]! << 8) | out.data[i + 2]!) >>> 0;
}

/** Colour blocks at known physical coordinates: every pixel says where it came from. */
function coordinateImage(width: number, height: number): RawImage {
  const image = makeSolidCapture(width, height, 0x808080);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++)
      fillRect(image, { x, y, width: 1, height: 1 }, ((x & 255) << 16) | ((y & 255) << 8) | 0x55);
  }
  return image;
}

describe('redaction', () => {
  it('paints exactly the boxes black, in source coordinates, inside a crop; the rest is untouched', async () => {
    const source = coordinateImage(120, 80);
    const crop = { x: 20, y: 10, width: 60, height: 50 };
    const boxes = [
      { x: 25, y: 15, width: 10, height: 5 },
      // Partly outside the crop: only the inside part is painted.
      { x: 70, y: 50, width: 40, height: 40 },
      // Entirely outside: ignored.
      { x: 0, y: 0, width: 5, height: 5 },
    ];
    const prepared = await prepareImage(source, { crop, redact: boxes });
    const out = await decode(prepared);
    expect([out.width, out.height]).toEqual([60, 50]);
    const inBox = (sx: number, sy: number) =>
      boxes.some((b) => sx >= b.x && sx < b.x + b.width && sy >= b.y && sy < b.y + b.height);
    let wrong = 0;
    for (let y = 0; y < out.height; y++) {
      for (let x = 0; x < out.width; x++) {
        const sx = x + crop.x;
        const sy = y + crop.y;
        const expected = inBox(sx, sy) ? 0x000000 : pixelAt(source, sx, sy);
        if (rgb(out, x, y) !== expected) wrong++;
      }
    }
    expect(wrong).toBe(0);
    // The caller's capture is not changed (it is the frozen screen, reused for the next selection).
    expect(pixelAt(source, 25, 15)).toBe(((25 & 255) << 16) | (15 << 8) | 0x55);
  });

  it('redacts the whole-image capture without touching the caller’s buffer', async () => {
    const source = makeSolidCapture(40, 30, 0xffffff);
    const before = Buffer.from(source.data);
    const out = await decode(await prepareImage(source, { redact: [{ x: 0, y: 0, width: 40, height: 15 }] }));
    expect(rgb(out, 39, 14)).toBe(0x000000);
    expect(rgb(out, 39, 15)).toBe(0xffffff);
    expect(Buffer.from(source.data).equals(before)).toBe(true);
  });

  it('no trace of a redacted secret survives scaling', async () => {
    // A bright secret under a box, then the image shrunk 4×: the box's area must stay pure black.
    const source = makeSolidCapture(800, 400, 0x000000);
    fillRect(source, { x: 200, y: 100, width: 400, height: 200 }, 0xffffff);
    const prepared = await prepareImage(source, {
      maxEdge: 200,
      redact: [{ x: 200, y: 100, width: 400, height: 200 }],
    });
    const out = await decode(prepared);
    expect(out.width).toBe(200);
    for (let i = 0; i < out.data.length; i++) expect(out.data[i]).toBe(0);
  });
});

describe('provider presets', () => {
  it('OpenAI: fit 2048, then the short side to 768', () => {
    expect(PROVIDER_PRESETS.openai.effectiveSize(3840, 2160)).toEqual({ width: 1365, height: 768 });
    expect(PROVIDER_PRESETS.openai.effectiveSize(1920, 1080)).toEqual({ width: 1365, height: 768 });
    expect(PROVIDER_PRESETS.openai.effectiveSize(1000, 700)).toEqual({ width: 1000, height: 700 });
    expect(PROVIDER_PRESETS.openai.effectiveSize(5000, 1000)).toEqual({ width: 2048, height: 410 });
  });

  it('Anthropic: long edge 1568 and ~1.15 megapixels', () => {
    const e = PROVIDER_PRESETS['anthropic-compatible'].effectiveSize(3840, 2160);
    expect(Math.max(e.width, e.height)).toBeLessThanOrEqual(1568);
    expect(e.width * e.height).toBeLessThanOrEqual(1_150_000 * 1.01);
  });

  it('candidates: the effective size first, then the crop as it is when the provider scales by itself', () => {
    expect(candidateSizes(3840, 2160, { preset: 'openai' })).toEqual([
      { width: 1365, height: 768 },
      { width: 3840, height: 2160 },
    ]);
    expect(candidateSizes(1920, 1080, { preset: 'openai' })).toEqual([
      { width: 1365, height: 768 },
      { width: 1920, height: 1080 },
    ]);
    // A local server uses what it gets: always scaled.
    expect(candidateSizes(2400, 1350, { preset: 'ollama' })).toEqual([{ width: 2048, height: 1152 }]);
    // An explicit longest edge caps the preset too.
    expect(candidateSizes(1920, 1080, { preset: 'openai', maxEdge: 1024 })).toEqual([
      { width: 1024, height: 576 },
    ]);
  });

  it('never sends fewer pixels than the provider reads, and picks the smaller file', async () => {
    for (const kind of ['text', 'code', 'mixed'] as const) {
      const capture = makeScreenCapture(1920, 1080, kind);
      const prepared = await prepareImage(capture, { preset: 'openai' });
      const effective = PROVIDER_PRESETS.openai.effectiveSize(prepared.width, prepared.height);
      expect(effective).toEqual({ width: 1365, height: 768 });
      expect(prepared.width).toBeGreaterThanOrEqual(1365);
      const scaled = await prepareImage(capture, { maxEdge: 1365 });
      const asIs = await prepareImage(capture, { maxEdge: 1920 });
      expect(prepared.bytes.byteLength).toBe(Math.min(scaled.bytes.byteLength, asIs.bytes.byteLength));
    }
  });

  it('a 4K capture goes out losslessly, whichever of the equivalent images is smaller', async () => {
    const capture = makeScreenCapture(3840, 2160, 'text');
    const prepared = await prepareImage(capture, { preset: 'openai', format: 'auto' });
    expect(prepared.mime).toBe('image/png');
    expect(PROVIDER_PRESETS.openai.effectiveSize(prepared.width, prepared.height)).toEqual({
      width: 1365,
      height: 768,
    });
    const scaled = await prepareImage(capture, { maxEdge: 1365 });
    const asIs = await prepareImage(capture, { maxEdge: 3840 });
    expect(prepared.bytes.byteLength).toBe(Math.min(scaled.bytes.byteLength, asIs.bytes.byteLength));
  });

  it('a photo goes out as JPEG at the effective size, the larger image not even tried', async () => {
    const prepared = await prepareImage(makeScreenCapture(2560, 1440, 'photo'), {
      preset: 'openai',
      format: 'auto',
    });
    expect([prepared.mime, prepared.width, prepared.height]).toEqual(['image/jpeg', 1365, 768]);
  });
});

describe('format auto and the byte cap', () => {
  it('keeps PNG for screens of text and UI, JPEG for a photo', async () => {
    const text = await prepareImage(makeScreenCapture(1280, 800, 'code'), { format: 'auto' });
    expect(text.mime).toBe('image/png');
    const photo = await prepareImage(makeScreenCapture(1280, 800, 'photo'), { format: 'auto' });
    expect(photo.mime).toBe('image/jpeg');
    expect(photo.dataUri.startsWith('data:image/jpeg;base64,')).toBe(true);
  });

  it('auto falls back to JPEG when only JPEG fits the cap', async () => {
    const capture = makeScreenCapture(1280, 800, 'mixed');
    const png = await prepareImage(capture, { format: 'png' });
    const capped = await prepareImage(capture, {
      format: 'auto',
      maxBytes: Math.floor(png.bytes.byteLength / 2),
    });
    expect(capped.mime).toBe('image/jpeg');
    expect(capped.bytes.byteLength).toBeLessThanOrEqual(png.bytes.byteLength / 2);
  });

  it('says clearly when nothing fits', async () => {
    const error: unknown = await prepareImage(makeScreenCapture(640, 400, 'photo'), {
      format: 'auto',
      maxBytes: 300,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImagePipelineError);
    expect((error as ImagePipelineError).kind).toBe('too-large');
    expect((error as Error).message).toMatch(/over the 300 bytes limit.*Select a smaller region/);
  });
});

describe('packRgb', () => {
  it('reorders BGRA and RGBA to RGB for any pixel count and alignment', () => {
    for (const count of [1, 3, 4, 5, 9]) {
      for (const offset of [0, 1, 4]) {
        const backing = new Uint8Array(offset + count * 4);
        const source = backing.subarray(offset);
        for (let k = 0; k < count * 4; k++) source[k] = (k * 37 + 11) & 255;
        for (const order of ['bgra', 'rgba'] as const) {
          const out = packRgb(source, order);
          expect(out.length).toBe(count * 3);
          for (let p = 0; p < count; p++) {
            const [r, g, b] =
              order === 'bgra'
                ? [source[p * 4 + 2], source[p * 4 + 1], source[p * 4]]
                : [source[p * 4], source[p * 4 + 1], source[p * 4 + 2]];
            expect([out[p * 3], out[p * 3 + 1], out[p * 3 + 2]]).toEqual([r, g, b]);
          }
        }
      }
    }
  });
});
