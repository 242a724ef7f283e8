/**
 * Sharp text in the answer panel (web mode, Chromium): a 4K screenshot of dense text is offered
 * sharp text with its cost, off by default; turned on, the request carries the image, the layout
 * line and the full-resolution tiles, and turned off again it carries the image alone.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser } from '@playwright/test';
import sharp from 'sharp';
import type { WebServer } from '../../electron/web/server';
import {
  loadRecording,
  splitIntoChunks,
  startMockServer,
  type MockServer,
} from '../support/mock-openai-server';
import { ARTIFACTS, dropImage, startTestWebServer } from './helpers';

let mock: MockServer;
let web: WebServer;
/** A 4K screenshot of the app's settings page (see shootSettings4k). */
let screenshot: string;

test.beforeEach(async ({ browser }) => {
  mock = await startMockServer(() => ({
    kind: 'sse',
    chunks: splitIntoChunks(loadRecording('openai-explain'), 4096),
  }));
  web = await startTestWebServer();
  screenshot = await shootSettings4k(browser);
});

test.afterEach(async () => {
  await web.close();
  await mock.close();
});

interface SentPart {
  type: string;
  text?: string;
  image_url?: { url: string };
}

function lastRequestParts(): SentPart[] {
  const body = mock.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)!.body as {
    messages: { content: string | SentPart[] }[];
  };
  const first = body.messages.find((m) => typeof m.content !== 'string')!;
  return first.content as SentPart[];
}

async function imageSize(part: SentPart): Promise<[number, number]> {
  const url = part.image_url!.url;
  const meta = await sharp(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64')).metadata();
  return [meta.width, meta.height];
}

/**
 * A real 4K screen of small text at 100 % (a 32-inch 4K monitor): the app's own settings page.
 * Dropped images have no scale factor: the panel judges them as 1×.
 */
async function shootSettings4k(browser: Browser): Promise<string> {
  const screenshot = join(mkdtempSync(join(tmpdir(), 'glimpse-sharp-')), 'settings-4k.png');
  const shooter = await browser.newContext({ viewport: { width: 3840, height: 2160 }, deviceScaleFactor: 1 });
  const shot = await shooter.newPage();
  await shot.goto(`${web.url}#/settings`);
  await expect(shot.getByLabel(/^Base URL/)).toBeVisible();
  await shot.screenshot({ path: screenshot });
  await shooter.close();
  return screenshot;
}

test('a 4K text screen: sharp text offered with its cost, and the tiles sent only once turned on', async ({
  page,
}) => {
  await page.setViewportSize({ width: 820, height: 1000 });
  await page.goto(web.url);
  await page.evaluate(async (baseUrl) => {
    await window.glimpse.settings.update({ baseUrl, model: 'gpt-4o', apiKey: 'test-key-123' });
  }, mock.baseUrl);
  await dropImage(page, screenshot);

  const offer = page.getByTestId('sharp-text');
  await expect(offer).toBeVisible();
  // A loopback server: the generic preset (2048 px), which publishes no token price.
  await expect(offer).toContainText('This 3840 × 2160 px image reaches the model at 2048 × 1152');
  await expect(offer).toContainText('4 more images with each question');
  const toggle = offer.getByRole('checkbox', { name: /Also send it as 4 full-resolution tiles \(2 × 2\)/ });
  await expect(toggle).not.toBeChecked();

  // Off by default: the image alone.
  await page.getByLabel('Question').fill('What does this page say?');
  await page.getByRole('button', { name: 'Ask' }).click();
  await expect(page.getByTestId('status')).toHaveText(/Done/, { timeout: 30_000 });
  expect(lastRequestParts().map((p) => p.type)).toEqual(['text', 'image_url']);

  // Turned on from the keyboard: the tiles are prepared, their size shown.
  await toggle.focus();
  await page.keyboard.press('Space');
  await expect(toggle).toBeChecked();
  await expect(offer.getByRole('status')).toContainText(/Tiles ready: [\d.]+ (kB|KB|MB) more to upload/);
  // An answer is already there: the panel says how to get one that uses the tiles.
  await expect(offer.getByRole('status')).toContainText('Ask again or regenerate to send them.');
  // Toggled from the keyboard, the checkbox keeps the focus.
  await expect(toggle).toBeFocused();
  await page.screenshot({ path: join(ARTIFACTS, 'sharp-text-offer.png') });

  await page.getByRole('button', { name: 'Regenerate' }).click();
  await expect.poll(() => mock.requests.filter((r) => r.path.endsWith('/chat/completions')).length).toBe(2);
  await expect(page.getByTestId('status')).toHaveText(/Done/, { timeout: 30_000 });
  const parts = lastRequestParts();
  expect(parts.map((p) => p.type)).toEqual([
    'text',
    'image_url',
    'text',
    ...Array<string>(4).fill('image_url'),
  ]);
  expect(parts[2]!.text).toContain('2 rows × 2 columns');
  // 2 × 2 tiles overlapping by 24 px: (3840 + 24) / 2 × (2160 + 24) / 2.
  for (const tile of parts.slice(3)) expect(await imageSize(tile)).toEqual([1932, 1092]);
  // The tiles are the screenshot's own pixels: the top-left one, decoded, equals its crop.
  const url = parts[3]!.image_url!.url;
  const sentTile = await sharp(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'))
    .removeAlpha()
    .raw()
    .toBuffer();
  const original = await sharp(screenshot)
    .extract({ left: 0, top: 0, width: 1932, height: 1092 })
    .removeAlpha()
    .raw()
    .toBuffer();
  expect(Buffer.compare(sentTile, original)).toBe(0);

  // Off again: the image alone.
  await toggle.uncheck();
  await expect(toggle).not.toBeChecked();
  await page.getByRole('button', { name: 'Regenerate' }).click();
  await expect.poll(() => mock.requests.filter((r) => r.path.endsWith('/chat/completions')).length).toBe(3);
  expect(lastRequestParts().map((p) => p.type)).toEqual(['text', 'image_url']);
});

test('a small region gets no offer', async ({ page }) => {
  await page.goto(web.url);
  await dropImage(page);
  await expect(page.getByTestId('capture-preview')).toBeVisible();
  await expect(page.getByTestId('sharp-text')).toHaveCount(0);
});

test('the profile setting: "never" offers nothing, "always" sends the tiles from the first ask', async ({
  page,
}) => {
  await page.goto(web.url);
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel(/^Base URL/).fill(mock.baseUrl);
  await page.getByLabel('Model', { exact: true }).fill('gpt-4o');
  const setting = page.getByLabel(/^Sharp text/);
  await expect(setting).toHaveValue('offer');
  await setting.selectOption('never');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await page.screenshot({ path: join(ARTIFACTS, 'sharp-text-setting.png'), fullPage: true });
  await page.getByRole('link', { name: 'Back' }).click();
  await dropImage(page, screenshot);
  await expect(page.getByText('4 full-resolution tiles')).toHaveCount(0);
  await expect(page.getByTestId('sharp-text')).toHaveCount(0);

  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel(/^Sharp text/).selectOption('always');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await page.getByRole('link', { name: 'Back' }).click();
  await dropImage(page, screenshot);
  await expect(page.getByTestId('sharp-text').getByRole('checkbox')).toBeChecked();
  await page.getByLabel('Question').fill('Read it.');
  await page.getByRole('button', { name: 'Ask' }).click();
  await expect(page.getByTestId('status')).toHaveText(/Done/, { timeout: 30_000 });
  expect(lastRequestParts().map((p) => p.type)).toEqual([
    'text',
    'image_url',
    'text',
    ...Array<string>(4).fill('image_url'),
  ]);
});
