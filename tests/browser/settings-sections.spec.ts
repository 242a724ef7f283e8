/**
 * The settings page as sections with a sidebar, parameters as sliders with a "server default"
 * state, shortcuts as keycaps, explicit profile activation, and the first-run guide finishing
 * for a server without GET /models. Screenshots of every section (light, dark, English, French)
 * go to tests/.artifacts/settings-sections/.
 */
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { WebServer } from '../../electron/web/server';
import { sseFromTokens, tokenize } from '../support/markdown-answers';
import { startMockServer, type MockServer } from '../support/mock-openai-server';
import { startTestWebServer, ARTIFACTS } from './helpers';

let mock: MockServer;
let web: WebServer;
/** False: the mock answers GET /models with 404, as many local and proxy servers do. */
let listsModels = true;

test.beforeEach(async () => {
  listsModels = true;
  mock = await startMockServer((req) => {
    if (req.path.endsWith('/models'))
      return listsModels
        ? undefined
        : { kind: 'json', status: 404, body: { error: { message: 'Not Found' } } };
    if (req.path.endsWith('/chat/completions')) return { kind: 'sse', chunks: sseFromTokens(tokenize('OK')) };
    return undefined;
  });
  web = await startTestWebServer();
});

test.afterEach(async () => {
  await web.close();
  await mock.close();
});

const SECTIONS = [
  ['profiles', 'Profiles', 'Profils'],
  ['actions', 'Actions', 'Actions'],
  ['shortcuts', 'Shortcuts', 'Raccourcis'],
  ['privacy', 'Privacy', 'Confidentialité'],
  ['appearance', 'Appearance', 'Apparence'],
  ['background', 'Background', 'Arrière-plan'],
  ['about', 'About', 'À propos'],
] as const;

async function openSection(page: Page, id: string): Promise<void> {
  await page.goto(`${web.url}#/settings/${id}`);
  // The sidebar's tab (the Actions section has tabs of its own, for the question's languages).
  await expect(page.locator('[role=tab][id^="settings-tab-"][aria-selected=true]')).toHaveAttribute(
    'href',
    `#/settings/${id}`,
  );
}

