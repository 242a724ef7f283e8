/**
 * The stand-in itself: it exports what the app imports, and behaves as Electron's sources say
 * where Glimpse's findings live (each test names the source it follows). If one of these fails,
 * the desktop journeys are no longer checking the app against Electron.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { boot, type Desktop } from './harness';
import type { ProfileName } from './stand-in/profiles';

const ROOT = join(import.meta.dirname, '../..');
let desktop: Desktop | undefined;
afterEach(async () => {
  await desktop?.dispose();
  desktop = undefined;
});

/** The bare stand-in on a profile, not ready yet unless asked. */
async function standIn(
  name: ProfileName,
  ready = false,
  profile: Parameters<typeof boot>[1] = {},
): Promise<Desktop> {
  desktop = await boot(name, { ...profile, entry: false, ready });
  return desktop;
}

function valueImportsFromElectron(dir: string): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(join(ROOT, dir), { recursive: true }) as string[]) {
    if (!file.endsWith('.ts')) continue;
    const text = readFileSync(join(ROOT, dir, file), 'utf8');
    for (const match of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'electron(?:\/main|\/renderer)?'/g)) {
      for (const part of match[1]!.split(',')) {
        const name = part.trim();
        if (!name || name.startsWith('type ')) continue;
        names.add(name.split(/\s+as\s+/)[0]!.trim());
      }
    }
  }
  return names;
}

describe('the stand-in module', () => {
  it('exports exactly the names electron/main and electron/preload import', async () => {
    const imported = new Set([
      ...valueImportsFromElectron('electron/main'),
      ...valueImportsFromElectron('electron/preload'),
    ]);
    const standIn = await import('./stand-in/index');
    // `default` is the CommonJS module.exports electron-store imports (see stand-in/index.ts).
    const exported = Object.keys(standIn).filter((name) => name !== 'default');
    expect(exported.sort()).toEqual([...imported].sort());
  });
});

describe('before ready (Browser::is_ready checks)', () => {
  it('throws where Electron throws, and allows what Electron allows', async () => {
    const { electron } = await standIn('linux-x11');
    const e = await import('./stand-in/index');
    expect(() => e.globalShortcut.register('Alt+K', () => {})).toThrow(
      'globalShortcut cannot be used before the app is ready',
    );
    expect(() => e.globalShortcut.unregisterAll()).toThrow(
      'globalShortcut cannot be used before the app is ready',
    );
    expect(() => e.screen.getAllDisplays()).toThrow(
      "The 'screen' module can't be used before the app 'ready' event",
    );
    expect(() => new e.BrowserWindow()).toThrow('Cannot create BrowserWindow before app is ready');
    expect(() => new e.Tray(e.nativeImage.createEmpty())).toThrow('Cannot create Tray before app is ready');
    expect(() => new e.Notification({ title: 'x' })).toThrow(
      'Cannot create Notification before app is ready',
    );
    expect(() => e.session.defaultSession).toThrow(TypeError);
    expect(() => e.protocol.handle('app', () => new Response(''))).toThrow(
      'Session can only be received when app is ready',
    );
    expect(() => e.net.fetch('http://127.0.0.1:1/')).toThrow(
      'Session can only be received when app is ready',
    );
    expect(() => e.dialog.showMessageBox({ message: 'x' })).toThrow(
      'dialog module can only be used after app is ready',
    );
    expect(e.safeStorage.isEncryptionAvailable()).toBe(false);
    expect(() => e.safeStorage.encryptString('k')).toThrow('safeStorage cannot be used before app is ready');
    // Allowed before ready.
    e.dialog.showErrorBox('Title', 'Body');
    e.protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true } }]);
    expect(() => e.app.setPath('userData', 'relative/dir')).toThrow('Path must be absolute');

    electron.fireReady();
    expect(() => e.protocol.registerSchemesAsPrivileged([])).toThrow('should be called before app is ready');
    expect(e.globalShortcut.register('Alt+K', () => {})).toBe(true);
  });

  it("emits 'ready' before whenReady() resolves, and app.exit before ready ends at once with no event", async () => {
    const { electron } = await standIn('windows');
    const e = await import('./stand-in/index');
    const order: string[] = [];
    e.app.on('ready', () => order.push('ready'));
    void e.app.whenReady().then(() => order.push('whenReady'));
    electron.fireReady();
    await Promise.resolve();
    expect(order).toEqual(['ready', 'whenReady']);

    const early = await standIn('windows');
    const e2 = await import('./stand-in/index');
    const events: string[] = [];
    for (const name of ['before-quit', 'will-quit', 'quit']) e2.app.on(name, () => events.push(name));
    e2.app.exit(3);
    expect(early.electron.runtime.ended).toEqual({ code: 3, how: 'exit-before-ready' });
    expect(events).toEqual([]);
  });

  it('app.quit: before-quit, windows closed (a prevented close cancels it), will-quit, quit, exit code 0', async () => {
    const { electron } = await standIn('linux-x11', true);
    const e = await import('./stand-in/index');
    const events: string[] = [];
    for (const name of ['before-quit', 'will-quit', 'quit']) e.app.on(name, () => events.push(name));
    const window = new e.BrowserWindow({ show: false });
    let keep = true;
    window.on('close', (event: { preventDefault(): void }) => {
      if (keep) event.preventDefault();
    });
    e.app.quit();
    expect(events).toEqual(['before-quit']);
    expect(electron.runtime.ended).toBeUndefined();
    keep = false;
    e.app.quit();
    expect(events).toEqual(['before-quit', 'before-quit', 'will-quit', 'quit']);
    expect(electron.runtime.ended).toEqual({ code: 0, how: 'quit' });
  });
});

