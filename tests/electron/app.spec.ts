/**
 * End-to-end tests against the real Electron app (`npm run build` output). They run where the
 * Electron binary is installed; elsewhere they are reported as skipped.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import {
  answerText,
  loadRecording,
  splitIntoChunks,
  startMockServer,
  type MockServer,
} from '../support/mock-openai-server';
import { electronAvailable, SKIP_MESSAGE } from './electron-available';

const available = electronAvailable();
if (!available) console.log(SKIP_MESSAGE);

const MAIN = join(import.meta.dirname, '../../out/main/index.js');

let app: ElectronApplication;
let mock: MockServer;

test.beforeEach(async () => {
  test.skip(!available, SKIP_MESSAGE);
  mock = await startMockServer(() => ({
    kind: 'sse',
    chunks: splitIntoChunks(loadRecording('openai-explain'), 97),
    ratePerSecond: 250,
  }));
  app = await electron.launch({
    args: [MAIN],
    env: { ...process.env, GLIMPSE_DATA_DIR: mkdtempSync(join(tmpdir(), 'glimpse-e2e-')) },
  });
});

test.afterEach(async () => {
  await app?.close();
  await mock?.close();
});

async function answerWindow(): Promise<Page> {
  const page = await app.firstWindow();
  await page.waitForFunction(() => typeof window.glimpse === 'object');
  // The panel's code loads on demand after the page (renderer/src/App.svelte).
  await page.getByTestId('drop-zone').waitFor();
  return page;
}

test('windows are sandboxed, isolated, and served from the app protocol', async () => {
  const page = await answerWindow();
  expect(page.url()).toMatch(/^app:\/\/glimpse\//);
  // Electron has no public getter for a window's webPreferences; what the page can reach is
  // the observable proof: no Node globals (nodeIntegration off, sandbox on) and the bridge
  // object is not shared with the isolated preload world (contextIsolation on).
  const reach = await page.evaluate(() => ({
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
    bridgeFrozen: Object.isFrozen(window.glimpse),
  }));
  expect(reach).toEqual({ require: 'undefined', process: 'undefined', bridgeFrozen: true });
  // Navigation away from the app and window.open are refused.
  await page.evaluate(() => window.open('https://example.com'));
  expect(app.windows()).toHaveLength(1);
});

test('the capture action streams an answer into the answer window', async () => {
  const page = await answerWindow();
  await page.evaluate(
    (baseUrl) => window.glimpse.settings.update({ baseUrl, model: 'gpt-4o-mini', apiKey: 'e2e-key' }),
    mock.baseUrl,
  );
  // The same IPC action the global hotkey runs.
  await page.evaluate(() => window.glimpse.capture.screen());
  await expect(page.getByTestId('capture-preview')).toBeVisible();
  await expect(page.getByTestId('status')).toHaveText(/Done/, { timeout: 30_000 });
  await expect(page.getByTestId('answer')).toHaveText(answerText('openai-explain'));
  const url = (
    mock.requests.at(-1)?.body as { messages: { content: { image_url?: { url: string } }[] }[] }
  ).messages[0]!.content.find((p) => p.image_url)?.image_url?.url;
  expect(url?.startsWith('data:image/png;base64,')).toBe(true);
});
