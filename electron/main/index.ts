/**
 * The composition root: wires the core to Electron's adapters. Logic lives in electron/core.
 */
import { join } from 'node:path';
import { app, clipboard, dialog, net, session, type BrowserWindow } from 'electron';
import type { EventChannel, EventPayloads } from '../../shared/ipc-contract';
import { installQuitHandling, isQuitting, setQuitSaver } from './quit';
import { createFetchSelector } from '../core/net/proxy-fetch';
import { CaptureStore, profileImageLimits } from '../core/app/captures';
import { warmImagePipeline } from '../core/image/warm';
import { ChatController } from '../core/app/chat-controller';
import { createHandlerTable } from '../core/app/handlers';
import { historyRecorder } from '../core/history/handlers';
import { OverlaySession } from '../core/capture';
import { CaptureShield, OcrEngine, PrivacyShield } from '../core/privacy';
import { UserFacingError, type EventSink } from '../core/ipc/dispatch';
import { AppActions } from '../core/app/actions';
import { readClipboardImage, userActionPorts } from '../core/app/action-runs';
import { resolveAction } from '../core/settings/actions';
import { applyLoginItem, openMainWindow, startTray, updateDock } from './app-life';
import { captureAllDisplays, captureDisplayUnderCursor, isWayland } from './capture';
import { startHotkeys } from './hotkeys';
import { electronOverlayHost } from './overlay';
import { chooseExportDir, chooseImportFile, openHistory } from './history-store';
import { invokingWebContentsId, serveIpc, windowEvents } from './ipc';
import {
  allowedAppOrigins,
  hardenAllWebContents,
  hardenSession,
  openExternalUrl,
  openScreenRecordingSettings,
  registerAppScheme,
  serveAppProtocol,
} from './security';
import { openSettings } from './settings-store';
import { createAppWindow, visibleAppWindowKinds } from './windows';
import { actionFromArgv, launchMode } from '../core/app/launch';
import {
  prepareDataDir,
  showPanelAtStart,
  showPanelOnActivate,
  startFailure,
  windowsAppUserModelId,
} from '../core/app/startup';
import { smokeFailure } from '../core/app/smoke';
import { finishSmokeTest } from './smoke';
import { secretsInTree } from '../core/diagnostics/index';
import { runAskInApp } from './cli';
import { appLog, copyDiagnostics, diagnosticsReport, setSecretSource } from './diagnostics';
import { startUpdates } from './updates';
import { uiLanguage } from './ui-language';
import type { UiLanguage } from '../core/i18n/main-texts';
import { displayBackend, ignoreClosedConsole, startOrRelaunch } from './ozone';

// Every line goes to the rotated log file in userData/logs, scrubbed of keys (and to the console).
const log = (line: string): void => appLog().info(line);
const launch = launchMode(process.argv, Boolean(process.defaultApp));
// `--smoke-test` (release CI): start, check, print one line, exit (electron/core/app/smoke.ts).
const smoke = launch.kind === 'smoke';

/** The settings' language, once they are read (a failed start words its box in it). */
let languageSetting: (() => string) | undefined;

/**
 * A start that failed says so and exits non-zero: a process left running without windows would
 * hold the single-instance lock, and every later launch would be handed to it and lost.
 * dialog.showErrorBox may be called before 'ready' (docs/api/dialog.md; on Linux it then writes
 * to stderr); app.exit works before 'ready' too (browser.cc ExitWithCode).
 */
function failStart(error: unknown): void {
  let logFile: string | undefined;
  try {
    logFile = appLog().path;
  } catch {
    // No log folder either: the message says so.
  }
  // The settings' language once they are read; before that (or if they never load), the OS's.
  const failure = startFailure(error, logFile, uiLanguage(languageSetting?.()));
  try {
    log(failure.line);
  } catch {
    // Best effort: the dialog below still tells the user.
  }
  // A smoke run is unattended (CI): a modal box would wait forever; the line says it all.
  if (smoke) console.error(smokeFailure(failure.line).line);
  else dialog.showErrorBox(failure.title, failure.content);
  app.exit(failure.exitCode);
}

// Windows shows a notification only for the AppUserModelID of the installer's Start menu
// shortcut (electron-builder's appId): claim it before anything can notify.
const appUserModelId = windowsAppUserModelId({
  platform: process.platform,
  packaged: app.isPackaged,
  execPath: process.execPath,
});
if (appUserModelId) app.setAppUserModelId(appUserModelId);

// Portable use and tests: keep every file in one chosen folder (made absolute and created, as
// setPath requires); a smoke run uses a fresh temporary one.
let dataDirReady = true;
try {
  const dataDir = prepareDataDir({ env: process.env.GLIMPSE_DATA_DIR, cwd: process.cwd(), smoke });
  if (dataDir) app.setPath('userData', dataDir);
} catch (error) {
  dataDirReady = false;
  failStart(
    new Error(
      `the data folder GLIMPSE_DATA_DIR=${process.env.GLIMPSE_DATA_DIR} cannot be used: ${String(error)}`,
    ),
  );
}

