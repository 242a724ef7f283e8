/**
 * `npm run bench -- privacy`: the shield on the screens of tests/fixtures/privacy (rendered in
 * Chromium at 1× and 2× by make-screens.ts, secrets planted with their DOM boxes).
 *
 * - privacy.recall and privacy.false-boxes: on screens generated independently of the detectors,
 *   against a plain regex-plus-entropy detector (see privacy-recall.ts);
 * - privacy.scan-time-1080p: OCR + detection of a 1920×1080 capture, against the same OCR on
 *   the 3840×2160 version of the same content, timed alternately in this run (median of RUNS).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { OcrEngine, proposalsFor } from '../electron/core/privacy/index';
import { readManifest, readScreen, type PrivacyManifest } from '../tests/fixtures/privacy/manifest';
import { measureRecall } from './privacy-recall';
import type { BenchContext } from './types';

const RUNS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The five screens tiled onto one display: 1920×1080 from the 1× renders, 3840×2160 from the 2×. */
async function tiledCapture(manifest: PrivacyManifest, scale: 1 | 2): Promise<Uint8Array> {
  const images = manifest.images.filter((i) => i.scale === scale);
  const { width, height } = manifest.size;
  const spots = [
    [0, 0],
    [width, 0],
    [0, height],
    [width, height],
    [0, 2 * height],
  ] as const;
  const layers = await Promise.all(
    images.slice(0, spots.length).map(async (image, i) => ({
      input: Buffer.from(await readScreen(image)),
      left: spots[i]![0] * scale,
      top: spots[i]![1] * scale,
    })),
  );
  const canvas = sharp({
    create: { width: 1920 * scale, height: 1080 * scale, channels: 3, background: '#2b2d31' },
  });
  return new Uint8Array(await canvas.composite(layers).png({ compressionLevel: 1 }).toBuffer());
}

export default async function run(ctx: BenchContext): Promise<void> {
  const manifest = await readManifest();
  // As the app runs it: English and French together.
  const dataDir = await mkdtemp(join(tmpdir(), 'glimpse-bench-ocr-'));
  const engine = new OcrEngine({ languages: ['eng', 'fra'], dataDir });
  try {
    await engine.warmUp();
    // Recall and false boxes on the generated screens, against a plain detector (privacy-recall.ts).
    await measureRecall(ctx, engine);

    const hd = await tiledCapture(manifest, 1);
    const uhd = await tiledCapture(manifest, 2);
    const hdTimes: number[] = [];
    const uhdTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      let t = performance.now();
      proposalsFor(await engine.recognize(hd));
      hdTimes.push(performance.now() - t);
      t = performance.now();
      proposalsFor(await engine.recognize(uhd, { scale: 1 }));
      uhdTimes.push(performance.now() - t);
    }
    ctx.log(
      `1080p scans ${hdTimes.map((t) => t.toFixed(0)).join(', ')} ms; 4K ${uhdTimes.map((t) => t.toFixed(0)).join(', ')} ms`,
    );
    ctx.record({
      id: 'privacy.scan-time-1080p',
      metric:
        'OCR (eng+fra) + detectors, 1920×1080 capture (upscaled 2× for OCR, as 1× captures are), median of 3',
      unit: 'ms',
      value: median(hdTimes),
      baseline: 'the same content captured at 3840×2160, read at full resolution',
      baselineValue: median(uhdTimes),
      better: 'lower',
    });
  } finally {
    await engine.dispose();
    await rm(dataDir, { recursive: true, force: true });
  }
}
