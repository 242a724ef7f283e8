/**
 * Start-up decisions of the main process, in plain Node (electron/main/index.ts applies them):
 * where the data folder is, the Windows AppUserModelID, what is shown at start and on a
 * relaunch, and what a failed start tells the user before the process exits.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { mainTexts, type UiLanguage } from '../i18n/main-texts';

/**
 * electron-builder.yml's `appId`. The NSIS installer writes it as the AppUserModelID of the Start
 * menu shortcut; Windows shows a toast only for an AUMID that has such a shortcut, so the app
 * must claim the same one (tests/unit/packaging checks the two agree).
 */
export const APP_ID = 'app.glimpse.desktop';

/**
 * The AUMID to set on Windows, or undefined elsewhere. Packaged: APP_ID, the installer's. In
 * development (`electron .`) there is no such shortcut; Electron's notification guide says to use
 * process.execPath there.
 */
export function windowsAppUserModelId(env: {
  platform: string;
  packaged: boolean;
  execPath: string;
}): string | undefined {
  if (env.platform !== 'win32') return undefined;
  return env.packaged ? APP_ID : env.execPath;
}

/**
 * The folder to hand to app.setPath('userData'), created, or undefined to keep Electron's.
 * GLIMPSE_DATA_DIR may be relative (portable use, tests): Electron's SetPath refuses anything
 * but an absolute path ("Path must be absolute", electron_api_app.cc) and a folder that does not
 * exist (docs/api/app.md), so it is resolved against `cwd` and created. A smoke test without
 * GLIMPSE_DATA_DIR gets a fresh temporary folder: it must neither read nor change the user's data.
 */
export function prepareDataDir(options: {
  env: string | undefined;
  cwd: string;
  smoke: boolean;
  tmp?: string;
}): string | undefined {
  const wanted = options.env?.trim();
  if (wanted) {
    const dir = isAbsolute(wanted) ? wanted : resolve(options.cwd, wanted);
    mkdirSync(dir, { recursive: true });
    return dir;
  }
  if (options.smoke) return mkdtempSync(join(options.tmp ?? tmpdir(), 'glimpse-smoke-'));
  return undefined;
}

/** What the active profile must have before a question can be sent (as the first-run guide reads it). */
export interface EndpointState {
  baseUrl: string;
  model: string;
}

/**
 * Whether the answer window, which holds the first-run guide, is shown at start: on a first run
 * and whenever no endpoint is configured (else nothing at all would appear — the window is
 * created hidden and some desktops, stock GNOME among them, show no tray icon). Once set up,
 * Glimpse starts quietly in the background and waits for the hotkey.
 */
export function showPanelAtStart(endpoint: EndpointState): boolean {
  return endpoint.baseUrl.trim() === '' || endpoint.model.trim() === '';
}

/** The windows 'activate' decides on: those a user opens and comes back to (not an overlay). */
export type ActivateWindowKind = 'answer' | 'main' | 'overlay';

/**
 * macOS 'activate' (Dock icon clicked, the app opened again from Finder or Spotlight while it
 * runs): with neither the answer panel nor the main window visible, the answer panel is shown,
 * so that the click does something; with one visible, macOS brings it forward by itself.
 * Decided from our own visible windows (`visible`, their kinds), never from the event's
 * hasVisibleWindows: that is AppKit's applicationShouldHandleReopen flag, passed through as is
 * (electron_application_delegate.mm), and for a menu-bar app it may count the status item's
 * window, so it can be true while no Glimpse window is on screen.
 */
export function showPanelOnActivate(visible: readonly ActivateWindowKind[]): boolean {
  return !visible.some((kind) => kind === 'answer' || kind === 'main');
}

/** What a start that failed shows, prints and exits with. */
export interface StartFailure {
  /** For dialog.showErrorBox (callable before 'ready'; on Linux before 'ready' it goes to stderr). */
  title: string;
  content: string;
  /** One line for stderr and the log. */
  line: string;
  exitCode: number;
}

/**
 * A failed start must not leave a process without windows that holds the single-instance lock:
 * every later launch would be handed to it and lost. The user is told what failed and where the
 * log is, then the process exits non-zero.
 */
export function startFailure(
  error: unknown,
  logFile: string | undefined,
  /** The UI's language, or the OS's when the settings are not loaded (main-texts.ts). */
  language: UiLanguage = 'en',
): StartFailure {
  const raw = error instanceof Error ? error.message : String(error);
  const reason = raw.trim() === '' ? undefined : raw.trim();
  const texts = mainTexts(language);
  return {
    title: texts.startFailedTitle,
    content: texts.startFailedContent(reason, logFile),
    line: `start failed: ${reason ?? 'an unknown error'}`,
    exitCode: 1,
  };
}
