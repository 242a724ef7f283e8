/**
 * A shortcut recording belongs to the page that started it. The settings page sends
 * `hotkeys:recording` true while the user presses a new shortcut (main suspends ours, so the keys
 * reach the page) and false when done; if that page closes, reloads, crashes or is hidden first,
 * it never sends false. Main then ends the recording itself, or every global shortcut would stay
 * suspended until a pause and resume. Played where suspension works two ways: X11 (the OS grab is
 * suspended) and Wayland (the portal keeps delivering; the app's own hold stops the actions).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { boot, waitFor, type Desktop, type Page } from './harness';
import { answerPanel, configureEndpoint, streamingServer } from './pages';
import type { BrowserWindow } from './stand-in/windows';
import type { MockServer } from '../support/mock-openai-server';

const REGION = 'CommandOrControl+Shift+E';

let server: MockServer;
let desktop: Desktop | undefined;
beforeAll(async () => {
  server = await streamingServer();
});
afterAll(() => server.close());
afterEach(async () => {
  await desktop?.dispose();
  desktop = undefined;
});

/** The overlays a region capture opens on each profile (the Wayland portal hands over one display). */
const OVERLAYS = { 'linux-wayland': 1, 'linux-x11': 2 } as const;

/** Boots set up, opens Settings in the main window and starts recording a shortcut there. */
async function recordingInSettings(
  name: keyof typeof OVERLAYS,
): Promise<{ main: BrowserWindow; settings: Page }> {
  desktop = await boot(name);
  const panel = await answerPanel(desktop);
  await configureEndpoint(panel.page, server.baseUrl);
  await panel.page.glimpse.app.action({ action: 'openSettings' });
  const main = await desktop.window('settings');
  const settings = await desktop.page(main);
  await settings.glimpse.hotkeys.recording(true);
  return { main, settings };
}

/** The user presses the shortcut: a capture runs (its overlays open). */
async function captureRuns(name: keyof typeof OVERLAYS, accelerator = REGION): Promise<void> {
  desktop!.press(accelerator);
  await waitFor(
    () => desktop!.windows('overlay').length === OVERLAYS[name],
    `${OVERLAYS[name]} overlay(s) after pressing ${accelerator}`,
  );
  expect(desktop!.electron.runtime.calls('desktopCapturer.getSources')).toHaveLength(1);
}

describe.each(['linux-wayland', 'linux-x11'] as const)('%s: a recording ends with its page', (name) => {
  it('recording holds the shortcut (the keys go to the page)', async () => {
    await recordingInSettings(name);
    desktop!.press(REGION);
    // Events are handled in order: a capture started by this press would have asked for sources.
    await new Promise((r) => setImmediate(r));
    expect(desktop!.electron.runtime.calls('desktopCapturer.getSources')).toHaveLength(0);
  });

  it('the settings window closes while recording: the shortcut captures again', async () => {
    const { main } = await recordingInSettings(name);
    main.close();
    await waitFor(() => main.isDestroyed(), 'the settings window to close');
    await captureRuns(name);
  });

  it('the settings page reloads while recording: the shortcut captures again', async () => {
    const { main } = await recordingInSettings(name);
    main.webContents.reload();
    await captureRuns(name);
  });

  it("the settings page's renderer crashes while recording: the shortcut captures again", async () => {
    const { main } = await recordingInSettings(name);
    main.webContents.forcefullyCrashRenderer();
    await captureRuns(name);
  });

  it('the settings window is hidden while recording: the shortcut captures again', async () => {
    const { main } = await recordingInSettings(name);
    main.hide();
    await captureRuns(name);
  });

  it('a shortcut saved during the recording is the one that captures once the window closes', async () => {
    const { main, settings } = await recordingInSettings(name);
    await settings.glimpse.settings.update({ hotkeys: { captureRegion: 'CommandOrControl+Alt+G' } });
    main.close();
    await captureRuns(name, 'CommandOrControl+Alt+G');
  });

  it('another window cannot end the recording of the settings page', async () => {
    await recordingInSettings(name);
    const answer = await desktop!.page(await desktop!.window('answer'));
    await answer.glimpse.hotkeys.recording(false);
    desktop!.press(REGION);
    await new Promise((r) => setImmediate(r));
    expect(desktop!.electron.runtime.calls('desktopCapturer.getSources')).toHaveLength(0);
  });
});
