/**
 * The user guide's screenshots (docs/images/), taken from the real UI in web mode:
 * `npm run docs:screenshots` writes them there. Within `npm test` the same pictures go to
 * tests/.artifacts/docs-images, so a test run never rewrites tracked files — but a page that no
 * longer shows what the guide describes still fails.
 *
 * What Glimpse is shown explaining are realistic screens, not test patterns: a code editor with a
 * TypeScript error, a dashboard chart and a desktop settings dialog (tests/fixtures/docs-screens/,
 * rendered to PNG in Chromium first, as a capture of them would be). The local server answers
 * what a vision model would say about each — every fact in an answer is on its screen — so each
 * caption in docs/user-guide.md is true of its picture. Each picture is its own test, driven
 * through the labels users see, and is written only once its page shows what the guide says.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, type Browser, type Page } from '@playwright/test';
import sharp from 'sharp';
import type { FrozenDisplay } from '../../electron/core/capture';
import { RENDERER_OUT } from '../../electron/web/build-renderer';
import { startWebServer, type WebServer } from '../../electron/web/server';
import { startMockServer, type MockServer } from '../support/mock-openai-server';
import { ARTIFACTS, dropImage } from './helpers';

const DOCS_IMAGES =
  process.env.GLIMPSE_WRITE_DOCS === '1'
    ? join(import.meta.dirname, '../../docs/images')
    : join(import.meta.dirname, '../.artifacts/docs-images');
const SCREENS_SRC = join(import.meta.dirname, '../fixtures/docs-screens');
/** The realistic screens as captured (1280 × 720 at 1.5×, as on a laptop's display). */
const SCREENS = join(ARTIFACTS, 'docs-screens');
const PNG_SIGNATURE = '89504e470d0a1a0a';

type Screen = 'editor' | 'chart' | 'dialog';

/** What the model is asked about each screen, and what it answers (only facts on the screen). */
const ASKED: Record<Screen, { question: string; answer: string }> = {
  editor: {
    question: 'Explain this error message, its likely cause, and how to fix it.',
    answer: [
      '## A string passed where a number is expected',
      '',
      "TypeScript stops at **line 14 of `src/invoice.ts`** with error **TS2345**: `applyTax(subtotal, rate)` expects its second argument to be a `number`, but `rate` is a `string` — line 13 reads it from the form with `form.get('tax-rate') as string`.",
      '',
      '**Fix:** turn the form value into a number before using it, and refuse bad input:',
      '',
      '```ts',
      "const rate = Number(form.get('tax-rate'));",
      "if (!Number.isFinite(rate)) throw new Error('tax-rate must be a number');",
      'const total = applyTax(subtotal, rate);',
      '```',
      '',
      'The `as string` cast only hid another problem: `FormData.get()` returns `FormDataEntryValue | null`, so a missing field would reach `applyTax` too.',
    ].join('\n'),
  },
  chart: {
    question: 'What happened in August, and how did the year go overall?',
    answer: [
      '## Sign-ups fell sharply in August',
      '',
      'The chart compares monthly sign-ups in 2026 (blue bars) with 2025 (orange line). 2026 grows steadily from **3,120 in January to 4,920 in July**, then drops to **3,050 in August** — 38 % below July and even below August 2025. The legend marks that bar in red: a **checkout outage from August 4 to 19**, the likely cause.',
      '',
      '- Sign-ups recover at once: 4,610 in September, and the year peaks at **5,150 in November**.',
      '- Over the year, sign-ups are up **33 %** (50,190), but trial-to-paid conversion fell **1.2 points** to 7.4 %.',
      '',
      'Worth checking: whether the outage also explains part of the conversion drop.',
    ].join('\n'),
  },
  dialog: {
    question: 'Why will this not apply?',
    answer: [
      '## The HTTPS proxy address is malformed',
      '',
      'This is the **Network Proxy** dialog, set to **Manual**. The red message says the settings cannot be applied because the **HTTPS proxy** is not a valid URL, and that field is outlined in red: it reads `https//proxy.corp.example` — the colon after `https` is missing.',
      '',
      '1. Type `proxy.corp.example` (as in the HTTP proxy above it) or `https://proxy.corp.example`, and keep port `3128`.',
      '2. Press **Apply**, which stays greyed out until the form is valid.',
      '',
      'Since both proxies are the same, you could instead switch on **Use the same proxy for all protocols**.',
    ].join('\n'),
  },
};

