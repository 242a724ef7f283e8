/**
 * The user guide's screenshots (docs/images/), taken from the real UI in web mode with a local
 * server replaying a recorded answer: `npm run docs:screenshots` writes them there. Within
 * `npm test` the same pictures go to tests/.artifacts/docs-images, so a test run never rewrites
 * tracked files — but a page that no longer shows what the guide describes still fails. Each picture is its own test,
 * driven through the labels users see, so a change in one page breaks only its own picture and
 * says which. A picture is written only once its page shows what the guide describes.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { FrozenDisplay } from '../../electron/core/capture';
import { RENDERER_OUT } from '../../electron/web/build-renderer';
import { startWebServer, type WebServer } from '../../electron/web/server';
import {
  loadRecording,
  splitIntoChunks,
  startMockServer,
  type MockServer,
} from '../support/mock-openai-server';
import { makeScreenCapture } from '../support/screens';
import { dropImage } from './helpers';

const DOCS_IMAGES =
  process.env.GLIMPSE_WRITE_DOCS === '1'
    ? join(import.meta.dirname, '../../docs/images')
    : join(import.meta.dirname, '../.artifacts/docs-images');
const PNG_SIGNATURE = '89504e470d0a1a0a';

let mock: MockServer;
let web: WebServer;
let dataDir: string;
/** Short answers to give before falling back to the recorded one. */
let replies: string[] = [];

/** A minimal Chat Completions stream of one text. */
function streamOf(text: string): string[] {
  const chunk = (delta: object, finish: string | null): string =>
    `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', model: 'gpt-4o-mini', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  return [chunk({ role: 'assistant', content: text }, null), chunk({}, 'stop'), 'data: [DONE]\n\n'];
}

test.beforeEach(async () => {
  mkdirSync(DOCS_IMAGES, { recursive: true });
  replies = [];
  mock = await startMockServer(() => {
    const reply = replies.shift();
    return {
      kind: 'sse',
      chunks: reply ? streamOf(reply) : splitIntoChunks(loadRecording('openai-explain'), 4096),
    };
  });
  dataDir = await mkdtemp(join(tmpdir(), 'glimpse-docs-'));
  const display: FrozenDisplay = {
    display: { id: 1, bounds: { x: 0, y: 0, width: 1280, height: 720 }, scaleFactor: 1.5, rotation: 0 },
    image: makeScreenCapture(1920, 1080, 'mixed', { scale: 1.5 }),
    windows: [],
    proposals: [],
  };
  web = await startWebServer({
    rendererDir: RENDERER_OUT,
    dataDir,
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

async function askAboutFixture(page: Page): Promise<void> {
  await page.goto(web.url);
  await useMockEndpoint(page);
  await dropImage(page);
  await page.getByRole('button', { name: 'Ask', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText(/Done/, { timeout: 30_000 });
}

test('first run: the answer panel waiting for an image', async ({ page }) => {
  await page.goto(web.url);
  await expect(page.getByTestId('drop-zone')).toBeVisible();
  await shoot(page, 'first-run');
});

test('settings with an endpoint filled in', async ({ page }) => {
  await page.goto(web.url);
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel(/^Base URL/).fill('https://api.openai.com/v1');
  await page.getByLabel(/^API key/).fill('sk-example-not-a-real-key');
  await page.getByLabel('Model', { exact: true }).fill('gpt-4o-mini');
  await page.getByRole('button', { name: 'Save' }).first().click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await shoot(page, 'settings');
});

test('an answer streamed and rendered', async ({ page }) => {
  await askAboutFixture(page);
  await expect(page.getByTestId('answer').getByRole('heading').first()).toBeVisible();
  await shoot(page, 'answer');
});

test('a follow-up question about the same image', async ({ page }) => {
  replies = [
    'This is a terminal where `npm install` failed with **EACCES**: npm may not write to `/usr/local/lib/node_modules`.',
    'Install Node with a version manager such as `nvm`, so that global packages live in your home folder, then run `npm install` again **without** `sudo`.',
  ];
  await askAboutFixture(page);
  await page.getByLabel('Follow-up question').fill('How do I fix it without sudo?');
  await page.getByLabel('Follow-up question').press('Control+Enter');
  await expect(page.getByTestId('answer')).toContainText('version manager', { timeout: 20_000 });
  await expect(page.getByTestId('status')).toHaveText(/Done/);
  await shoot(page, 'follow-up');
});

test('the capture overlay with a region and a redaction', async ({ page }) => {
  await page.goto(web.url);
  await useMockEndpoint(page);
  await page.evaluate(() => window.glimpse.capture.region());
  const overlay = await page.context().newPage();
  await overlay.setViewportSize({ width: 1280, height: 720 });
  await overlay.goto(`${web.url}#/overlay?display=1`);
  await expect(overlay.getByTestId('overlay-stage')).toBeVisible();
  const drag = async (from: [number, number], to: [number, number]): Promise<void> => {
    await overlay.mouse.move(...from);
    await overlay.mouse.down();
    await overlay.mouse.move(...to, { steps: 4 });
    await overlay.mouse.up();
  };
  await drag([160, 120], [760, 480]);
  await expect(overlay.getByTestId('overlay-size')).toBeVisible();
  await overlay.keyboard.press('r');
  await drag([220, 200], [420, 230]);
  await expect(overlay.getByTestId('redaction')).toHaveCount(1);
  await shoot(overlay, 'overlay');
  await overlay.keyboard.press('Escape');
});

test('the history list with a saved conversation', async ({ page }) => {
  await askAboutFixture(page);
  await page.goto(`${web.url.split('#')[0]}#/history`);
  const first = page.getByRole('listitem').first();
  await expect(first).toBeVisible({ timeout: 15_000 });
  await first.click();
  await expect(page.getByRole('button', { name: 'Export Markdown' })).toBeVisible();
  await shoot(page, 'history');
});
