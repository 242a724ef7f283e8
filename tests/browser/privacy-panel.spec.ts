/**
 * The privacy shield in the answer panel, for images that skip the overlay (web mode, Chromium):
 * a dropped terminal screenshot with planted keys is read offline, the panel shows the proposed
 * boxes over the preview, the user keeps them and draws one of their own, and the mock server
 * receives an image in which those regions are black. Also: "Extract text" with no endpoint,
 * and the shield's settings.
 */
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import type { WebServer } from '../../electron/web/server';
import { judge } from '../fixtures/privacy/evaluate';
import { PRIVACY_FIXTURES, readManifest, readScreen } from '../fixtures/privacy/manifest';
import {
  loadRecording,
  splitIntoChunks,
  startMockServer,
  type MockServer,
} from '../support/mock-openai-server';
import { ARTIFACTS, dropImage, startTestWebServer, watchPage } from './helpers';

let mock: MockServer | undefined;
let web: WebServer;

test.afterEach(async () => {
  await web.close();
  await mock?.close();
  mock = undefined;
});

const completions = () => (mock?.requests ?? []).filter((r) => r.path.endsWith('/chat/completions'));

function sentImage(): Uint8Array {
  const body = completions().at(-1)!.body as {
    messages: { content: string | { type: string; image_url?: { url: string } }[] }[];
  };
  const parts = body.messages.flatMap((m) => (typeof m.content === 'string' ? [] : m.content));
  const url = parts.find((p) => p.type === 'image_url')!.image_url!.url;
  return new Uint8Array(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
}

/**
 * Drags on the preview from one point to another, given as fractions of its size. The panel
 * shows a thumbnail: boxes are drawn on the full-size view it opens (closed again with Esc).
 */
async function drawOnPreview(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  await page.getByTestId('capture-thumb').click();
  const box = (await page.getByTestId('preview-frame').boundingBox())!;
  await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * to[0], box.y + box.height * to[1], { steps: 5 });
  await page.mouse.up();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('capture-viewer')).toBeHidden();
}

test('a dropped screenshot: the shield proposes a box over each key; kept, they are black in what is sent', async ({
  page,
}) => {
  const manifest = await readManifest();
  const terminal = manifest.images.find((i) => i.file === 'terminal@1x.png')!;
  const png = await readScreen(terminal);
  mock = await startMockServer(() => ({
    kind: 'sse',
    chunks: splitIntoChunks(loadRecording('openai-explain'), 4096),
  }));
  web = await startTestWebServer({ privacyShield: true });
  await page.setViewportSize({ width: 800, height: 900 });
  await page.goto(web.url);
  await page.evaluate(async (baseUrl) => {
    await window.glimpse.settings.update({ baseUrl, model: 'gpt-4o-mini', apiKey: 'test-key-123' });
  }, mock.baseUrl);

  await dropImage(page, join(PRIVACY_FIXTURES, terminal.file));
  const items = page.getByTestId('shield-proposal');
  await expect(items).toHaveCount(terminal.secrets.length, { timeout: 30_000 });
  await expect(page.getByTestId('preview-box')).toHaveCount(terminal.secrets.length);
  await expect(items.first()).toContainText('API key or token');
  await expect(page.getByTestId('shield-status')).toContainText('3 item(s)');
  await page.screenshot({ path: join(ARTIFACTS, 'privacy-panel-proposed-light.png') });

  // Asking before deciding: held back, with the reason, and nothing reaches the server.
  await page.getByLabel('Question').fill('What is in this terminal?');
  await page.getByRole('button', { name: 'Ask' }).click();
  await expect(page.getByTestId('error')).toContainText('Keep or dismiss the boxes');
  expect(completions()).toHaveLength(0);

  const before = await page.getByTestId('capture-preview').getAttribute('src');
  for (let i = 0; i < terminal.secrets.length; i++) {
    await items.nth(i).getByRole('button', { name: 'Keep' }).click();
  }
  await expect(items.filter({ hasText: 'blacked out' })).toHaveCount(terminal.secrets.length);
  // The user's own box: the empty bottom-right corner of the terminal.
  await drawOnPreview(page, [0.8, 0.82], [0.97, 0.97]);
  await expect(page.getByTestId('own-box')).toHaveCount(1);
  // What will be sent is what the preview shows: it changed to the redacted image.
  await expect(page.getByTestId('capture-preview')).not.toHaveAttribute('src', before!);
  await expect(page.getByTestId('shield-status')).toBeVisible();

  await page.getByRole('button', { name: 'Ask' }).click();
  await expect(page.getByTestId('status')).toHaveText(/Done/, { timeout: 20_000 });
  expect(completions()).toHaveLength(1);
  const sent = sentImage();
  const verdict = await judge(terminal, png, sent, []);
  expect(verdict.missed).toEqual([]);
  expect(verdict.plainHit).toEqual([]);
  // The drawn box is black too (its middle, in the sent image's pixels).
  const { data, info } = await sharp(sent).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (fx: number, fy: number) => {
    const i = (Math.round(fy * info.height) * info.width + Math.round(fx * info.width)) * info.channels;
    return [data[i], data[i + 1], data[i + 2]];
  };
  expect(at(0.885, 0.895)).toEqual([0, 0, 0]);
  expect(at(0.5, 0.97)).not.toEqual([0, 0, 0]);
  await page.screenshot({ path: join(ARTIFACTS, 'privacy-panel-kept-light.png') });

  await page.evaluate(() => window.glimpse.settings.update({ appearance: { theme: 'dark' } }));
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.screenshot({ path: join(ARTIFACTS, 'privacy-panel-kept-dark.png') });
});

