/**
 * An image dropped anywhere on the answer panel, as ChatGPT's and Raycast's windows take one: a
 * full-window overlay says what the drop will do only while files are dragged over, and the
 * always-visible way in is one compact line ("Choose an image", paste, drop) instead of the
 * dashed row "Drop an image here, paste one, or choose a file." that pushed the question down.
 * Also the profile's Proxy card, whose row read "Proxy" under the legend "Proxy".
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type JSHandle, type Page } from '@playwright/test';
import type { WebServer } from '../../electron/web/server';
import { PRIVACY_FIXTURES } from '../fixtures/privacy/manifest';
import { sseFromTokens, tokenize } from '../support/markdown-answers';
import { startMockServer, type MockServer } from '../support/mock-openai-server';
import { ARTIFACTS, FIXTURE_IMAGE, fileTransfer, startTestWebServer } from './helpers';

const SHOTS = join(ARTIFACTS, 'drop-anywhere');
const ANSWER = '## What the screenshot shows\n\nA **TypeScript** build failed: `tsc` cannot find `left-pad`.';

let mock: MockServer;
let web: WebServer;

test.beforeEach(async () => {
  mock = await startMockServer((req) =>
    req.path.endsWith('/chat/completions')
      ? { kind: 'sse', chunks: [...sseFromTokens(tokenize(ANSWER)), 'data: [DONE]\n\n'] }
      : undefined,
  );
  web = await startTestWebServer();
});
test.afterEach(async () => {
  await web.close();
  await mock.close();
});

async function openPanel(page: Page): Promise<void> {
  await page.goto(web.url);
  await page.evaluate(
    (url) => window.glimpse.settings.update({ baseUrl: url, model: 'gpt-4o-mini', apiKey: 'test-key-123' }),
    mock.baseUrl,
  );
  await expect(page.getByTestId('first-run-guide')).toHaveCount(0);
  await expect(page.locator('#prompt')).toBeVisible();
}

/** A drag event as the browser fires it while a file manager's drag crosses the page. */
function drag(
  page: Page,
  selector: string,
  type: 'dragenter' | 'dragover' | 'dragleave' | 'drop',
  dataTransfer: JSHandle<DataTransfer>,
  relatedTarget?: JSHandle<Element | null>,
): Promise<void> {
  return page
    .locator(selector)
    .dispatchEvent(type, { dataTransfer, ...(relatedTarget ? { relatedTarget } : {}) });
}

