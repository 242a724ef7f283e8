/**
 * The region overlay in Chromium, in web mode: the real overlay page and core, fed a fixture
 * "frozen screen" (web mode has no desktop). Two displays: a 1280×720-DIP display at scale 1.5
 * (its capture 1920×1080) and a second one at scale 1. The viewport is the display, as the
 * overlay window is in the app, so client pixels are DIP.
 *
 * End to end: the selection and the redaction made with the mouse are what the model receives,
 * checked pixel for pixel in the request the local mock server recorded.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { RENDERER_OUT } from '../../electron/web/build-renderer';
import { startWebServer, type WebServer } from '../../electron/web/server';
import type { FrozenDisplay } from '../../electron/core/capture';
import { fillRect, makeScreenCapture, makeSolidCapture, pixelAt, type RawImage } from '../support/screens';
import {
  loadRecording,
  splitIntoChunks,
  startMockServer,
  type MockServer,
} from '../support/mock-openai-server';
import { ARTIFACTS } from './helpers';

const VIEWPORT = { width: 1280, height: 720 };
const SCALE = 1.5;

/** A code editor screen with a colour grid (every 6-px block its own colour) and a yellow "secret". */
function fixtureScreen(): RawImage {
  const image = makeScreenCapture(1920, 1080, 'code', { scale: SCALE });
  for (let y = 150; y < 450; y += 6) {
    for (let x = 300; x < 600; x += 6) {
      fillRect(image, { x, y, width: 6, height: 6 }, ((x * 7) & 255) * 65536 + ((y * 5) & 255) * 256 + 0x40);
    }
  }
  // The "secret": physical (390, 240) 60×30 = DIP (260, 160) 40×20.
  fillRect(image, { x: 390, y: 240, width: 60, height: 30 }, 0xffee00);
  return image;
}

let screen: RawImage;
let frozen: FrozenDisplay[];
let mock: MockServer;
let web: WebServer;
let dataDir: string;

test.beforeEach(async () => {
  screen = fixtureScreen();
  frozen = [
    {
      display: { id: 1, bounds: { x: 0, y: 0, width: 1280, height: 720 }, scaleFactor: SCALE, rotation: 0 },
      image: screen,
      windows: [{ x: 640, y: 360, width: 300, height: 200 }],
      proposals: [{ id: 'key-1', rect: { x: 900, y: 100, width: 160, height: 24 }, label: 'API key' }],
    },
    {
      display: { id: 2, bounds: { x: 1280, y: 0, width: 1280, height: 720 }, scaleFactor: 1, rotation: 0 },
      image: makeSolidCapture(1280, 720, 0x3366aa),
    },
  ];
  mock = await startMockServer(() => ({
    kind: 'sse',
    chunks: splitIntoChunks(loadRecording('openai-explain'), 4096),
  }));
  // Our own data folder, removed with retries: a history write may still be finishing at close.
  dataDir = await mkdtemp(join(tmpdir(), 'glimpse-overlay-'));
  web = await startWebServer({
    rendererDir: RENDERER_OUT,
    dataDir,
    frozenScreens: () => Promise.resolve(frozen),
  });
});

test.afterEach(async () => {
  await web.close();
  await mock.close();
  await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
});

/** The answer panel with an endpoint, and the region capture started as the hotkey would. */
async function startCapture(page: Page): Promise<void> {
  await page.goto(web.url);
  await page.evaluate(async (baseUrl) => {
    await window.glimpse.settings.update({ baseUrl, model: 'gpt-4o-mini', apiKey: 'test-key-123' });
    await window.glimpse.capture.region();
  }, mock.baseUrl);
}

async function openOverlay(page: Page, displayId: number): Promise<Page> {
  const overlay = await page.context().newPage();
  await overlay.setViewportSize(VIEWPORT);
  await overlay.goto(`${web.url}#/overlay?display=${displayId}`);
  await expect(overlay.getByTestId('overlay-stage')).toBeVisible();
  return overlay;
}

async function drag(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  await page.mouse.move(...from);
  await page.mouse.down();
  await page.mouse.move((from[0] + to[0]) / 2, (from[1] + to[1]) / 2, { steps: 3 });
  await page.mouse.move(...to, { steps: 3 });
  await page.mouse.up();
}

/**
 * The image of the one chat request the mock server received, decoded. Waits until the answer
 * panel (which asked on its own, as after the hotkey) shows the answer done, so that the server
 * is not closed while the conversation is still being saved.
 */