test('the sidebar is a keyboard tab list, and each section has its own URL', async ({ page }) => {
  await page.goto(`${web.url}#/settings`);
  const tablist = page.getByRole('tablist', { name: 'Settings sections' });
  await expect(tablist.getByRole('tab')).toHaveText(SECTIONS.map(([, en]) => en));
  const profiles = page.getByRole('tab', { name: 'Profiles' });
  await expect(profiles).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel', { name: 'Profiles' })).toBeVisible();
  // Only the selected tab is in the Tab order; arrows move between sections.
  await expect(page.getByRole('tab', { name: 'Shortcuts' })).toHaveAttribute('tabindex', '-1');
  await profiles.focus();
  await page.keyboard.press('ArrowDown');
  await expect(page).toHaveURL(/#\/settings\/actions$/);
  await page.keyboard.press('ArrowDown');
  await expect(page).toHaveURL(/#\/settings\/shortcuts$/);
  await expect(page.getByRole('tab', { name: 'Shortcuts' })).toBeFocused();
  await expect(page.getByRole('tabpanel', { name: 'Shortcuts' })).toBeVisible();
  await expect(page.getByTestId('hotkey-captureRegion')).toBeVisible();
  await page.keyboard.press('End');
  await expect(page).toHaveURL(/#\/settings\/about$/);
  await page.keyboard.press('ArrowDown'); // wraps
  await expect(page.getByRole('tab', { name: 'Profiles' })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByRole('tab', { name: 'About' })).toBeFocused();

  // A link from another page opens its section directly, and Back/Forward follow.
  await page.goto(`${web.url}#/settings/privacy`);
  await expect(page.getByTestId('privacy-settings')).toBeVisible();
  await page.getByRole('tab', { name: 'Background' }).click();
  await expect(page.getByTestId('app-life')).toBeVisible();
  await page.goBack();
  await expect(page.getByTestId('privacy-settings')).toBeVisible();
});

test('parameters: sliders with a number field, their range, and a server default to return to', async ({
  page,
}) => {
  await openSection(page, 'profiles');
  const row = page.getByTestId('param-temperature');
  await expect(row).toContainText('Higher gives more varied answers');
  await expect(row).toContainText('From 0 to 2');
  // Unset: shown as the server's default, with no slider, and nothing is sent.
  await expect(page.getByTestId('param-temperature-default')).toHaveText('Server default');
  await expect(row.getByRole('slider')).toHaveCount(0);
  await row.getByRole('button', { name: 'Set Temperature' }).click();
  const slider = row.getByRole('slider', { name: 'Temperature' });
  await expect(slider).toHaveValue('1');
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await expect(row.getByRole('textbox', { name: 'Temperature' })).toHaveValue('1.05');
  await row.getByRole('textbox', { name: 'Temperature' }).fill('0.7');
  await expect(slider).toHaveValue('0.7');
  await page.getByRole('textbox', { name: 'Presence penalty' }).fill('-0.5');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  const saved = async () =>
    (await page.evaluate(() => window.glimpse.settings.get())).settings.profiles[0]!.parameters;
  expect(await saved()).toEqual({ temperature: 0.7, presence_penalty: -0.5 });

  // Back to the server default: the parameter is no longer saved (so no longer sent).
  await row.getByRole('button', { name: /Back to the server default/ }).click();
  await expect(page.getByTestId('param-temperature-default')).toBeVisible();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect.poll(saved).toEqual({ presence_penalty: -0.5 });

  // French: the range and the value use the French decimal comma; a comma typed is accepted.
  await page.evaluate(() => window.glimpse.settings.update({ language: 'fr' }));
  const penalty = page.getByRole('textbox', { name: 'Pénalité de présence' });
  await expect(penalty).toHaveValue('-0,5');
  await penalty.fill('0,25');
  await expect(page.getByTestId('param-presence_penalty').getByRole('slider')).toHaveValue('0.25');
  await expect(page.getByTestId('param-top_p')).toContainText('De 0 à 1');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect.poll(saved).toEqual({ presence_penalty: 0.25 });
});

test('shortcuts as keycaps; no accelerator string anywhere on the page', async ({ page }) => {
  await openSection(page, 'shortcuts');
  const region = page.getByTestId('hotkey-captureRegion');
  await expect(region.getByTestId('keycaps')).toBeVisible();
  // The test browser runs on Linux: Ctrl+Shift+…, one keycap per key.
  await expect(region.getByTestId('keycaps')).toHaveAttribute('aria-label', /^Ctrl\+/);
  expect(await region.locator('kbd kbd').count()).toBeGreaterThanOrEqual(2);
  await expect(page.locator('body')).not.toContainText('CommandOrControl');
  await page.evaluate(() => window.glimpse.settings.update({ language: 'fr' }));
  await expect(region.getByTestId('keycaps')).toHaveAttribute('aria-label', /^Ctrl\+Maj\+/);
});

test('adding a profile does not make Ask use it; activation is explicit and shown', async ({ page }) => {
  await page.goto(web.url);
  await page.evaluate(
    (url) => window.glimpse.settings.update({ baseUrl: url, model: 'gpt-4o-mini' }),
    mock.baseUrl,
  );
  await openSection(page, 'profiles');
  await expect(page.getByTestId('ask-uses')).toHaveText(/Ask uses\s*Default\s*gpt-4o-mini/);
  await page.getByTestId('preset-select').selectOption('ollama');
  await page.getByRole('button', { name: 'Add a profile' }).click();
  await expect(page.getByTestId('profile-notice')).toContainText('Ask keeps using “Default”');
  // Shown for editing, but Ask still uses the profile it used.
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Ollama');
  const settings = async () => (await page.evaluate(() => window.glimpse.settings.get())).settings;
  expect((await settings()).activeProfileId).toBe('default');
  await expect(page.getByTestId('ask-uses')).toContainText('Default');
  await expect(page.getByTestId('profile-row').filter({ hasText: 'Ollama' })).toBeVisible();
  await expect(page.getByTestId('active-badge')).toHaveCount(1);
  await expect(page.locator('li', { has: page.getByTestId('active-badge') })).toContainText('Default');
  // Saving the new profile's edits does not switch either.
  await page.getByLabel('Model', { exact: true }).fill('llava');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  expect((await settings()).activeProfileId).toBe('default');

  await page.getByRole('button', { name: 'Use for Ask — Ollama' }).click();
  await expect(page.getByTestId('ask-uses')).toHaveText(/Ask uses\s*Ollama\s*llava/);
  await expect(page.locator('li', { has: page.getByTestId('active-badge') })).toContainText('Ollama');
  expect((await settings()).activeProfileId).not.toBe('default');
});

test('the first-run guide finishes for a server without GET /models, tested by a chat', async ({ page }) => {
  listsModels = false;
  await page.goto(web.url);
  const guide = page.getByTestId('first-run-guide');
  await guide.getByRole('radio', { name: 'Custom' }).check();
  await guide.getByRole('button', { name: 'Next' }).click();
  await guide.getByLabel('Base URL').fill(mock.baseUrl);
  await guide.getByRole('button', { name: 'Next' }).click();
  await guide.getByLabel('Model').fill('local-vision');
  await guide.getByRole('button', { name: 'Next' }).click();
  await guide.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('guide-result')).toHaveText(
    'Connected: the server lists no models, and “local-vision” answered a test message.',
  );
  const chat = mock.requests.find((r) => r.path.endsWith('/chat/completions'));
  expect((chat?.body as { model?: string }).model).toBe('local-vision');
  await page.screenshot({ path: join(ARTIFACTS, 'settings-sections', 'guide-no-models-light.png') });
  await guide.getByRole('button', { name: 'Save and start' }).click();
  const done = page.getByTestId('guide-done');
  await expect(done).toContainText('All set.');
  // The shortcut as keycaps, never the accelerator string; "Later" makes no sense once done.
  await expect(done.getByTestId('keycaps')).toHaveAttribute('aria-label', /^Ctrl\+/);
  await expect(guide).not.toContainText('CommandOrControl');
  await expect(guide.getByRole('button', { name: 'Later' })).toHaveCount(0);
  await page.screenshot({ path: join(ARTIFACTS, 'settings-sections', 'guide-done-light.png') });
  await guide.getByRole('button', { name: 'Close' }).click();
  await expect(guide).toHaveCount(0);
  expect(await page.evaluate(() => window.glimpse.settings.get())).toMatchObject({
    baseUrl: mock.baseUrl,
    model: 'local-vision',
  });
});

test('screenshots of every section: light and dark, English and French', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 900, height: 760 });
  await page.goto(web.url);
  await page.evaluate(
    (url) => window.glimpse.settings.update({ baseUrl: url, model: 'gpt-4o-mini', apiKey: 'sk-x' }),
    mock.baseUrl,
  );
  for (const language of ['en', 'fr'] as const) {
    await page.evaluate((l) => window.glimpse.settings.update({ language: l }), language);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [id, en, fr] of SECTIONS) {
        await openSection(page, id);
        await expect(
          page.getByRole('heading', { name: language === 'fr' ? fr : en, level: 2 }),
        ).toBeVisible();
        await page.screenshot({
          path: join(ARTIFACTS, 'settings-sections', `${id}-${language}-${scheme}.png`),
        });
        if (id === 'profiles') {
          // The parameters card, below the fold: one parameter set, the others on the server default.
          await page.locator('input[name="temperature"]').fill('0.7');
          await page.getByTestId('parameters').screenshot({
            path: join(ARTIFACTS, 'settings-sections', `parameters-${language}-${scheme}.png`),
          });
        }
      }
    }
  }
});
