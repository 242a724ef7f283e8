/**
 * French everywhere (issue 16.5), the screens the French walk does not reach: an image the core
 * refuses (damaged, a format it cannot read, a file over what a page may send), the privacy shield's "found N things (…)" when the
 * user asks before deciding, and the stored-file problems shown at start (a conversation set
 * aside, one from a newer Glimpse, invalid settings). Each screen is looked at in French, light
 * and dark, and fails on any English word outside user content (./english-words.ts). Before
 * these messages carried codes, each of them was main's English sentence.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { RENDERER_OUT } from '../../electron/web/build-renderer';
import { startWebServer, type WebServer } from '../../electron/web/server';
import { PRIVACY_FIXTURES, readManifest } from '../fixtures/privacy/manifest';
import { startMockServer, type MockServer } from '../support/mock-openai-server';
import { englishIn, FR, visibleTexts } from './english-words';
import { ARTIFACTS, dropImage, FIXTURE_IMAGE, startTestWebServer } from './helpers';

test.use({ locale: 'fr-FR', actionTimeout: 20_000 });

/** Screenshots in light and dark; the English words seen, for the assertion at the end. */
async function look(page: Page, screen: string): Promise<string[]> {
  const english = englishIn(await visibleTexts(page));
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: join(ARTIFACTS, 'french-messages', `${screen}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return english;
}

/** Drops a file on the panel as a user would, without waiting for a preview (there is none). */
async function dropFile(page: Page, name: string, type: string, bytes: Uint8Array): Promise<void> {
  const transfer = await page.evaluateHandle(
    ({ data, name, type }) => {
      const all = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([all], name, { type }));
      return dt;
    },
    { data: Buffer.from(bytes).toString('base64'), name, type },
  );
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: transfer });
}

let mock: MockServer | undefined;
let web: WebServer | undefined;

test.afterEach(async () => {
  await web?.close();
  await mock?.close();
  web = undefined;
  mock = undefined;
});

async function configure(page: Page): Promise<void> {
  mock = await startMockServer(() => ({ kind: 'json', body: { error: { message: 'not under test' } } }));
  await page.evaluate(async (baseUrl) => {
    await window.glimpse.settings.update({ baseUrl, model: 'gpt-4o-mini', apiKey: 'test-key-123' });
  }, mock.baseUrl);
}

test('an image the core refuses is told in French', async ({ page }) => {
  web = await startTestWebServer();
  await page.goto(web.url);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await configure(page);
  const error = page.getByTestId('error');

  // A screenshot cut off in the middle of its file.
  const whole = readFileSync(FIXTURE_IMAGE);
  await dropFile(page, 'capture-coupée.png', 'image/png', whole.subarray(0, 200));
  await expect(error).toContainText('le fichier semble endommagé ou incomplet');
  const damaged = await look(page, 'image-damaged');

  // A format Glimpse does not read.
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40"/></svg>';
  await dropFile(page, 'schéma.svg', 'image/svg+xml', new TextEncoder().encode(svg));
  await expect(error).toContainText('ne sont pas prises en charge');
  const unsupported = await look(page, 'image-unsupported');

  // A file over the 50 MB a page may hand over: refused before it is sent, in French. (At 90 MB,
  // sending it would also have closed web mode's socket, and the panel with it.)
  const huge = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(90 * 1024 * 1024)], 'énorme.png', { type: 'image/png' }));
    return dt;
  });
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: huge });
  await expect(error).toContainText('Le fichier image dépasse 50 Mo');
  const tooLarge = await look(page, 'image-too-large');

  // The panel still takes a good image afterwards.
  await dropImage(page);
  expect({ damaged, unsupported, tooLarge }).toEqual({ damaged: [], unsupported: [], tooLarge: [] });
});

test('the privacy shield’s findings are told in French, each find named in French', async ({ page }) => {
  test.setTimeout(120_000);
  const manifest = await readManifest();
  const terminal = manifest.images.find((i) => i.file === 'terminal@1x.png')!;
  web = await startTestWebServer({ privacyShield: true });
  await page.goto(web.url);
  await configure(page);
  await dropImage(page, join(PRIVACY_FIXTURES, terminal.file));
  const items = page.getByTestId('shield-proposal');
  await expect(items).toHaveCount(terminal.secrets.length, { timeout: 60_000 });
  await expect(items.first()).toContainText('clé d’API ou jeton');
  // The scan's duration through Intl as every duration: "850 ms" or "7,4 s", never "7374 ms".
  await expect(page.getByTestId('shield-status')).toContainText(
    /Lecture faite en (\d{1,3}\sms|\d+(,\d)?\ss|\d+\smin)\./,
  );
  // Asking before deciding: held back, with what was found.
  await page.locator('#prompt').fill('Que montre ce terminal ?');
  await page.getByRole('button', { name: FR('prompt.ask'), exact: true }).click();
  await expect(page.getByTestId('error')).toContainText(
    `Le bouclier de confidentialité a trouvé dans cette image ${terminal.secrets.length} éléments qui pourraient être privés`,
  );
  const english = await look(page, 'shield-found');
  expect(english).toEqual([]);
  expect(mock!.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(0);
});

test('stored-file problems found at start are told in French', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'glimpse-french-problems-'));
  const conversations = join(dataDir, 'history', 'conversations');
  mkdirSync(conversations, { recursive: true });
  const broken = randomUUID();
  const future = randomUUID();
  writeFileSync(join(conversations, `${broken}.json`), '{"id": "half a file", "messages": [');
  writeFileSync(
    join(conversations, `${future}.json`),
    JSON.stringify({ version: 99, id: future, title: 'Du futur', messages: 'new format' }),
  );
  // Settings a hand edit broke: reset to defaults, the file kept aside.
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ version: 2, theme: 'plaid' }));
  web = await startWebServer({ rendererDir: RENDERER_OUT, dataDir });
  try {
    await page.goto(web.url);
    const alert = page.getByTestId('storage-problems');
    await expect(alert).toBeVisible();
    await expect(alert).toContainText('mise de côté, pas supprimée');
    await expect(alert).toContainText(broken);
    await expect(alert).toContainText('version plus récente de Glimpse');
    await expect(alert).toContainText('Certains réglages n’étaient pas valides');
    await expect(alert).not.toContainText('set aside');
    const english = await look(page, 'storage-problems');
    expect(english).toEqual([]);
    await alert.getByRole('button', { name: FR('problems.dismiss') }).click();
    await expect(alert).toBeHidden();
  } finally {
    await web.close();
    web = undefined;
    await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  }
});
