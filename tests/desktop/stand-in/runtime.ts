/**
 * The state of one stand-in "Electron process": the profile it plays, whether `ready` has come,
 * how (and with which code) it ended, and a journal of what the app asked of the desktop. One
 * instance per module graph: the harness boots each app with a fresh graph (vi.resetModules), so
 * each boot gets its own process.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
// Loads the global `Electron` namespace of the shipped electron.d.ts, which every stand-in file is typed against.
import type {} from 'electron';
import { PROFILES, type PlatformProfile } from './profiles';

/** One call the app made that a test may want to see (a dialog, a notification, a dock change…). */
export interface JournalEntry {
  api: string;
  args: unknown[];
}

/** How the process ended: `code` as the OS would see it. */
export interface ProcessEnd {
  code: number;
  /** 'quit': app.quit() ran to the end; 'exit': app.exit(); 'exit-before-ready': exit(2) at once. */
  how: 'quit' | 'exit' | 'exit-before-ready';
}

class Runtime {
  profile: PlatformProfile = structuredClone(PROFILES['linux-x11']);
  ready = false;
  /** Set once the process would be gone; nothing is emitted after that. */
  ended: ProcessEnd | undefined;
  readonly journal: JournalEntry[] = [];
  /** Errors thrown by the app's own listeners of app events (Electron shows them in a dialog). */
  readonly uncaught: unknown[] = [];
  /** `--ozone-platform=…` on the command line (app.commandLine), e.g. the XWayland relaunch. */
  ozoneSwitch: string | undefined;
  /** macOS: the app appears in System Settings › Screen Recording once it has asked. */
  macListedInScreenRecording = false;
  /** macOS: what the user answered the prompt; it applies from the next launch (profile.macScreenPermission). */
  macPermissionAtNextLaunch: 'granted' | 'denied' | undefined;
  /** Windows: the AUMID of the Start-menu shortcut the installer creates (electron-builder appId). */
  installedAumid: string | undefined;
  /** The fake home folder of this boot (app.getPath's defaults live under it). */
  home: string | undefined;
  /** app.isPackaged */
  packaged = false;
  /** app.setAppUserModelId (Windows). */
  appUserModelId: string | undefined;
  /** app.setDesktopName / package.json desktopName (Linux: the portal's app id). */
  desktopName = '';
  /** Whether another instance holds the single-instance lock (this launch is then the second). */
  otherInstanceRunning = false;
  /** macOS Dock icon: shown at launch unless LSUIElement; every change, in order. */
  dockVisible = true;
  readonly dockChanges: { to: 'show' | 'hide'; why: string }[] = [];
  #readyWaiters: (() => void)[] = [];
  #endWaiters: ((end: ProcessEnd) => void)[] = [];

  record(api: string, ...args: unknown[]): void {
    this.journal.push({ api, args });
  }

  calls(api: string): unknown[][] {
    return this.journal.filter((e) => e.api === api).map((e) => e.args);
  }

  markReady(): void {
    this.ready = true;
    for (const resolve of this.#readyWaiters.splice(0)) resolve();
  }

  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve) => this.#readyWaiters.push(resolve));
  }

  end(end: ProcessEnd): void {
    if (this.ended) return;
    this.ended = end;
    for (const resolve of this.#endWaiters.splice(0)) resolve(end);
  }

  /** Resolves when the process ends (app.quit ran through, or app.exit). */
  whenEnded(): Promise<ProcessEnd> {
    if (this.ended) return Promise.resolve(this.ended);
    return new Promise((resolve) => this.#endWaiters.push(resolve));
  }

  /**
   * The check Electron's native modules make (`Browser::Get()->is_ready()`): throws the same
   * message the module throws before 'ready'.
   */
  requireReady(message: string, type: 'Error' | 'TypeError' = 'Error'): void {
    if (this.ready) return;
    throw type === 'TypeError' ? new TypeError(message) : new Error(message);
  }

  get platform(): PlatformProfile['platform'] {
    return this.profile.platform;
  }
}

export const runtime = new Runtime();
export type { Runtime };

/**
 * A renderer's isolated world (where the preload runs): the webContents it belongs to. Code running
 * inside a world (the preload's top level, and every call into the functions it exposed) finds it
 * here, which is how one shared `ipcRenderer` object knows which window is talking.
 */
export interface RendererWorldRef {
  webContentsId: number;
}

export const currentWorld = new AsyncLocalStorage<RendererWorldRef>();

/** Runs an app listener as Electron does: an exception is reported, not thrown to the emitter. */
export function emitSafely(emit: () => void): void {
  try {
    emit();
  } catch (error) {
    // Electron shows "A JavaScript error occurred in the main process" and carries on.
    runtime.uncaught.push(error);
    runtime.record('uncaught-exception-dialog', error instanceof Error ? error.message : String(error));
  }
}

/** The `app` object's emitter (app.ts builds `app` on it; windows emit 'web-contents-created' on it). */
export const appEmitter = new EventEmitter();

/** What app.ts does when windows close or the Dock changes; windows.ts calls these. */
export const lifecycle = {
  /** The last window is gone: a quit goes on, otherwise 'window-all-closed' (Browser::OnWindowAllClosed). */
  windowAllClosed: (): void => {},
  /** A 'close' was prevented: a quit in progress is cancelled (Browser::OnWindowCloseCancelled). */
  windowCloseCancelled: (): void => {},
  /** macOS: something other than app.dock changed the Dock icon (process type transform). */
  dockTransform: (_to: 'show' | 'hide', _why: string): void => {},
};
