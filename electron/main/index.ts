/**
 * The composition root: wires the core to Electron's adapters. Logic lives in electron/core.
 */
import { join } from 'node:path';
import {
  app,
  clipboard,
  globalShortcut,
  Menu,
  nativeImage,
  net,
  session,
  Tray,
  type BrowserWindow,
} from 'electron';
import type { EventChannel, EventPayloads } from '../../shared/ipc-contract';
import { createFetchSelector } from '../core/net/proxy-fetch';
import { CaptureStore, profileImageLimits } from '../core/app/captures';
import { ChatController } from '../core/app/chat-controller';
import { createHandlerTable } from '../core/app/handlers';
import { historyRecorder } from '../core/history/handlers';
import { OverlaySession } from '../core/capture';
import { CaptureShield, OcrEngine, PrivacyShield } from '../core/privacy';
import { userMessage, type EventSink } from '../core/ipc/dispatch';
import { SettingsService } from '../core/settings/settings';
import { captureAllDisplays, captureDisplayUnderCursor, isWayland } from './capture';
import { startHotkeys } from './hotkeys';
import { electronOverlayHost } from './overlay';
import { chooseExportDir, openHistory } from './history-store';
import { serveIpc, windowEvents } from './ipc';
import {
  allowedAppOrigins,
  hardenAllWebContents,
  hardenSession,
  openExternalUrl,
  registerAppScheme,
  serveAppProtocol,
} from './security';
import { electronSettingsStorage, keychainVault } from './settings-store';
import { createAppWindow } from './windows';
import { TRAY_ICON_DATA_URL } from './tray-icon';
import { launchMode } from '../core/app/launch';
import { secretsInTree } from '../core/diagnostics/index';
import { runAskInApp } from './cli';
import { appLog, copyDiagnostics, setSecretSource } from './diagnostics';
import { startUpdates } from './updates';

// Every line goes to the rotated log file in userData/logs, scrubbed of keys (and to the console).
const log = (line: string): void => appLog().info(line);
const launch = launchMode(process.argv, Boolean(process.defaultApp));

// Portable use and tests: keep every file in one chosen folder.
if (process.env.GLIMPSE_DATA_DIR) app.setPath('userData', process.env.GLIMPSE_DATA_DIR);

if (launch.kind === 'ask') {
  // `glimpse ask …`: the CLI in this process; no window, and the running app is left alone.
  runAskInApp(launch.args);
} else if (!app.requestSingleInstanceLock()) {
  // Another Glimpse is running: it receives our argv (e.g. --capture) in 'second-instance'.
  app.quit();
} else {
  registerAppScheme();
  void app
    .whenReady()
    .then(start)
    .catch((error: unknown) => log(`start failed: ${String(error)}`));
}