test('Extract text reads the image on this machine with no endpoint configured; the text is copyable', async ({
  page,
}) => {
  const copied: string[] = [];
  web = await startTestWebServer({ writeClipboard: (text) => void copied.push(text) });
  const watch = await watchPage(page);
  await page.goto(web.url);
  const manifest = await readManifest();
  const terminal = manifest.images.find((i) => i.file === 'terminal@1x.png')!;
  await dropImage(page, join(PRIVACY_FIXTURES, terminal.file));

  await page.getByRole('button', { name: 'Extract text' }).click();
  const text = page.getByTestId('extracted-text');
  await expect(text).toContainText('git log --oneline', { timeout: 30_000 });
  const shown = (await text.textContent()) ?? '';
  // Lines kept: one per line of the terminal.
  expect(shown.split('\n').length).toBeGreaterThanOrEqual(8);
  expect(shown).toMatch(/region = eu-west-3/);
  await page.getByRole('button', { name: 'Copy text' }).click();
  await expect(page.getByTestId('notice')).toHaveText('Copied to the clipboard.');
  expect(copied).toEqual([shown]);
  // Nothing asked a model: no endpoint is set, no error shown, no request off the page's origin.
  await expect(page.getByTestId('error')).toHaveCount(0);
  expect(watch.requests.filter((url) => !url.startsWith(web.origin))).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, 'privacy-extract-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(ARTIFACTS, 'privacy-extract-dark.png') });
});

test('the shield’s settings: on/off, categories and the wait bound are saved', async ({ page }) => {
  // The shield as `npm run web` has it: on (without the option the setting starts off).
  web = await startTestWebServer({ privacyShield: true });
  await page.goto(`${web.url}#/settings/privacy`);
  const section = page.getByTestId('privacy-settings');
  await expect(section).toBeVisible();
  await section.getByLabel('E-mail addresses').uncheck();
  await expect
    .poll(() =>
      page.evaluate(async () => (await window.glimpse.settings.get()).settings?.privacy.categories.emails),
    )
    .toBe(false);
  await section.getByTestId('privacy-wait').fill('20000');
  await section.getByTestId('privacy-wait').press('Tab');
  await expect(section).toContainText('from 0 to 10000');
  await section.getByTestId('privacy-wait').fill('3000');
  await section.getByTestId('privacy-wait').press('Tab');
  await expect
    .poll(() => page.evaluate(async () => (await window.glimpse.settings.get()).settings?.privacy.waitMs))
    .toBe(3000);
  await section.scrollIntoViewIfNeeded();
  await section.screenshot({ path: join(ARTIFACTS, 'privacy-settings-light.png') });
  await section.getByTestId('privacy-enabled').uncheck();
  await expect
    .poll(() => page.evaluate(async () => (await window.glimpse.settings.get()).settings?.privacy.enabled))
    .toBe(false);
  await expect(section.getByLabel('Tokens and access keys')).toBeDisabled();
  await page.evaluate(() => window.glimpse.settings.update({ appearance: { theme: 'dark' } }));
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page
    .getByTestId('privacy-settings')
    .screenshot({ path: join(ARTIFACTS, 'privacy-settings-dark.png') });
});
