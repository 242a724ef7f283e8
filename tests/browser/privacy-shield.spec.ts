/**
 * The privacy shield in the real overlay page (web mode, Chromium): a frozen 2× terminal with
 * three planted keys. The shield reads it offline as soon as the capture starts, the overlay
 * shows its boxes, the user keeps them, and the model receives the keys blacked out.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import type { FrozenDisplay } from '../../electron/core/capture';
import { RENDERER_OUT } from '../../electron/web/build-renderer';
import { startWebServer, type WebServer } from '../../electron/web/server';
import { judge } from '../fixtures/privacy/evaluate';
import { readManifest, readScreen } from '../fixtures/privacy/manifest';
import {
  loadRecording,
  splitIntoChunks,
  startMockServer,
  type MockServer,
} from '../support/mock-openai-server';
import { ARTIFACTS } from './helpers';

let mock: MockServer;
let web: WebServer;
let dataDir: string;

test.afterEach(async () => {
  await web.close();
  await mock.close();
  await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
});

test('the overlay shows the shield’s boxes over each key; kept, they are black in what is sent', async ({
  page,
}) => {
  const manifest = await readManifest();
  const terminal = manifest.images.find((i) => i.file === 'terminal@2x.png')!;
  const png = await readScreen(terminal);
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const size = manifest.size;
  const frozen: FrozenDisplay[] = [
    {
      display: { id: 1, bounds: { x: 0, y: 0, ...size }, scaleFactor: 2, rotation: 0 },
      image: {
        data: new Uint8Array(data),
        width: info.width,
        height: info.height,
        channels: 4,
        order: 'rgba',
      },
    },
  ];
  mock = await startMockServer(() => ({
    kind: 'sse',
    chunks: splitIntoChunks(loadRecording('openai-explain'), 4096),
  }));
  dataDir = await mkdtemp(join(tmpdir(), 'glimpse-shield-'));
  web = await startWebServer({
    rendererDir: RENDERER_OUT,
    dataDir,
    frozenScreens: () => Promise.resolve(frozen),
    privacyShield: true,
  });

  await page.goto(web.url);
  await page.evaluate(async (baseUrl) => {
    await window.glimpse.settings.update({ baseUrl, model: 'gpt-4o-mini', apiKey: 'test-key-123' });
    await window.glimpse.capture.region();
  }, mock.baseUrl);
  const overlay = await page.context().newPage();
  await overlay.setViewportSize(size);
  await overlay.goto(`${web.url}#/overlay?display=1`);
  await expect(overlay.getByTestId('overlay-stage')).toBeVisible();

  const proposals = overlay.getByTestId('proposal');
  await expect(proposals).toHaveCount(terminal.secrets.length, { timeout: 30_000 });
  await expect(proposals.first()).toContainText('API key or token');

  // The topmost key sits where the toolbar starts (top centre): the toolbar moves to the bottom,
  // so neither the box nor its Keep / Dismiss bar is hidden, and a real click reaches them.
  await expect(overlay.getByTestId('overlay-toolbar')).toHaveClass(/low/);
  const toolbarBox = (await overlay.getByTestId('overlay-toolbar').boundingBox())!;
  for (let i = 0; i < terminal.secrets.length; i++) {
    const box = (await proposals.nth(i).boundingBox())!;
    expect(box.y + box.height + 24 <= toolbarBox.y || box.y >= toolbarBox.y + toolbarBox.height).toBe(true);
  }
  await overlay.screenshot({ path: join(ARTIFACTS, 'privacy-shield-overlay.png') });
  for (let i = 0; i < terminal.secrets.length; i++) {
    // Kept ones lose their bar, so the first pending one is always next.
    await overlay.getByTestId('proposal-bar').first().getByRole('button', { name: 'Keep' }).click();
  }
  await expect(overlay.getByTestId('proposal-bar')).toHaveCount(0);
  await overlay.keyboard.press('Shift+Enter');

  await expect
    .poll(() => mock.requests.filter((r) => r.path.endsWith('/chat/completions')).length, { timeout: 20_000 })
    .toBe(1);
  await expect(page.getByTestId('status')).toHaveText(/Done/, { timeout: 20_000 });
  const body = mock.requests.find((r) => r.path.endsWith('/chat/completions'))!.body as {
    messages: { content: { type: string; image_url?: { url: string } }[] }[];
  };
  const url = body.messages.at(-1)!.content.find((p) => p.type === 'image_url')!.image_url!.url;
  const sent = new Uint8Array(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
  const verdict = await judge(terminal, png, sent, []);
  expect(verdict.missed).toEqual([]);
  expect(verdict.plainHit).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, 'privacy-shield-panel.png') });
});