test('a file dragged anywhere over the panel shows the overlay until it is dropped, and the image is taken; text dragged shows none', async ({
  page,
}) => {
  await openPanel(page);
  // The old dashed row is gone; the way in is one line with a button.
  await expect(page.getByText('Drop an image here')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Choose an image' })).toBeVisible();
  await page.locator('#prompt').focus();

  const overlay = page.getByTestId('drop-overlay');
  const live = page.getByTestId('drop-overlay-live');
  await expect(overlay).toHaveCount(0);

  // Text dragged (from an editor, a browser) is not a file: no overlay, nothing taken.
  const text = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.setData('text/plain', 'some words');
    return transfer;
  });
  await drag(page, 'header h1', 'dragenter', text);
  await drag(page, '#prompt', 'dragover', text);
  await drag(page, '#prompt', 'drop', text);
  await expect(overlay).toHaveCount(0);
  await expect(page.getByTestId('capture-preview')).toHaveCount(0);
  await expect(page.getByTestId('error')).toHaveCount(0);

  const files = await fileTransfer(page);

  // The drag comes in over the header, far from where the old row was.
  await drag(page, 'header h1', 'dragenter', files);
  await drag(page, 'header h1', 'dragover', files);
  await expect(overlay).toBeVisible();
  await expect(overlay).toContainText('Drop the image to ask about it');
  await expect(overlay).toContainText('PNG, JPEG, WebP or GIF, up to 50 MB.');
  // Announced (a status live region that was there, empty, before the drag), the focus left alone.
  await expect(live).toHaveAttribute('role', 'status');
  await expect(live).toContainText('Drop the image to ask about it');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('prompt');

  // Crossing onto a child: the enter of the next element comes before the leave of the last; the
  // overlay does not flicker off.
  const prompt = await page.locator('#prompt').elementHandle();
  await drag(page, '#prompt', 'dragenter', files);
  await drag(page, 'header h1', 'dragleave', files, prompt);
  await drag(page, '#prompt', 'dragover', files);
  await expect(overlay).toBeVisible();

  // Dropped on the question box: the image is the panel's capture, the overlay gone.
  await drag(page, '#prompt', 'drop', files);
  await expect(page.getByTestId('capture-preview')).toBeVisible();
  await expect(overlay).toHaveCount(0);
  await expect(live).toHaveText('');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('prompt');

  // With a capture shown, the way in sits beside its thumbnail, not on a row of its own.
  const thumb = (await page.getByTestId('capture-thumb').boundingBox())!;
  const line = (await page.getByTestId('image-input').boundingBox())!;
  expect(line.x).toBeGreaterThan(thumb.x + thumb.width);
  expect(line.y + line.height).toBeLessThanOrEqual(thumb.y + thumb.height + 1);

  // The next drag says the image shown will be replaced; leaving the window hides the overlay
  // (no element entered next) and changes nothing.
  const before = await page.getByTestId('capture-preview').getAttribute('src');
  await drag(page, '.answer', 'dragenter', files);
  await expect(overlay).toContainText('It replaces the current image.');
  await drag(page, '.answer', 'dragleave', files);
  await expect(overlay).toHaveCount(0);
  await expect(page.getByTestId('capture-preview')).toHaveAttribute('src', before!);
});

test('Esc during a file drag hides the overlay, keeps the panel, and the drag no longer drops', async ({
  page,
}) => {
  await openPanel(page);
  const files = await fileTransfer(page);
  await drag(page, 'header h1', 'dragenter', files);
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
  expect(page.isClosed()).toBe(false);
  // The rest of that drag: no overlay again, and its drop is refused.
  await drag(page, '#prompt', 'dragover', files);
  await drag(page, '#prompt', 'drop', files);
  await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
  await expect(page.getByTestId('capture-preview')).toHaveCount(0);
  // A new drag is taken again.
  await drag(page, 'header h1', 'dragenter', files);
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  await drag(page, 'header h1', 'drop', files);
  await expect(page.getByTestId('capture-preview')).toBeVisible();
});

test('dropped outside the old row, a non-image and a file over 50 MB are still refused in words', async ({
  page,
}) => {
  await openPanel(page);
  const text = await fileTransfer(page, FIXTURE_IMAGE, { name: 'notes.txt', type: 'text/plain' });
  await drag(page, 'header h1', 'dragenter', text);
  await drag(page, 'header h1', 'drop', text);
  await expect(page.getByTestId('error')).toContainText('“notes.txt” is not an image');
  const huge = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(51 * 1024 * 1024)], 'huge.png', { type: 'image/png' }));
    return transfer;
  });
  await drag(page, 'body', 'drop', huge);
  await expect(page.getByTestId('error')).toContainText('The image file is larger than 50 MB');
  await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
});

test('paste and "Choose an image" (from the keyboard) still take an image', async ({ page }) => {
  await openPanel(page);
  // Listened for from the start: the page's file dialog is then intercepted before Enter opens it.
  const chooser = page.waitForEvent('filechooser');
  // Paste anywhere in the window.
  const files = await fileTransfer(page);
  await page.evaluate((clipboardData) => {
    window.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
  }, files);
  const thumb = page.getByTestId('capture-thumb');
  await expect(thumb).toHaveAttribute('aria-label', /640 × 400/);

  // The picker, reached with Tab and opened with Enter.
  await thumb.focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Choose an image' })).toBeFocused();
  await page.keyboard.press('Enter');
  await (await chooser).setFiles(join(PRIVACY_FIXTURES, 'mail@1x.png'));
  await expect(thumb).not.toHaveAttribute('aria-label', /640 × 400/);
});

