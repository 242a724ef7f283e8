/**
 * `app` (docs/api/app.md; shell/browser/browser.cc, api/electron_api_app.cc, lib/browser/init.ts).
 *
 * - 'ready': the 'ready' listeners run, then whenReady() resolves (Browser::DidFinishLaunching).
 * - setPath throws "Path must be absolute" for a relative path and does not create the folder;
 *   requestSingleInstanceLock creates userData; a second instance gets false and the first one a
 *   'second-instance' event (event, argv, workingDirectory, additionalData).
 * - quit(): 'before-quit' (cancellable) → every window asked to close (a prevented 'close' cancels
 *   the quit) → 'will-quit' (cancellable) → 'quit' → the process ends with code 0. Before ready
 *   the same events run (there are no windows) and the process ends when the loop would start.
 * - exit(code): before ready, exit(2) at once with no event at all; after ready, windows are
 *   destroyed without 'close', then 'quit', and the process ends with `code`.
 * - 'window-all-closed' with no listener quits (default behaviour, docs); 'activate' is macOS only.
 * - process.exit is mapped to app.exit (lib/browser/init.ts) — the harness installs that mapping.
 * - name, version and desktopName come from package.json as init.ts sets them.
 * - dock exists on macOS only; show()/hide() change the Dock icon (LSUIElement apps start without).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { appEmitter, emitSafely, lifecycle, runtime } from './runtime';
import { BrowserWindow, preventableEvent } from './windows';

interface PackageJson {
  name?: string;
  productName?: string;
  version?: string;
  desktopName?: string;
}

const packageJson = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../package.json'), 'utf8'),
) as PackageJson;

/** lib/browser/desktop-name.ts */
function defaultDesktopName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug || 'electron'}.desktop`;
}

let appName = (packageJson.productName ?? packageJson.name ?? 'Electron').trim();
let appVersion = packageJson.version ?? '0.0.0';
runtime.desktopName = packageJson.desktopName || defaultDesktopName(appName);

const paths = new Map<string, string>();
let quitting = false;
let exiting = false;
let shutdown = false;
let exitCode = 0;
let lockHeld = false;

/** Where the OS keeps each folder, under the boot's fake home. */
function defaultPath(name: string): string {
  const home = runtime.home ?? homedir();
  const appData =
    runtime.platform === 'darwin'
      ? join(home, 'Library/Application Support')
      : runtime.platform === 'win32'
        ? join(home, 'AppData/Roaming')
        : join(home, '.config');
  switch (name) {
    case 'home':
      return home;
    case 'appData':
      return appData;
    case 'userData':
    case 'sessionData':
      return paths.get('userData') ?? join(appData, appName);
    case 'temp':
      return join(home, 'tmp');
    case 'logs':
      return runtime.platform === 'darwin'
        ? join(home, 'Library/Logs', appName)
        : join(defaultPath('userData'), 'logs');
    case 'exe':
      return process.execPath;
    case 'desktop':
    case 'documents':
    case 'downloads':
    case 'music':
    case 'pictures':
    case 'videos':
      return join(home, name[0]!.toUpperCase() + name.slice(1));
    case 'crashDumps':
      return join(defaultPath('userData'), 'Crashpad');
    default:
      throw new Error(`Failed to get '${name}' path`);
  }
}

const KNOWN_PATHS = [
  'home',
  'appData',
  'userData',
  'sessionData',
  'temp',
  'exe',
  'module',
  'desktop',
  'documents',
  'downloads',
  'music',
  'pictures',
  'videos',
  'recent',
  'logs',
  'crashDumps',
];

/** Browser::Shutdown: 'quit' with the exit code, then the process ends. */
function finishShutdown(): void {
  if (shutdown) return;
  shutdown = true;
  quitting = true;
  emitSafely(() => appEmitter.emit('quit', preventableEvent(), exitCode));
  runtime.end({ code: exitCode, how: exiting ? 'exit' : 'quit' });
}

/** Browser::NotifyAndShutdown */
function notifyAndShutdown(): void {
  if (shutdown) return;
  const event = preventableEvent();
  emitSafely(() => appEmitter.emit('will-quit', event));
  if (event.defaultPrevented) {
    quitting = false;
    return;
  }
  finishShutdown();
}

lifecycle.windowAllClosed = () => {
  if (exiting) finishShutdown();
  else if (quitting) notifyAndShutdown();
  else if (appEmitter.listenerCount('window-all-closed') === 0) app.quit();
  else emitSafely(() => appEmitter.emit('window-all-closed'));
};
lifecycle.windowCloseCancelled = () => {
  quitting = false;
};
lifecycle.dockTransform = (to, why) => setDock(to, why);

function setDock(to: 'show' | 'hide', why: string): void {
  runtime.dockChanges.push({ to, why });
  runtime.dockVisible = to === 'show';
}

const dock = {
  show: (): Promise<void> => {
    runtime.record('app.dock.show');
    setDock('show', 'app.dock.show');
    return Promise.resolve();
  },
  hide: (): void => {
    runtime.record('app.dock.hide');
    setDock('hide', 'app.dock.hide');
  },
  isVisible: (): boolean => runtime.dockVisible,
  setIcon: (image: unknown): void => runtime.record('app.dock.setIcon', image),
  setBadge: (text: string): void => runtime.record('app.dock.setBadge', text),
  getBadge: (): string => '',
  bounce: (): number => 0,
  cancelBounce: (): void => {},
  setMenu: (menu: unknown): void => runtime.record('app.dock.setMenu', menu),
  getMenu: (): null => null,
  downloadFinished: (filePath: string): void => runtime.record('app.dock.downloadFinished', filePath),
} satisfies Electron.Dock;

const switches = new Map<string, string>();

const commandLine = {
  appendSwitch: (name: string, value?: string): void => void switches.set(name, value ?? ''),
  appendArgument: (_value: string): void => {},
  hasSwitch: (name: string): boolean =>
    switches.has(name) || (name === 'ozone-platform' && runtime.ozoneSwitch !== undefined),
  getSwitchValue: (name: string): string =>
    name === 'ozone-platform'
      ? (runtime.ozoneSwitch ?? switches.get(name) ?? '')
      : (switches.get(name) ?? ''),
  removeSwitch: (name: string): void => void switches.delete(name),
} satisfies Pick<
  Electron.CommandLine,
  'appendSwitch' | 'appendArgument' | 'hasSwitch' | 'getSwitchValue' | 'removeSwitch'
>;

const loginItems: Electron.Settings[] = [];

const appMethods = {
  get name(): string {
    return appName;
  },
  set name(value: string) {
    appName = value;
  },
  getName: (): string => appName,
  setName: (name: string): void => {
    appName = name;
  },
  getVersion: (): string => appVersion,
  setVersion: (version: string): void => {
    appVersion = version;
  },
  get isPackaged(): boolean {
    return runtime.packaged;
  },
  isReady: (): boolean => runtime.ready,
  whenReady: (): Promise<void> => runtime.whenReady(),
  getAppPath: (): string => join(import.meta.dirname, '../../..'),
  getPath(name: Parameters<Electron.App['getPath']>[0]): string {
    return paths.get(name) ?? defaultPath(name);
  },
  setPath(name: string, path: string): void {
    runtime.record('app.setPath', name, path);
    // App::SetPath: FilePath::IsAbsolute, then PathService override without creating the folder.
    if (!isAbsolute(path)) throw new Error('Path must be absolute');
    if (!KNOWN_PATHS.includes(name)) throw new Error('Failed to set path');
    paths.set(name, path);
  },
  getLocale: (): string => runtime.profile.locale,
  getSystemLocale: (): string => {
    runtime.requireReady('app.getSystemLocale() can only be called after app is ready');
    return runtime.profile.locale;
  },
  getPreferredSystemLanguages: (): string[] => [runtime.profile.locale],
  requestSingleInstanceLock(_additionalData?: Record<string, unknown>): boolean {
    if (lockHeld) return true;
    // The user-data folder is created here (App::RequestSingleInstanceLock).
    mkdirSync(app.getPath('userData'), { recursive: true });
    if (runtime.otherInstanceRunning) {
      runtime.record('app.requestSingleInstanceLock', false);
      return false;
    }
    lockHeld = true;
    return true;
  },
  hasSingleInstanceLock: (): boolean => lockHeld,
  releaseSingleInstanceLock: (): void => {
    lockHeld = false;
  },
  quit(): void {
    runtime.record('app.quit');
    if (quitting || runtime.ended) return;
    const event = preventableEvent();
    emitSafely(() => appEmitter.emit('before-quit', event));
    if (event.defaultPrevented) return;
    quitting = true;
    const windows = BrowserWindow.getAllWindows();
    if (windows.length === 0) notifyAndShutdown();
    else for (const window of windows) if (quitting && !window.isDestroyed()) window.close();
  },
  exit(code = 0): void {
    runtime.record('app.exit', code);
    if (runtime.ended) return;
    exitCode = code;
    if (!runtime.ready) {
      // SetExitCode fails without a message loop: exit(code) at once, no event.
      runtime.end({ code, how: 'exit-before-ready' });
      return;
    }
    quitting = true;
    exiting = true;
    const windows = BrowserWindow.getAllWindows();
    if (windows.length === 0) finishShutdown();
    else for (const window of windows) window.destroy();
  },
  relaunch: (options?: Electron.RelaunchOptions): void => runtime.record('app.relaunch', options),
  focus: (): void => runtime.record('app.focus'),
  hide: (): void => runtime.record('app.hide'),
  show: (): void => runtime.record('app.show'),
  setAppUserModelId(id: string): void {
    runtime.record('app.setAppUserModelId', id);
    runtime.appUserModelId = id;
  },
  setDesktopName(name: string): void {
    runtime.record('app.setDesktopName', name);
    runtime.desktopName = name;
  },
  setActivationPolicy(policy: 'regular' | 'accessory' | 'prohibited'): void {
    runtime.record('app.setActivationPolicy', policy);
    if (runtime.platform === 'darwin') setDock(policy === 'regular' ? 'show' : 'hide', 'setActivationPolicy');
  },
  setLoginItemSettings(settings: Electron.Settings): void {
    runtime.record('app.setLoginItemSettings', settings);
    loginItems.push({ ...settings });
  },
  getLoginItemSettings: (): Electron.LoginItemSettings =>
    ({ openAtLogin: loginItems.at(-1)?.openAtLogin ?? false }) as Electron.LoginItemSettings,
  setAboutPanelOptions: (options: Electron.AboutPanelOptionsOptions): void =>
    runtime.record('app.setAboutPanelOptions', options),
  get commandLine() {
    return commandLine;
  },
  get dock() {
    return runtime.platform === 'darwin' ? dock : undefined;
  },
};

/** `app`: the emitter with the methods above, getters kept as getters (dock depends on the profile). */
export const app = Object.defineProperties(
  appEmitter,
  Object.getOwnPropertyDescriptors(appMethods),
) as typeof appEmitter & typeof appMethods;

// Checked against the real App type: every member the stand-in has is shaped as Electron's is
// (its EventEmitter side is Node's; Electron's typed `on` overloads return the full App).
app satisfies Pick<
  Electron.App,
  | 'getName'
  | 'getVersion'
  | 'isPackaged'
  | 'isReady'
  | 'whenReady'
  | 'getAppPath'
  | 'getPath'
  | 'setPath'
  | 'getLocale'
  | 'getSystemLocale'
  | 'requestSingleInstanceLock'
  | 'hasSingleInstanceLock'
  | 'releaseSingleInstanceLock'
  | 'quit'
  | 'exit'
  | 'relaunch'
  | 'focus'
  | 'hide'
  | 'show'
  | 'setAppUserModelId'
  | 'setDesktopName'
  | 'setActivationPolicy'
  | 'setLoginItemSettings'
  | 'getLoginItemSettings'
  | 'setAboutPanelOptions'
  | 'commandLine'
  | 'dock'
>;

// --- What the desktop does to the app (the harness drives these) ---

/** The app is ready: 'will-finish-launching', 'ready', then whenReady() resolves. */
export function fireReady(): void {
  if (runtime.ready || runtime.ended?.how === 'exit-before-ready') return;
  mkdirSync(app.getPath('userData'), { recursive: true });
  emitSafely(() => appEmitter.emit('will-finish-launching'));
  runtime.ready = true;
  emitSafely(() => appEmitter.emit('ready', preventableEvent(), {}));
  runtime.markReady();
}

/** Someone launched the app again: the running instance gets 'second-instance'. */
export function secondInstance(argv: string[], workingDirectory = process.cwd()): void {
  emitSafely(() => appEmitter.emit('second-instance', preventableEvent(), argv, workingDirectory, {}));
}

/**
 * macOS: the Dock icon clicked, or the app reopened from Finder/Spotlight while it runs.
 * `hasVisibleWindows` is AppKit's flag from applicationShouldHandleReopen:hasVisibleWindows:,
 * which Electron passes through unchanged (shell/browser/mac/electron_application_delegate.mm →
 * Browser::Activate → App::OnActivate). AppKit decides it from the app's own NSWindows, and a
 * menu-bar app's status item is one (its NSStatusBarWindow): so it may be true while none of the
 * app's BrowserWindows is visible. By default the stand-in reports the BrowserWindows; a test
 * passes `true` to play the status-item case.
 */
export function activate(hasVisibleWindows?: boolean): void {
  if (runtime.platform !== 'darwin') throw new Error("stand-in: 'activate' is emitted on macOS only");
  const visible = hasVisibleWindows ?? BrowserWindow.getAllWindows().some((w) => w.isVisible());
  emitSafely(() => appEmitter.emit('activate', preventableEvent(), visible));
}

export function loginItemHistory(): Electron.Settings[] {
  return [...loginItems];
}
