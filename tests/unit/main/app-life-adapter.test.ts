/**
 * electron/main/app-life.ts against a stand-in for `electron`: the tray menu is exactly the core's
 * model (each item runs its action, accelerators only shown), the Dock follows visible windows,
 * and launch at login writes/removes the XDG autostart file on Linux.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { APP_ACTION_IDS, type AppActionId, type AppActions } from '../../../electron/core/app/actions';

interface TemplateItem {
  type?: string;
  label?: string;
  accelerator?: string;
  registerAccelerator?: boolean;
  enabled?: boolean;
  click?: () => void;
}

const menus: TemplateItem[][] = [];
const dock = { shown: 0, hidden: 0 };
const windows: { id: number; visible: boolean }[] = [];
const loginItems: unknown[] = [];
const config = mkdtempSync(join(tmpdir(), 'glimpse-life-main-'));
process.env.XDG_CONFIG_HOME = config;
delete process.env.APPIMAGE;
delete process.env.APPDIR;
delete process.env.GLIMPSE_XWAYLAND;

vi.mock('electron', () => ({
  app: {
    isPackaged: true,
    dock: {
      show: () => {
        dock.shown++;
        return Promise.resolve();
      },
      hide: () => void dock.hidden++,
    },
    setLoginItemSettings: (settings: unknown) => void loginItems.push(settings),
  },
  BrowserWindow: {
    getAllWindows: () =>
      windows.map((w) => ({ id: w.id, isDestroyed: () => false, isVisible: () => w.visible })),
  },
  Menu: { buildFromTemplate: (template: TemplateItem[]) => (menus.push(template), template) },
  nativeImage: { createFromDataURL: () => ({}) },
  Tray: class {
    setToolTip() {}
    setContextMenu() {}
  },
  // security.ts and windows.ts are imported by the adapter; only these names are touched at import.
  protocol: { registerSchemesAsPrivileged: () => {} },
  shell: {},
  session: {},
}));

vi.mock('../../../electron/main/windows', () => ({
  appWindowIds: (kind?: string) => new Set(kind === 'overlay' ? [2] : []),
  createAppWindow: () => {
    throw new Error('not under test');
  },
}));

const { startTray, updateDock, applyLoginItem } = await import('../../../electron/main/app-life');

afterAll(() => rmSync(config, { recursive: true, force: true }));

describe('app-life adapter', () => {
  it('builds the tray menu from the model; every item runs its own action', () => {
    const ran: AppActionId[] = [];
    const actions = {
      run: (id: AppActionId) => (ran.push(id), Promise.resolve({})),
    } as unknown as AppActions;
    let paused = false;
    const tray = startTray(actions, () => ({
      language: 'en',
      active: { captureRegion: 'CommandOrControl+Shift+E' },
      hotkeysPaused: paused,
      updatesAvailable: true,
    }));
    const menu = menus.at(-1)!;
    const items = menu.filter((i) => i.type !== 'separator');
    expect(items).toHaveLength(APP_ACTION_IDS.length);
    for (const item of items) item.click?.();
    expect(ran).toHaveLength(APP_ACTION_IDS.length);
    expect(new Set(ran)).toEqual(new Set(APP_ACTION_IDS));
    const region = items.find((i) => i.label === 'Explain a region…');
    expect(region).toMatchObject({ accelerator: 'CommandOrControl+Shift+E', registerAccelerator: false });
    paused = true;
    tray.refresh();
    expect(menus.at(-1)!.some((i) => i.label === 'Resume shortcuts')).toBe(true);
  });

  it('shows the Dock icon while a window other than an overlay is visible (macOS)', () => {
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
    Object.defineProperty(process, 'platform', { value: 'darwin' });
    try {
      windows.splice(0, windows.length, { id: 1, visible: false }, { id: 2, visible: true });
      updateDock('with-windows');
      expect(dock).toEqual({ shown: 0, hidden: 1 });
      windows[0]!.visible = true;
      updateDock('with-windows');
      expect(dock).toEqual({ shown: 1, hidden: 1 });
      windows[0]!.visible = false;
      // 'always' keeps the icon that is already shown: no second show() (each one blinks it).
      updateDock('always');
      expect(dock).toEqual({ shown: 1, hidden: 1 });
      updateDock('with-windows');
      expect(dock).toEqual({ shown: 1, hidden: 2 });
    } finally {
      Object.defineProperty(process, 'platform', platform);
    }
  });

  it('launch at login: an XDG autostart file on Linux, written and removed', () => {
    if (process.platform !== 'linux') return;
    const file = join(config, 'autostart', 'glimpse.desktop');
    applyLoginItem(true, () => {});
    expect(readFileSync(file, 'utf8')).toContain(`Exec=${process.execPath}`);
    applyLoginItem(false, () => {});
    expect(existsSync(file)).toBe(false);
    expect(loginItems).toEqual([]);
  });

  it('launch at login follows GLIMPSE_XWAYLAND=1 and ignores an AppImage it does not run from', () => {
    if (process.platform !== 'linux') return;
    const file = join(config, 'autostart', 'glimpse.desktop');
    Object.assign(process.env, {
      GLIMPSE_XWAYLAND: '1',
      APPIMAGE: '/home/ann/Code.AppImage',
      APPDIR: '/tmp/.mount_CodeZZ',
    });
    try {
      applyLoginItem(true, () => {});
      expect(readFileSync(file, 'utf8')).toContain(`\nExec=env GLIMPSE_XWAYLAND=1 ${process.execPath}\n`);
    } finally {
      for (const name of ['GLIMPSE_XWAYLAND', 'APPIMAGE', 'APPDIR']) delete process.env[name];
      applyLoginItem(false, () => {});
    }
  });
});