if (!dataDirReady) {
  // failStart has shown why and exited.
} else if (launch.kind === 'ask') {
  // `glimpse ask …`: the CLI in this process; no window, and the running app is left alone.
  runAskInApp(launch.args);
} else if (smoke) {
  // Checks this binary: never forwarded to, nor holding the lock against, a running Glimpse.
  ignoreClosedConsole();
  registerAppScheme();
  startHere();
} else if (!app.requestSingleInstanceLock()) {
  // Another Glimpse is running: it receives our argv (e.g. --capture) in 'second-instance'.
  app.quit();
} else {
  // A closed terminal must not turn console writes into error dialogs (see ozone.ts).
  ignoreClosedConsole();
  // Before 'ready', whichever process goes on to start: startHere may run after it.
  registerAppScheme();
  // Linux Wayland with GLIMPSE_XWAYLAND=1: an XWayland Glimpse is started and this one exits,
  // unless that one fails at once (ozone.ts). Otherwise startHere runs now.
  startOrRelaunch(startHere);
}

function startHere(): void {
  // Listened for at once: a `glimpse --capture` sent while this instance is still starting is
  // kept and run when start() is done, not lost.
  app.on('second-instance', (_event, argv) => {
    if (secondInstanceHandler) secondInstanceHandler(argv);
    else earlyArgv.push(argv);
  });
  void app
    .whenReady()
    .then(start)
    .then((answerWindow) => (smoke ? finishSmokeTest(answerWindow, import.meta.dirname) : undefined))
    .catch(failStart);
}

const earlyArgv: string[][] = [];
let secondInstanceHandler: ((argv: readonly string[]) => void) | undefined;

function onSecondInstance(handler: (argv: readonly string[]) => void): void {
  secondInstanceHandler = handler;
  for (const argv of earlyArgv.splice(0)) handler(argv);
}

