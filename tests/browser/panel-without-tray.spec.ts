/**
 * Without a tray icon (stock GNOME shows none) the answer panel is the way to everything the tray
 * offers: History, Settings, pausing the shortcuts and quitting — in English and in French.
 */
import { expect, test } from '@playwright/test';
import type { WebServer } from '../../electron/web/server';
import { startTestWebServer } from './helpers';

let web: WebServer | undefined;

test.afterEach(async () => {
  await web?.close();
  web = undefined;
});

test('the answer panel offers History, Settings, Pause and Quit, in English and French', async ({ page }) => {
  let quits = 0;
  web = await startTestWebServer({ life: { quit: () => void quits++ } });
  await page.goto(web.url);
  const nav = page.locator('main.panel header nav');
  await expect(nav.getByRole('link', { name: 'History' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Settings' })).toBeVisible();

  // Pausing is the tray's action; the button follows the state main reports.
  await nav.getByRole('button', { name: 'Pause shortcuts' }).click();
  await expect(nav.getByRole('button', { name: 'Resume shortcuts' })).toBeVisible();
  await nav.getByRole('button', { name: 'Resume shortcuts' }).click();
  await expect(nav.getByRole('button', { name: 'Pause shortcuts' })).toBeVisible();

  // Quit runs the app's quit action (the same as the tray's).
  await nav.getByRole('button', { name: 'Quit Glimpse' }).click();
  await expect.poll(() => quits).toBe(1);

  await page.evaluate(() => window.glimpse.settings.update({ language: 'fr' }));
  await expect(nav.getByRole('link', { name: 'Historique' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Réglages' })).toBeVisible();
  await expect(nav.getByRole('button', { name: 'Suspendre les raccourcis' })).toBeVisible();
  await expect(nav.getByRole('button', { name: 'Quitter Glimpse' })).toBeVisible();

  // History opens from the panel.
  await nav.getByRole('link', { name: 'Historique' }).click();
  await expect(page).toHaveURL(/#\/history$/);
});
