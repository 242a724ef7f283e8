/**
 * `npm run bench -- startup`: what an overlay window loads before it shows its page, in Chromium.
 *
 * An overlay window opens on every display at each region capture, so its page load is on the
 * path from the hotkey to the frozen screen. Since commit 25b8192 the renderer loads the pages
 * that render answers (Markdown, highlight.js, KaTeX) on demand, and the overlay page loads none
 * of that. The baseline is the overlay as built before that split: this group extracts commit
 * 25b8192^'s sources (`git archive`) into a temporary folder, builds its renderer there with
 * `electron-vite build` (with today's node_modules, linked: the split changed no dependency) and
 * serves both builds in web mode, same run:
 * - startup.overlay-js-bytes: JavaScript the overlay page loads, today's against the pre-split's;
 * - startup.overlay-ready: from navigation to the overlay's first element, each load in a new
 *   browser context (cold cache), 15 loads of each, interleaved; median with min and max.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { REPO_ROOT, RENDERER_OUT, buildRenderer } from '../electron/web/build-renderer';
import { startWebServer, type WebServer } from '../electron/web/server';
import { CHROMIUM_ARGS, systemChromium } from '../tests/support/chromium';
import { describeSpread, median, spreadOf } from './measure';
import type { BenchContext } from './types';

const LOADS = 15;
/** The last commit before the answer pages were split out of the overlay's bundle. */
const PRE_SPLIT = '25b8192^';

interface Load {
  jsBytes: number;
  readyMs: number;
}

async function loadOnce(browser: Browser, url: string, selector: string): Promise<Load> {
  // A new context each time: nothing cached, as a new window starts.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  let jsBytes = 0;
  page.on('response', (response) => {
    if (response.url().endsWith('.js'))
      void response.body().then(
        (body) => (jsBytes += body.byteLength),
        () => undefined,
      );
  });
  await page.goto(url);
  await page.waitForSelector(selector);
  const readyMs = await page.evaluate(() => performance.now());
  await page.waitForLoadState('networkidle');
  await context.close();
  return { jsBytes, readyMs };
}

/** Builds the renderer of PRE_SPLIT in a temporary folder; returns the folder and its out/renderer. */
function buildPreSplitRenderer(ctx: BenchContext): { dir: string; rendererDir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'glimpse-bench-presplit-'));
  try {
    execFileSync('sh', ['-c', 'git archive "$1" | tar -x -C "$2"', 'sh', PRE_SPLIT, dir], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    execFileSync('npx', ['electron-vite', 'build'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    const commit = execFileSync('git', ['rev-parse', '--short', PRE_SPLIT], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    ctx.log(`built the pre-split renderer of ${commit.trim()} in ${dir}`);
    return { dir, rendererDir: join(dir, 'out/renderer') };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `could not build the overlay as it was before the split (${PRE_SPLIT}): ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

export default async function run(ctx: BenchContext): Promise<void> {
  buildRenderer();
  const preSplit = buildPreSplitRenderer(ctx);
  const servers: WebServer[] = [];
  let browser: Browser | undefined;
  try {
    const today = await startWebServer({ rendererDir: RENDERER_OUT });
    servers.push(today);
    const before = await startWebServer({ rendererDir: preSplit.rendererDir });
    servers.push(before);
    const executablePath = systemChromium();
    browser = await chromium.launch({ args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
    ctx.useChromium(browser.version());
    // Without a capture under way the overlay page says so: the same code has loaded.
    const overlay = (web: WebServer) => `${web.url}#/overlay?display=1`;
    const selector = '[data-testid="overlay"]';
    const loads: Record<'today' | 'before', Load[]> = { today: [], before: [] };
    await loadOnce(browser, overlay(today), selector); // warm-up: Chromium's own start-up
    for (let i = 0; i < LOADS; i++) {
      // Interleaved, alternating which goes first, so drift on a busy machine hits both alike.
      const order = i % 2 === 0 ? (['today', 'before'] as const) : (['before', 'today'] as const);
      for (const name of order)
        loads[name].push(await loadOnce(browser, overlay(name === 'today' ? today : before), selector));
    }
    const bytes = (name: 'today' | 'before') => loads[name].map((l) => l.jsBytes);
    const ready = (name: 'today' | 'before') => spreadOf(loads[name].map((l) => l.readyMs));
    for (const name of ['today', 'before'] as const) {
      if (new Set(bytes(name)).size !== 1)
        ctx.log(`${name}: JavaScript bytes differed between loads: ${bytes(name).join(', ')}`);
      ctx.log(
        `overlay ${name}: ${median(bytes(name))} bytes of JS, ready in ${describeSpread(ready(name), 'ms', 1)}`,
      );
    }
    ctx.record({
      id: 'startup.overlay-js-bytes',
      metric: 'JavaScript an overlay window loads before showing its page (web mode, built renderer)',
      unit: 'bytes',
      value: median(bytes('today')),
      baseline: `the overlay as built before the split (${PRE_SPLIT}, built in this run)`,
      baselineValue: median(bytes('before')),
      better: 'lower',
      runs: LOADS,
    });
    ctx.record({
      id: 'startup.overlay-ready',
      metric: `navigation to the overlay page's first element, cold cache (new context per load), web mode, median of ${LOADS} interleaved loads`,
      unit: 'ms',
      value: ready('today'),
      baseline: `the overlay as built before the split (${PRE_SPLIT}, built in this run), interleaved`,
      baselineValue: ready('before'),
      better: 'lower',
    });
  } finally {
    await browser?.close();
    for (const server of servers) await server.close();
    rmSync(preSplit.dir, { recursive: true, force: true });
  }
}
