/**
 * The pipeline on real rendered text: screens drawn by Chromium at device scale factors 1 and 2
 * (tests/fixtures/privacy, made by make-screens.ts), sized for each provider. Text must stay
 * lossless, never drop below what the provider reads, and never cost more than the plain PNG.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { prepareImage, PROVIDER_PRESETS, type PresetName } from '../../../../electron/core/image';

const DIR = join(import.meta.dirname, '../../../fixtures/privacy');
const SCREENS = readdirSync(DIR).filter((name) => /@[12]x\.png$/.test(name));
// Without the screens every case below would silently not exist: the file fails instead.
if (!['@1x.png', '@2x.png'].every((scale) => SCREENS.filter((n) => n.endsWith(scale)).length >= 4))
  throw new Error(`tests/fixtures/privacy lacks its rendered screens at 1x and 2x (found ${SCREENS.length})`);
const PRESETS: PresetName[] = ['openai', 'anthropic-compatible', 'ollama'];

describe.each(SCREENS)('rendered screen %s', (name) => {
  const file = readFileSync(join(DIR, name));

  it.each(PRESETS)(
    'with the %s preset: PNG, at least the effective size, no larger than the plain PNG',
    async (preset) => {
      const { width = 0, height = 0 } = await sharp(file).metadata();
      const plain = await sharp(file).png().toBuffer();
      const out = await prepareImage(new Uint8Array(file), { preset, format: 'auto' });
      expect(out.mime).toBe('image/png');
      const effective = PROVIDER_PRESETS[preset].effectiveSize(width, height);
      expect(out.width).toBeGreaterThanOrEqual(effective.width);
      expect(out.height).toBeGreaterThanOrEqual(effective.height);
      expect(out.width).toBeLessThanOrEqual(width);
      expect(out.bytes.byteLength).toBeLessThanOrEqual(plain.byteLength);
      // Lossless means the pixels sent are the source's own when nothing had to be scaled.
      if (out.width === width) {
        const [a, b] = await Promise.all([
          sharp(file).removeAlpha().raw().toBuffer(),
          sharp(Buffer.from(out.bytes)).removeAlpha().raw().toBuffer(),
        ]);
        expect(b.equals(a)).toBe(true);
      }
    },
  );
});
