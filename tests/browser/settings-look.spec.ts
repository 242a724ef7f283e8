/**
 * The desktop-grade look of issue 16, behaviour by behaviour: on/off settings are switches
 * (Space toggles and saves), a stored API key is a line with Replace and Remove (never the key),
 * the capture is a thumbnail chip that opens full size (Esc closes), About names the version,
 * and the shortcut recorder shows the modifiers held. Screenshots go to
 * tests/.artifacts/settings-look/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { WebServer } from '../../electron/web/server';
import { startMockServer, type MockServer } from '../support/mock-openai-server';
import { ARTIFACTS, dropImage, startTestWebServer, watchPage } from './helpers';

let mock: MockServer;
let web: WebServer;
const SHOTS = join(ARTIFACTS, 'settings-look');

test.beforeEach(async () => {
  mock = await startMockServer(() => undefined);
  web = await startTestWebServer();
});

test.afterEach(async () => {
  await web.close();
  await mock.close();
});

async function openSection(page: Page, id: string): Promise<void> {
  await page.goto(`${web.url}#/settings/${id}`);
  await expect(page.locator('[role=tab][id^="settings-tab-"][aria-selected=true]')).toHaveAttribute(
    'href',
    `#/settings/${id}`,
  );
}

const saved = (page: Page) => page.evaluate(async () => (await window.glimpse.settings.get()).settings);

test('on/off settings are switches: Space toggles one, with a focus ring, and it is saved', async ({
  page,
}) => {
  await openSection(page, 'background');
  const login = page.getByRole('switch', { name: 'Open Glimpse when I log in' });
  await expect(login).not.toBeChecked();
  await expect(page.getByRole('switch', { name: /Check for updates automatically/ })).toBeChecked();
  // Keyboard only: Tab reaches it, the ring shows, Space turns it on.
  await page.getByRole('button', { name: 'Pause shortcuts' }).focus();
  await page.keyboard.press('Tab');
  await expect(login).toBeFocused();
  const outline = await login.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).toBe('solid');
  await page.keyboard.press('Space');
  await expect(login).toBeChecked();
  await expect.poll(async () => (await saved(page)).launchAtLogin).toBe(true);
  await page.screenshot({ path: join(SHOTS, 'background-switch-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(SHOTS, 'background-switch-dark.png') });
  await page.keyboard.press('Space');
  await expect.poll(async () => (await saved(page)).launchAtLogin).toBe(false);
  // The same switch elsewhere: the privacy shield, and JSON mode in a profile.
  await openSection(page, 'privacy');
  await expect(page.getByRole('switch', { name: /Look for secrets/ })).toBeVisible();
  await openSection(page, 'profiles');
  await page.getByText('Advanced parameters').click();
  await expect(page.getByRole('switch', { name: /^JSON mode/ })).not.toBeChecked();
  await page.getByRole('tab', { name: 'Actions' }).click();
  await page.getByTestId('action-editor').locator('details.params summary').click();
  await expect(page.getByTestId('action-editor').getByRole('switch', { name: /^JSON mode/ })).toBeVisible();
});

test('a stored API key is a line with Replace and Remove, and never shown', async ({ page }) => {
  const watch = await watchPage(page);
  await openSection(page, 'profiles');
  // No key yet: the field itself.
  await page.getByLabel(/^Base URL/).fill(mock.baseUrl);
  await page.getByLabel(/^API key/).fill('sk-look-secret-7731');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  // Stored: a line saying where (web mode keeps keys in memory), no field, no key.
  const stored = page.getByTestId('api-key-stored');
  await expect(stored).toContainText('Kept until Glimpse quits');
  await expect(page.getByLabel(/^API key/)).toHaveCount(0);
  expect(await page.content()).not.toContain('sk-look-secret-7731');
  await page.screenshot({ path: join(SHOTS, 'api-key-stored-light.png') });

  // Replace: an empty field, Esc (or Cancel) goes back to the line; a new key is saved.
  await stored.getByRole('button', { name: 'Replace' }).click();
  const field = page.getByLabel(/^API key/);
  await expect(field).toBeFocused();
  await expect(field).toHaveValue('');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('api-key-stored')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Replace' })).toBeFocused();
  await page.getByRole('button', { name: 'Replace' }).click();
  await page.getByLabel(/^API key/).fill('sk-look-second-1180');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('api-key-stored')).toBeVisible();
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('connection')).not.toBeEmpty();
  expect(mock.requests.at(-1)?.headers.authorization).toBe('Bearer sk-look-second-1180');

  // Remove asks first; Cancel keeps it, confirming removes it.
  await page.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'Remove the stored key? Questions will be sent without one.',
  );
  await page.screenshot({ path: join(SHOTS, 'api-key-remove-light.png') });
  await page.getByRole('button', { name: 'Cancel' }).click();
  expect((await page.evaluate(() => window.glimpse.settings.get())).profileKeys?.default).toBe(true);
  await page.getByRole('button', { name: 'Remove', exact: true }).click();
  await page.getByRole('button', { name: 'Remove the key' }).click();
  await expect(page.getByLabel(/^API key/)).toHaveAttribute('placeholder', /No key stored/);
  await expect(page.getByLabel(/^API key/)).toBeFocused();
  await expect
    .poll(async () => (await page.evaluate(() => window.glimpse.settings.get())).profileKeys?.default)
    .toBeFalsy();
  expect(await watch.violations()).toEqual([]);
});

test('the capture is a thumbnail chip: Enter opens it full size, Esc closes', async ({ page }) => {
  const watch = await watchPage(page);
  await page.goto(web.url);
  await dropImage(page);
  const thumb = page.getByTestId('capture-thumb');
  // Small: a chip beside its size, not a preview that pushes the answer down.
  const box = (await thumb.boundingBox())!;
  expect(box.height).toBeLessThanOrEqual(72);
  await expect(thumb).toHaveAccessibleName(/^Enlarge the capture \(\d+ × \d+ px\)$/);
  await page.screenshot({ path: join(SHOTS, 'panel-thumb-light.png') });
  await thumb.focus();
  await page.keyboard.press('Enter');
  const viewer = page.getByRole('dialog', { name: 'The capture, as it will be sent' });
  await expect(viewer).toBeVisible();
  const big = (await viewer.getByTestId('preview-frame').boundingBox())!;
  expect(big.height).toBeGreaterThan(box.height * 2);
  await page.screenshot({ path: join(SHOTS, 'panel-viewer-light.png') });
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
  await expect(thumb).toBeFocused();
  // The mouse: a click opens, the close button closes.
  await thumb.click();
  await expect(viewer).toBeVisible();
  await viewer.getByRole('button', { name: 'Close' }).click();
  await expect(viewer).toBeHidden();
  expect(await watch.violations()).toEqual([]);
});

test('About names the version from package.json and the data folder', async ({ page }) => {
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as {
    version: string;
  };
  await openSection(page, 'about');
  await expect(page.getByTestId('about-version')).toHaveText(pkg.version);
  await expect(page.getByTestId('about-data-dir')).toHaveText(/glimpse-browser-test-/);
  // Web mode: no Electron, so no runtime versions to claim.
  await expect(page.getByTestId('about-runtime')).toHaveCount(0);
  await page.screenshot({ path: join(SHOTS, 'about-en-light.png') });
  await page.evaluate(() => window.glimpse.settings.update({ language: 'fr' }));
  await expect(page.getByText('Dossier des données')).toBeVisible();
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(SHOTS, 'about-fr-dark.png') });
});

test('the shortcut recorder shows the modifiers held, then the whole combination', async ({ page }) => {
  await openSection(page, 'shortcuts');
  const region = page.getByTestId('hotkey-captureRegion');
  await region.click();
  await expect(region).toHaveText('Press the new shortcut… (Esc cancels)');
  await page.keyboard.down('Control');
  await expect(region.getByTestId('held-keys').locator('kbd kbd')).toHaveText(['Ctrl']);
  await page.keyboard.down('Shift');
  await expect(region.getByTestId('held-keys').locator('kbd kbd')).toHaveText(['Ctrl', 'Shift']);
  await page.screenshot({ path: join(SHOTS, 'recorder-held-light.png') });
  // Letting one go takes it off.
  await page.keyboard.up('Shift');
  await expect(region.getByTestId('held-keys').locator('kbd kbd')).toHaveText(['Ctrl']);
  await page.keyboard.down('Alt');
  await page.keyboard.press('J');
  await page.keyboard.up('Alt');
  await page.keyboard.up('Control');
  await expect(region.locator('kbd kbd')).toHaveText(['Ctrl', 'Alt', 'J']);
  await expect.poll(async () => (await saved(page)).hotkeys.captureRegion).toBe('CommandOrControl+Alt+J');
  // French words for the held keys too.
  await page.evaluate(() => window.glimpse.settings.update({ language: 'fr' }));
  await expect(page.getByRole('tab', { name: 'Raccourcis' })).toBeVisible();
  await region.click();
  await expect(region).toHaveText('Tapez le nouveau raccourci… (Échap annule)');
  await page.keyboard.down('Shift');
  await expect(region.getByTestId('held-keys').locator('kbd kbd')).toHaveText(['Maj']);
  await page.keyboard.press('Escape');
  await page.keyboard.up('Shift');
  await expect(region.locator('kbd kbd')).toHaveText(['Ctrl', 'Alt', 'J']);
});

test('Settings follows changes made in another window, and keeps a profile form with unsaved edits', async ({
  page,
  context,
}) => {
  await openSection(page, 'profiles');
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Default');
  const other = await context.newPage();
  await other.goto(web.url);
  const update = (patch: object) =>
    other.evaluate(async (p) => {
      await window.glimpse.settings.update(p);
    }, patch);

  // Untouched, the form is filled again: the default profile's name in the new language.
  await update({ language: 'fr' });
  await expect(page.getByLabel('Nom', { exact: true })).toHaveValue('Par défaut');

  // With an edit not yet saved, the page changes language but the edit stays.
  await page.getByLabel('Nom', { exact: true }).fill('Mon serveur');
  await update({ language: 'en' });
  await expect(page.getByRole('tab', { name: 'Profiles' })).toBeVisible();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Mon serveur');
});
