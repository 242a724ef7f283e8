/**
 * French everywhere (issue 16.5): walks every screen with the page in French (the browser's
 * language, as a French user's system would set it) and fails on any English word outside user
 * content. "English" is decided from the catalogs themselves: a word that the English catalogs
 * (UI strings and core messages) use and the French ones never do, so "Glimpse", "API", "URL",
 * "Markdown" or "Ctrl" (in both) are fine, and "the", "Settings", "failed" are not. User content
 * (the model's answer, the user's question, file names, model names, hosts, URLs, keys) is left
 * out: answers are Markdown blocks, the rest are not catalog words.
 *
 * Screens: the first-run guide (every step, a failed and a passed test, done), the answer panel
 * (idle, with a capture, streaming, stopped, done, a follow-up, an HTTP error, a refused
 * connection), every settings section (with a connection test that fails), the history (list,
 * detail, search, a failed import) and the capture overlay. The word list is in ./english-words.ts;
 * french-messages.spec.ts looks at the screens this walk does not reach (a refused image, the
 * privacy shield's findings, stored-file problems).
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { FrozenDisplay } from '../../electron/core/capture';
import type { WebServer } from '../../electron/web/server';
import { en } from '../../renderer/src/lib/i18n/en';
import { fr } from '../../renderer/src/lib/i18n/fr';
import { SETTINGS_SECTIONS } from '../../renderer/src/lib/settings-route';
import { startMockServer, type MockServer } from '../support/mock-openai-server';
import { makeScreenCapture } from '../support/screens';
import { englishIn, FR, visibleTexts } from './english-words';
import { ARTIFACTS, dropImage, startTestWebServer } from './helpers';

test.use({ locale: 'fr-FR', actionTimeout: 20_000 });

const seen = new Map<string, string[]>();

/** Looks at the page as it is now: records its English words under this screen's name. */
async function look(page: Page, screen: string): Promise<void> {
  const english = englishIn(await visibleTexts(page));
  seen.set(screen, english);
  await page.screenshot({ path: join(ARTIFACTS, 'french-walk', `${screen}.png`), fullPage: true });
}

// ---- the walk --------------------------------------------------------------------------------

let mock: MockServer;
let web: WebServer;

const ANSWER =
  '## Ce que montre l’image\n\nUn terminal où `npm install` a échoué avec **EACCES** : npm ne peut pas écrire dans le dossier global.\n\n- Installez Node avec un gestionnaire de versions.\n- Relancez la commande sans `sudo`.\n';

function streamOf(text: string, pieces = 1): string[] {
  const chunk = (delta: object, finish: string | null): string =>
    `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', model: 'gpt-4o-mini', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const size = Math.ceil(text.length / pieces);
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += size) parts.push(chunk({ content: text.slice(i, i + size) }, null));
  return [
    ...parts,
    `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', model: 'gpt-4o-mini', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 1234, completion_tokens: 56, total_tokens: 1290 } })}\n\n`,
    'data: [DONE]\n\n',
  ];
}

/** A port nothing listens on: opened, then closed again. */
let closedPort = 0;

