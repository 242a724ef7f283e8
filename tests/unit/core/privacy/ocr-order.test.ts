/**
 * The OCR engine reads a screen line by line from a queue: lines under a selection go first, and
 * a region read of an image already being read whole joins that reading (lines read are reused,
 * the selection's are read ahead of the rest). Ordering is checked by the order lines finish in,
 * never by time.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { OcrEngine } from '../../../../electron/core/privacy/index';
import type { Box } from '../../../../electron/core/privacy/types';
import { readManifest, readScreen } from '../../../fixtures/privacy/manifest';

const manifest = await readManifest();
const terminal = manifest.images.find((i) => i.file === 'terminal@1x.png')!;
// One worker: the queue's order is the order lines finish in.
const engine = new OcrEngine({ workers: 1 });
afterAll(() => engine.dispose());

const touches = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('OCR engine: selection first', () => {
  it('reads the lines under a prioritised region before any other line', async () => {
    const bytes = await readScreen(terminal);
    const order: Box[] = [];
    const reading = engine.read(bytes, { onRegionRead: (box) => order.push(box) });
    // The lower half of the terminal: the `gh auth token` output lives there.
    const selection = { x: 0, y: 210, width: 760, height: 210 };
    reading.prioritize(selection);
    const page = await reading.page();
    const inside = order.map((box) => touches(box, selection));
    const firstOutside = inside.indexOf(false);
    expect(inside.filter(Boolean).length).toBeGreaterThan(0);
    expect(firstOutside).toBeGreaterThan(0);
    // Every line of the selection came before every other line.
    expect(inside.slice(firstOutside)).not.toContain(true);
    expect(page.lines.length).toBeGreaterThan(5);
  }, 60_000);

  it('a region read joins the whole-image reading of the same image and answers before it', async () => {
    const bytes = await readScreen(terminal);
    const done: string[] = [];
    const whole = engine.recognize(bytes).then((page) => {
      done.push('whole');
      return page;
    });
    const token = terminal.secrets.find((s) => s.text.startsWith('ghp_'))!;
    const region = { x: 0, y: token.y - 4, width: 760, height: token.height + 8 };
    const part = engine.recognize(bytes, { region }).then((page) => {
      done.push('region');
      return page;
    });
    const [wholePage, partPage] = await Promise.all([whole, part]);
    expect(done).toEqual(['region', 'whole']);
    // The region's words are the whole reading's words there (the same lines, read once).
    const wordsIn = (lines: typeof wholePage.lines) =>
      lines.flatMap((l) => l.words.filter((w) => touches(w.box, region)).map((w) => w.text));
    expect(wordsIn(partPage.lines)).toEqual(wordsIn(wholePage.lines));
    expect(wordsIn(partPage.lines).join(' ')).toMatch(/ghp/);
  }, 60_000);
});
