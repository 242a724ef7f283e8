/**
 * `npm run bench -- render`: the answer renderer in Chromium, against its baseline in this run.
 *
 * A 20,000-token Markdown answer (prose, lists, code blocks, tables, math; tests/support/
 * markdown-answers.ts) streams into the page at 2,000 tokens/s, as main forwards it: one delta
 * message per 16 ms frame. Two renderers receive the same deltas, one after the other:
 * - ours: IncrementalMarkdown (finished blocks rendered once, the open tail re-rendered at most
 *   once per animation frame, highlighted when finished), the renderer the app uses;
 * - baseline: the whole message rendered again on every delta (same markdown-it, highlight.js,
 * KaTeX and DOMPurify setup, the sanitised nodes replacing the old ones).
 * Main-thread time is the sum of the renderer main thread's top-level tasks (Chrome trace
 * `RunTask` events, the outermost only: Chromium nests a second one in each) from the first
 * delta to the final render; the longest task is the largest of them (wall time, so a loaded
 * machine lengthens it; the log gives each run's longest task in CPU time too, `tdur`, which
 * other processes do not lengthen). Both renderers must end with the same text, or the run
 * fails. Each renderer runs 5 times in a fresh page, interleaved (alternating which goes
 * first); figures are medians with min and max.
 *
 * Before each run the page is as the panel is before an answer (preparePage): the renderer
 * exists and the page has been idle, so ours has warmed its Markdown engine (warm.ts), and the
 * baseline's engine has rendered the answer's first deltas once. That setup is not measured.
 *
 * `render.longest-task-long-line`: one 50 kB line without white space (minified JSON) streamed
 * at 1,000 tokens/s (4 characters a token, as tokenizers cut JSON and Base64), into ours and
 * into the renderer as it was before the fix for hostile answers (commit OLD_RENDERER, built
 * from `git archive` in the same run), interleaved, 5 runs each: the longest main-thread task
 * from the first delta to the final render. Each must show the whole line (its textContent:
 * innerText reads "" for a box content-visibility skips).
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, systemChromium } from '../tests/support/chromium';
import { longLineAnswer, longMarkdownAnswer } from '../tests/support/markdown-answers';
import { describeSpread, spreadOf } from './measure';
import type { BenchContext } from './types';

const TOKENS = 20_000;
const RUNS = 5;
const TOKENS_PER_SECOND = 2_000;
const LONG_LINE_TOKENS_PER_SECOND = 1_000;
const FRAME_MS = 16;
const ROOT = join(import.meta.dirname, '..');
const START_MARK = 'glimpse-render-bench';
/** A top-level task of a thread, as Chromium's trace names it (the name changed over versions). */
const TASK_EVENTS = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of the event. */
  tdur?: number;
  args?: { name?: string };
}

/** The renderer before the fix for hostile answers (issue 16): the long-line baseline. */
const OLD_RENDERER = '48c6a87d182cc1ff8e82d40e180ac85bf27fc74f';

/** OLD_RENDERER's renderer/src/lib/markdown, extracted into a temporary folder. */
function oldRendererDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'glimpse-old-renderer-'));
  execFileSync(
    'sh',
    ['-c', 'git archive "$1" renderer/src/lib/markdown | tar -x -C "$2"', 'sh', OLD_RENDERER, dir],
    {
      cwd: ROOT,
    },
  );
  return dir;
}

