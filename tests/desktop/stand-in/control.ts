/**
 * What the tests drive and observe: the desktop side of the stand-in (never imported by the app).
 * Import it after the app's module graph is set up (the harness does), so both share one process.
 */
export { runtime } from './runtime';
export { app, fireReady, secondInstance, activate, loginItemHistory } from './app';
export { BrowserWindow, webContents } from './windows';
export { globalShortcut, normalizeAccelerator } from './shortcuts';
export { Tray, Notification, Menu, dialogAnswers } from './shell-ui';
export { session, protocol } from './network';
export { openPage, pageOf, ipcMain } from './ipc';
export { currentWorld } from './runtime';
export { jsDisplayId, letterbox, FAILED_TO_GET_SOURCES } from './capture';
export { powerMonitor } from './shell-ui';
export { screenPixels } from './native-image';
