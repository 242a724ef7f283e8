/**
 * The stand-in for the `electron` module (tests/desktop/vitest.config.ts aliases `electron` here).
 * It exports exactly the names electron/main and electron/preload import (checked by
 * tests/desktop/stand-in.test.ts); each is typed against the shipped electron.d.ts in its own
 * file, with `satisfies`/`implements` over the members the stand-in provides.
 *
 * It also has a default export: in the main process `electron` is a CommonJS module, so an ESM
 * default import of it (electron-store's `import electron from 'electron'`) is its module.exports,
 * every API at once. electron-store reads app.getPath('userData'), app.getVersion() and
 * ipcMain.on('electron-store-get-data') from it.
 */
import { app } from './app';
import { BrowserWindow, webContents } from './windows';
import { contextBridge, ipcMain, ipcRenderer } from './ipc';
import { desktopCapturer, screen, systemPreferences } from './capture';
import { globalShortcut } from './shortcuts';
import { clipboard, dialog, Menu, Notification, powerMonitor, shell, Tray } from './shell-ui';
import { net, protocol, safeStorage, session } from './network';
import { NativeImage } from './native-image';
export { app } from './app';
export { BrowserWindow, webContents } from './windows';
export { contextBridge, ipcMain, ipcRenderer } from './ipc';
export { desktopCapturer, screen, systemPreferences } from './capture';
export { globalShortcut } from './shortcuts';
export { clipboard, dialog, Menu, Notification, powerMonitor, shell, Tray } from './shell-ui';
export { net, protocol, safeStorage, session } from './network';
export { NativeImage as nativeImage } from './native-image';

export default {
  app,
  BrowserWindow,
  webContents,
  contextBridge,
  ipcMain,
  ipcRenderer,
  desktopCapturer,
  screen,
  systemPreferences,
  globalShortcut,
  clipboard,
  dialog,
  Menu,
  Notification,
  powerMonitor,
  shell,
  Tray,
  net,
  protocol,
  safeStorage,
  session,
  nativeImage: NativeImage,
};