async function sentImage(
  panel: Page,
): Promise<{ data: Buffer; width: number; height: number; channels: number }> {
  await expect
    .poll(() => mock.requests.filter((r) => r.path.endsWith('/chat/completions')).length, { timeout: 20_000 })
    .toBe(1);
  await expect(panel.getByTestId('status')).toHaveText(/Done/, { timeout: 20_000 });
  const body = mock.requests.find((r) => r.path.endsWith('/chat/completions'))!.body as {
    messages: { content: { type: string; image_url?: { url: string } }[] }[];
  };
  const url = body.messages.at(-1)!.content.find((p) => p.type === 'image_url')!.image_url!.url;
  expect(url.startsWith('data:image/png;base64,')).toBe(true);
  const { data, info } = await sharp(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'))
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

test('drag selects, the redaction tool blacks out the secret, Enter sends exactly those pixels', async ({
  page,
}) => {
  await startCapture(page);
  const overlay = await openOverlay(page, 1);

  // DIP (200, 100) → (400, 300) at scale 1.5 = physical (300, 150) 300×300.
  await drag(overlay, [200, 100], [400, 300]);
  await expect(overlay.getByTestId('overlay-size')).toHaveText('300 × 300 px');

  // The redaction tool (R), dragged over the secret: DIP (260, 160) 40×20.
  await overlay.keyboard.press('r');
  await drag(overlay, [260, 160], [300, 180]);
  await expect(overlay.getByTestId('redaction')).toHaveCount(1);
  await overlay.screenshot({ path: join(ARTIFACTS, 'overlay-selection.png') });

  await overlay.keyboard.press('Enter');
  await expect(overlay.getByTestId('overlay-closed')).toHaveText('submitted');

  const sent = await sentImage(page);
  expect([sent.width, sent.height]).toEqual([300, 300]);
  let wrong = 0;
  let yellow = 0;
  for (let y = 0; y < 300; y++) {
    for (let x = 0; x < 300; x++) {
      const px = x + 300;
      const py = y + 150;
      const i = (y * sent.width + x) * sent.channels;
      const got = (sent.data[i]! << 16) | (sent.data[i + 1]! << 8) | sent.data[i + 2]!;
      const redacted = px >= 390 && px < 450 && py >= 240 && py < 270;
      if (got === 0xffee00) yellow++;
      if (got !== (redacted ? 0 : pixelAt(screen, px, py))) wrong++;
    }
  }
  expect(yellow, 'no pixel of the secret was sent').toBe(0);
  expect(wrong, 'every other pixel is the frozen screen’s own').toBe(0);
});

test('monitors whose display ids are above 2^53 (X11 ids from the EDID) show their overlay and send the selection', async ({
  page,
}) => {
  // Display.id is Chromium's int64 as a double: 13702250537190212 (electron#41755), and 2^63 - 1,
  // which is 2^63 as a double and which main prints as 9223372036854776000 in the route.
  const ids = [13702250537190212, Number(2n ** 63n - 1n)];
  frozen = frozen.map((f, k) => ({ ...f, display: { ...f.display, id: ids[k]! } }));
  await startCapture(page);
  const second = await openOverlay(page, ids[1]!);
  const first = await openOverlay(page, ids[0]!);

  await drag(first, [200, 100], [400, 300]);
  await expect(first.getByTestId('overlay-size')).toHaveText('300 × 300 px');
  await first.keyboard.press('Enter');
  await expect(first.getByTestId('overlay-closed')).toHaveText('submitted');
  await expect(second.getByTestId('overlay-closed')).toHaveText('submitted');

  // Cut from the first display's frozen screen: physical (300, 150) 300×300.
  const sent = await sentImage(page);
  expect([sent.width, sent.height]).toEqual([300, 300]);
  for (const [x, y] of [
    [0, 0],
    [299, 299],
    [123, 45],
  ] as const) {
    const i = (y * sent.width + x) * sent.channels;
    expect((sent.data[i]! << 16) | (sent.data[i + 1]! << 8) | sent.data[i + 2]!).toBe(
      pixelAt(screen, x + 300, y + 150),
    );
  }
});

test('arrow keys nudge, Shift+arrows resize; Esc on one display closes every overlay', async ({ page }) => {
  await startCapture(page);
  const first = await openOverlay(page, 1);
  const second = await openOverlay(page, 2);
  await first.bringToFront();

  await drag(first, [100, 100], [200, 150]);
  const before = (await first.getByTestId('overlay-selection').boundingBox())!;
  for (let k = 0; k < 3; k++) await first.keyboard.press('ArrowRight');
  await first.keyboard.press('ArrowUp');
  for (let k = 0; k < 4; k++) await first.keyboard.press('Shift+ArrowRight');
  const after = (await first.getByTestId('overlay-selection').boundingBox())!;
  expect(after.x - before.x).toBeCloseTo(3, 0);
  expect(after.y - before.y).toBeCloseTo(-1, 0);
  expect(after.width - before.width).toBeCloseTo(4, 0);
  // 104 × 50 DIP at 1.5.
  await expect(first.getByTestId('overlay-size')).toHaveText('156 × 75 px');
  await first.screenshot({ path: join(ARTIFACTS, 'overlay-keys.png') });

  await first.keyboard.press('Escape');
  await expect(first.getByTestId('overlay-closed')).toHaveText('cancelled');
  await expect(second.getByTestId('overlay-closed')).toHaveText('cancelled');
  expect(mock.requests).toHaveLength(0);
});

test('a click selects the window under it; a proposal can be dismissed', async ({ page }) => {
  await startCapture(page);
  const overlay = await openOverlay(page, 1);

  await expect(overlay.getByTestId('proposal')).toHaveCount(1);
  await expect(overlay.getByTestId('proposal')).toContainText('Hide API key?');
  await overlay.screenshot({ path: join(ARTIFACTS, 'overlay-proposal.png') });
  await overlay.getByRole('button', { name: 'Dismiss' }).click();
  await expect(overlay.getByTestId('proposal')).toHaveCount(0);

  await overlay.mouse.click(700, 400);
  // The window (640, 360) 300×200 DIP = 450 × 300 physical pixels.
  await expect(overlay.getByTestId('overlay-size')).toHaveText('450 × 300 px');
  await overlay.getByRole('button', { name: 'Explain' }).click();
  await expect(overlay.getByTestId('overlay-closed')).toHaveText('submitted');
  const sent = await sentImage(page);
  expect([sent.width, sent.height]).toEqual([450, 300]);
});

test('Enter with no selection sends the whole display; a kept proposal is burned in', async ({ page }) => {
  await startCapture(page);
  const overlay = await openOverlay(page, 1);
  await overlay.getByRole('button', { name: 'Keep' }).click();
  await overlay.keyboard.press('Enter');
  await expect(overlay.getByTestId('overlay-closed')).toHaveText('submitted');
  const sent = await sentImage(page);
  // The whole 1920×1080 capture, fitted by the app's pipeline within 2048 px: unscaled.
  expect([sent.width, sent.height]).toEqual([1920, 1080]);
  // The proposal DIP (900, 100) 160×24 = physical (1350, 150) 240×36: black.
  for (const [x, y] of [
    [1350, 150],
    [1589, 185],
    [1470, 170],
  ] as const) {
    const i = (y * sent.width + x) * sent.channels;
    expect([sent.data[i], sent.data[i + 1], sent.data[i + 2]]).toEqual([0, 0, 0]);
  }
  const outside = (186 * sent.width + 1470) * sent.channels;
  expect((sent.data[outside]! << 16) | (sent.data[outside + 1]! << 8) | sent.data[outside + 2]!).toBe(
    pixelAt(screen, 1470, 186),
  );
});

test('on an output of another shape (a native Wayland full-screen window) the frozen screen is letterboxed, not stretched, and the selection cuts the same pixels', async ({
  page,
}) => {
  await startCapture(page);
  // The 16:9 display shown full screen on a 5:4 output: bands above and below.
  const overlay = await page.context().newPage();
  await overlay.setViewportSize({ width: 1280, height: 1024 });
  await overlay.goto(`${web.url}#/overlay?display=1`);
  const stage = overlay.getByTestId('overlay-stage');
  await expect(stage).toBeVisible();
  const box = (await stage.boundingBox())!;
  expect(box).toEqual({ x: 0, y: 152, width: 1280, height: 720 });
  expect(await stage.locator('img').boundingBox()).toEqual(box);

  // The same DIP (200, 100) → (400, 300) as the first test, measured from the picture's corner.
  await drag(overlay, [200, 100 + box.y], [400, 300 + box.y]);
  await expect(overlay.getByTestId('overlay-size')).toHaveText('300 × 300 px');
  const selection = (await overlay.getByTestId('overlay-selection').boundingBox())!;
  expect([selection.x, selection.y, selection.width, selection.height]).toEqual([200, 252, 200, 200]);
  await overlay.screenshot({ path: join(ARTIFACTS, 'overlay-letterboxed.png') });

  // A wider output: bands left and right.
  await overlay.setViewportSize({ width: 1600, height: 720 });
  await expect.poll(async () => (await stage.boundingBox())?.x).toBe(160);
  expect(await stage.boundingBox()).toEqual({ x: 160, y: 0, width: 1280, height: 720 });

  await overlay.keyboard.press('Enter');
  await expect(overlay.getByTestId('overlay-closed')).toHaveText('submitted');
  const sent = await sentImage(page);
  expect([sent.width, sent.height]).toEqual([300, 300]);
  let wrong = 0;
  for (let y = 0; y < 300; y++) {
    for (let x = 0; x < 300; x++) {
      const i = (y * sent.width + x) * sent.channels;
      const got = (sent.data[i]! << 16) | (sent.data[i + 1]! << 8) | sent.data[i + 2]!;
      if (got !== pixelAt(screen, x + 300, y + 150)) wrong++;
    }
  }
  expect(wrong, 'the selection cuts the frozen screen’s own pixels').toBe(0);
});