const FOLLOW_UP = {
  question: 'Should the rate be 20 or 0.2?',
  answer: [
    'That depends on `applyTax` in `src/tax.ts`, which is not on this screen. The comment on line 12 says the form sends **"20"**:',
    '',
    "- if `applyTax` multiplies by `(1 + rate)`, divide by 100 first: `Number(form.get('tax-rate')) / 100`;",
    '- if it expects a percentage, pass the number as it is.',
    '',
    'Open `tax.ts` (or `invoice.test.ts`) to see which one it expects.',
  ].join('\n'),
};

let mock: MockServer;
let web: WebServer;
let dataDir: string;
/** Answers the server gives, in order. */
let replies: string[] = [];

/** A Chat Completions stream of one text, in a few pieces, with usage at the end. */
function streamOf(text: string): string[] {
  const chunk = (delta: object, finish: string | null, usage?: object): string =>
    `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', model: 'gpt-4o-mini', choices: [{ index: 0, delta, finish_reason: finish }], ...(usage ? { usage } : {}) })}\n\n`;
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += 120) pieces.push(chunk({ content: text.slice(i, i + 120) }, null));
  return [
    chunk({ role: 'assistant' }, null),
    ...pieces,
    chunk({}, 'stop', {
      prompt_tokens: 1105,
      completion_tokens: Math.round(text.length / 4),
      total_tokens: 1105 + Math.round(text.length / 4),
    }),
    'data: [DONE]\n\n',
  ];
}

/** Renders each realistic screen in Chromium to the PNG a capture of it would give. */
async function renderScreens(browser: Browser): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1.5 });
  for (const name of ['editor', 'chart', 'dialog'] as const) {
    await page.goto(pathToFileURL(join(SCREENS_SRC, `${name}.html`)).href);
    await page.screenshot({ path: join(SCREENS, `${name}.png`) });
  }
  await page.close();
}

const screenPath = (name: Screen): string => join(SCREENS, `${name}.png`);

test.beforeAll(async ({ browser }) => {
  await renderScreens(browser);
});

test.beforeEach(async () => {
  mkdirSync(DOCS_IMAGES, { recursive: true });
  replies = [];
  mock = await startMockServer((req) => {
    if (!req.path.endsWith('/chat/completions')) return undefined;
    return { kind: 'sse', chunks: streamOf(replies.shift() ?? ASKED.editor.answer), delayMs: 15 };
  });
  dataDir = await mkdtemp(join(tmpdir(), 'glimpse-docs-'));
  // The overlay freezes the editor screen, as a region capture of it would.
  const { data, info } = await sharp(readFileSync(screenPath('editor')))
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const display: FrozenDisplay = {
    display: { id: 1, bounds: { x: 0, y: 0, width: 1280, height: 720 }, scaleFactor: 1.5, rotation: 0 },
    image: { data: new Uint8Array(data), width: info.width, height: info.height, channels: 4, order: 'rgba' },
    windows: [],
    proposals: [],
  };
  web = await startWebServer({
    rendererDir: RENDERER_OUT,
    dataDir,
    privacyShield: false,
    writeClipboard: () => {},
    frozenScreens: () => Promise.resolve([display]),
  });
});

test.afterEach(async () => {
  await web.close();
  await mock.close();
  await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
});