async function start(): Promise<void> {
  const origins = allowedAppOrigins();
  hardenAllWebContents(origins);
  hardenSession(session.defaultSession);
  serveAppProtocol(session.defaultSession, join(import.meta.dirname, '../renderer'));

  const dataDir = app.getPath('userData');
  const settings = new SettingsService(electronSettingsStorage(dataDir), keychainVault(dataDir, log));
  for (const problem of settings.problems) log(`settings: ${problem.message}`);
  setSecretSource(() => [
    ...settings.current.profiles.flatMap((p) => settings.apiKey(p.id) ?? []),
    ...secretsInTree(settings.current),
  ]);
  const updates = startUpdates({
    enabled: () => settings.current.updates.checkAutomatically,
    log: appLog(),
  });
  settings.onChange(() => updates.settingsChanged());
  // Opening reads only the list; search text loads in the background.
  const history = await openHistory(dataDir, windowEvents, log);

  // net.fetch follows the system proxy settings, as users expect from a desktop app; a profile
  // may instead go direct (Node's fetch) or through its own proxy.
  const systemFetch: typeof globalThis.fetch = (input, init) =>
    net.fetch(input instanceof URL ? input.href : input, init);
  const chat = new ChatController({
    fetch: systemFetch,
    fetchFor: createFetchSelector({ system: systemFetch, direct: globalThis.fetch }),
    events: windowEvents,
    endpoint: () => settings.chatProfile(),
    record: historyRecorder(history, settings, windowEvents),
    log,
  });
  const captures = new CaptureStore({ limits: () => profileImageLimits(settings.activeProfile()) });
  // The overlay's events also tell main when a region was sent: then the answer panel shows.
  const overlayEvents: EventSink = {
    emit<C extends EventChannel>(channel: C, payload: EventPayloads[C]) {
      windowEvents.emit(channel, payload);
      if (
        channel === 'overlay:closed' &&
        (payload as EventPayloads['overlay:closed']).reason === 'submitted'
      ) {
        answer().show();
        answer().focus();
      }
    },
  };
  const overlay = new OverlaySession({ captures, events: overlayEvents, host: electronOverlayHost() });
  // Offline OCR for the privacy shield: language data from node_modules, linked into userData once.
  const ocr = new OcrEngine({ languages: ['eng', 'fra'], dataDir: join(dataDir, 'ocr') });
  const privacy = new PrivacyShield({ engine: ocr, settings: () => settings.current.privacy });
  const captureShield = new CaptureShield({
    engine: ocr,
    settings: () => settings.current.privacy,
    events: windowEvents,
  });
  app.on('will-quit', () => {
    captureShield.dispose();
    void ocr.dispose();
  });
  if (isWayland()) log('Wayland session: the desktop may ask which screen to share; see README');
  const table = createHandlerTable({
    settings,
    captures,
    chat,
    events: windowEvents,
    captureScreen: () => captureDisplayUnderCursor(log),
    overlay,
    captureDisplays: () => captureAllDisplays(log),
    privacy,
    captureShield,
    ocr,
    history,
    exportDir: chooseExportDir,
    openExternal: openExternalUrl,
    writeClipboard: (text) => clipboard.writeText(text),
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

  // Region capture: every display frozen first, then one overlay per display.
  const captureRegion = async (): Promise<void> => {
    try {
      await table['capture:region'](undefined);
    } catch (error) {
      log(`region capture failed: ${String(error)}`);
      windowEvents.emit('capture:failed', { message: userMessage(error, 'Could not capture the screen') });
      answer().show();
    }
  };
  const toggleWindow = (): void => {
    const window = answer();
    if (window.isVisible()) window.hide();
    else {
      window.show();
      window.focus();
    }
  };

  const hotkeys = startHotkeys(
    settings,
    {
      captureRegion: () => void captureRegion(),
      captureScreen: () => void captureScreen(),
      toggleWindow,
    },
    log,
  );

  // `glimpse --capture` / `--capture-full` from a desktop shortcut (where global shortcuts do not
  // work, e.g. some Wayland desktops) triggers the running instance: see README.
  const runArgv = (argv: readonly string[]): boolean => {
    if (argv.includes('--capture-full')) void captureScreen();
    else if (argv.includes('--capture')) void captureRegion();
    else return false;
    return true;
  };
  app.on('second-instance', (_event, argv) => {
    if (!runArgv(argv)) answer().show();
  });

  const tray = new Tray(nativeImage.createFromDataURL(TRAY_ICON_DATA_URL));
  tray.setToolTip('Glimpse');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      {
        label: 'Explain a region…',
        accelerator: hotkeys.state().active.captureRegion,
        click: () => void captureRegion(),
      },
      {
        label: 'Explain the whole screen',
        accelerator: hotkeys.state().active.captureScreen,
        click: () => void captureScreen(),
      },
      { label: 'Show Glimpse', click: () => answer().show() },
      { type: 'separator' },
      { label: 'Check for updates', click: () => void updates.checkNow() },
      { label: 'Copy diagnostics', click: () => void copyDiagnostics(settings.current) },
      { type: 'separator' },
      { label: 'Quit Glimpse', role: 'quit' },
    ]),
  );

  runArgv(process.argv);
}

let quitting = false;
app.on('before-quit', () => {
  quitting = true;
});
app.on('will-quit', () => globalShortcut.unregisterAll());
// Glimpse lives in the tray: closing every window does not quit it.
app.on('window-all-closed', () => {});