async function bundleRenderer(sourceRoot = ROOT): Promise<string> {
  const result = await build({
    nodePaths: [join(ROOT, 'node_modules')],
    stdin: {
      contents: `
        import { IncrementalMarkdown } from './renderer/src/lib/markdown/incremental';
        import { createMarkdownEngine } from './renderer/src/lib/markdown/markdown';
        import { toFragment } from './renderer/src/lib/markdown/sanitize';
        window.glimpseBench = { IncrementalMarkdown, createMarkdownEngine, toFragment };
      `,
      resolveDir: sourceRoot,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    minify: true,
    write: false,
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** The deltas main would send: the tokens of each 16 ms frame at the given rate, joined. */
function frameDeltas(tokens: readonly string[], tokensPerSecond = TOKENS_PER_SECOND): string[] {
  const perFrame = Math.max(1, Math.round((tokensPerSecond * FRAME_MS) / 1000));
  const deltas: string[] = [];
  for (let i = 0; i < tokens.length; i += perFrame) deltas.push(tokens.slice(i, i + perFrame).join(''));
  return deltas;
}

async function traceMainThread<T>(
  session: CDPSession,
  run: () => Promise<T>,
): Promise<{ result: T; totalMs: number; longestMs: number; longestCpuMs: number }> {
  await session.send('Tracing.start', {
    categories: 'toplevel,blink.user_timing,__metadata',
    transferMode: 'ReturnAsStream',
  });
  const result = await run();
  const complete = new Promise<string>((resolve) =>
    session.once('Tracing.tracingComplete', (event) => resolve(event.stream!)),
  );
  await session.send('Tracing.end');
  const stream = await complete;
  let text = '';
  for (;;) {
    const chunk = await session.send('IO.read', { handle: stream });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data;
    if (chunk.eof) break;
  }
  await session.send('IO.close', { handle: stream });
  const parsed = JSON.parse(text) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  // The page marks the start of its run: that names the renderer process and thread to count.
  const mark = events.find((e) => e.name === START_MARK);
  if (!mark) throw new Error('the page did not mark its run in the trace');
  // Chromium nests ThreadControllerImpl::RunTask inside RunTask for the same task: only the
  // outermost of each is counted (summing both counted every task twice on both sides).
  const tasks = events
    .filter((e) => TASK_EVENTS.has(e.name) && e.ph === 'X' && e.pid === mark.pid && e.tid === mark.tid)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  let totalUs = 0;
  let longestUs = 0;
  let longestCpuUs = 0;
  let outerEnd = -Infinity;
  for (const e of tasks) {
    if (e.ts < outerEnd) continue;
    outerEnd = e.ts + (e.dur ?? 0);
    totalUs += e.dur ?? 0;
    longestUs = Math.max(longestUs, e.dur ?? 0);
    longestCpuUs = Math.max(longestCpuUs, e.tdur ?? 0);
  }
  return { result, totalMs: totalUs / 1000, longestMs: longestUs / 1000, longestCpuMs: longestCpuUs / 1000 };
}

type Mode = 'incremental' | 'full';

interface BenchRun {
  root: HTMLElement;
  deltas: string[];
  onDelta: (delta: string) => void;
  onEnd: () => void;
}

/**
 * Sets the page up as the panel is before an answer: the renderer is created (the panel creates
 * it when it opens) and the page has been idle, so the renderer's idle-time warm-up (warm.ts)
 * has run. The baseline's engine is warmed as well, by rendering the answer's first deltas once.
 * Neither is measured: the figures are of the stream. The deltas are handed over here too, so
 * that receiving them is not a task of the run.
 */
function preparePage(page: Page, mode: Mode, deltas: string[]): Promise<void> {
  return page.evaluate(
    async ({ mode, deltas }) => {
      interface Bench {
        IncrementalMarkdown: new (
          root: HTMLElement,
          labels: { copyCode: string; image: string },
        ) => { append(d: string): void; finish(): void; warmed?: Promise<void> };
        createMarkdownEngine: (labels: { copyCode: string; image: string }) => {
          render(source: string, env: Record<string, unknown>, options: { highlight: boolean }): string;
        };
        toFragment: (html: string) => DocumentFragment;
      }
      const bench = (window as unknown as { glimpseBench: Bench }).glimpseBench;
      const labels = { copyCode: 'Copy', image: 'Image:' };
      const root = document.createElement('div');
      root.className = 'markdown';
      document.body.replaceChildren(root);
      let run: Omit<BenchRun, 'root' | 'deltas'>;
      if (mode === 'incremental') {
        const renderer = new bench.IncrementalMarkdown(root, labels);
        // The renderer before the hostile-answers fix (long-line baseline) has no warm-up.
        await renderer.warmed;
        run = { onDelta: (delta) => renderer.append(delta), onEnd: () => renderer.finish() };
      } else {
        const engine = bench.createMarkdownEngine(labels);
        let text = '';
        bench.toFragment(engine.render(deltas.slice(0, 60).join(''), {}, { highlight: true }));
        run = {
          onDelta: (delta) => {
            text += delta;
            root.replaceChildren(bench.toFragment(engine.render(text, {}, { highlight: true })));
          },
          onEnd: () => {},
        };
      }
      (window as unknown as { benchRun: BenchRun }).benchRun = { ...run, root, deltas };
      // A moment of idle page, as between Ask and the first token.
      await new Promise((resolve) => setTimeout(resolve, 100));
    },
    { mode, deltas },
  );
}

/** Streams the prepared deltas into the prepared renderer; resolves with the final text shown. */
function streamInPage(page: Page): Promise<string> {
  return page.evaluate(
    async ({ frameMs, startMark }) => {
      const { root, deltas, onDelta, onEnd } = (window as unknown as { benchRun: BenchRun }).benchRun;
      performance.mark(startMark);
      // Each delta is its own task at its own time, as IPC messages are, whatever the page is doing.
      await new Promise<void>((resolve) => {
        deltas.forEach((delta, index) =>
          setTimeout(() => {
            onDelta(delta);
            if (index === deltas.length - 1) resolve();
          }, index * frameMs),
        );
      });
      onEnd();
      // Let the last frame paint before the measurement ends.
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      return root.textContent ?? '';
    },
    { frameMs: FRAME_MS, startMark: START_MARK },
  );
}

export default async function run(ctx: BenchContext): Promise<void> {
  const answer = longMarkdownAnswer(TOKENS);
  const deltas = frameDeltas(answer.tokens);
  ctx.log(
    `${answer.tokens.length} tokens, ${answer.text.length} characters, ${deltas.length} deltas at ${TOKENS_PER_SECOND} tokens/s`,
  );
  const script = await bundleRenderer();
  const css = [
    await readFile(join(ROOT, 'renderer/src/styles.css'), 'utf8'),
    await readFile(join(ROOT, 'renderer/src/styles/markdown.css'), 'utf8'),
  ].join('\n');

  const executablePath = systemChromium();
  const browser = await chromium.launch({
    args: CHROMIUM_ARGS,
    ...(executablePath ? { executablePath } : {}),
  });
  ctx.useChromium(browser.version());
  try {
    const measureOnce = async (mode: Mode, streamed = deltas, bundle = script) => {
      // A fresh page each, so one renderer's garbage is not collected during the other's run.
      const page = await browser.newPage({ viewport: { width: 760, height: 900 } });
      await page.setContent('<!doctype html><html><head></head><body></body></html>');
      await page.addStyleTag({ content: css });
      await page.addScriptTag({ content: bundle });
      // tsx compiles this file with keepNames: functions passed to evaluate() call __name.
      await page.addScriptTag({ content: 'window.__name = (fn) => fn;' });
      const session = await page.context().newCDPSession(page);
      await preparePage(page, mode, streamed);
      const measured = await traceMainThread(session, () => streamInPage(page));
      await page.close();
      return measured;
    };
    const runs: Record<Mode, { totalMs: number; longestMs: number; longestCpuMs: number; result: string }[]> =
      {
        incremental: [],
        full: [],
      };
    for (let run = 0; run < RUNS; run++) {
      const order: Mode[] = run % 2 === 0 ? ['incremental', 'full'] : ['full', 'incremental'];
      for (const mode of order) {
        const measured = await measureOnce(mode);
        runs[mode].push(measured);
        ctx.log(
          `run ${run + 1} ${mode}: main thread ${measured.totalMs.toFixed(0)} ms, longest task ${measured.longestMs.toFixed(1)} ms (${measured.longestCpuMs.toFixed(1)} ms of CPU)`,
        );
      }
    }
    const texts = new Set([...runs.incremental, ...runs.full].map((r) => r.result));
    if (texts.size !== 1) {
      throw new Error('the incremental renderer did not end with the same text as a full render');
    }
    const ours = {
      totalMs: spreadOf(runs.incremental.map((r) => r.totalMs)),
      longestMs: spreadOf(runs.incremental.map((r) => r.longestMs)),
    };
    const baseline = {
      totalMs: spreadOf(runs.full.map((r) => r.totalMs)),
      longestMs: spreadOf(runs.full.map((r) => r.longestMs)),
    };
    ctx.log(
      `incremental: main thread ${describeSpread(ours.totalMs, 'ms', 0)}, longest ${describeSpread(ours.longestMs, 'ms', 1)}`,
    );
    ctx.log(
      `full: main thread ${describeSpread(baseline.totalMs, 'ms', 0)}, longest ${describeSpread(baseline.longestMs, 'ms', 1)}`,
    );
    const metric = `${answer.tokens.length.toLocaleString('en-US')}-token Markdown answer streamed at ${TOKENS_PER_SECOND} tokens/s, Chromium`;
    const baselineName = `the whole message re-rendered on every delta, same run, interleaved, median of ${RUNS}`;
    ctx.record({
      id: 'render.main-thread-20k',
      metric: `renderer main-thread time, ${metric}, median of ${RUNS}`,
      unit: 'ms',
      value: ours.totalMs,
      baseline: baselineName,
      baselineValue: baseline.totalMs,
      better: 'lower',
    });
    ctx.record({
      id: 'render.longest-task-20k',
      metric: `longest main-thread task, ${metric}, median of ${RUNS}`,
      unit: 'ms',
      value: ours.longestMs,
      baseline: baselineName,
      baselineValue: baseline.longestMs,
      better: 'lower',
    });

    // The long line: ours against the renderer before the fix, both incremental, interleaved.
    const line = longLineAnswer(50_000);
    const lineDeltas = frameDeltas(line.tokens, LONG_LINE_TOKENS_PER_SECOND);
    const oldDir = oldRendererDir();
    const oldScript = await bundleRenderer(oldDir);
    rmSync(oldDir, { recursive: true, force: true });
    const lineRuns = { ours: [] as number[], old: [] as number[] };
    for (let run = 0; run < RUNS; run++) {
      const order = run % 2 === 0 ? (['ours', 'old'] as const) : (['old', 'ours'] as const);
      for (const side of order) {
        const measured = await measureOnce('incremental', lineDeltas, side === 'ours' ? script : oldScript);
        // textContent, not innerText: a finished chunk off screen (content-visibility: auto) has
        // no layout, and innerText reads it as "". The rendered paragraph ends with the line
        // break markdown-it writes after </p>; the line itself has no white space to lose.
        if (measured.result.trim() !== line.text)
          throw new Error(`the ${side} renderer did not show the whole long line`);
        lineRuns[side].push(measured.longestMs);
        ctx.log(
          `long line run ${run + 1} ${side}: longest task ${measured.longestMs.toFixed(1)} ms (${measured.longestCpuMs.toFixed(1)} ms of CPU), main thread ${measured.totalMs.toFixed(0)} ms`,
        );
      }
    }
    ctx.record({
      id: 'render.longest-task-long-line',
      metric: `longest main-thread task, one ${line.text.length.toLocaleString('en-US')}-character line without white space (minified JSON) streamed at ${LONG_LINE_TOKENS_PER_SECOND} tokens/s (${line.tokens.length} tokens), Chromium, median of ${RUNS}`,
      unit: 'ms',
      value: spreadOf(lineRuns.ours),
      baseline: `the renderer before the fix (commit ${OLD_RENDERER.slice(0, 7)}), same run, interleaved, median of ${RUNS}`,
      baselineValue: spreadOf(lineRuns.old),
      better: 'lower',
    });
  } finally {
    await browser.close();
  }
}
