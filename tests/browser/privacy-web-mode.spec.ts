/**
 * Web mode runs the privacy shield that Settings shows (issue 15, point 5). The server is
 * started the way `npm run web` starts it (electron/web/cli.ts → runWebCli): Settings
 * shows the shield on, and a picked screenshot holding fake keys goes out with them blacked out;
 * switched off in Settings, the next picked image goes out as it is, unscanned.
 */
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { RENDERER_OUT } from '../../electron/web/build-renderer';
import { runWebCli } from '../../electron/web/run-web';
import type { WebServer } from '../../electron/web/server';
import { judge } from '../fixtures/privacy/evaluate';
import { PRIVACY_FIXTURES, readManifest, readScreen } from '../fixtures/privacy/manifest';
import {
  loadRecording,
  splitIntoChunks,
  startMockServer,
  type MockServer,
} from '../support/mock-openai-server';

let mock: MockServer;
let web: WebServer;
let dataDir: string;

test.afterEach(async () => {
  await web.close();
  await mock.close();
  await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

function sentImage(): Uint8Array {
  const sent = mock.requests.filter((r) => r.path.endsWith('/chat/completions'));
  const body = sent.at(-1)!.body as {
    messages: { content: string | { type: string; image_url?: { url: string } }[] }[];
  };
  const parts = body.messages.flatMap((m) => (typeof m.content === 'string' ? [] : m.content));
  const url = parts.find((p) => p.type === 'image_url')!.image_url!.url;
  return new Uint8Array(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
}

async function shieldSwitch(page: Page) {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('tab', { name: 'Privacy' }).click();
  return page.getByTestId('privacy-enabled');
}

test('npm run web: Settings shows the shield on, and a picked image with a key goes out redacted; off, it goes out as is', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const manifest = await readManifest();
  const terminal = manifest.images.find((i) => i.file === 'terminal@1x.png')!;
  const png = await readScreen(terminal);
  mock = await startMockServer(() => ({
    kind: 'sse',
    chunks: splitIntoChunks(loadRecording('openai-explain'), 4096),
  }));
  dataDir = mkdtempSync(join(tmpdir(), 'glimpse-web-shield-'));
  // Started exactly as `npm run web` starts it (electron/web/cli.ts → runWebCli), with a data
  // folder of the test's own.
  const started = await runWebCli({
    argv: ['--port', '0'],
    env: { GLIMPSE_DATA_DIR: dataDir },
    cwd: process.cwd(),
    out: () => {},
    err: () => {},
    build: () => RENDERER_OUT,
  });
  if (started.code !== 0) throw new Error(`npm run web exited ${started.code}`);
  web = started.server;
  await page.setViewportSize({ width: 800, height: 900 });
  await page.goto(web.url);
  await page.evaluate(async (baseUrl) => {
    await window.glimpse.settings.update({ baseUrl, model: 'gpt-4o-mini', apiKey: 'test-key-123' });
  }, mock.baseUrl);

  // What Settings shows…
  await expect(await shieldSwitch(page)).toBeChecked();
  await page.getByRole('link', { name: 'Back' }).click();

  // …is what runs: the picked screenshot is read and every key gets a box.
  await page.getByTestId('file-input').setInputFiles(join(PRIVACY_FIXTURES, terminal.file));
  const items = page.getByTestId('shield-proposal');
  await expect(items).toHaveCount(terminal.secrets.length, { timeout: 60_000 });
  await expect(page.getByTestId('shield-status')).toContainText(/Scan took (\d+\sms|\d+(\.\d)?\ss|\d+\smin)/);
  const before = await page.getByTestId('capture-preview').getAttribute('src');
  for (let i = 0; i < terminal.secrets.length; i++)
    await items.nth(i).getByRole('button', { name: 'Keep' }).click();
  await expect(items.filter({ hasText: 'blacked out' })).toHaveCount(terminal.secrets.length);
  // The preview is now the redacted image: what will be sent.
  await expect(page.getByTestId('capture-preview')).not.toHaveAttribute('src', before!);
  await page.getByLabel('Question').fill('What is in this terminal?');
  await page.getByRole('button', { name: 'Ask' }).click();
  await expect(page.getByTestId('error')).toHaveCount(0);
  await expect(page.getByTestId('status')).toHaveText(/Done/, { timeout: 20_000 });
  const redacted = await judge(terminal, png, sentImage(), []);
  expect(redacted.missed).toEqual([]);
  expect(redacted.covered).toHaveLength(terminal.secrets.length);

  // Switched off in Settings: nothing is scanned, the next picked image goes out as it is.
  const off = await shieldSwitch(page);
  await off.uncheck();
  await expect(off).not.toBeChecked();
  await page.getByRole('link', { name: 'Back' }).click();
  await page.getByTestId('file-input').setInputFiles(join(PRIVACY_FIXTURES, terminal.file));
  await page.getByLabel('Question').fill('And now?');
  await page.getByRole('button', { name: 'Ask' }).click();
  await expect(page.getByTestId('status')).toHaveText(/Done/, { timeout: 20_000 });
  await expect(page.getByTestId('shield-proposal')).toHaveCount(0);
  const plain = await judge(terminal, png, sentImage(), []);
  expect(plain.covered).toEqual([]);
});
