/**
 * Images are recognised by their bytes: PNG, JPEG, WebP and GIF, nothing else.
 */
import { describe, expect, it } from 'vitest';
import { imageToDataUri } from '../../../electron/cli/image-input';
import { sniffImageType, toDataUri } from '../../../electron/core/image/sniff';

const bytes = (...values: (number | string)[]) =>
  new Uint8Array(values.flatMap((v) => (typeof v === 'string' ? [...Buffer.from(v, 'latin1')] : [v])));

const PNG = bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'IHDR');
const JPEG = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'JFIF', 0);
const WEBP = bytes('RIFF', 0x24, 0, 0, 0, 'WEBPVP8 ');
const GIF87 = bytes('GIF87a', 1, 0, 1, 0);
const GIF89 = bytes('GIF89a', 1, 0, 1, 0);

describe('sniffImageType', () => {
  it.each([
    ['PNG', PNG, 'image/png'],
    ['JPEG', JPEG, 'image/jpeg'],
    ['WebP', WEBP, 'image/webp'],
    ['GIF87a', GIF87, 'image/gif'],
    ['GIF89a', GIF89, 'image/gif'],
  ])('recognises %s', (_name, data, mime) => {
    expect(sniffImageType(data)).toBe(mime);
  });

  it.each([
    ['empty', new Uint8Array()],
    ['a truncated PNG signature', PNG.subarray(0, 7)],
    ['RIFF that is not WebP (WAV)', bytes('RIFF', 0x24, 0, 0, 0, 'WAVEfmt ')],
    ['PDF', bytes('%PDF-1.7')],
    ['SVG', bytes('<svg xmlns="http://www.w3.org/2000/svg">')],
    ['BMP', bytes('BM', 0x36, 0, 0, 0)],
    ['TIFF', bytes('II*', 0)],
    ['text named .png', bytes('hello.png')],
  ])('refuses %s', (_name, data) => {
    expect(sniffImageType(data)).toBeNull();
  });
});

describe('toDataUri and imageToDataUri', () => {
  it('encodes the exact bytes with their real type, also from a view into a larger buffer', () => {
    const big = new Uint8Array([9, 9, ...JPEG, 9]);
    const view = big.subarray(2, 2 + JPEG.length);
    expect(toDataUri(view, 'image/jpeg')).toBe(
      `data:image/jpeg;base64,${Buffer.from(JPEG).toString('base64')}`,
    );
  });

  it('keeps the file as it is by default, and names a non-image clearly', async () => {
    await expect(imageToDataUri('"a.webp"', WEBP, { format: 'auto' })).resolves.toEqual({
      mime: 'image/webp',
      dataUri: `data:image/webp;base64,${Buffer.from(WEBP).toString('base64')}`,
    });
    await expect(imageToDataUri('"doc.png"', bytes('%PDF-1.7\n'), { format: 'auto' })).rejects.toThrow(
      /"doc\.png" is not a PNG, JPEG, WebP or GIF image \(it starts with 25 50 44 46 2d 31 2e 37 "%PDF-1\.7"\)/,
    );
    await expect(imageToDataUri('stdin', new Uint8Array(), { format: 'auto' })).rejects.toThrow(
      /the file is empty/,
    );
  });

  it('--format webp --preset openai re-encodes a PNG screenshot as lossless WebP, data:image/webp', async () => {
    const { makeScreenCapture } = await import('../../support/screens');
    const sharp = (await import('sharp')).default;
    const capture = makeScreenCapture(640, 400, 'mixed', { scale: 1 });
    const png = await sharp(capture.data, { raw: { width: 640, height: 400, channels: 4 } })
      .recomb([
        [0, 0, 1],
        [0, 1, 0],
        [1, 0, 0],
      ])
      .png()
      .toBuffer();
    const image = await imageToDataUri('"shot.png"', png, { format: 'webp', preset: 'openai' });
    expect(image.mime).toBe('image/webp');
    expect(image.dataUri.startsWith('data:image/webp;base64,UklGR')).toBe(true);
    // Lossless: the pixels of the file.
    const sent = Buffer.from(image.dataUri.split(',')[1]!, 'base64');
    const [a, b] = await Promise.all([
      sharp(sent).removeAlpha().raw().toBuffer(),
      sharp(png).removeAlpha().raw().toBuffer(),
    ]);
    expect(a.equals(b)).toBe(true);
  });
});
