import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  fitWithin,
  ImagePipelineError,
  prepareImage,
  type ImagePipelineErrorKind,
  type PreparedImage,
  type RawImage,
} from '../../../../electron/core/image';
import { fillRect, makeScreenCapture, makeSolidCapture, pixelAt, type Rgb } from '../../../support/screens';

/** Decoded output: RGB(A) bytes as sharp reads the file back. */
async function decode(
  image: PreparedImage | Uint8Array,
): Promise<{ data: Buffer; width: number; height: number; channels: number }> {
  const bytes = image instanceof Uint8Array ? image : image.bytes;
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

function rgbAt(image: { data: Buffer; width: number; channels: number }, x: number, y: number): Rgb {
  const i = (y * image.width + x) * image.channels;
  return ((image.data[i]! << 16) | (image.data[i + 1]! << 8) | image.data[i + 2]!) >>> 0;
}

/** A grid of 8×8-pixel blocks, each its own colour, so every position says where it came from. */
const BLOCK = 8;
function blockColour(x: number, y: number): Rgb {
  const bx = Math.floor(x / BLOCK);
  const by = Math.floor(y / BLOCK);
  return (
    ((((bx * 37 + 11) & 255) << 16) | (((by * 53 + 7) & 255) << 8) | ((bx * 11 + by * 29 + 101) & 255)) >>> 0
  );
}
function makeBlocks(width: number, height: number, order: RawImage['order'] = 'bgra'): RawImage {
  const image = makeSolidCapture(width, height, 0, order);
  for (let y = 0; y < height; y += BLOCK) {
    for (let x = 0; x < width; x += BLOCK)
      fillRect(image, { x, y, width: BLOCK, height: BLOCK }, blockColour(x, y));
  }
  return image;
}

/** Every output pixel must be the source pixel at (x + dx, y + dy). */
async function expectExactCrop(
  prepared: PreparedImage,
  source: RawImage,
  dx: number,
  dy: number,
): Promise<void> {
  const out = await decode(prepared);
  let wrong = 0;
  let first = '';
  for (let y = 0; y < out.height; y++) {
    for (let x = 0; x < out.width; x++) {
      const expected = pixelAt(source, x + dx, y + dy);
      const actual = rgbAt(out, x, y);
      if (actual !== expected) {
        wrong++;
        first ||= `(${x}, ${y}): ${actual.toString(16)} ≠ ${expected.toString(16)}`;
      }
    }
  }
  expect(wrong, `pixels differ, first at ${first}`).toBe(0);
}

async function expectPipelineError(
  promise: Promise<unknown>,
  kind: ImagePipelineErrorKind,
  message: RegExp,
): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImagePipelineError);
  expect((error as ImagePipelineError).kind).toBe(kind);
  expect((error as ImagePipelineError).message).toMatch(message);
}

