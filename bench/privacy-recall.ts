/**
 * privacy.recall and privacy.false-boxes, on screens generated independently of the detectors
 * (tests/fixtures/privacy/gen: public-format values, several layouts, fonts, 1×–2×, light and
 * dark, English and French), rendered in Chromium from a fixed seed at bench time, read by the
 * real OCR as the app runs it (eng+fra; 1× captures upscaled 2×, HiDPI ones read as they are).
 *
 * - recall: planted secrets whose ink is ≥ 99 % black once the proposals are burned in, over the
 *   screens with secrets; baseline: the plain regex-plus-entropy detector (privacy-plain.ts) on
 *   the same OCR words, scored the same way.
 * - false-boxes: boxes per screen on the hard-negative screens (no secret on them: git SHAs,
 *   UUIDs in URLs and paths, npm integrity hashes, docker digests, build ids, base64 image data,
 *   commit lists); baseline: the plain detector's boxes per screen on the same screens.
 */
import { proposalsFor } from '../electron/core/privacy/scan';
import type { OcrPage } from '../electron/core/privacy/types';
import { scoreScreen, type ScreenScore } from '../tests/fixtures/privacy/gen/judge';
import { renderScreens, type RenderedScreen } from '../tests/fixtures/privacy/gen/render';
import { plainBoxes } from './privacy-plain';
import type { BenchContext } from './types';

/** What the bench needs of the OCR engine. */
export interface PageReader {
  recognize(image: Uint8Array, options: { scale: number }): Promise<OcrPage>;
}

/** The OCR scale the shield uses for a display of this scale factor (the engine's own table). */
import { ocrScaleFor } from '../electron/core/privacy/ocr';
export { ocrScaleFor };

interface Tally {
  planted: number;
  covered: number;
  byCategory: Map<string, [covered: number, planted: number]>;
  falseBoxes: number;
  negativeScreens: number;
  decoysHit: Map<string, number>;
}

const tally = (): Tally => ({
  planted: 0,
  covered: 0,
  byCategory: new Map(),
  falseBoxes: 0,
  negativeScreens: 0,
  decoysHit: new Map(),
});

function add(t: Tally, screen: RenderedScreen, score: ScreenScore): void {
  if (screen.negative) {
    t.negativeScreens++;
    t.falseBoxes += score.falseBoxes;
    for (const kind of score.decoysHit) t.decoysHit.set(kind, (t.decoysHit.get(kind) ?? 0) + 1);
    return;
  }
  t.planted += screen.secrets.length;
  t.covered += score.covered.length;
  const count = (s: { category: string; kind: string }, hit: number) => {
    const key = `${s.category}/${s.kind}`;
    const [c, p] = t.byCategory.get(key) ?? [0, 0];
    t.byCategory.set(key, [c + hit, p + 1]);
  };
  for (const s of score.covered) count(s, 1);
  for (const s of score.missed) count(s, 0);
}

const fmtCategories = (t: Tally) =>
  [...t.byCategory]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, [c, p]]) => `${k} ${c}/${p}`)
    .join(', ');

export interface RecallFigures {
  shield: Tally;
  plain: Tally;
  screens: RenderedScreen[];
}

/** Scores the shield's proposals and the plain detector's boxes on OCR'd generated screens. */
export async function scoreGenerated(
  screens: readonly RenderedScreen[],
  pages: readonly OcrPage[],
  log: (line: string) => void,
): Promise<RecallFigures> {
  const shield = tally();
  const plain = tally();
  for (let i = 0; i < screens.length; i++) {
    const screen = screens[i]!;
    const page = pages[i]!;
    const ours = await scoreScreen(
      screen,
      proposalsFor(page).map((p) => p.box),
    );
    const theirs = await scoreScreen(screen, plainBoxes(page));
    add(shield, screen, ours);
    add(plain, screen, theirs);
    for (const miss of ours.missed)
      log(
        `${screen.file}: missed ${miss.category}/${miss.kind} (${(miss.share * 100).toFixed(0)} % of its ink black)`,
      );
    if (screen.negative && ours.falseBoxes > 0)
      log(
        `${screen.file}: ${ours.falseBoxes} false box(es) over ${ours.decoysHit.join(', ') || 'other text'}`,
      );
  }
  return { shield, plain, screens: [...screens] };
}

export async function measureRecall(ctx: BenchContext, reader: PageReader): Promise<void> {
  const set = await renderScreens();
  ctx.useChromium(set.chromium);
  const pages: OcrPage[] = [];
  for (const screen of set.screens)
    pages.push(await reader.recognize(screen.png, { scale: ocrScaleFor(screen.scale) }));
  const { shield, plain, screens } = await scoreGenerated(set.screens, pages, (l) => ctx.log(l));
  const withSecrets = screens.filter((s) => !s.negative);
  const offscreen = screens.reduce((n, s) => n + s.offscreen, 0);
  ctx.log(`recall by category/kind, shield: ${fmtCategories(shield)}`);
  ctx.log(`recall by category/kind, plain detector: ${fmtCategories(plain)}`);
  ctx.log(
    `hard negatives boxed, shield: ${[...shield.decoysHit].map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}; plain detector: ${[...plain.decoysHit].map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
  );
  ctx.log(
    `${shield.covered}/${shield.planted} planted secrets covered (plain detector ${plain.covered}/${plain.planted}) on ${withSecrets.length} screens; ${shield.falseBoxes} false boxes (plain ${plain.falseBoxes}) on ${shield.negativeScreens} hard-negative screens; ${offscreen} marked items left out as not fully on screen`,
  );
  const sizes = `${withSecrets.length} generated screens, 10 layouts × 3, at 1×/1.25×/1.5×/2×, light/dark, EN/FR, DejaVu/Liberation fonts, ${shield.planted} planted secrets`;
  ctx.record({
    id: 'privacy.recall',
    metric: `planted secrets whose ink is fully blacked out, ${sizes}`,
    unit: 'share',
    value: shield.covered / shield.planted,
    baseline: 'plain regex-plus-entropy detector (bench/privacy-plain.ts) on the same OCR words',
    baselineValue: plain.covered / plain.planted,
    better: 'higher',
  });
  ctx.record({
    id: 'privacy.false-boxes',
    metric: `boxes per screen on ${shield.negativeScreens} generated hard-negative screens with no secret (git SHAs, UUIDs in URLs/paths, npm integrity, docker digests, build ids, base64 image data, commit lists)`,
    unit: 'boxes/screen',
    value: shield.falseBoxes / shield.negativeScreens,
    baseline: 'plain regex-plus-entropy detector (bench/privacy-plain.ts) on the same OCR words',
    baselineValue: plain.falseBoxes / plain.negativeScreens,
    better: 'lower',
  });
}
