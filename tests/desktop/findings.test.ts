/**
 * Issue 13's findings, each where it shows: the real main process and preload on the desktop the
 * finding is about, with the stand-in playing that desktop as Electron's sources describe it.
 * (The journeys cover 2, 6, 7, 8 and 9; see capture-journey.test.ts and lifecycle.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GlimpseApiError } from '../../shared/api';
import { boot, waitFor, type Desktop } from './harness';
import {
  answerOf,
  answerPanel,
  configureEndpoint,
  selectRegion,
  streamingServer,
  type AnswerPanel,
} from './pages';
import type { ProfileName } from './stand-in/profiles';
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

async function ready(name: ProfileName, options: Parameters<typeof boot>[1] = {}): Promise<AnswerPanel> {
  desktop = await boot(name, options);
  const panel = await answerPanel(desktop);
  await configureEndpoint(panel.page, server.baseUrl);
  return panel;
}

async function overlays(count: number) {
  return waitFor(() => {
    const open = desktop!.windows('overlay');
    return open.length === count ? open : undefined;
  }, `${count} overlays`);
}

describe('1 · macOS Screen Recording: the first capture makes macOS ask', () => {
  it('a fresh Mac (status says denied) still calls getSources, so the prompt appears and the app gets listed', async () => {
    const panel = await ready('macos');
    expect(desktop!.electron.runtime.profile.macScreenPermission).toBe('never-asked');
    desktop!.press(REGION);
    await waitFor(() => panel.failures[0], 'the capture to fail');
    expect(desktop!.electron.runtime.calls('macos.screen-recording-prompt')).toHaveLength(1);
    expect(desktop!.electron.runtime.macListedInScreenRecording).toBe(true);
    // The panel explains permission (its help and the System Settings button), not "something went wrong".
    expect(panel.failures[0]!.kind).toBe('screen-permission');
    expect(panel.window.isVisible()).toBe(true);
  });

  it('after the grant and a relaunch, the hotkey opens the overlays', async () => {
    await ready('macos', { profile: { macScreenPermission: 'granted' } });
    desktop!.press(REGION);
    await overlays(2);
  });
});

describe('3 · an error keeps its kind across contextBridge (real preload)', () => {
  it('a refused call reaches the page as GlimpseApiError with its kind', async () => {
    const panel = await ready('linux-x11');
    // The answer window may not ask for an overlay's frame: main refuses with kind 'wrong-window'.
    const error = await panel.page.glimpse.overlay.frame(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GlimpseApiError);
    expect((error as GlimpseApiError).kind).toBe('wrong-window');
    // With its code, so the page words it in its language (issue 16.5; it was a bare 'Refused.').
    expect((error as GlimpseApiError).code).toBe('ipc.wrongWindow');
  });
});

describe('4 · getSources rejecting with a bare string becomes the platform help', () => {
  it('Wayland: a cancelled portal picker gives the Wayland help, not an internal error', async () => {
    const panel = await ready('linux-wayland', { profile: { portalPicker: 'cancel' } });
    desktop!.press(REGION);
    const failure = await waitFor(() => panel.failures[0], 'the capture to fail');
    expect(failure.kind).toBe('wayland-portal');
    expect(desktop!.windows('overlay')).toHaveLength(0);
  });

  it('macOS: a refused permission gives the permission help', async () => {
    const panel = await ready('macos', { profile: { macScreenPermission: 'denied' } });
    desktop!.press(REGION);
    const failure = await waitFor(() => panel.failures[0], 'the capture to fail');
    expect(failure.kind).toBe('screen-permission');
  });
});

describe('5 · Wayland portal shortcuts', () => {
  // In portal mode a press may still reach an old callback (unregister is a no-op, suspension is
  // the OS grab's): what counts is whether a capture starts. A press that must do nothing is
  // followed by one that must capture; the events are handled in order, so one getSources call
  // in all means the first press did nothing.
  const captures = (): number => desktop!.electron.runtime.calls('desktopCapturer.getSources').length;

  it('pause stops the shortcut, resume brings it back', async () => {
    const panel = await ready('linux-wayland');
    await panel.page.glimpse.app.action({ action: 'toggleHotkeys' });
    desktop!.press(REGION);
    await panel.page.glimpse.app.action({ action: 'toggleHotkeys' });
    desktop!.press(REGION);
    await overlays(1);
    expect(captures()).toBe(1);
  });

  it('a rebinding stops the old shortcut; the new one captures', async () => {
    const panel = await ready('linux-wayland');
    await panel.page.glimpse.settings.update({ hotkeys: { captureRegion: 'CommandOrControl+Alt+G' } });
    desktop!.press(REGION);
    expect(desktop!.press('CommandOrControl+Alt+G')).toBe(true);
    await overlays(1);
    expect(captures()).toBe(1);
  });

  it('while the settings page records a key, no shortcut of ours fires', async () => {
    const panel = await ready('linux-wayland');
    await panel.page.glimpse.hotkeys.recording(true);
    desktop!.press(REGION);
    await panel.page.glimpse.hotkeys.recording(false);
    desktop!.press(REGION);
    await overlays(1);
    expect(captures()).toBe(1);
  });

  it("the app's portal identity names the .desktop file the package installs (else GNOME binds nothing)", async () => {
    await ready('linux-wayland');
    expect(desktop!.electron.runtime.desktopName).toBe('app.glimpse.desktop.desktop');
    expect(desktop!.press(REGION)).toBe(true);
    await overlays(1);
  });
});

describe('6 · without a tray (stock GNOME) every window is reachable', () => {
  it('no tray icon is shown; Settings and History open from the panel', async () => {
    const panel = await ready('linux-wayland');
    expect(desktop!.electron.Tray.all.every((t) => !t.shown)).toBe(true);
    await panel.page.glimpse.app.action({ action: 'openSettings' });
    const main = await desktop!.window('settings');
    await waitFor(() => main.isVisible(), 'the settings window');
  });
});

describe('10 · Windows notifications', () => {
  it('a refused shortcut is announced: the app claims an AUMID Windows shows toasts for', async () => {
    await ready('windows', { profile: { takenShortcuts: [REGION] } });
    const { Notification, runtime } = desktop!.electron;
    await waitFor(() => Notification.shown.length + Notification.dropped.length > 0, 'a notification');
    expect(Notification.dropped).toHaveLength(0);
    expect(Notification.shown).toHaveLength(1);
    expect(runtime.appUserModelId).toBeTruthy();
  });
});

describe.each(['macos', 'windows', 'linux-x11'] as const)('11, 13 · overlays on %s', (name) => {
  it('cover the desktop bars and have square corners', async () => {
    await ready(name, { profile: { macScreenPermission: 'granted' } });
    desktop!.press(REGION);
    const open = await overlays(2);
    await Promise.all(open.map((w) => waitFor(() => w.isVisible(), 'the overlay to show')));
    for (const overlay of open) {
      expect(overlay.coversDesktopBars()).toBe(true);
      expect(overlay.hasRoundedCorners()).toBe(false);
    }
  });
});

describe('11 · X11 under Mutter (GNOME), two monitors', () => {
  it('every overlay goes full screen (a fixed-size window Mutter would refuse it)', async () => {
    // GNOME on X11: Mutter is the window manager; no status area without an extension.
    await ready('linux-x11', {
      profile: { x11WindowManager: 'mutter', env: { XDG_CURRENT_DESKTOP: 'GNOME' }, trayShown: false },
    });
    expect(desktop!.profile.displays).toHaveLength(2);
    desktop!.press(REGION);
    const open = await overlays(2);
    await Promise.all(open.map((w) => waitFor(() => w.isVisible(), 'the overlay to show')));
    for (const overlay of open) {
      expect(overlay.isFullScreen()).toBe(true);
      expect(overlay.coversDesktopBars()).toBe(true);
    }
    expect(desktop!.electron.runtime.calls('x11.fullscreen-ignored')).toEqual([]);
  });
});

describe('12 · macOS Dock and tray', () => {
  it('with the Dock icon always shown, a capture hides it before any overlay shows and shows it again after', async () => {
    const panel = await ready('macos', { profile: { macScreenPermission: 'granted' } });
    await panel.page.glimpse.settings.update({ dockIcon: 'always' });
    const { app, runtime } = desktop!.electron;
    await waitFor(() => runtime.dockVisible, 'the Dock icon to show');
    const before = runtime.dockChanges.length;
    desktop!.press(REGION);
    const open = await overlays(2);
    await Promise.all(open.map((w) => waitFor(() => w.isVisible(), 'the overlay to show')));
    for (const overlay of open) {
      // The app was a UIElement (no Dock icon) when each overlay showed, and it still is: the
      // overlays float over another app's full-screen Space.
      expect(overlay.uiElementAtShow).toEqual([true]);
      expect(overlay.floatsOverFullScreenApps()).toBe(true);
      // Each passed skipTransformProcessType (valid now that the app is a UIElement): no Dock flip per overlay.
      const workspaces = overlay.calls.filter((c) => c[0] === 'setVisibleOnAllWorkspaces');
      expect(workspaces).toEqual([
        ['setVisibleOnAllWorkspaces', true, expect.objectContaining({ skipTransformProcessType: true })],
      ]);
    }
    await selectRegion(desktop!, open[0]!);
    await waitFor(() => desktop!.windows('overlay').length === 0, 'the overlays to close');
    await waitFor(() => runtime.dockVisible, 'the Dock icon to show again');
    expect(runtime.dockChanges.slice(before).map((c) => c.to)).toEqual(['hide', 'show']);
    expect(app.dock!.isVisible()).toBe(true);
  });

  it('a capture does not flip the Dock icon per overlay; the tray icon is a template image with a 2x version', async () => {
    await ready('macos', { profile: { macScreenPermission: 'granted' } });
    const { runtime, Tray } = desktop!.electron;
    const before = runtime.dockChanges.length;
    desktop!.press(REGION);
    const open = await overlays(2);
    await Promise.all(open.map((w) => waitFor(() => w.isVisible(), 'the overlay to show')));
    const during = runtime.dockChanges.slice(before);
    expect(during.filter((c) => c.why === 'setVisibleOnAllWorkspaces')).toEqual([]);
    expect(during.filter((c) => c.to === 'hide').length).toBeLessThanOrEqual(1);
    const tray = Tray.all[0]!;
    expect(tray.image.isTemplateImage()).toBe(true);
    expect(tray.image.getScaleFactors()).toContain(2);
  });

  it('the packaged app starts without a Dock icon (LSUIElement)', () => {
    const builder = readFileSync(join(import.meta.dirname, '../../electron-builder.yml'), 'utf8');
    expect(builder).toMatch(/LSUIElement:\s*(true|1)/);
  });
});

describe.each(['macos', 'windows'] as const)('14 · pixel-exact captures at mixed sizes on %s', (name) => {
  it('each overlay frame is its display at full physical resolution, pixel for pixel', async () => {
    const sharp = (await import('sharp')).default;
    await ready(name, { profile: { macScreenPermission: 'granted' } });
    desktop!.press(REGION);
    const open = await overlays(2);
    for (const overlay of open) {
      const page = await desktop!.page(overlay);
      const route = overlay.webContents.getURL().split('#/')[1]!;
      const displayId = Number(new URLSearchParams(route.split('?')[1]).get('display'));
      const frame = await page.glimpse.overlay.frame(displayId);
      const spec = desktop!.profile.displays.find((d) => Number(d.id) === displayId)!;
      const width = Math.round(spec.bounds.width * spec.scaleFactor);
      const height = Math.round(spec.bounds.height * spec.scaleFactor);
      expect([frame.physicalWidth, frame.physicalHeight]).toEqual([width, height]);
      // The screen shows a one-pixel checkerboard: a thumbnail scaled up to a shared box and back
      // down cannot give it back; only a capture at the display's own size can.
      const png = Buffer.from(frame.imageUrl.split(',')[1]!, 'base64');
      const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      expect([info.width, info.height]).toEqual([width, height]);
      const bgra = desktop!.electron.screenPixels(width, height, spec.fill);
      let wrong = 0;
      for (let p = 0; p < width * height; p++) {
        if (
          data[p * 3] !== bgra[p * 4 + 2] ||
          data[p * 3 + 1] !== bgra[p * 4 + 1] ||
          data[p * 3 + 2] !== bgra[p * 4]
        )
          wrong++;
      }
      expect(wrong).toBe(0);
    }
  });
});

describe('15 · Linux basic_text keyring', () => {
  it('the key is kept for the session only, never written, and the settings say so', async () => {
    const panel = await ready('linux-x11');
    const settings = await panel.page.glimpse.settings.get();
    expect(JSON.stringify(settings.keyStorage)).toMatch(/session/i);
    const dir = desktop!.dataDir!;
    const { readdirSync } = await import('node:fs');
    for (const file of readdirSync(dir, { recursive: true }) as string[]) {
      if (!file.endsWith('.json')) continue;
      expect(readFileSync(join(dir, file), 'utf8')).not.toContain('sk-desktop-test');
    }
    // The answer still works this session.
    desktop!.press(REGION);
    const open = await overlays(2);
    await selectRegion(desktop!, open[0]!);
    expect(await answerOf(panel)).toBeTruthy();
  });
});
