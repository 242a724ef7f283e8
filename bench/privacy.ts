/**
 * `npm run bench -- privacy`: the shield on the screens of tests/fixtures/privacy (rendered in
 * Chromium at 1× and 2× by make-screens.ts, secrets planted with their DOM boxes).
 *
 * - privacy.recall and privacy.false-boxes: on screens generated independently of the detectors,
 *   against a plain regex-plus-entropy detector (see privacy-recall.ts);
 * - privacy.scan-time-1080p/-4k (and the CPU of those runs, privacy.scan-cpu-1080p/-4k) and
 *   privacy.wait-after-enter-1080p/-4k: against today's shield,
 *   kept in bench/privacy-before/ (see privacy-timing.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OcrEngine } from '../electron/core/privacy/index';
import { readManifest } from '../tests/fixtures/privacy/manifest';
import { measureRecall } from './privacy-recall';
import { measureTiming } from './privacy-timing';
import type { BenchContext } from './types';

export default async function run(ctx: BenchContext): Promise<void> {
  const manifest = await readManifest();
  // As the app runs it: English and French together.
  const dataDir = await mkdtemp(join(tmpdir(), 'glimpse-bench-ocr-'));
  const engine = new OcrEngine({ languages: ['eng', 'fra'], dataDir });
  try {
    await engine.warmUp();
    // Recall and false boxes on the generated screens, against a plain detector (privacy-recall.ts).
    await measureRecall(ctx, engine);

    // Scan time and the wait after Enter, against today's shield (privacy-timing.ts).
    await measureTiming(ctx, engine, manifest, dataDir);
  } finally {
    await engine.dispose();
    await rm(dataDir, { recursive: true, force: true });
  }
}