test.beforeAll(async () => {
  closedPort = await new Promise<number>((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
  mock = await startMockServer((req) => {
    if (!req.path.endsWith('/chat/completions')) return undefined;
    const body = JSON.stringify(req.body);
    if (body.includes('ERREUR')) {
      return {
        kind: 'json',
        status: 401,
        body: { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error' } },
      };
    }
    if (body.includes('LENTEMENT'))
      return { kind: 'sse', chunks: streamOf(ANSWER.repeat(20), 400), ratePerSecond: 8 };
    return { kind: 'sse', chunks: streamOf(ANSWER, 6), delayMs: 20 };
  });
  const display: FrozenDisplay = {
    display: { id: 1, bounds: { x: 0, y: 0, width: 1280, height: 720 }, scaleFactor: 1, rotation: 0 },
    image: makeScreenCapture(1280, 720, 'mixed'),
    windows: [],
    proposals: [],
  };
  web = await startTestWebServer({
    frozenScreens: () => Promise.resolve([display]),
    writeClipboard: () => {},
  });
});

test.afterAll(async () => {
  await web?.close();
  await mock?.close();
});

async function ask(page: Page, question: string): Promise<void> {
  await page.locator('#prompt').fill(question);
  await page.getByRole('button', { name: FR('prompt.ask'), exact: true }).click();
}

test('every screen in French shows no English outside user content', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(web.url);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');

  // The first-run guide, step by step, with a failed test (nothing listening) and a passed one.
  const guide = page.getByTestId('first-run-guide');
  await expect(guide).toBeVisible();
  await look(page, 'guide-1-provider');
  await guide.getByRole('radio', { name: FR('preset.custom') }).check();
  await guide.getByRole('button', { name: FR('guide.next') }).click();
  await look(page, 'guide-2-endpoint');
  await guide.getByLabel(FR('settings.baseUrl')).fill(`http://127.0.0.1:${closedPort}/v1`);
  await guide.getByRole('button', { name: FR('guide.next') }).click();
  await guide.locator('input[name="guide-model"]').fill('gpt-4o-mini');
  await look(page, 'guide-3-model');
  await guide.getByRole('button', { name: FR('guide.next') }).click();
  await guide.getByRole('button', { name: FR('guide.test') }).click();
  await expect(page.getByTestId('guide-result')).toBeVisible();
  await look(page, 'guide-4-test-failed');
  await guide.getByRole('button', { name: FR('guide.back') }).click();
  await guide.getByRole('button', { name: FR('guide.back') }).click();
  await guide.getByLabel(FR('settings.baseUrl')).fill(mock.baseUrl);
  await guide.getByRole('button', { name: FR('guide.next') }).click();
  await guide.getByRole('button', { name: FR('guide.next') }).click();
  await guide.getByRole('button', { name: FR('guide.test') }).click();
  await expect(guide.getByRole('button', { name: FR('guide.finish') })).toBeEnabled();
  await look(page, 'guide-4-test-passed');
  await guide.getByRole('button', { name: FR('guide.finish') }).click();
  await expect(page.getByTestId('guide-done')).toBeVisible();
  await look(page, 'guide-done');
  await guide.getByRole('button', { name: FR('guide.close') }).click();

  // The answer panel: idle, with a capture, streaming, stopped, done, follow-up, errors.
  await look(page, 'panel-idle');
  await dropImage(page);
  await look(page, 'panel-capture');
  await ask(page, 'Réponds LENTEMENT, s’il te plaît.');
  await expect(page.getByTestId('answer')).toContainText('Ce que montre', { timeout: 20_000 });
  await look(page, 'panel-streaming');
  await page.getByRole('button', { name: FR('prompt.stop') }).click();
  await expect(page.getByTestId('status')).toHaveText(FR('status.stopped'));
  await look(page, 'panel-stopped');
  await ask(page, 'Que montre cette capture ?');
  await expect(page.getByTestId('status')).toContainText(FR('status.done'), { timeout: 20_000 });
  await look(page, 'panel-done');
  await page.getByLabel(FR('answer.followUp')).fill('Et comment le corriger ?');
  await page.getByLabel(FR('answer.followUp')).press('Control+Enter');
  await expect(page.getByTestId('status')).toContainText(FR('status.done'), { timeout: 20_000 });
  await look(page, 'panel-follow-up');
  await ask(page, 'Provoque une ERREUR.');
  await expect(page.getByRole('alert').filter({ hasText: 'HTTP 401' })).toBeVisible({ timeout: 20_000 });
  await look(page, 'panel-error-http');
  await page.evaluate(
    (baseUrl) => window.glimpse.settings.update({ baseUrl }),
    `http://127.0.0.1:${closedPort}/v1`,
  );
  await ask(page, 'Et maintenant ?');
  await expect(page.getByRole('alert').filter({ hasText: `127.0.0.1:${closedPort}` })).toBeVisible({
    timeout: 20_000,
  });
  await look(page, 'panel-error-refused');
  await page.evaluate((baseUrl) => window.glimpse.settings.update({ baseUrl }), mock.baseUrl);

  // Every settings section; Profiles also with a connection test that fails.
  for (const section of SETTINGS_SECTIONS) {
    await page.goto(`${web.url.split('#')[0]}#/settings/${section}`);
    await expect(page.locator('main.settings')).toBeVisible();
    await look(page, `settings-${section}`);
  }
  await page.goto(`${web.url.split('#')[0]}#/settings/profiles`);
  await page.getByLabel(/^URL de base/).fill(`http://127.0.0.1:${closedPort}/v1`);
  await page.getByRole('button', { name: FR('settings.test') }).click();
  await expect(page.getByTestId('connection')).toContainText(`127.0.0.1:${closedPort}`);
  await look(page, 'settings-connection-failed');

  // The history: list, detail, search, a failed import.
  await page.goto(`${web.url.split('#')[0]}#/history`);
  await expect(page.getByTestId('history-list')).toBeVisible();
  await look(page, 'history-list');
  await page.getByTestId('history-list').getByRole('listitem').first().click();
  await expect(page.getByTestId('message').first()).toBeVisible();
  await look(page, 'history-detail');
  await page.getByRole('searchbox', { name: FR('history.search') }).fill('terminal');
  await expect(page.getByTestId('snippet').first()).toBeVisible();
  await look(page, 'history-search');
  await page.getByRole('searchbox', { name: FR('history.search') }).fill('');
  await page.getByTestId('history-import-file').setInputFiles({
    name: 'pas-une-archive.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"ceci": "n’est pas un export"}'),
  });
  await expect(page.getByTestId('import-outcome')).toBeVisible();
  await look(page, 'history-import-failed');

  // The capture overlay.
  await page.goto(web.url);
  await page.evaluate(() => window.glimpse.capture.region());
  const overlay = await page.context().newPage();
  await overlay.setViewportSize({ width: 1280, height: 720 });
  await overlay.goto(`${web.url.split('#')[0]}#/overlay?display=1`);
  await expect(overlay.getByTestId('overlay-stage')).toBeVisible();
  await look(overlay, 'overlay');
  await overlay.mouse.move(200, 150);
  await overlay.mouse.down();
  await overlay.mouse.move(700, 450, { steps: 4 });
  await overlay.mouse.up();
  await expect(overlay.getByTestId('overlay-size')).toBeVisible();
  await look(overlay, 'overlay-region');
  await overlay.keyboard.press('Escape');

  const english = [...seen].filter(([, words]) => words.length > 0);
  writeFileSync(
    join(ARTIFACTS, 'french-walk', 'english.txt'),
    english.map(([screen, words]) => `${screen}:\n  ${words.join('\n  ')}`).join('\n'),
  );
  expect(english, english.map(([screen, words]) => `${screen}:\n  ${words.join('\n  ')}`).join('\n')).toEqual(
    [],
  );
});

test('the word list finds English and leaves French alone', () => {
  // Guards the detector itself: a page still in English must fail, the French catalog must pass.
  expect(englishIn([en['settings.title'], en['status.done'], en['answer.retry']]).length).toBeGreaterThan(0);
  expect(englishIn(Object.values(fr))).toEqual([]);
  expect(englishIn(['Modèle gpt-4o-mini sur https://api.openai.com/v1'])).toEqual([]);
});