/** Light and dark, without and with the overlay (held up by a drag that has not ended). */
async function shoot(page: Page, name: string): Promise<void> {
  const files = await fileTransfer(page);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: join(SHOTS, `${name}-${scheme}.png`) });
    await drag(page, 'header h1', 'dragenter', files);
    await expect(page.getByTestId('drop-overlay')).toBeVisible();
    await page.screenshot({ path: join(SHOTS, `${name}-overlay-${scheme}.png`) });
    await drag(page, 'header h1', 'dragleave', files);
    await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('looks: the panel empty and answered, with and without the overlay, in English and French', async ({
  page,
}) => {
  mkdirSync(SHOTS, { recursive: true });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openPanel(page);
  await shoot(page, 'empty-en');
  await page.evaluate(() => window.glimpse.settings.update({ language: 'fr' }));
  await expect(page.getByRole('button', { name: 'Choisir une image' })).toBeVisible();
  await shoot(page, 'empty-fr');
  const files = await fileTransfer(page);
  await drag(page, 'header h1', 'dragenter', files);
  await expect(page.getByTestId('drop-overlay')).toContainText(
    'Déposez l’image pour poser une question à son sujet',
  );
  await expect(page.getByTestId('drop-overlay')).toContainText('PNG, JPEG, WebP ou GIF, jusqu’à 50\u202fMo.');
  await drag(page, 'header h1', 'drop', files);
  await page.getByRole('button', { name: 'Demander' }).click();
  await expect(page.getByTestId('turn-answer').or(page.getByTestId('answer'))).toContainText('left-pad');
  await expect(page.getByTestId('status')).toHaveText(/Terminé/);
  await shoot(page, 'answered-fr');
  await page.evaluate(() => window.glimpse.settings.update({ language: 'en' }));
  await expect(page.getByRole('button', { name: 'Choose an image' })).toBeVisible();
  await drag(page, 'header h1', 'dragenter', files);
  await expect(page.getByTestId('drop-overlay')).toContainText(
    'It replaces the current image and starts a new conversation.',
  );
  await drag(page, 'header h1', 'dragleave', files);
  await shoot(page, 'answered-en');

  // At the answer window's own size (460 × 600, electron/main/windows.ts) and as on the desktop,
  // where "Capture screen" is in the line too (web mode has no screen to capture).
  // (For the look only: the shim's read-only "web mode" flag is kept from being set.)
  await page.addInitScript(() => {
    const define = Object.defineProperty;
    Object.defineProperty = ((target: object, key: PropertyKey, attributes: PropertyDescriptor) =>
      key === 'glimpseWebMode' ? target : define(target, key, attributes)) as typeof define;
  });
  await page.setViewportSize({ width: 460, height: 600 });
  await page.reload();
  await expect(page.getByRole('button', { name: 'Capture screen' })).toBeVisible();
  await shoot(page, 'desktop-empty-en');
  await drag(page, 'header h1', 'drop', await fileTransfer(page));
  await expect(page.getByTestId('capture-preview')).toBeVisible();
  await shoot(page, 'desktop-captured-en');
});

test('the Proxy card names its row for the choice, not "Proxy" again', async ({ page }) => {
  mkdirSync(SHOTS, { recursive: true });
  await page.goto(`${web.url.split('#')[0]}#/settings/profiles`);
  const card = page.getByRole('group', { name: 'Proxy' });
  await card.scrollIntoViewIfNeeded();
  await expect(card.getByRole('combobox', { name: 'Connection', exact: true })).toHaveValue('system');
  await expect(card.getByRole('combobox', { name: 'Proxy' })).toHaveCount(0);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await card.screenshot({ path: join(SHOTS, `proxy-en-${scheme}.png`) });
  }
  await page.evaluate(() => window.glimpse.settings.update({ language: 'fr' }));
  await expect(card.getByRole('combobox', { name: 'Connexion', exact: true })).toBeVisible();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await card.screenshot({ path: join(SHOTS, `proxy-fr-${scheme}.png`) });
  }
});
