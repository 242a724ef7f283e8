/**
 * Start, relaunch and quit as the user meets them, on each desktop: the first launch shows the
 * first-run guide; once set up Glimpse starts quietly; a relaunch ('second-instance') and the macOS
 * Dock icon ('activate') show the panel; a start that fails says why and exits non-zero (never a
 * silent process holding the single-instance lock); GLIMPSE_DATA_DIR may be relative; quitting
 * before 'ready' (the second instance) does not throw; quitting mid-answer keeps the partial answer.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { boot, unusableDataDir, waitFor, type Desktop } from './harness';
import { answerPanel, configureEndpoint, selectRegion, streamingServer } from './pages';
import { PROFILE_NAMES } from './stand-in/profiles';
import type { MockServer } from '../support/mock-openai-server';

let server: MockServer;
let hanging: MockServer;
let desktop: Desktop | undefined;
const folders: string[] = [];

beforeAll(async () => {
  server = await streamingServer();
  hanging = await streamingServer({ hang: true });
});
afterAll(async () => {
  await Promise.all([server.close(), hanging.close()]);
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
afterEach(async () => {
  await desktop?.dispose();
  desktop = undefined;
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'glimpse-life-'));
  folders.push(dir);
  return dir;
}

describe.each(PROFILE_NAMES)('%s', (name) => {
  it('first launch shows the first-run guide; once set up, the next start is quiet', async () => {
    const dataDir = folder();
    desktop = await boot(name, { dataDir });
    const answer = await desktop.window('answer');
    // The answer window holds the guide: visible, without any hotkey or tray click.
    await waitFor(() => answer.isVisible(), 'the first-run guide to show');
    const panel = await answerPanel(desktop);
    await configureEndpoint(panel.page, server.baseUrl);
    await desktop.dispose();

    desktop = await boot(name, { dataDir });
    const again = await desktop.window('answer');
    await desktop.page(again);
    expect(again.isVisible()).toBe(false);
  });

  it('a relaunch shows the panel (second-instance), and a second process quits without error', async () => {
    const dataDir = folder();
    desktop = await boot(name, { dataDir });
    const panel = await answerPanel(desktop);
    await configureEndpoint(panel.page, server.baseUrl);
    panel.window.hide();
    desktop.electron.secondInstance([process.execPath, '.']);
    await waitFor(() => panel.window.isVisible(), 'the panel to show on a relaunch');

    // The relaunched process itself: no lock, so it quits before 'ready' - its will-quit must not throw.
    const first = desktop;
    desktop = undefined;
    const second = await boot(name, { dataDir, otherInstanceRunning: true, ready: false });
    try {
      const end = await waitFor(() => second.electron.runtime.ended, 'the second process to end');
      expect(end.code).toBe(0);
      expect(second.electron.runtime.uncaught).toEqual([]);
    } finally {
      await second.dispose();
      desktop = first;
    }
  });

  it('a start that fails shows why and exits non-zero', async () => {
    const dataDir = folder();
    // The history folder cannot be created: start() fails after 'ready'.
    writeFileSync(join(dataDir, 'history'), 'not a folder');
    desktop = await boot(name, { dataDir });
    const end = await waitFor(() => desktop!.electron.runtime.ended, 'the process to exit');
    expect(end.code).not.toBe(0);
    const boxes = desktop.electron.runtime.calls('dialog.showErrorBox');
    expect(boxes).toHaveLength(1);
    expect(String(boxes[0]![1])).toMatch(/\S/);
  });

  it('quitting mid-answer saves the partial answer to the history', async () => {
    const dataDir = folder();
    desktop = await boot(name, { dataDir, profile: { macScreenPermission: 'granted' } });
    const panel = await answerPanel(desktop);
    await configureEndpoint(panel.page, hanging.baseUrl);
    desktop.press('CommandOrControl+Shift+E');
    const overlay = await waitFor(() => desktop!.windows('overlay').at(-1), 'an overlay');
    await selectRegion(desktop, overlay);
    const requestId = await waitFor(() => panel.asked[0], 'the question');
    await waitFor(() => (panel.text.get(requestId) ?? '').length > 0, 'the first words of the answer');
    const partial = panel.text.get(requestId)!;

    desktop.electron.app.quit();
    const end = await waitFor(() => desktop!.electron.runtime.ended, 'the quit to finish');
    expect(end.code).toBe(0);
    await desktop.dispose();

    desktop = await boot(name, { dataDir });
    const reopened = await desktop.page(await desktop.window('answer'));
    const list = await reopened.glimpse.history.list();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]!.interrupted).toBe(true);
    const conversation = await reopened.glimpse.history.get(list.items[0]!.id);
    expect(JSON.stringify(conversation)).toContain(partial.trim());
  });
});

describe('start-up details', () => {
  it('a relative GLIMPSE_DATA_DIR is used (made absolute) instead of throwing at load', async () => {
    const cwd = folder();
    desktop = await boot('linux-x11', { dataDir: false, cwd, env: { GLIMPSE_DATA_DIR: 'portable/data' } });
    expect(desktop.loadError).toBeUndefined();
    await desktop.window('answer');
    expect(desktop.electron.app.getPath('userData')).toBe(join(cwd, 'portable/data'));
    expect(desktop.electron.runtime.ended).toBeUndefined();
  });

  it('--smoke-test starts the app, checks it, prints one ready line and exits 0', async () => {
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
    try {
      desktop = await boot('linux-x11', { args: ['--smoke-test'] });
      const end = await waitFor(() => desktop!.electron.runtime.ended, 'the smoke test to exit');
      expect(end.code).toBe(0);
      expect(lines.filter((l) => l.startsWith('glimpse smoke:'))).toEqual([
        expect.stringMatching(/^glimpse smoke: ready \(electron .*, sharp .*, asar no\)$/),
      ]);
    } finally {
      log.mockRestore();
    }
  });

  it("a quit before 'ready' (the XWayland hand-over) runs will-quit without an error", async () => {
    desktop = await boot('linux-wayland', { ready: false });
    desktop.electron.app.quit();
    const end = await waitFor(() => desktop!.electron.runtime.ended, 'the quit to finish');
    expect(end.code).toBe(0);
    // Electron shows "A JavaScript error occurred in the main process" for any of these.
    expect(desktop.electron.runtime.uncaught).toEqual([]);
  });

  it("macOS: 'activate' (the Dock icon, Finder, Spotlight) shows the panel when nothing is visible", async () => {
    desktop = await boot('macos');
    const panel = await answerPanel(desktop);
    await configureEndpoint(panel.page, server.baseUrl);
    panel.window.hide();
    desktop.electron.activate();
    await waitFor(() => panel.window.isVisible(), "the panel to show on 'activate'");
  });

  it("macOS: 'activate' shows the panel when no Glimpse window is visible, even if the flag says some window is (the menu-bar item)", async () => {
    desktop = await boot('macos');
    const panel = await answerPanel(desktop);
    await configureEndpoint(panel.page, server.baseUrl);
    await panel.page.glimpse.app.action({ action: 'openSettings' });
    const main = await desktop.window('settings');
    await waitFor(() => main.isVisible(), 'the settings window');
    panel.window.hide();
    main.hide();
    expect(desktop.windows().some((w) => w.isVisible())).toBe(false);
    // AppKit counts the status item's window: hasVisibleWindows is true with every Glimpse window hidden.
    desktop.electron.activate(true);
    await waitFor(() => panel.window.isVisible(), "the panel to show on 'activate'");
  });

  it('a data folder that cannot be one fails before ready: the error is shown and the exit code is non-zero', async () => {
    const parent = folder();
    desktop = await boot('windows', unusableDataDir(parent));
    const end = await waitFor(() => desktop!.electron.runtime.ended, 'the process to exit');
    expect(end.code).not.toBe(0);
    expect(desktop.electron.runtime.calls('dialog.showErrorBox')).toHaveLength(1);
  });
});
