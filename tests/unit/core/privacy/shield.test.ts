/**
 * The shield end to end on screens rendered in Chromium (tests/fixtures/privacy, at 1× and 2×):
 * OCR → detectors → padded boxes → burned into the pixels. Each planted secret must be black
 * in the output, no word OCR read outside the secrets may be, and OCR of the output must no longer
 * read any secret.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  extractText,
  OcrCancelledError,
  OcrEngine,
  parseCategories,
  redactImage,
  scanImage,
} from '../../../../electron/core/privacy/index';
import { pageText } from '../../../../electron/core/privacy/ocr';
import type { OcrPage } from '../../../../electron/core/privacy/types';
import { blackedShare, judge, rgb } from '../../../fixtures/privacy/evaluate';
import { readManifest, readScreen } from '../../../fixtures/privacy/manifest';

const manifest = await readManifest();
// One engine for the whole file (loading the models is the slow part), in the languages the
// app and web mode read with: English and French together.
const dataDir = await mkdtemp(join(tmpdir(), 'glimpse-shield-ocr-'));
const engine = new OcrEngine({ languages: ['eng', 'fra'], dataDir });
afterAll(async () => {
  await engine.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

/** What OCR makes of a secret, compared loosely: no spaces or underscores, O as 0, l/I as 1. */
const loose = (text: string) =>
  text.replace(/[\s_]/g, '').replace(/[Oo]/g, '0').replace(/[lI|]/g, '1').toLowerCase();

type Rect = { x: number; y: number; width: number; height: number };
const intersects = (a: Rect, b: Rect) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('privacy shield on generated screens', () => {
  it.each(manifest.images.map((image) => [image.file, image] as const))(
    '%s: every planted secret is blacked out, the text beside it is not',
    async (_file, image) => {
      const original = await readScreen(image);
      // The page the scan read, kept to judge every word it found.
      let page: OcrPage | undefined;
      const reader = {
        recognize: async (...args: Parameters<OcrEngine['recognize']>) =>
          (page = await engine.recognize(...args)),
      };
      const scan = await scanImage(reader, original);
      const redacted = await redactImage(
        original,
        scan.proposals.map((p) => p.box),
      );
      const verdict = await judge(
        image,
        original,
        redacted,
        scan.proposals.map((p) => p.box),
      );
      expect(verdict.missed).toEqual([]);
      expect(verdict.covered).toHaveLength(image.secrets.length);
      expect(verdict.plainHit).toEqual([]);
      expect(verdict.falseBoxes).toBe(0);
      // Every word OCR read outside the planted secrets' boxes keeps its glyphs: at most a
      // trace (2 %, a padded box's edge) of its ink turned black. Not only the few plain words
      // the manifest names: labels, prose, numbers, the key names before each secret.
      const before = await rgb(original);
      const after = await rgb(redacted);
      const outside = page!.lines
        .flatMap((line) => line.words)
        .filter((w) => !image.secrets.some((s) => intersects(w.box, s)));
      const hit = outside
        .map((w) => {
          const box = {
            text: w.text,
            x: Math.floor(w.box.x),
            y: Math.floor(w.box.y),
            width: Math.ceil(w.box.width),
            height: Math.ceil(w.box.height),
          };
          return { text: w.text, share: blackedShare(before, after, box) };
        })
        .filter((w) => w.share > 0.02);
      expect(hit).toEqual([]);
      expect(outside.length).toBeGreaterThan(image.plain.length);
      // Each proposal names its category and carries no text.
      for (const p of scan.proposals)
        expect(Object.keys(p).sort()).toEqual(['box', 'category', 'id', 'kind']);

      // Read the output again: no secret may be legible in it.
      if (image.scale === 1) {
        const after = loose(await extractText(engine, redacted));
        for (const secret of image.secrets) {
          const needle = loose(secret.text);
          expect(after).not.toContain(needle.slice(0, 12));
          expect(after).not.toContain(needle.slice(-12));
        }
      }
    },
    60_000,
  );

  it('scans only the enabled categories', async () => {
    const image = manifest.images.find((i) => i.file === 'checkout@1x.png')!;
    const scan = await scanImage(engine, await readScreen(image), { categories: parseCategories('cards') });
    expect(scan.proposals.map((p) => p.category)).toEqual(['cards']);
  }, 30_000);

  it('scans a region only, with boxes in the whole image', async () => {
    const image = manifest.images.find((i) => i.file === 'mail@1x.png')!;
    const phone = image.secrets.find((s) => s.category === 'phones')!;
    const region = { x: 230, y: phone.y - 30, width: 530, height: 60 };
    const scan = await scanImage(engine, await readScreen(image), { region });
    expect(scan.proposals.map((p) => p.category).sort()).toEqual(['emails', 'phones']);
    const box = scan.proposals.find((p) => p.category === 'phones')!.box;
    expect(box.x).toBeLessThanOrEqual(phone.x);
    expect(box.x + box.width).toBeGreaterThanOrEqual(phone.x + phone.width);
    expect(box.y).toBeLessThanOrEqual(phone.y + phone.height / 2);
    expect(scan.width).toBe(image.scale * manifest.size.width);
  }, 30_000);

  it('extracts text with its layout as lines, offline', async () => {
    const image = manifest.images.find((i) => i.file === 'env-editor@2x.png')!;
    const text = await extractText(engine, await readScreen(image));
    const lines = text.split('\n');
    const port = lines.findIndex((l) => l.includes('PORT=3000'));
    expect(port).toBeGreaterThan(-1);
    expect(lines[port + 1]).toMatch(/PASSWORD/);
    expect(lines.findIndex((l) => /LOG.LEVEL=info/.test(l))).toBeGreaterThan(port);
  }, 30_000);

  it('can be cancelled while reading, and the next scan still works', async () => {
    const image = manifest.images.find((i) => i.file === 'terminal@2x.png')!;
    const bytes = await readScreen(image);
    const controller = new AbortController();
    const pending = engine.recognize(bytes, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(OcrCancelledError);
    const already = new AbortController();
    already.abort();
    await expect(engine.recognize(bytes, { signal: already.signal })).rejects.toBeInstanceOf(
      OcrCancelledError,
    );
    expect(pageText(await engine.recognize(bytes))).toContain('git log');
  }, 60_000);

  it('refuses unknown category names', () => {
    expect(() => parseCategories('keys,tokenz')).toThrow(/unknown category tokenz/);
    expect(parseCategories('all')).toHaveLength(7);
  });
});