describe('capture (electron_api_desktop_capturer.cc, desktop-capturer.ts)', () => {
  it('macOS: screen access is never not-determined; the first getSources asks and rejects with a bare string', async () => {
    const { electron } = await standIn('macos', true);
    const e = await import('./stand-in/index');
    expect(e.systemPreferences.getMediaAccessStatus('screen')).toBe('denied');
    const first = await e.desktopCapturer
      .getSources({ types: ['screen'] })
      .catch((reason: unknown) => reason);
    expect(first).toBe('Failed to get sources.');
    expect(electron.runtime.calls('macos.screen-recording-prompt')).toHaveLength(1);
    expect(electron.runtime.macListedInScreenRecording).toBe(true);
    // The user granted it in the prompt; this process stays refused until it is relaunched.
    expect(electron.runtime.macPermissionAtNextLaunch).toBe('granted');
    expect(e.systemPreferences.getMediaAccessStatus('screen')).toBe('denied');
    await expect(e.desktopCapturer.getSources({ types: ['screen'] })).rejects.toBe('Failed to get sources.');
    expect(electron.runtime.calls('macos.screen-recording-prompt')).toHaveLength(1);
    await standIn('macos', true, { profile: { macScreenPermission: 'granted' } });
    const relaunched = await import('./stand-in/index');
    expect(relaunched.systemPreferences.getMediaAccessStatus('screen')).toBe('granted');
    const sources = await relaunched.desktopCapturer.getSources({
      types: ['screen'],
      thumbnailSize: { width: 100, height: 100 },
    });
    expect(sources.map((s) => s.display_id)).toEqual(['1', '3']);
  });

  it('Wayland: a cancelled portal picker rejects with the string; no portal gives no source at all', async () => {
    await standIn('linux-wayland', true, { profile: { portalPicker: 'cancel' } });
    const e = await import('./stand-in/index');
    await expect(e.desktopCapturer.getSources({ types: ['screen'] })).rejects.toBe('Failed to get sources.');
    expect(typeof e.systemPreferences.getMediaAccessStatus).toBe('undefined');
    await standIn('linux-wayland', true, { profile: { portalPicker: 'portal-missing' } });
    const e2 = await import('./stand-in/index');
    await expect(e2.desktopCapturer.getSources({ types: ['screen'] })).resolves.toEqual([]);
  });

  it('thumbnails fit the box keeping the aspect ratio, upscaled when smaller', async () => {
    await standIn('macos', true, { profile: { macScreenPermission: 'granted' } });
    const e = await import('./stand-in/index');
    // 3024×1964 and 1920×1080 physical, one 3024×3024 box.
    const sources = await e.desktopCapturer.getSources({
      types: ['screen'],
      thumbnailSize: { width: 3024, height: 3024 },
    });
    expect(sources.map((s) => s.thumbnail.getSize())).toEqual([
      { width: 3024, height: 1964 },
      { width: 3024, height: 1701 },
    ]);
  });

  it('X11: display_id is the exact EDID int64, Display.id the nearest double', async () => {
    const { profile } = await standIn('linux-x11', true);
    const e = await import('./stand-in/index');
    const sources = await e.desktopCapturer.getSources({
      types: ['screen'],
      thumbnailSize: { width: 10, height: 10 },
    });
    expect(sources.map((s) => s.display_id)).toEqual([
      '13702250537190212',
      profile.displays[1]!.id.toString(),
    ]);
    const ids = e.screen.getAllDisplays().map((d) => d.id);
    expect(ids[0]).toBe(13702250537190212);
    expect(String(ids[1])).not.toBe(sources[1]!.display_id);
    expect(ids[1]).toBe(Number(sources[1]!.display_id));
  });
});