/** A well-mixed 32-bit hash of k (murmur3's finaliser). */
function hash(k: number): number {
  let h = Math.imul(k ^ 0x9e3779b9, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function rgbBytesOf(raw: RawImage): Buffer {
  const out = Buffer.alloc(raw.width * raw.height * 3);
  for (let i = 0, o = 0; i < raw.data.length; i += 4, o += 3) {
    const [r, b] = raw.order === 'bgra' ? [raw.data[i + 2]!, raw.data[i]!] : [raw.data[i]!, raw.data[i + 2]!];
    out[o] = r;
    out[o + 1] = raw.data[i + 1]!;
    out[o + 2] = b;
  }
  return out;
}

describe('prepareImage: crop', () => {
  it('cuts exactly the physical pixels asked for', async () => {
    const source = makeBlocks(96, 64);
    const prepared = await prepareImage(source, { crop: { x: 13, y: 7, width: 41, height: 29 } });
    expect([prepared.width, prepared.height]).toEqual([41, 29]);
    expect([prepared.sourceWidth, prepared.sourceHeight]).toEqual([96, 64]);
    await expectExactCrop(prepared, source, 13, 7);
  });

  it('cuts a single pixel', async () => {
    const source = makeBlocks(32, 32);
    const prepared = await prepareImage(source, { crop: { x: 17, y: 9, width: 1, height: 1 } });
    expect([prepared.width, prepared.height]).toEqual([1, 1]);
    expect(rgbAt(await decode(prepared), 0, 0)).toBe(blockColour(17, 9));
  });

  it.each(['bgra', 'rgba'] as const)(
    'keeps colours in %s order (pure red stays red, pure blue stays blue)',
    async (order) => {
      const source = makeSolidCapture(6, 4, 0xff0000, order);
      fillRect(source, { x: 3, y: 0, width: 3, height: 4 }, 0x0000ff);
      const out = await decode(await prepareImage(source));
      expect(out.channels).toBe(3);
      expect([...out.data.subarray(0, 3)]).toEqual([255, 0, 0]);
      expect([...out.data.subarray(3 * 3, 3 * 3 + 3)]).toEqual([0, 0, 255]);
    },
  );

  it('clamps a region that is partly outside the image', async () => {
    const source = makeBlocks(64, 48);
    const prepared = await prepareImage(source, { crop: { x: -10, y: 40, width: 30, height: 20 } });
    expect([prepared.width, prepared.height]).toEqual([20, 8]);
    await expectExactCrop(prepared, source, 0, 40);
  });

  it('takes a region dragged up and to the left (negative size) as the same rectangle', async () => {
    const source = makeBlocks(64, 48);
    const prepared = await prepareImage(source, { crop: { x: 50, y: 40, width: -30, height: -20 } });
    expect([prepared.width, prepared.height]).toEqual([30, 20]);
    await expectExactCrop(prepared, source, 20, 20);
  });

  it('snaps fractional edges to the nearest pixel', async () => {
    const source = makeBlocks(64, 48);
    // Edges 10.4 → 10, 30.6 → 31; 5.5 → 6, 15.49 → 15.
    const prepared = await prepareImage(source, { crop: { x: 10.4, y: 5.5, width: 20.2, height: 9.99 } });
    expect([prepared.width, prepared.height]).toEqual([21, 9]);
    await expectExactCrop(prepared, source, 10, 6);
  });

  it.each([
    { width: 0, height: 10 },
    { width: 10, height: 0 },
    { width: 0.3, height: 10 },
  ])('refuses an empty region ($width×$height)', async (size) => {
    await expectPipelineError(
      prepareImage(makeBlocks(32, 32), { crop: { x: 4, y: 4, ...size } }),
      'empty-region',
      /region is empty.*Drag to select/,
    );
  });

  it('refuses a region that is not a rectangle', async () => {
    await expectPipelineError(
      prepareImage(makeBlocks(32, 32), { crop: { x: Number.NaN, y: 0, width: 4, height: 4 } }),
      'empty-region',
      /not a valid rectangle/,
    );
  });

  it.each([
    { x: 32, y: 0 },
    { x: 0, y: 40 },
    { x: -20, y: 0 },
    { x: 100, y: 100 },
  ])('refuses a region entirely outside the image (at $x, $y)', async (at) => {
    await expectPipelineError(
      prepareImage(makeBlocks(32, 32), { crop: { ...at, width: 10, height: 10 } }),
      'region-outside',
      /outside the 32×32 image/,
    );
  });
});

describe('fitWithin', () => {
  it.each([
    [3840, 2160, 2048, 2048, 1152],
    [2160, 3840, 2048, 1152, 2048],
    [5120, 2880, 2048, 2048, 1152],
    [2048, 1152, 2048, 2048, 1152],
    [1000, 500, 2048, 1000, 500],
    [2049, 1, 2048, 2048, 1],
    [10_000, 3, 100, 100, 1],
    [3000, 1999, 1000, 1000, 666],
    [4000, 2001, 2000, 2000, 1001],
    [4000, 2003, 2000, 2000, 1002],
    [1999, 3000, 1000, 666, 1000],
  ])('%i×%i within %i → %i×%i', (width, height, maxEdge, w, h) => {
    expect(fitWithin(width, height, maxEdge)).toEqual({ width: w, height: h });
  });
});

describe('prepareImage: fit', () => {
  it('scales the longest edge down to maxEdge, keeping the aspect ratio', async () => {
    const prepared = await prepareImage(makeScreenCapture(1200, 500, 'mixed'), { maxEdge: 600 });
    expect([prepared.width, prepared.height]).toEqual([600, 250]);
    expect([prepared.sourceWidth, prepared.sourceHeight]).toEqual([1200, 500]);
    const out = await decode(prepared);
    expect([out.width, out.height]).toEqual([600, 250]);
  });

  it('fits a portrait crop on its height', async () => {
    const prepared = await prepareImage(makeScreenCapture(800, 800, 'code'), {
      crop: { x: 100, y: 0, width: 300, height: 800 },
      maxEdge: 400,
    });
    expect([prepared.width, prepared.height]).toEqual([150, 400]);
  });

  it('never upscales', async () => {
    const source = makeBlocks(40, 24);
    const prepared = await prepareImage(source, { maxEdge: 4096 });
    expect([prepared.width, prepared.height]).toEqual([40, 24]);
    await expectExactCrop(prepared, source, 0, 0);
  });

  it('keeps colours and their places through scaling', async () => {
    const source = makeSolidCapture(400, 200, 0xff0000);
    fillRect(source, { x: 200, y: 0, width: 200, height: 200 }, 0x0000ff);
    const out = await decode(await prepareImage(source, { maxEdge: 100 }));
    expect([out.width, out.height]).toEqual([100, 50]);
    expect(rgbAt(out, 10, 25)).toBe(0xff0000);
    expect(rgbAt(out, 90, 25)).toBe(0x0000ff);
  });
});

describe('prepareImage: encoding', () => {
  it('gives a PNG data URI that decodes back to exactly the encoded bytes', async () => {
    const prepared = await prepareImage(makeScreenCapture(320, 200, 'mixed'));
    expect(prepared.mime).toBe('image/png');
    expect(prepared.dataUri.startsWith('data:image/png;base64,')).toBe(true);
    const decoded = Buffer.from(prepared.dataUri.slice('data:image/png;base64,'.length), 'base64');
    expect(decoded.equals(Buffer.from(prepared.bytes))).toBe(true);
    expect((await sharp(prepared.bytes).metadata()).format).toBe('png');
  });

  it('gives a JPEG data URI when asked', async () => {
    const prepared = await prepareImage(makeScreenCapture(320, 200, 'photo'), {
      format: 'jpeg',
      jpegQuality: 80,
    });
    expect(prepared.mime).toBe('image/jpeg');
    expect(prepared.dataUri.startsWith('data:image/jpeg;base64,')).toBe(true);
    expect([...prepared.bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    const decoded = Buffer.from(prepared.dataUri.slice('data:image/jpeg;base64,'.length), 'base64');
    expect(decoded.equals(Buffer.from(prepared.bytes))).toBe(true);
  });

  it.each(['text', 'code', 'photo', 'mixed'] as const)('is lossless for a %s screen', async (kind) => {
    const source = makeScreenCapture(480, 300, kind);
    const out = await decode(await prepareImage(source));
    expect(out.channels).toBe(3);
    expect(out.data.equals(rgbBytesOf(source))).toBe(true);
  });

  // IHDR colour type (byte 25 of the file): 3 = palette, 2 = RGB.
  it('uses a palette for a screen of at most 256 colours when it is smaller, and stays exact', async () => {
    const source = makeScreenCapture(480, 300, 'text'); // flat UI, grey-edged glyphs: under 256 colours
    const prepared = await prepareImage(source);
    expect(prepared.bytes[25]).toBe(3);
    expect((await decode(prepared)).data.equals(rgbBytesOf(source))).toBe(true);
  });

  it.each([
    [256, 3],
    [257, 2],
  ])('with %i colours scattered at random, writes colour type %i, exactly', async (colours, colourType) => {
    const source = makeSolidCapture(64, 64, 0);
    for (let k = 0; k < 64 * 64; k++) {
      // Every colour at least once (the first `colours` pixels), then at random.
      const c = k < colours ? k : hash(k) % colours;
      fillRect(source, { x: k % 64, y: Math.floor(k / 64), width: 1, height: 1 }, (c * 0x010307) & 0xffffff);
    }
    const prepared = await prepareImage(source);
    expect(prepared.bytes[25]).toBe(colourType);
    await expectExactCrop(prepared, source, 0, 0);
  });

  it('writes translucent colours into the palette exactly', async () => {
    // A text screen whose top-left quarter is half transparent and a strip fully transparent.
    const screen = makeScreenCapture(320, 200, 'text');
    const rgba = Buffer.alloc(320 * 200 * 4);
    rgbBytesOf(screen).forEach((value, k) => (rgba[Math.floor(k / 3) * 4 + (k % 3)] = value));
    for (let y = 0; y < 200; y++) {
      for (let x = 0; x < 320; x++)
        rgba[(y * 320 + x) * 4 + 3] = x < 160 && y < 100 ? 128 : y >= 190 ? 0 : 255;
    }
    const file = await sharp(rgba, { raw: { width: 320, height: 200, channels: 4 } })
      .png()
      .toBuffer();
    const prepared = await prepareImage(file);
    expect(prepared.bytes[25]).toBe(3);
    const out = await decode(prepared);
    expect(out.channels).toBe(4);
    expect(out.data.equals(rgba)).toBe(true);
  });

  it('uses truecolour for a photo (too many colours for an exact palette)', async () => {
    const prepared = await prepareImage(makeScreenCapture(128, 96, 'photo'));
    expect(prepared.bytes[25]).toBe(2);
  });
});

describe('prepareImage: byte cap', () => {
  it('refuses an image over maxBytes, saying what to do', async () => {
    const source = makeScreenCapture(300, 200, 'photo');
    await expectPipelineError(
      prepareImage(source, { maxBytes: 10_000 }),
      'too-large',
      /is \d+\.\d KB once encoded \(300×200 PNG\), over the 9\.8 KB limit\. Select a smaller region, lower the longest edge, or send it as JPEG\./,
    );
    await expectPipelineError(
      prepareImage(source, { format: 'jpeg', maxBytes: 1000 }),
      'too-large',
      /\(300×200 JPEG\), over the 1000 bytes limit\. .* or lower the JPEG quality\./,
    );
  });

  it('accepts an image of exactly maxBytes', async () => {
    const source = makeScreenCapture(300, 200, 'photo');
    const { bytes } = await prepareImage(source);
    await expect(prepareImage(source, { maxBytes: bytes.byteLength })).resolves.toMatchObject({ width: 300 });
    await expectPipelineError(
      prepareImage(source, { maxBytes: bytes.byteLength - 1 }),
      'too-large',
      /over the/,
    );
  });
});

describe('prepareImage: image files', () => {
  async function encode(raw: RawImage, format: 'png' | 'jpeg' | 'webp'): Promise<Uint8Array> {
    const image = sharp(rgbBytesOf(raw), { raw: { width: raw.width, height: raw.height, channels: 3 } });
    if (format === 'png') return image.png().toBuffer();
    if (format === 'webp') return image.webp({ lossless: true }).toBuffer();
    return image.jpeg({ quality: 100, chromaSubsampling: '4:4:4' }).toBuffer();
  }

  it.each(['png', 'webp'] as const)('crops a lossless %s file exactly', async (format) => {
    const source = makeBlocks(96, 64);
    const prepared = await prepareImage(await encode(source, format), {
      crop: { x: 21, y: 3, width: 50, height: 40 },
    });
    expect([prepared.sourceWidth, prepared.sourceHeight]).toEqual([96, 64]);
    await expectExactCrop(prepared, source, 21, 3);
  });

  it('reads a JPEG file, crops and fits it', async () => {
    const source = makeBlocks(160, 96);
    const prepared = await prepareImage(await encode(source, 'jpeg'), {
      crop: { x: 16, y: 16, width: 128, height: 64 },
      maxEdge: 64,
    });
    expect(prepared.mime).toBe('image/png');
    expect([prepared.width, prepared.height]).toEqual([64, 32]);
    const out = await decode(prepared);
    // Block centres, after a 2× reduction: close to the source colour (JPEG is lossy).
    for (const [x, y] of [
      [2, 2],
      [30, 18],
      [61, 29],
    ] as const) {
      const expected = blockColour(16 + x * 2, 16 + y * 2);
      const actual = rgbAt(out, x, y);
      for (const shift of [16, 8, 0]) {
        expect(Math.abs(((actual >>> shift) & 255) - ((expected >>> shift) & 255))).toBeLessThanOrEqual(6);
      }
    }
  });

  it('keeps real transparency and drops an alpha channel that is opaque everywhere', async () => {
    const rgba = Buffer.alloc(8 * 8 * 4, 255);
    const translucent = Buffer.from(rgba);
    translucent[3] = 0;
    const file = (data: Buffer): Promise<Buffer> =>
      sharp(data, { raw: { width: 8, height: 8, channels: 4 } })
        .png()
        .toBuffer();
    expect((await decode(await prepareImage(await file(translucent)))).channels).toBe(4);
    expect((await decode(await prepareImage(await file(rgba)))).channels).toBe(3);
  });

  it('shows transparent areas on white in a JPEG', async () => {
    const data = Buffer.alloc(8 * 8 * 4, 0); // black, fully transparent
    const file = await sharp(data, { raw: { width: 8, height: 8, channels: 4 } })
      .png()
      .toBuffer();
    const out = await decode(await prepareImage(file, { format: 'jpeg' }));
    expect(rgbAt(out, 4, 4)).toBeGreaterThan(0xf0f0f0);
  });

  it('crops in the orientation the image is shown in', async () => {
    // Stored 40×16, left half red, right half blue; shown 16×40, top half red, bottom half blue.
    const stored = makeSolidCapture(40, 16, 0xff0000);
    fillRect(stored, { x: 20, y: 0, width: 20, height: 16 }, 0x0000ff);
    const file = await sharp(rgbBytesOf(stored), { raw: { width: 40, height: 16, channels: 3 } })
      .png()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const bottom = await decode(await prepareImage(file, { crop: { x: 0, y: 25, width: 16, height: 15 } }));
    expect([bottom.width, bottom.height, rgbAt(bottom, 8, 8)]).toEqual([16, 15, 0x0000ff]);
    const top = await decode(await prepareImage(file, { crop: { x: 0, y: 0, width: 16, height: 15 } }));
    expect(rgbAt(top, 8, 8)).toBe(0xff0000);
  });

  it('applies the EXIF orientation', async () => {
    // Orientation 6: stored 40×16, shown turned 90° clockwise (16×40).
    const file = await sharp(rgbBytesOf(makeBlocks(40, 16)), { raw: { width: 40, height: 16, channels: 3 } })
      .jpeg({ quality: 100, chromaSubsampling: '4:4:4' })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const prepared = await prepareImage(file);
    expect([prepared.width, prepared.height, prepared.sourceWidth, prepared.sourceHeight]).toEqual([
      16, 40, 16, 40,
    ]);
    const out = await decode(prepared);
    // Shown (x, y) is stored (y, 15 - x).
    for (const [x, y] of [
      [3, 3],
      [12, 36],
    ] as const) {
      const expected = blockColour(y, 15 - x);
      const actual = rgbAt(out, x, y);
      for (const shift of [16, 8, 0]) {
        expect(Math.abs(((actual >>> shift) & 255) - ((expected >>> shift) & 255))).toBeLessThanOrEqual(6);
      }
    }
  });

  it('refuses an empty file', async () => {
    await expectPipelineError(prepareImage(new Uint8Array(0)), 'decode', /file is empty/);
  });

  it('refuses bytes that are not an image', async () => {
    await expectPipelineError(
      prepareImage(new TextEncoder().encode('hello, not a picture')),
      'unsupported',
      /PNG, JPEG, WebP or GIF/,
    );
  });

  it('refuses a format it does not accept (SVG)', async () => {
    const svg = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
    );
    await expectPipelineError(prepareImage(svg), 'unsupported', /SVG images are not supported/);
  });

  it('refuses a truncated file', async () => {
    const png = await encode(makeScreenCapture(200, 120, 'photo'), 'png');
    await expectPipelineError(
      prepareImage(png.subarray(0, png.byteLength >> 1)),
      'decode',
      /damaged or incomplete/,
    );
  });
});

describe('prepareImage: raw captures and options', () => {
  it('refuses a capture whose buffer does not match its size', async () => {
    const raw = makeSolidCapture(10, 10, 0xffffff);
    await expectPipelineError(
      prepareImage({ ...raw, data: raw.data.subarray(4) }),
      'decode',
      /damaged: 396 bytes for 10×10/,
    );
  });

  it('refuses a capture with no pixels', async () => {
    await expectPipelineError(
      prepareImage({ data: new Uint8Array(0), width: 0, height: 0, channels: 4, order: 'bgra' }),
      'decode',
      /no pixels/,
    );
  });

  it('reads a capture that is a view into a larger buffer', async () => {
    const raw = makeBlocks(24, 16);
    const padded = new Uint8Array(raw.data.length + 8);
    padded.set(raw.data, 3);
    const view: RawImage = { ...raw, data: padded.subarray(3, 3 + raw.data.length) };
    await expectExactCrop(await prepareImage(view), raw, 0, 0);
  });

  it.each([
    { maxEdge: 0 },
    { maxEdge: 1.5 },
    { maxBytes: 0 },
    { jpegQuality: 101 },
    { format: 'gif' as 'png' },
  ])('rejects invalid options %o', async (options) => {
    await expect(prepareImage(makeSolidCapture(4, 4, 0), options)).rejects.toThrow(RangeError);
  });
});
