/**
 * Issue 15, point 4, as far as the pipeline really guarantees it. It asked that nothing sent be
 * larger than the smaller of sharp's level-9 PNGs (adaptive filtering on and off) of the same
 * pixels. Writing every truecolour PNG at level 9 did that but made a hotkey capture 2.5–12×
 * slower than the naive encode (zlib-ng level 9 on repetitive rows), so the guarantees are now:
 * - always: no larger than the plain PNG of the same pixels (sharp's defaults, what an app
 *   without the pipeline sends);
 * - a screen of ≤ 256 colours sent as it is (palette PNG): no larger than level 9;
 * - lossless WebP where the provider takes it: within 5 % of level 9 for `auto` (libwebp's
 *   fastest lossless setting, encoded alone; 1.02 × level 9 on the 1920×1080 code screen at 1.5×,
 *   0.6–0.99 elsewhere); no larger than level 9 when WebP is asked for by name (effort 1 on flat
 *   content);
 * - a truecolour PNG (more than 256 colours): within 20 % of level 9 for `auto` (the level-6/4
 *   encodes were 5–17 % above it on these screens); no larger than level 9 when PNG is asked for
 *   by name and the image has at most 2.4 megapixels (level 9, level 7 on photographic content,
 *   then one IDAT chunk and no pHYs: 0.9985–0.9986).
 * WebP goes only to providers that accept it.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  PRESET_NAMES,
  PROVIDER_PRESETS,
  prepareImage,
  type PipelineOptions,
  type PreparedImage,
} from '../../../../electron/core/image';
import { makeScreenCapture, type ScreenKind } from '../../../support/screens';

/** The smaller of sharp's two level-9 PNGs of exactly the pixels `image` carries. */
async function level9Bytes(image: PreparedImage): Promise<number> {
  const { data, info } = await sharp(image.bytes).raw().toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  const [off, on] = await Promise.all([
    sharp(data, raw).png({ compressionLevel: 9, adaptiveFiltering: false }).toBuffer(),
    sharp(data, raw).png({ compressionLevel: 9, adaptiveFiltering: true }).toBuffer(),
  ]);
  return Math.min(off.byteLength, on.byteLength);
}

/** sharp's default PNG of exactly the pixels `image` carries. */
async function plainBytes(image: PreparedImage): Promise<number> {
  const { data, info } = await sharp(image.bytes).raw().toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  return (await sharp(data, raw).png().toBuffer()).byteLength;
}

/** More than 256 colours: no palette PNG is possible. */
async function truecolour(image: PreparedImage): Promise<boolean> {
  const { data, info } = await sharp(image.bytes).raw().toBuffer({ resolveWithObject: true });
  const colours = new Set<number>();
  for (let i = 0; i < data.length && colours.size <= 256; i += info.channels)
    colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
  return colours.size > 256;
}

/**
 * The guarantee for a PNG the pipeline sent (see the top of the file). `asked`: PNG was asked
 * for by name, so an image of at most 2.4 megapixels is written at level 9 (level 7 where
 * photographic) and compacted (pipeline.ts, PNG_STRONG).
 */
async function expectPngGuarantee(prepared: PreparedImage, asked = false): Promise<void> {
  const reference = await level9Bytes(prepared);
  const what = `${prepared.width}×${prepared.height}: ${prepared.bytes.byteLength} bytes vs level 9 ${reference}`;
  expect(prepared.bytes.byteLength, what).toBeLessThanOrEqual(await plainBytes(prepared));
  const strong = asked && prepared.width * prepared.height <= 2_400_000;
  const bound = (await truecolour(prepared)) && !strong ? reference * 1.2 : reference;
  expect(prepared.bytes.byteLength, what).toBeLessThanOrEqual(bound);
}

/** The mime the bytes really are, from their signature. */
function sniff(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 12));
  if (head.subarray(0, 4).toString('latin1') === '\x89PNG') return 'image/png';
  if (head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP')
    return 'image/webp';
  if (head[0] === 0xff && head[1] === 0xd8) return 'image/jpeg';
  return 'unknown';
}

// Screens at the three scale factors issue 15 measured: 1× (sent as they are), 1.5× and 2×
// (scaled to 1365 px, the OpenAI effective width of a 16:9 screen). Sizes kept small enough for
// a unit test; the bench covers 1080p to 5K.
const SCREENS: { width: number; height: number; scale: number; maxEdge: number }[] = [
  { width: 1280, height: 720, scale: 1, maxEdge: 1280 },
  { width: 1920, height: 1080, scale: 1.5, maxEdge: 1365 },
  { width: 2560, height: 1440, scale: 2, maxEdge: 1365 },
];
// Photo screens are left out of the lossless checks at 2×: the level-9 reference alone takes
// seconds there; 1× covers them.
const KINDS: ScreenKind[] = ['text', 'code', 'photo', 'mixed'];

