/**
 * The region overlay in the real app: desktopCapturer, one window per display placed exactly
 * over it, Esc closing them all. Runs where the Electron binary is installed (and a display
 * server is there); elsewhere it is reported as skipped. Not run on the machine it was written on.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { electronAvailable, SKIP_MESSAGE } from './electron-available';

const available = electronAvailable();
const MAIN = join(import.meta.dirname, '../../out/main/index.js');

let app: ElectronApplication;

test.beforeEach(async () => {
  test.skip(!available, SKIP_MESSAGE);
  app = await electron.launch({
    args: [MAIN],
    env: { ...process.env, GLIMPSE_DATA_DIR: mkdtempSync(join(tmpdir(), 'glimpse-e2e-')) },
  });
});

test.afterEach(async () => {
  await app?.close();
});

/** Overlay windows: their URL and bounds, and every display's bounds. */
function overlays() {
  return app.evaluate(({ BrowserWindow, screen }) => ({
    windows: BrowserWindow.getAllWindows()
      .filter((w) => w.webContents.getURL().includes('#/overlay'))
      .map((w) => ({ url: w.webContents.getURL(), bounds: w.getBounds(), top: w.isAlwaysOnTop() })),
    displays: screen.getAllDisplays().map((d) => ({ id: d.id, bounds: d.bounds })),
  }));
}

test('the region capture opens one overlay over each display; Esc closes them all', async () => {
  const panel = await app.firstWindow();
  await panel.waitForFunction(() => typeof window.glimpse === 'object');
  await panel.evaluate(() => window.glimpse.capture.region());

  await expect.poll(async () => (await overlays()).windows.length).toBeGreaterThan(0);
  const { windows, displays } = await overlays();
  expect(windows).toHaveLength(displays.length);
  for (const display of displays) {
    const window = windows.find((w) => w.url.endsWith(`display=${display.id}`));
    expect(window?.bounds).toEqual(display.bounds);
    expect(window?.top).toBe(true);
  }

  const overlay = app.windows().find((page) => page.url().includes('#/overlay'))!;
  await expect(overlay.getByTestId('overlay-stage')).toBeVisible();
  await overlay.keyboard.press('Escape');
  await expect.poll(async () => (await overlays()).windows.length).toBe(0);
});
