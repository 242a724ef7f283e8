/**
 * The pieces issue 15's faster capture path rests on: colours counted on the 4-byte capture
 * itself, rows converted on demand, and a zlib stream deflated in parallel pieces. Each must give
 * exactly what the plain path gives.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { indexRawColours, packRgb, RawPixels } from '../../../../electron/core/image/raw-pixels';
import { adler32, deflateParallel, PieceDeflater } from '../../../../electron/core/image/zlib-parallel';
import { makeScreenCapture } from '../../../support/screens';

/** Every pixel's RGB through the palette, as 0xRRGGBB. */
function decodeIndexed(palette: number[], scanlines: Uint8Array, width: number, height: number): number[] {
  const out: number[] = [];
  for (let y = 0; y < height; y++) {
    expect(scanlines[y * (width + 1)]).toBe(0);
    for (let x = 0; x < width; x++) out.push(palette[scanlines[y * (width + 1) + 1 + x]!]! >>> 8);
  }
  return out;
}

describe('indexRawColours', () => {
  for (const order of ['bgra', 'rgba'] as const) {
    it(`indexes a ${order} text screen to exactly its pixels' colours, alpha ignored`, () => {
      const capture = makeScreenCapture(640, 400, 'text', { seed: 3 });
      const data =
        order === 'bgra'
          ? capture.data
          : Uint8Array.from(capture.data, (v, i) =>
              i % 4 === 3 ? v : capture.data[i - (i % 4) + (2 - (i % 4))]!,
            );
      // A translucent alpha must not make a second colour of the same RGB.
      data[3] = 7;
      const indexed = indexRawColours(new RawPixels(data, 640, 400, order));
      expect(indexed).not.toBeNull();
      expect(indexed!.palette.every((c) => (c & 255) === 255)).toBe(true);
      const rgb = packRgb(data, order);
      const expected: number[] = [];
      for (let i = 0; i < rgb.length; i += 3)
        expected.push((rgb[i]! << 16) | (rgb[i + 1]! << 8) | rgb[i + 2]!);
      expect(decodeIndexed(indexed!.palette, indexed!.scanlines, 640, 400)).toEqual(expected);
    });
  }

  it('gives up on the 257th colour, whether the sampled rows show it or not', () => {
    const width = 300;
    const height = 130;
    const data = new Uint8Array(width * height * 4).fill(255);
    // 257 colours on row 1, which the pre-count (every 64th row) does not read.
    for (let x = 0; x < 257; x++) data.set([x & 255, x >> 8, 9, 255], (width + x) * 4);
    expect(indexRawColours(new RawPixels(data, width, height, 'bgra'))).toBeNull();
    // 256 (255 on row 1, and the white around them) are fine.
    data.set([255, 255, 255, 255], (width + 255) * 4);
    data.set([255, 255, 255, 255], (width + 256) * 4);
    expect(indexRawColours(new RawPixels(data, width, height, 'bgra'))!.palette).toHaveLength(256);
  });
});

describe('RawPixels', () => {
  it('converts rows on demand to what the whole conversion gives', () => {
    const capture = makeScreenCapture(320, 200, 'mixed');
    const pixels = new RawPixels(capture.data, 320, 200, 'bgra');
    const rows = pixels.rows(50, 7);
    const whole = packRgb(capture.data, 'bgra');
    expect(Buffer.from(rows).equals(Buffer.from(whole.subarray(50 * 960, 57 * 960)))).toBe(true);
    expect(Buffer.from(pixels.data).equals(Buffer.from(whole))).toBe(true);
    expect(Buffer.from(pixels.rows(50, 7)).equals(Buffer.from(rows))).toBe(true);
  });
});

describe('deflateParallel', () => {
  it('makes one zlib stream that inflates to the input, about the size of a one-piece deflate', async () => {
    const capture = makeScreenCapture(1920, 1080, 'text');
    const { scanlines } = indexRawColours(new RawPixels(capture.data, 1920, 1080, 'bgra'))!;
    for (const pieces of [1, 2, 3, 4]) {
      const stream = await deflateParallel(scanlines, 6, pieces);
      expect(Buffer.from(inflateSync(stream)).equals(Buffer.from(scanlines))).toBe(true);
      // The seams cost block headers, not the matches across them (dictionary priming).
      expect(stream.byteLength).toBeLessThan(deflateSync(scanlines, { level: 6 }).byteLength * 1.01);
    }
  });

  it('deflates the rows counted so far while the rest is counted, into the same stream', async () => {
    const capture = makeScreenCapture(1920, 1080, 'text');
    const snapshots: { final: number; bytes: Buffer }[] = [];
    let deflater: PieceDeflater | undefined;
    const colours = indexRawColours(new RawPixels(capture.data, 1920, 1080, 'bgra'), (scanlines, final) => {
      snapshots.push({ final, bytes: Buffer.from(scanlines.subarray(0, final)) });
      deflater ??= new PieceDeflater(scanlines, 6);
      deflater.readyUpTo(final);
    })!;
    // Told three times (four parts), at row boundaries, and what it called final stayed so.
    expect(snapshots.map((s) => s.final)).toEqual([270, 540, 810].map((rows) => rows * 1921));
    for (const { final, bytes } of snapshots)
      expect(bytes.equals(Buffer.from(colours.scanlines.subarray(0, final)))).toBe(true);
    const stream = await deflater!.finish();
    expect(Buffer.from(inflateSync(stream)).equals(Buffer.from(colours.scanlines))).toBe(true);
    expect(stream.byteLength).toBeLessThan(deflateSync(colours.scanlines, { level: 6 }).byteLength * 1.01);
  });

  it('computes the same Adler-32 as zlib', () => {
    const data = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7919) & 255);
    const stream = deflateSync(data);
    expect(adler32(data)).toBe(stream.readUInt32BE(stream.byteLength - 4));
    expect(adler32(new Uint8Array(0))).toBe(1);
  });
});