/** Writes docs/images/<name>.png and checks that a real PNG came out. */
async function shoot(page: Page, name: string): Promise<void> {
  const path = join(DOCS_IMAGES, `${name}.png`);
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  const bytes = readFileSync(path);
  expect(bytes.subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
  expect(bytes.length).toBeGreaterThan(5_000);
}

/** The endpoint, set through the same API the settings page uses (its layout may change). */
async function useMockEndpoint(page: Page): Promise<void> {
  await page.evaluate(async (baseUrl) => {
    await window.glimpse.settings.update({ baseUrl, model: 'gpt-4o-mini', apiKey: 'docs-key' });
  }, mock.baseUrl);
}

/** Drops a screen on the panel, asks about it, and waits for the whole answer. */
async function askAbout(page: Page, screen: Screen): Promise<void> {
  replies.push(ASKED[screen].answer);
  // A second drop replaces the capture shown: ask only once the new one is in place (an Ask
  // sent while it is read would be reset by its arrival).
  const preview = page.getByTestId('capture-preview');
  const before = (await preview.count()) > 0 ? await preview.getAttribute('src') : null;
  await dropImage(page, screenPath(screen));
  if (before !== null) await expect(preview).not.toHaveAttribute('src', before);
  await page.locator('#prompt').fill(ASKED[screen].question);
  await page.getByRole('button', { name: 'Ask', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText(/Done/, { timeout: 30_000 });
  const firstLine = ASKED[screen].answer.split('\n')[0]!.replace(/^## /, '');
  await expect(page.getByTestId('answer').getByRole('heading', { name: firstLine })).toBeVisible();
}

async function openPanel(page: Page): Promise<void> {
  await page.goto(web.url);
  await useMockEndpoint(page);
  await expect(page.getByTestId('drop-zone')).toBeVisible();
}

test('first run: the answer panel and the setup guide', async ({ page }) => {
  await page.goto(web.url);
  await expect(page.getByTestId('drop-zone')).toBeVisible();
  await expect(page.getByTestId('first-run-guide')).toBeVisible();
  await shoot(page, 'first-run');
});

test('settings: a profile with an endpoint filled in and saved', async ({ page }) => {
  await page.goto(`${web.url.split('#')[0]}#/settings/profiles`);
  await page.getByLabel(/^Base URL/).fill('https://api.openai.com/v1');
  await page.getByLabel(/^API key/).fill('sk-example-not-a-real-key');
  await page.getByLabel('Model', { exact: true }).fill('gpt-4o-mini');
  await page.getByRole('button', { name: 'Save' }).first().click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot(page, 'settings');
});

test('an editor with a TypeScript error, explained', async ({ page }) => {
  await openPanel(page);
  await askAbout(page, 'editor');
  await expect(page.getByTestId('answer')).toContainText('TS2345');
  await shoot(page, 'answer');
});

test('a follow-up question about the same editor screen', async ({ page }) => {
  await openPanel(page);
  await askAbout(page, 'editor');
  replies.push(FOLLOW_UP.answer);
  await page.getByLabel('Follow-up question').fill(FOLLOW_UP.question);
  await page.getByLabel('Follow-up question').press('Control+Enter');
  await expect(page.getByTestId('answer')).toContainText('which one it expects', { timeout: 20_000 });
  await expect(page.getByTestId('status')).toHaveText(/Done/);
  // The page scrolls to follow the new answer; the picture shows the conversation from its start.
  await page.setViewportSize({ width: 760, height: 1220 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot(page, 'follow-up');
});

test('a dashboard chart, read and summarised', async ({ page }) => {
  await openPanel(page);
  await askAbout(page, 'chart');
  await expect(page.getByTestId('answer')).toContainText('checkout outage');
  await shoot(page, 'chart');
});

test('a desktop settings dialog, and why it will not apply', async ({ page }) => {
  await openPanel(page);
  await askAbout(page, 'dialog');
  await expect(page.getByTestId('answer')).toContainText('https//proxy.corp.example');
  await shoot(page, 'dialog');
});

test('the capture overlay over the editor, with a region and a redaction', async ({ page }) => {
  await openPanel(page);
  await page.evaluate(() => window.glimpse.capture.region());
  const overlay = await page.context().newPage();
  await overlay.setViewportSize({ width: 1280, height: 720 });
  await overlay.goto(`${web.url.split('#')[0]}#/overlay?display=1`);
  await expect(overlay.getByTestId('overlay-stage')).toBeVisible();
  const drag = async (from: [number, number], to: [number, number]): Promise<void> => {
    await overlay.mouse.move(...from);
    await overlay.mouse.down();
    await overlay.mouse.move(...to, { steps: 4 });
    await overlay.mouse.up();
  };
  // The code, the error's hover and the Problems panel; the file tree (a client's project
  // names) redacted.
  await drag([60, 90], [1150, 685]);
  await expect(overlay.getByTestId('overlay-size')).toBeVisible();
  await overlay.keyboard.press('r');
  await drag([64, 130], [270, 300]);
  await expect(overlay.getByTestId('redaction')).toHaveCount(1);
  await shoot(overlay, 'overlay');
  await overlay.keyboard.press('Escape');
});

test('the history with the three conversations, one open', async ({ page }) => {
  // The main window is wider than the answer panel: the list and the conversation side by side.
  await page.setViewportSize({ width: 1100, height: 820 });
  await openPanel(page);
  for (const screen of ['dialog', 'chart', 'editor'] as const) await askAbout(page, screen);
  await page.goto(`${web.url.split('#')[0]}#/history`);
  const list = page.getByTestId('history-list');
  await expect(list.getByRole('listitem')).toHaveCount(3, { timeout: 15_000 });
  await list.getByRole('listitem').first().click();
  await expect(page.getByRole('button', { name: 'Export Markdown' })).toBeVisible();
  await expect(page.getByTestId('message').first()).toBeVisible();
  await shoot(page, 'history');
});
