/**
 * Tray, main window, launch at login and the macOS Dock (thin adapters). What the menu holds, when
 * the Dock icon shows and what launch-at-login writes are decided in electron/core/app; this file
 * only hands the results to Electron. Not runnable on the build machine (no Electron binary).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  app,
  BrowserWindow,
  Menu,
  nativeImage,
  Tray,
  type MenuItemConstructorOptions,
  type NativeImage,
} from 'electron';
import type { AppActions, TrayMenuState } from '../core/app/actions';
import { DockIconState } from '../core/app/dock';
import { trayMenuModel } from '../core/app/actions';
import { xwaylandRequested } from '../core/app/ozone';
import { dockIconVisible, loginItemPlan, type DockIconMode } from '../core/app/platform';
import { appPageUrl } from '../core/security';
import { rendererDevServerOrigin } from './security';
import { TRAY_ICON_DATA_URL, TRAY_TEMPLATE_16_DATA_URL, TRAY_TEMPLATE_32_DATA_URL } from './tray-icon';
import { appWindowIds, createAppWindow } from './windows';

/**
 * macOS: a template image (black and alpha, 16 px with a 32 px Retina representation) that the
 * menu bar recolours for light and dark; elsewhere the coloured icon.
 */
function trayImage(): NativeImage {
  if (process.platform !== 'darwin') return nativeImage.createFromDataURL(TRAY_ICON_DATA_URL);
  const image = nativeImage.createFromDataURL(TRAY_TEMPLATE_16_DATA_URL);
  image.addRepresentation({ scaleFactor: 2, dataURL: TRAY_TEMPLATE_32_DATA_URL });
  image.setTemplateImage(true);
  return image;
}

/** The tray icon; its menu is rebuilt from the core's model whenever `state()` may have changed. */
export function startTray(actions: AppActions, state: () => TrayMenuState): { refresh(): void } {
  const tray = new Tray(trayImage());
  tray.setToolTip('Glimpse');
  const refresh = (): void => {
    const template: MenuItemConstructorOptions[] = trayMenuModel(state()).map((item) =>
      item.type === 'separator'
        ? { type: 'separator' }
        : {
            label: item.label,
            enabled: item.enabled,
            // Shown only: the global shortcut is registered by the hotkeys, not by the menu.
            ...(item.accelerator ? { accelerator: item.accelerator, registerAccelerator: false } : {}),
            click: () =>
              void (item.type === 'user-action'
                ? actions.runAction(item.actionId).catch(() => {})
                : actions.run(item.id)),
          },
    );
    tray.setContextMenu(Menu.buildFromTemplate(template));
  };
  refresh();
  return { refresh };
}

let mainWindow: BrowserWindow | undefined;

/** Opens the main window on a renderer route (or moves the open one there) and focuses it. */
export function openMainWindow(route: string, onVisibilityChange: () => void): boolean {
  const url = appPageUrl(route, rendererDevServerOrigin());
  if (!mainWindow || mainWindow.isDestroyed()) {
    mainWindow = createAppWindow('main', { route });
    for (const event of ['show', 'hide', 'closed'] as const)
      mainWindow.on(event as 'show', onVisibilityChange);
    return true;
  }
  if (mainWindow.webContents.getURL() !== url) void mainWindow.loadURL(url);
  mainWindow.show();
  mainWindow.focus();
  return true;
}

const dock = new DockIconState();

/**
 * macOS: shows the Dock icon while one of our windows (not an overlay) is visible, or always.
 * The packaged app starts without one (LSUIElement in electron-builder.yml, so it never flashes
 * at launch); it is shown here, and only show/hide calls that change it reach Electron.
 */
export function updateDock(mode: DockIconMode): void {
  if (process.platform !== 'darwin' || !app.dock) return;
  const overlays = appWindowIds('overlay');
  const kinds = BrowserWindow.getAllWindows()
    .filter((w) => !w.isDestroyed() && w.isVisible())
    .map((w) => (overlays.has(w.id) ? 'overlay' : 'window'));
  const call = dock.next(dockIconVisible(mode, kinds));
  if (call === 'show') void app.dock.show();
  else if (call === 'hide') app.dock.hide();
}

/**
 * macOS, before the overlays open: the app must be a UIElement (no Dock icon) for a window to
 * show above another app's full-screen Space (native_window_mac.mm SetVisibleOnAllWorkspaces,
 * "Apple changed the underlying functionality of NSWindows starting with 10.14"). The overlays
 * pass skipTransformProcessType, which docs/api/browser-window.md allows only for a window that
 * is already of type UIElementApplication: so the Dock icon is hidden here, through the same
 * state as updateDock, which shows it again when the overlays close.
 */
export function hideDockForOverlays(): void {
  if (process.platform !== 'darwin' || !app.dock) return;
  if (dock.next(false) === 'hide') app.dock.hide();
}

/** Applies the launch-at-login setting: a login item (macOS, Windows) or an XDG autostart file. */
export function applyLoginItem(enabled: boolean, log: (line: string) => void): void {
  const plan = loginItemPlan(enabled, {
    platform: process.platform,
    execPath: process.execPath,
    appImage: process.env.APPIMAGE,
    appDir: process.env.APPDIR,
    configHome: process.env.XDG_CONFIG_HOME || join(homedir(), '.config'),
    packaged: app.isPackaged,
    // Started with GLIMPSE_XWAYLAND=1: so is the Glimpse started at login.
    xwayland: xwaylandRequested(process.env),
  });
  try {
    if (plan.kind === 'electron') app.setLoginItemSettings({ openAtLogin: plan.openAtLogin });
    else if (plan.kind === 'xdg' && plan.content !== null) {
      mkdirSync(dirname(plan.path), { recursive: true });
      writeFileSync(plan.path, plan.content, { mode: 0o644 });
    } else if (plan.kind === 'xdg') rmSync(plan.path, { force: true });
    else if (enabled) log(`launch at login: ${plan.reason}`);
  } catch (error) {
    log(`launch at login could not be set: ${String(error)}`);
  }
}
