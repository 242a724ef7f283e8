/**
 * The webPreferences of every Glimpse window, in one place (Electron's security checklist,
 * items 2–4, 6, 8–10, 12). Typed structurally so that electron/main can pass it as Electron's
 * WebPreferences without electron/core importing Electron.
 */
import { isAbsolute } from 'node:path';

export interface SecureWebPreferences {
  /** Preload and page run in separate JavaScript worlds: the page cannot reach the preload's objects. */
  readonly contextIsolation: true;
  /** Chromium's OS-level sandbox for the renderer process. */
  readonly sandbox: true;
  readonly nodeIntegration: false;
  readonly nodeIntegrationInWorker: false;
  readonly nodeIntegrationInSubFrames: false;
  /** Same-origin policy on. */
  readonly webSecurity: true;
  readonly allowRunningInsecureContent: false;
  readonly experimentalFeatures: false;
  /** No <webview>: nothing in a page can create a guest with its own preferences. */
  readonly webviewTag: false;
  /**
   * Off because on Windows and Linux Chromium downloads Hunspell dictionaries from Google's
   * servers, and nothing should leave the machine but the request to the user's endpoint.
   */
  readonly spellcheck: false;
  /** A file or link dropped on a window must not navigate it away from our page. */
  readonly navigateOnDragDrop: false;
  /** A page cannot lock the user in a loop of alert() dialogs. */
  readonly safeDialogs: true;
  /** Absolute path of the sandboxed (CommonJS) preload. */
  readonly preload: string;
}

/** The fixed part of {@link SecureWebPreferences}: every key but `preload`. */
export const SECURE_WEB_PREFERENCE_VALUES: Readonly<Omit<SecureWebPreferences, 'preload'>> = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  spellcheck: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
});

export function secureWebPreferences(preloadPath: string): SecureWebPreferences {
  // Electron requires an absolute preload path; a relative one silently loads no preload.
  if (typeof preloadPath !== 'string' || !isAbsolute(preloadPath)) {
    throw new TypeError(`The preload path must be absolute: ${String(preloadPath)}`);
  }
  // A fresh object each time (callers may hand it to Electron, which owns it from then on).
  // enableBlinkFeatures is deliberately absent, not even `undefined`: nothing is enabled.
  return { ...SECURE_WEB_PREFERENCE_VALUES, preload: preloadPath };
}
