/**
 * The composition root: wires the core to Electron's adapters. Logic lives in electron/core.
 */
import { join } from 'node:path';
import { app, globalShortcut, Menu, nativeImage, net, session, Tray, type BrowserWindow } from 'electron';
import { CaptureStore } from '../core/app/captures';
import { ChatController } from '../core/app/chat-controller';
import { createHandlerTable } from '../core/app/handlers';
import { userMessage } from '../core/ipc/dispatch';
import { SettingsService } from '../core/settings/settings';
import { captureDisplayUnderCursor } from './capture';
import { serveIpc, windowEvents } from './ipc';
import {
  allowedAppOrigins,
  hardenAllWebContents,
  hardenSession,
  registerAppScheme,
  serveAppProtocol,
} from './security';
import { electronSettingsStorage, keychainVault } from './settings-store';
import { createAppWindow } from './windows';
import { TRAY_ICON_DATA_URL } from './tray-icon';

const log = (line: string): void => console.log(`[glimpse] ${line}`);

// Portable use and tests: keep every file in one chosen folder.
if (process.env.GLIMPSE_DATA_DIR) app.setPath('userData', process.env.GLIMPSE_DATA_DIR);

if (!app.requestSingleInstanceLock()) {
  // Another Glimpse is running: it receives our argv (e.g. --capture) in 'second-instance'.
  app.quit();
} else {
  registerAppScheme();
  void app.whenReady().then(start);
}

function start(): void {
  const origins = allowedAppOrigins();
  hardenAllWebContents(origins);
  hardenSession(session.defaultSession);
  serveAppProtocol(session.defaultSession, join(import.meta.dirname, '../renderer'));

  const settings = new SettingsService(electronSettingsStorage(), keychainVault(log));
  for (const problem of settings.problems) log(`settings: ${problem.message}`);

  const chat = new ChatController({
    // net.fetch follows the system proxy settings, as users expect from a desktop app.
    fetch: (input, init) => net.fetch(input instanceof URL ? input.href : input, init),
    events: windowEvents,
    endpoint: () => ({
      endpoint: { baseUrl: settings.current.endpoint.baseUrl, apiKey: settings.apiKey() },
      model: settings.current.endpoint.model,
    }),
    log,
  });
  const table = createHandlerTable({
    settings,
    captures: new CaptureStore(),
    chat,
    events: windowEvents,
    captureScreen: captureDisplayUnderCursor,
  });
  serveIpc(table, origins, log);

  // Created hidden at start so that a capture shows its answer without waiting for a page load.
  let answerWindow: BrowserWindow | undefined;
  const answer = (): BrowserWindow => {
    if (!answerWindow || answerWindow.isDestroyed()) {
      answerWindow = createAppWindow('answer', {
        route: 'answer',
        width: 560,
        height: 640,
        alwaysOnTop: true,
        title: 'Glimpse',
        stayHidden: true,
      });
      answerWindow.on('close', (event) => {
        // Closing hides: Glimpse keeps running for the next hotkey.
        if (!quitting) {
          event.preventDefault();
          answerWindow?.hide();
        }
      });
    }
    return answerWindow;
  };
  answer();

  const captureScreen = async (): Promise<void> => {
    const window = answer();
    try {
      await table['capture:screen'](undefined);
    } catch (error) {
      log(`capture failed: ${String(error)}`);
      windowEvents.emit('capture:failed', { message: userMessage(error, 'Could not capture the screen') });
    } finally {
      window.show();
      window.focus();
    }
  };

  const hotkey = settings.current.hotkeys.captureScreen;
  if (!globalShortcut.register(hotkey, () => void captureScreen())) {
    log(`hotkey ${hotkey} is taken by another application; use the tray menu or "glimpse --capture"`);
  }

  app.on('second-instance', (_event, argv) => {
    if (argv.includes('--capture')) void captureScreen();
    else answer().show();
  });

  const tray = new Tray(nativeImage.createFromDataURL(TRAY_ICON_DATA_URL));
  tray.setToolTip('Glimpse');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Explain my screen', accelerator: hotkey, click: () => void captureScreen() },
      { label: 'Show Glimpse', click: () => answer().show() },
      { type: 'separator' },
      { label: 'Quit Glimpse', role: 'quit' },
    ]),
  );

  if (process.argv.includes('--capture')) void captureScreen();
}

let quitting = false;
app.on('before-quit', () => {
  quitting = true;
});
app.on('will-quit', () => globalShortcut.unregisterAll());
// Glimpse lives in the tray: closing every window does not quit it.
app.on('window-all-closed', () => {});