/** Starts Glimpse; resolves with the answer window (the smoke test checks it loaded). */
async function start(): Promise<() => BrowserWindow> {
  const origins = allowedAppOrigins();
  hardenAllWebContents(origins);
  hardenSession(session.defaultSession);
  serveAppProtocol(session.defaultSession, join(import.meta.dirname, '../renderer'));

  const dataDir = app.getPath('userData');
  const settings = openSettings(dataDir, windowEvents, log);
  languageSetting = () => settings.current.language;
  // The language the OS-drawn parts (tray, notifications, dialogs) speak: the page's rule.
  const osLanguage = (): UiLanguage => uiLanguage(settings.current.language);
  for (const problem of settings.problems) log(`settings: ${problem.message}`);
  setSecretSource(() => [
    ...settings.current.profiles.flatMap((p) => settings.apiKey(p.id) ?? []),
    ...settings.headerSecrets(),
    ...secretsInTree(settings.current),
  ]);
  const updates = startUpdates({
    enabled: () => settings.current.updates.checkAutomatically,
    log: appLog(),
    language: osLanguage,
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
    endpoint: (actionId) => settings.chatProfile(actionId),
    record: historyRecorder(history, settings, windowEvents),
    log,
  });
  // Quitting mid-answer keeps the text that arrived: stop the streams (they are saved as
  // interrupted) and let the history finish writing (see quit.ts).
  setQuitSaver(() => chat.stopAll().then(() => history.flush()), log);
  // An action's capture is sized for the profile it asks (its own, or the active one).
  const captures = new CaptureStore({
    limits: (actionId) => {
      const action = actionId === undefined ? undefined : settings.action(actionId);
      return profileImageLimits(
        action ? resolveAction(settings.current, action).profile : settings.activeProfile(),
      );
    },
  });
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
  const { backend, line: backendLine } = displayBackend();
  if (backendLine) log(backendLine);
  const overlay = new OverlaySession({
    captures,
    events: overlayEvents,
    host: electronOverlayHost(() => refreshDock(), { nativeWayland: backend === 'wayland', log }),
  });
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
  // The app's actions, once: the shortcuts, the tray and the renderer's buttons all run these.
  const actions: AppActions = new AppActions({
    captureRegion: () => table['capture:region'](undefined),
    captureScreen: () => table['capture:screen'](undefined),
    showAnswer: () => showAnswer(),
    toggleAnswer: () => toggleAnswer(),
    openWindow: (route) => openMainWindow(route, () => refreshDock()),
    hotkeys: {
      paused: () => hotkeys.paused(),
      pause: () => hotkeys.pause(),
      resume: () => hotkeys.resume(),
    },
    copyDiagnostics: () => copyDiagnostics(settings.current),
    checkForUpdates: () => updates.checkNow(),
    quit: () => app.quit(),
    events: windowEvents,
    log,
    // Your own actions: the same capture paths, the capture carrying the action to the panel.
    userActions: userActionPorts({
      settings,
      captures,
      events: windowEvents,
      captureShield,
      captureScreen: () => captureDisplayUnderCursor(log),
      readClipboardImage: () => readClipboardImage(clipboard),
    }),
  });
  const hotkeys = startHotkeys(settings, actions.hotkeyHandlers(), isWayland(), log, osLanguage);
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
    exportDir: (what) => chooseExportDir(osLanguage(), what),
    importFile: (what) => chooseImportFile(osLanguage(), what),
    openExternal: openExternalUrl,
    writeClipboard: (text) => clipboard.writeText(text),
    life: {
      actions,
      hotkeys,
      requester: invokingWebContentsId,
      diagnosticsReport: () => diagnosticsReport(settings.current),
      about: () => ({
        version: app.getVersion(),
        runtime: {
          electron: process.versions.electron,
          chrome: process.versions.chrome,
          node: process.versions.node,
        },
        dataDir: app.getPath('userData'),
      }),
      openSystemSettings: async (url) => {
        if (!(await openScreenRecordingSettings(url)))
          // The code lets the page word it in its language (core-messages.ts 'app.macOnly').
          throw new UserFacingError('System Settings can only be opened on macOS.', 'unsupported', {
            code: 'app.macOnly',
          });
      },
    },
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
        if (!isQuitting()) {
          event.preventDefault();
          answerWindow?.hide();
        }
      });
    }
    return answerWindow;
  };
  answer();

  const showAnswer = (): void => {
    answer().show();
    answer().focus();
  };
  const toggleAnswer = (): void => {
    const window = answer();
    if (window.isVisible()) window.hide();
    else {
      window.show();
      window.focus();
    }
  };
  const refreshDock = (): void => updateDock(settings.current.dockIcon);
  for (const event of ['show', 'hide'] as const) answer().on(event as 'show', refreshDock);

  // `glimpse --capture` / `--capture-full` from a desktop shortcut (where global shortcuts do not
  // work, e.g. some Wayland desktops) triggers the running instance: see README.
  const runArgv = (argv: readonly string[]): boolean => {
    const action = actionFromArgv(argv);
    if (action !== undefined)
      void actions.runAction(action).catch((error: unknown) => {
        // An unknown name: said in the panel, as a failed capture is.
        log(`--action: ${String(error)}`);
        windowEvents.emit('capture:failed', {
          message: error instanceof Error ? error.message : String(error),
          kind: 'not-found',
          code: 'action.unknown',
          fields: { action },
        });
        showAnswer();
      });
    else if (argv.includes('--capture-full')) void actions.run('captureScreen');
    else if (argv.includes('--capture')) void actions.run('captureRegion');
    else return false;
    return true;
  };
  // Opening Glimpse again (a launcher, the .desktop file, the Start menu) shows the panel.
  onSecondInstance((argv) => {
    if (!runArgv(argv)) showAnswer();
  });
  // macOS: the Dock icon clicked, or the app opened again from Finder or Spotlight, while it runs
  // (a relaunch on macOS does not start a second instance: it activates this one).
  // Decided by our own windows: the event's hasVisibleWindows may count the menu-bar item.
  app.on('activate', () => {
    if (showPanelOnActivate(visibleAppWindowKinds())) showAnswer();
  });

  // The tray menu is the core's model of the same actions (electron/core/app/actions.ts).
  const tray = startTray(actions, () => ({
    language: osLanguage(),
    active: hotkeys.status().active,
    hotkeysPaused: hotkeys.paused(),
    updatesAvailable: app.isPackaged,
    actions: settings.current.actions,
    actionHotkeys: Object.fromEntries(
      Object.entries(hotkeys.status().active).flatMap(([key, accelerator]) =>
        key.startsWith('action:') && accelerator ? [[key.slice('action:'.length), accelerator]] : [],
      ),
    ),
  }));
  hotkeys.onChange(() => tray.refresh());
  let loginItem = settings.current.launchAtLogin;
  applyLoginItem(loginItem, log);
  settings.onChange(() => {
    tray.refresh();
    refreshDock();
    if (settings.current.launchAtLogin !== loginItem) {
      loginItem = settings.current.launchAtLogin;
      applyLoginItem(loginItem, log);
    }
  });
  refreshDock();

  // The answer window holds the first-run guide: shown while no endpoint is set up, or a first
  // launch would show nothing at all (no window, and no tray icon on stock GNOME).
  if (showPanelAtStart(settings.activeProfile())) showAnswer();
  runArgv(process.argv);
  // The first capture after a start then costs what later ones do (core/image/warm.ts).
  setTimeout(() => {
    warmImagePipeline().catch((error: unknown) => log(`image pipeline warm-up: ${String(error)}`));
  }, IMAGE_WARM_UP_DELAY_MS).unref();
  return answer;
}

/** After the start's own work (windows, history, the answer page) is done. */
const IMAGE_WARM_UP_DELAY_MS = 4000;

// Also releases the global shortcuts at 'will-quit', once 'ready' (see quit.ts).
installQuitHandling();
// Glimpse lives in the tray: closing every window does not quit it.
app.on('window-all-closed', () => {});