describe('bytes sent against the plain and level-9 PNGs of the same pixels', () => {
  for (const screen of SCREENS) {
    for (const kind of KINDS) {
      if (kind === 'photo' && screen.scale !== 1) continue;
      const name = `${screen.width}×${screen.height} ${kind} screen at ${screen.scale}×`;

      it(`PNG (no preset): ${name}, each candidate within its bound`, { timeout: 60_000 }, async () => {
        const capture = makeScreenCapture(screen.width, screen.height, kind, { scale: screen.scale });
        // The as-is candidate and the scaled one, each forced on its own.
        for (const options of [
          { format: 'png', maxEdge: Math.max(screen.width, screen.height) },
          { format: 'png', maxEdge: screen.maxEdge },
        ] satisfies PipelineOptions[]) {
          const prepared = await prepareImage(capture, options);
          expect(prepared.mime).toBe('image/png');
          await expectPngGuarantee(prepared, true);
        }
      });

      if (kind === 'photo') continue;
      it(`PNG-only preset (generic) and WebP preset (openai): ${name}`, { timeout: 60_000 }, async () => {
        const capture = makeScreenCapture(screen.width, screen.height, kind, { scale: screen.scale });
        const generic = await prepareImage(capture, { preset: 'generic', format: 'auto' });
        expect(generic.mime).toBe('image/png');
        await expectPngGuarantee(generic);

        const openai = await prepareImage(capture, { preset: 'openai', format: 'auto' });
        if (openai.mime === 'image/png') await expectPngGuarantee(openai);
        else expect(openai.bytes.byteLength).toBeLessThanOrEqual((await level9Bytes(openai)) * 1.05);
        // Lossless only (no JPEG): WebP unless a palette PNG serves.
        const webp = await prepareImage(capture, { preset: 'openai', format: 'webp' });
        expect(webp.mime).not.toBe('image/jpeg');
        if (webp.mime === 'image/png') await expectPngGuarantee(webp);
        // Asked for by name, WebP is written at effort 1 on flat content: below level 9 here.
        else expect(webp.bytes.byteLength).toBeLessThanOrEqual(await level9Bytes(webp));
        // PNG asked for by name, at the generic preset's fitted size.
        const png = await prepareImage(capture, { preset: 'generic', format: 'png' });
        await expectPngGuarantee(png, true);
      });
    }
  }
});

describe('WebP only where the provider accepts it', () => {
  const capture = makeScreenCapture(1280, 720, 'mixed', { scale: 1 });

  it('sends lossless WebP to OpenAI for a mixed screen, where it is smaller than the PNG', async () => {
    const openai = await prepareImage(capture, { preset: 'openai', format: 'auto' });
    const png = await prepareImage(capture, { preset: 'openai', format: 'png' });
    expect(openai.mime).toBe('image/webp');
    expect(openai.bytes.byteLength).toBeLessThan(png.bytes.byteLength);
    // Lossless: the same pixels as the PNG of the same size.
    const [a, b] = await Promise.all([
      sharp(openai.bytes).raw().toBuffer(),
      sharp(png.bytes).raw().toBuffer(),
    ]);
    expect(openai.width).toBe(png.width);
    expect(a.equals(b)).toBe(true);
  });

  for (const preset of PRESET_NAMES) {
    const accepts = PROVIDER_PRESETS[preset].acceptsWebp;
    it(`${preset}: ${accepts ? 'may send' : 'never sends'} WebP, and the data URL names what the bytes are`, async () => {
      const prepared = await prepareImage(capture, { preset, format: 'auto' });
      if (!accepts) expect(prepared.mime).not.toBe('image/webp');
      expect(sniff(prepared.bytes)).toBe(prepared.mime);
      expect(prepared.dataUri.startsWith(`data:${prepared.mime};base64,`)).toBe(true);
      expect(Buffer.from(prepared.dataUri.split(',')[1]!, 'base64').equals(Buffer.from(prepared.bytes))).toBe(
        true,
      );
    });
  }

  it('the WebP presets are the ones whose documentation lists WebP, and each cites it', () => {
    const webp = PRESET_NAMES.filter((name) => PROVIDER_PRESETS[name].acceptsWebp);
    expect(webp.sort()).toEqual(['anthropic-compatible', 'gemini', 'openai']);
    for (const name of webp) expect(PROVIDER_PRESETS[name].source).toMatch(/webp/i);
  });

  it('refuses format webp without a preset that accepts it', async () => {
    await expect(prepareImage(capture, { format: 'webp' })).rejects.toThrow(/accepts WebP/);
    await expect(prepareImage(capture, { preset: 'ollama', format: 'webp' })).rejects.toThrow(/accepts WebP/);
  });

  it('gives a data:image/webp;base64 URL for format webp', async () => {
    const prepared = await prepareImage(capture, { preset: 'gemini', format: 'webp' });
    expect(prepared.dataUri.startsWith('data:image/webp;base64,')).toBe(true);
    expect(sniff(prepared.bytes)).toBe('image/webp');
  });
});