describe('contextBridge and IPC (electron_api_context_bridge.cc, ipc-renderer.ts, ipc-dispatch.ts)', () => {
  it('an Error crossing the bridge keeps its message only; plain objects keep their fields; handler errors are prefixed', async () => {
    const { electron } = await standIn('linux-x11', true);
    const e = await import('./stand-in/index');
    const window = new e.BrowserWindow({ show: false });
    await window.loadURL('app://glimpse/index.html#/answer');
    e.ipcMain.handle('boom', () => {
      throw new Error('handler broke');
    });
    const world = electron.openPage(window.webContents.id);
    class KindError extends Error {
      kind = 'screen-permission';
    }
    electron.currentWorld.run(world.ref, () =>
      e.contextBridge.exposeInMainWorld('api', {
        fail: () => Promise.reject(new KindError('no access')),
        reply: () =>
          Promise.resolve({ ok: false, error: { message: 'no access', kind: 'screen-permission' } }),
        boom: () => e.ipcRenderer.invoke('boom'),
      }),
    );
    const api = world.mainWorld.api as Record<string, () => Promise<unknown>>;
    const thrown = (await api.fail!().catch((error: unknown) => error)) as Error & { kind?: string };
    expect(thrown.message).toBe('no access');
    expect(thrown.kind).toBeUndefined();
    expect(thrown.constructor).toBe(Error);
    expect(await api.reply!()).toEqual({
      ok: false,
      error: { message: 'no access', kind: 'screen-permission' },
    });
    await expect(api.boom!()).rejects.toThrow("Error invoking remote method 'boom': Error: handler broke");
    expect(Object.isFrozen(api)).toBe(true);
  });
});

describe('globalShortcut (electron_api_global_shortcut.cc)', () => {
  it('OS grab: a taken accelerator is refused, unregister releases, suspended refuses', async () => {
    await standIn('windows', true, { profile: { takenShortcuts: ['Ctrl+Shift+E'] } });
    const { globalShortcut } = await import('./stand-in/control');
    expect(globalShortcut.register('CommandOrControl+Shift+E', () => {})).toBe(false);
    let fired = 0;
    expect(globalShortcut.register('CommandOrControl+Shift+R', () => fired++)).toBe(true);
    expect(globalShortcut.press('Ctrl+Shift+R')).toBe(true);
    globalShortcut.unregister('CommandOrControl+Shift+R');
    expect(globalShortcut.press('Ctrl+Shift+R')).toBe(false);
    globalShortcut.setSuspended(true);
    expect(globalShortcut.register('Alt+1', () => {})).toBe(false);
    expect(fired).toBe(1);
  });

  it('Wayland portal: register always true, unregister a no-op, suspension does not reach it, unregisterAll clears', async () => {
    // KDE: the portal binds whatever the app id (GNOME's refusal has its own test below).
    await standIn('linux-wayland', true, { profile: { env: { XDG_CURRENT_DESKTOP: 'KDE' } } });
    const { globalShortcut } = await import('./stand-in/control');
    let old = 0;
    expect(globalShortcut.register('CommandOrControl+Shift+E', () => old++)).toBe(true);
    expect(globalShortcut.register('CommandOrControl+Shift+E', () => old++)).toBe(true);
    globalShortcut.unregister('CommandOrControl+Shift+E');
    expect(globalShortcut.press('Ctrl+Shift+E')).toBe(true);
    globalShortcut.setSuspended(true);
    expect(globalShortcut.press('Ctrl+Shift+E')).toBe(true);
    globalShortcut.setSuspended(false);
    globalShortcut.unregisterAll();
    expect(globalShortcut.press('Ctrl+Shift+E')).toBe(false);
    expect(old).toBe(2);
  });

  it('GNOME binds nothing for an app id that names no installed .desktop file', async () => {
    await standIn('linux-wayland', true, { profile: { installedDesktopFiles: [] } });
    const { globalShortcut } = await import('./stand-in/control');
    expect(globalShortcut.register('Alt+K', () => {})).toBe(true);
    expect(globalShortcut.press('Alt+K')).toBe(false);
  });
});

