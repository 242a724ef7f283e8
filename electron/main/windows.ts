/**
 * THE way to create a Glimpse window. Every window gets secureWebPreferences (the caller cannot
 * change a security key), our preload, and one of our pages; it is recorded in the registry the
 * IPC sender check consults. tests/unit/main/security-static.test.ts keeps `new BrowserWindow`
 * out of every other file.
 */
import { join } from 'node:path';
import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import {
  appPageUrl,
  AppWindowRegistry,
  ignoredWebPreferences,
  mergeWindowOptions,
  type AppWindowKind,
} from '../core/security';
import { rendererDevServerOrigin } from './security';

export type { AppWindowKind };

export type AppWindowOptions = Partial<BrowserWindowConstructorOptions> & {
  /** Renderer route, loaded as index.html#/<route>. */
  route: string;
  /** Keep the window hidden once loaded (the caller shows it); same as `show: false`. */
  stayHidden?: boolean;
};

// The built main is ESM in out/main; electron-vite injects its own __dirname, so never use it.
const PRELOAD_PATH = join(import.meta.dirname, '../preload/index.cjs');

export const KIND_DEFAULTS: Readonly<Record<AppWindowKind, BrowserWindowConstructorOptions>> = {
  main: { width: 1000, height: 720, minWidth: 520, minHeight: 400, title: 'Glimpse' },
  answer: { width: 460, height: 600, minWidth: 320, minHeight: 240, title: 'Glimpse' },
  overlay: {
    frame: false,
    resizable: false,
    movable: false,
    skipTaskbar: true,
    hasShadow: false,
    // macOS and Windows 11 round a frameless window's corners: the frozen screen's corners
    // would be cut off (and unselectable) on every display.
    roundedCorners: false,
    alwaysOnTop: true,
    enableLargerThanScreen: true,
    title: 'Glimpse',
  },
};

const registry = new AppWindowRegistry();

export function createAppWindow(kind: AppWindowKind, options: AppWindowOptions): BrowserWindow {
  const { route, stayHidden = false, ...overrides } = options;
  // Validates the route before a window exists.
  const url = appPageUrl(route, rendererDevServerOrigin());
  const ignored = ignoredWebPreferences(overrides);
  if (ignored.length > 0) {
    console.warn(`[glimpse] createAppWindow(${kind}): ignoring webPreferences ${ignored.join(', ')}`);
  }

  const window = new BrowserWindow(mergeWindowOptions(KIND_DEFAULTS[kind], overrides, PRELOAD_PATH));
  const windowId = window.id;
  registry.add(windowId, window.webContents.id, kind);
  window.once('closed', () => registry.remove(windowId));

  // Created hidden so it never flashes blank; shown once the page has painted.
  if (!stayHidden && overrides.show !== false) window.once('ready-to-show', () => window.show());
  window.loadURL(url).catch((error: unknown) => {
    console.error(`[glimpse] ${kind} window could not load ${url}: ${String(error)}`);
  });
  return window;
}

/** Ids of our open windows (a copy), optionally of one kind. */
export function appWindowIds(kind?: AppWindowKind): Set<number> {
  return registry.windowIds(kind);
}

/** The kinds of our windows now visible, one entry per window (macOS 'activate' decides on them). */
export function visibleAppWindowKinds(): AppWindowKind[] {
  const kinds: AppWindowKind[] = [];
  for (const kind of ['answer', 'main', 'overlay'] as const) {
    for (const id of registry.windowIds(kind)) {
      const window = BrowserWindow.fromId(id);
      if (window && !window.isDestroyed() && window.isVisible()) kinds.push(kind);
    }
  }
  return kinds;
}

/** The kind of our window showing a webContents (the per-window channel check). */
export function windowKindOf(webContentsId: number): AppWindowKind | undefined {
  return registry.kindOfWebContents(webContentsId);
}

/** Whether a webContents id belongs to one of our windows (the IPC sender check). */
export function isAppWebContents(webContentsId: number): boolean {
  return registry.hasWebContents(webContentsId);
}
