/**
 * Screenshots of the answer panel (idle, streaming, error, profile menu) and the history (grouped,
 * a search hit), light and dark, English and French, into tests/.artifacts/ui/ to be looked at
 * beside the peers'. Each also checks the screen it shows is the one named.
 */
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { WebServer } from '../../electron/web/server';
import { sseFromTokens, tokenize } from '../support/markdown-answers';
import { startMockServer, type MockReply, type MockServer } from '../support/mock-openai-server';
import { ARTIFACTS, dropImage, startTestWebServer } from './helpers';

let mock: MockServer;
let web: WebServer;
let reply: MockReply;

test.beforeEach(async () => {
  mock = await startMockServer((req) => (req.path.endsWith('/chat/completions') ? reply : undefined));
  web = await startTestWebServer();
});
test.afterEach(async () => {
  await web.close();
  await mock.close();
});

const ANSWER =
  'The terminal shows **`EACCES: permission denied`** while `npm install -g` writes to `/usr/lib/node_modules`.\n\n' +
  '1. Use a Node version manager (nvm, fnm) so global packages live in your home folder.\n' +
  '2. Or set a user prefix: `npm config set prefix ~/.npm-global`.\n\n' +
  'Avoid `sudo npm install -g`: it leaves root-owned files behind.';

for (const language of ['en', 'fr'] as const) {
  for (const scheme of ['light', 'dark'] as const) {
    const name = (screen: string) => join(ARTIFACTS, 'ui', `${screen}-${scheme}-${language}.png`);

    async function open(page: Page, hash = ''): Promise<void> {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width: 560, height: 760 });
      await page.goto(web.url);
      await page.evaluate(
        ({ url, language }) =>
          window.glimpse.settings.update({ baseUrl: url, model: 'gpt-4o-mini', apiKey: 'k', language }),
        { url: mock.baseUrl, language },
      );
      await page.evaluate(
        (url) =>
          window.glimpse.settings.saveProfile({
            profile: { name: 'Ollama', baseUrl: url, model: 'llava:13b' },
          }),
        mock.baseUrl,
      );
      if (hash) await page.goto(`${web.url}${hash}`);
    }

    test(`panel ${scheme} ${language}`, async ({ page }) => {
      await open(page);
      await dropImage(page);
      await page.screenshot({ path: name('panel-idle') });

      reply = { kind: 'sse', chunks: sseFromTokens(tokenize(ANSWER)).slice(0, 30), hangAfter: true };
      await page.getByTestId('profile-chip').click();
      await expect(page.getByRole('menu')).toBeVisible();
      await page.screenshot({ path: name('panel-chip-menu') });
      await page.keyboard.press('Escape');

      await page.locator('form.prompt button[type="submit"]').click();
      await expect(page.locator('.answer strong').first()).toBeVisible();
      await page.screenshot({ path: name('panel-streaming') });
      await page.locator('form.prompt button[type="button"]').last().click();

      reply = { kind: 'json', status: 401, body: { error: { message: 'Incorrect API key provided' } } };
      await page.locator('form.prompt button[type="submit"]').click();
      await expect(page.getByTestId('error')).toBeVisible();
      await page.screenshot({ path: name('panel-error') });

      reply = { kind: 'sse', chunks: sseFromTokens(tokenize(ANSWER)) };
      await page.locator('form.prompt button[type="submit"]').click();
      await expect(page.getByTestId('fingerprint')).toBeVisible();
      await page.screenshot({ path: name('panel-done'), fullPage: true });
    });

    test(`history ${scheme} ${language}`, async ({ page }) => {
      await open(page);
      const now = Date.now();
      const day = 86_400_000;
      const c = (id: string, title: string, at: number, answer: string) => ({
        version: 1,
        id,
        title,
        createdAt: at,
        updatedAt: at,
        messages: [
          { id: `${id}u`, role: 'user', createdAt: at, parts: [{ type: 'text', text: 'What is this?' }] },
          {
            id: `${id}a`,
            role: 'assistant',
            createdAt: at + 1,
            model: 'gpt-4o-mini',
            parts: [{ type: 'text', text: answer }],
          },
        ],
      });
      const archive = {
        format: 'glimpse-history',
        version: 1,
        exportedAt: now,
        images: {},
        conversations: [
          c('a', 'npm EACCES on global install', now - 3_600_000, ANSWER),
          c(
            'b',
            'Bar chart: quarterly revenue',
            now - 5 * 3_600_000,
            'Revenue grows each **quarter**; Q4 is the highest at 4.2 M.',
          ),
          c(
            'd',
            'Docker build cache',
            now - day,
            'Use `docker build --no-cache` once, then **layer** your `COPY` lines.',
          ),
          c('e', 'Settings dialog: proxy', now - 3 * day, 'The proxy field expects `http://host:port`.'),
          c('f', 'Invoice in German', now - 40 * day, 'An invoice for **€ 1,240**, due on the 15th.'),
        ],
      };
      await page.evaluate(
        (data) => window.glimpse.history.import({ bytes: new TextEncoder().encode(data) }),
        JSON.stringify(archive),
      );
      await page.setViewportSize({ width: 900, height: 640 });
      await page.goto(`${web.url}#/history`);
      await expect(page.getByTestId('history-group')).toHaveCount(4);
      await page.getByTestId('history-list').getByRole('button').first().click();
      await page.screenshot({ path: name('history-grouped') });
      await page.getByRole('searchbox').fill('docker');
      await expect(page.getByTestId('snippet').locator('mark').first()).toBeVisible();
      await page.screenshot({ path: name('history-search') });
    });
  }
}