describe('platform services', () => {
  it('stock GNOME shows no tray icon; Linux basic_text has no encryption; net.fetch stays on loopback', async () => {
    await standIn('linux-wayland', true);
    const e = await import('./stand-in/index');
    const tray = new e.Tray(e.nativeImage.createEmpty());
    expect(tray.shown).toBe(false);
    expect(() => tray.clickItem('Quit')).toThrow('shows no tray icon');
    expect(e.safeStorage.isEncryptionAvailable()).toBe(true);
    expect(e.safeStorage.getSelectedStorageBackend()).toBe('gnome_libsecret');
    await expect(e.net.fetch('https://api.openai.com/v1/models')).rejects.toThrow('only reach 127.0.0.1');

    await standIn('linux-x11', true);
    const x11 = await import('./stand-in/index');
    expect(x11.safeStorage.getSelectedStorageBackend()).toBe('basic_text');
    expect(x11.safeStorage.isEncryptionAvailable()).toBe(false);
    expect(() => x11.safeStorage.encryptString('k')).toThrow('Encryption is not available');

    await standIn('macos', true);
    const mac = await import('./stand-in/index');
    expect(mac.safeStorage.getSelectedStorageBackend).toBeUndefined();
    expect(mac.app.dock).toBeDefined();
    await standIn('windows', true);
    expect((await import('./stand-in/index')).app.dock).toBeUndefined();
  });
});

describe('windows (native_window_views.cc SetResizable, mutter meta_window_recalc_features, native_window_mac.mm)', () => {
  it('Linux: a non-resizable window is fixed-size, and Mutter refuses it full screen unless that size is the whole X screen', async () => {
    const gnome = { profile: { x11WindowManager: 'mutter' as const } };
    await standIn('linux-x11', true, gnome);
    const e = await import('./stand-in/index');
    const monitor = { x: 0, y: 0, width: 1920, height: 1080 };
    const fixed = new e.BrowserWindow({ ...monitor, resizable: false, show: false });
    fixed.setFullScreen(true);
    expect(fixed.isFullScreen()).toBe(false);
    const resizable = new e.BrowserWindow({ ...monitor, show: false });
    resizable.setFullScreen(true);
    expect(resizable.isFullScreen()).toBe(true);
    // Fixed to the whole X screen (both monitors side by side): allowed.
    const screenSized = new e.BrowserWindow({ x: 0, y: 0, width: 3840, height: 1080, resizable: false });
    screenSized.setFullScreen(true);
    expect(screenSized.isFullScreen()).toBe(true);
    // Made resizable again, the hints are gone: allowed.
    fixed.setResizable(true);
    fixed.setFullScreen(true);
    expect(fixed.isFullScreen()).toBe(true);
  });

  it('macOS: a window floats over full-screen apps only with visibleOnFullScreen while the app has no Dock icon', async () => {
    await standIn('macos', true);
    const e = await import('./stand-in/index');
    const control = await import('./stand-in/control');
    const window = new e.BrowserWindow({ show: false });
    window.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true, skipTransformProcessType: true });
    window.show();
    // The Dock icon is shown (a regular app): skipTransformProcessType left it so.
    expect(control.runtime.dockVisible).toBe(true);
    expect(window.floatsOverFullScreenApps()).toBe(false);
    e.app.dock!.hide();
    expect(window.floatsOverFullScreenApps()).toBe(true);
    expect(window.uiElementAtShow).toEqual([false]);
  });
});
