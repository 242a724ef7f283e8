/**
 * `npm run bench -- startup`: what a window loads before it shows its page, in Chromium.
 *
 * An overlay window opens on every display at each region capture, so its page load is on the
 * path from the hotkey to the frozen screen. The renderer loads the pages that render answers
 * (Markdown, highlight.js, KaTeX) on demand; the overlay page loads none of that. Measured in
 * web mode from the built renderer (out/renderer, `electron-vite build`), same run:
 * - startup.overlay-js-bytes: JavaScript the overlay page loads, against the answer panel's
 *   (which loads what the one bundle used to hold for every window);
 * - startup.overlay-ready: from navigation to the page's first element, median of 15 loads each,
 *   with a cold cache, against the answer panel's.
 */
import { chromium, type Browser } from '@playwright/test';
import { RENDERER_OUT, buildRenderer } from '../electron/web/build-renderer';
import { startWebServer } from '../electron/web/server';
import { CHROMIUM_ARGS, systemChromium } from '../tests/support/chromium';
import type { BenchContext } from './types';

const LOADS = 15;

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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export default async function run(ctx: BenchContext): Promise<void> {
  buildRenderer();
  const web = await startWebServer({ rendererDir: RENDERER_OUT });
  const executablePath = systemChromium();
  const browser = await chromium.launch({
    args: CHROMIUM_ARGS,
    ...(executablePath ? { executablePath } : {}),
  });
  try {
    const pages = {
      // Without a capture under way the overlay page says so: the same code has loaded.
      overlay: { url: `${web.url}#/overlay?display=1`, selector: '[data-testid="overlay"]' },
      answer: { url: web.url, selector: '[data-testid="drop-zone"]' },
    };
    const loads: Record<keyof typeof pages, Load[]> = { overlay: [], answer: [] };
    for (let i = 0; i < LOADS; i++) {
      // Alternate, so drift on a busy machine hits both alike.
      for (const name of ['overlay', 'answer'] as const) {
        const { url, selector } = pages[name];
        loads[name].push(await loadOnce(browser, url, selector));
      }
    }
    const bytes = (name: keyof typeof pages) => median(loads[name].map((l) => l.jsBytes));
    const ready = (name: keyof typeof pages) =>
      Math.round(median(loads[name].map((l) => l.readyMs)) * 10) / 10;
    ctx.log(`overlay page: ${bytes('overlay')} bytes of JS, ready in ${ready('overlay')} ms (median)`);
    ctx.log(`answer panel: ${bytes('answer')} bytes of JS, ready in ${ready('answer')} ms (median)`);
    ctx.record({
      id: 'startup.overlay-js-bytes',
      metric: 'JavaScript an overlay window loads before showing its page (web mode, built renderer)',
      unit: 'bytes',
      value: bytes('overlay'),
      baseline: 'JavaScript the answer panel loads (every window loaded all of it before the split)',
      baselineValue: bytes('answer'),
      better: 'lower',
    });
    ctx.record({
      id: 'startup.overlay-ready',
      metric: `navigation to the overlay page's first element, cold cache, median of ${LOADS}`,
      unit: 'ms',
      value: ready('overlay'),
      baseline: "the answer panel's, same run",
      baselineValue: ready('answer'),
      better: 'lower',
    });
  } finally {
    await browser.close();
    await web.close();
  }
}
