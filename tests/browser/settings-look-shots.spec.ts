/**
 * Full-page screenshots of the settings look (issue 16) for review: the whole profile form and
 * the privacy section, light and dark, English and French, in tests/.artifacts/settings-look/.
 */
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { WebServer } from '../../electron/web/server';
import { ARTIFACTS, startTestWebServer } from './helpers';

let web: WebServer;
test.beforeEach(async () => {
  web = await startTestWebServer();
});
test.afterEach(async () => {
  await web.close();
});

test('the profile form and the privacy section, whole, in both themes and languages', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 900, height: 760 });
  await page.goto(web.url);
  await page.evaluate(() =>
    window.glimpse.settings.update({
      baseUrl: 'https://api.openai.com/v1',
      model: 'gpt-4o-mini',
      apiKey: 'sk-x',
    }),
  );
  for (const language of ['en', 'fr'] as const) {
    await page.evaluate((l) => window.glimpse.settings.update({ language: l }), language);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const section of ['profiles', 'privacy'] as const) {
        await page.goto(`${web.url}#/settings/${section}`);
        await expect(
          page.getByTestId(section === 'profiles' ? 'profile-list' : 'privacy-settings'),
        ).toBeVisible();
        if (section === 'profiles') await page.locator('details.advanced summary').click();
        await page.screenshot({
          path: join(ARTIFACTS, 'settings-look', `${section}-full-${language}-${scheme}.png`),
          fullPage: true,
        });
      }
    }
  }
});
