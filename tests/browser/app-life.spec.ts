/**
 * App life in web mode: shortcut conflicts from main shown beside their shortcut, pause/resume
 * (the tray's action), the macOS permission and Wayland explanations (web mode simulates the OS
 * state), "Copy diagnostics" without the key, and "Open in main window" on the conversation.
 */
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { WebServer } from '../../electron/web/server';
import { MAC_SCREEN_RECORDING_SETTINGS } from '../../electron/core/app/platform';
import { sseFromTokens, tokenize } from '../support/markdown-answers';
import { startMockServer, type MockServer } from '../support/mock-openai-server';
import { ARTIFACTS, dropImage, startTestWebServer } from './helpers';

let web: WebServer | undefined;
let mock: MockServer | undefined;

test.afterEach(async () => {
  await web?.close();
  await mock?.close();
  web = undefined;
  mock = undefined;
});

async function openSettings(page: Page, section = 'background'): Promise<void> {
  await page.goto(`${web!.url}#/settings/${section}`);
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
}

test('a shortcut the OS refuses is named beside it, and goes when it is changed', async ({ page }) => {
  web = await startTestWebServer({
    life: { refusedShortcuts: ['CommandOrControl+Shift+E'], platform: 'linux' },
  });
  await openSettings(page, 'shortcuts');
  const problem = page.getByTestId('hotkey-problem-captureRegion');
  // The shortcut as Linux writes it, never the accelerator string.
  await expect(problem).toHaveText(
    'Not available: Ctrl+Shift+E could not be registered for “Capture a region”: it is taken by another application or the desktop.',
  );
  await expect(page.getByTestId('hotkey-problem-captureScreen')).toHaveCount(0);
  // the message sits right under its own shortcut
  const button = await page.getByTestId('hotkey-captureRegion').boundingBox();
  const message = await problem.boundingBox();
  const next = await page.getByTestId('hotkey-captureScreen').boundingBox();
  expect(message!.y).toBeGreaterThan(button!.y);
  expect(message!.y).toBeLessThan(next!.y);
  await problem.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, 'life-hotkey-conflict-light.png') });

  // Pausing is the tray's action; the state comes back from main as an event.
  await page.getByRole('tab', { name: 'Background' }).click();
  await page.getByRole('button', { name: 'Pause shortcuts' }).click();
  await expect(page.getByTestId('hotkeys-paused')).toHaveText('Shortcuts are paused.');
  await page.getByRole('tab', { name: 'Shortcuts' }).click();
  await expect(problem).toHaveCount(0);
  await page.getByRole('tab', { name: 'Background' }).click();
  await page.getByRole('button', { name: 'Resume shortcuts' }).click();
  await expect(page.getByTestId('hotkeys-paused')).toHaveText('Shortcuts are on.');
  await page.getByRole('tab', { name: 'Shortcuts' }).click();
  await expect(problem).toBeVisible();

  // The page words it in its own language, from the problem's fields (main's log stays English).
  await page.evaluate(() => window.glimpse.settings.update({ language: 'fr' }));
  await expect(problem).toHaveText(
    'Indisponible : Ctrl+Maj+E n’a pas pu être enregistré pour « Capturer une zone » : il est pris par une autre application ou le bureau.',
  );
  await page.evaluate(() => window.glimpse.settings.update({ language: 'en' }));

  // A new shortcut that main accepts clears the message (settings:update → re-apply → event).
  await page.evaluate(() =>
    window.glimpse.settings.update({ hotkeys: { captureRegion: 'CommandOrControl+Alt+E' } }),
  );
  await expect(problem).toHaveCount(0);
});

test('macOS: a denied Screen Recording permission is explained, with a button to the settings pane', async ({
  page,
}) => {
  const opened: string[] = [];
  web = await startTestWebServer({
    life: {
      captureFailure: 'mac-permission-denied',
      openSystemSettings: (url) => Promise.resolve(void opened.push(url)),
    },
  });
  await page.goto(web.url);
  await expect(page.getByRole('heading', { name: 'Glimpse', exact: true })).toBeVisible();
  // The hotkey (or tray) runs the capture action; the failure reaches the panel as an event.
  await web.runAction('captureRegion');
  const help = page.getByTestId('mac-permission-help');
  await expect(help).toContainText('Glimpse needs permission to record the screen');
  await expect(help).toContainText('Privacy & Security › Screen Recording');
  await expect(page.getByTestId('error')).toContainText('quit and relaunch Glimpse');
  await help.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, 'life-mac-permission-light.png') });
  await help.getByRole('button', { name: 'Open System Settings' }).click();
  await expect.poll(() => opened).toEqual([MAC_SCREEN_RECORDING_SETTINGS]);

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(ARTIFACTS, 'life-mac-permission-dark.png') });
});

