/**
 * The stand-in for the `electron` module (tests/desktop/vitest.config.ts aliases `electron` here).
 * It exports exactly the names electron/main and electron/preload import (checked by
 * tests/desktop/stand-in.test.ts); each is typed against the shipped electron.d.ts in its own
 * file, with `satisfies`/`implements` over the members the stand-in provides.
 */
export { app } from './app';
export { BrowserWindow, webContents } from './windows';
export { contextBridge, ipcMain, ipcRenderer } from './ipc';
export { desktopCapturer, screen, systemPreferences } from './capture';
export { globalShortcut } from './shortcuts';
export { clipboard, dialog, Menu, Notification, powerMonitor, shell, Tray } from './shell-ui';
export { net, protocol, safeStorage, session } from './network';
export { NativeImage as nativeImage } from './native-image';