test('Wayland: the portal and the glimpse --capture workaround, in the panel and on the settings page', async ({
  page,
}) => {
  web = await startTestWebServer({ life: { captureFailure: 'wayland-no-screen', wayland: true } });
  await page.goto(web.url);
  await expect(page.getByRole('heading', { name: 'Glimpse', exact: true })).toBeVisible();
  await web.runAction('captureRegion');
  const help = page.getByTestId('wayland-help');
  await expect(help).toContainText('xdg-desktop-portal');
  await expect(help.locator('code')).toHaveText(['glimpse --capture', 'glimpse --capture-full']);
  await expect(page.getByTestId('mac-permission-help')).toHaveCount(0);
  await help.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, 'life-wayland-panel-light.png') });

  await page.goto(`${web.url}#/settings/background`);
  await page.reload();
  const settingsHelp = page.getByTestId('app-life').getByTestId('wayland-help');
  await expect(settingsHelp).toContainText('Global shortcuts may not reach Glimpse on Wayland');
  await expect(settingsHelp.locator('code').first()).toHaveText('glimpse --capture');

  // French
  await page.evaluate(() => window.glimpse.settings.update({ language: 'fr' }));
  await expect(settingsHelp).toContainText('Sous Wayland, les raccourcis globaux');
  await page.getByTestId('app-life').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, 'life-settings-wayland-fr.png') });
});

test('no explanation for an ordinary capture error', async ({ page }) => {
  web = await startTestWebServer();
  await page.goto(web.url);
  await expect(page.getByRole('heading', { name: 'Glimpse', exact: true })).toBeVisible();
  // Web mode without fixture screens: "not available here" (kind unsupported).
  await web.runAction('captureRegion');
  await expect(page.getByTestId('error')).toContainText('not available');
  await expect(page.getByTestId('mac-permission-help')).toHaveCount(0);
  await expect(page.getByTestId('wayland-help')).toHaveCount(0);
});

test('Copy diagnostics puts a report on the clipboard without the API key', async ({ page }) => {
  const clipboard: string[] = [];
  web = await startTestWebServer({ writeClipboard: (text) => void clipboard.push(text) });
  await openSettings(page, 'profiles');
  await page.getByLabel('Base URL').fill('http://127.0.0.1:9/v1');
  await page.locator('input[name="apiKey"]').fill('sk-diag-canary-5f3a9c1e7b');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await page.getByRole('tab', { name: 'Background' }).click();
  await page.getByRole('button', { name: 'Copy diagnostics' }).click();
  await expect(page.getByTestId('life-message')).toHaveText(/^Diagnostics copied \(\d+ characters\)/);
  expect(clipboard).toHaveLength(1);
  const report = clipboard[0]!;
  const shown = Number(
    /\((\d+) characters\)/.exec((await page.getByTestId('life-message').textContent()) ?? '')![1],
  );
  expect(shown).toBe(report.length);
  expect(report).toContain('127.0.0.1:9');
  expect(report).not.toContain('sk-diag-canary');
  expect(report).not.toContain('5f3a9c1e7b');
  await page.getByTestId('app-life').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, 'life-settings-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(ARTIFACTS, 'life-settings-dark.png') });
});

test('Open in main window shows the history on that conversation', async ({ page }) => {
  mock = await startMockServer((req) =>
    req.path.endsWith('/chat/completions')
      ? { kind: 'sse', chunks: sseFromTokens(tokenize('The **window** title says hello.')) }
      : undefined,
  );
  web = await startTestWebServer();
  await page.goto(web.url);
  // Through the API: the settings form is another helper's (and its labels are changing).
  await page.evaluate(
    (baseUrl) => window.glimpse.settings.update({ baseUrl, apiKey: 'test-key-123', model: 'gpt-4o-mini' }),
    mock.baseUrl,
  );
  await page.reload();
  await dropImage(page);
  await page.getByRole('button', { name: 'Ask' }).click();
  await expect(page.getByTestId('answer')).toContainText('The window title says hello.');
  const open = page.getByTestId('open-in-main');
  await expect(open).toBeVisible();
  await page.screenshot({ path: join(ARTIFACTS, 'life-open-in-main-light.png') });
  await open.click();
  await expect(page).toHaveURL(/#\/history\?conversation=[A-Za-z0-9_-]+$/);
  const id = new URL(page.url()).hash.split('=')[1]!;
  const stored = await page.evaluate((conversationId) => window.glimpse.history.get(conversationId), id);
  await expect(page.getByRole('heading', { level: 2, name: stored.title })).toBeVisible();
  await expect(page.locator('[aria-current="true"]')).toHaveCount(1);
});

test('automatic update checks can be turned off in settings', async ({ page }) => {
  web = await startTestWebServer();
  await openSettings(page);
  const box = page.getByLabel('Check for updates automatically');
  await expect(box).toBeChecked();
  await box.uncheck();
  await expect
    .poll(() =>
      page.evaluate(async () => (await window.glimpse.settings.get()).settings.updates.checkAutomatically),
    )
    .toBe(false);
  await page.reload();
  await expect(page.getByLabel('Check for updates automatically')).not.toBeChecked();
});
