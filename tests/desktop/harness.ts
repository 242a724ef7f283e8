/**
 * Boots the real electron/main/index.ts against the stand-in, one "process" per boot: a fresh
 * module graph (vi.resetModules), the profile's process.platform / environment / argv, a temporary
 * GLIMPSE_DATA_DIR and home, process.exit mapped to app.exit as Electron does. Then 'ready' is
 * fired and the test drives the desktop: keys pressed, pages running the real preload, relaunches.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { vi } from 'vitest';
// sharp picks its native binary from process.platform when first loaded, and Node keeps that
// module (or its failure) for the process: load it now, before a boot plays another OS, so the
// app's lazy import gets this machine's binary. (Whether a package ships the right
// @img/sharp-<os>-<arch> is for the release smoke test to tell, not this suite.)
import 'sharp';
import { BRIDGE_NAME, createApi, type GlimpseApi, type IpcTransport } from '../../shared/api';
import { profile as makeProfile, type PlatformProfile, type ProfileName } from './stand-in/profiles';
import type * as Control from './stand-in/control';
import type { BrowserWindow } from './stand-in/windows';

const ROOT = resolve(import.meta.dirname, '../..');
const MAIN_ENTRY = join(ROOT, 'electron/main/index.ts');
/** What windows.ts points webPreferences.preload at (the built file) and the source it is built from. */
const BUILT_PRELOAD = join(ROOT, 'electron/preload/index.cjs');
const PRELOAD_SOURCE = join(ROOT, 'electron/preload/index.ts');

/** electron-builder.yml's appId: the AUMID of the Start-menu shortcut the NSIS installer writes. */
function installerAppId(): string {
  const match = /^appId:\s*(\S+)/m.exec(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8'));
  return match?.[1] ?? '';
}

export interface BootOptions {
  /** Fields of the platform profile to replace. */
  profile?: Partial<PlatformProfile>;
  /** Arguments after the app path (`electron . --capture`). */
  args?: string[];
  /** Environment for this boot (undefined removes a variable). */
  env?: Record<string, string | undefined>;
  /** GLIMPSE_DATA_DIR: a fresh temporary folder unless given (a string, or false for none). */
  dataDir?: string | false;
  /** Another Glimpse holds the single-instance lock. */
  otherInstanceRunning?: boolean;
  /** Fire 'ready' after loading the entry (default true). */
  ready?: boolean;
  packaged?: boolean;
  /** Load electron/main/index.ts (default true); false gives the bare stand-in on this profile. */
  entry?: boolean;
  /** The process's working directory during the boot (a relative GLIMPSE_DATA_DIR resolves against it). */
  cwd?: string;
}

type Restore = () => void;

function setProperty<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): Restore {
  const before = Object.getOwnPropertyDescriptor(target, key);
  Object.defineProperty(target, key, { value, configurable: true, writable: true, enumerable: true });
  return () => {
    if (before) Object.defineProperty(target, key, before);
    else delete target[key];
  };
}

/** Waits for a condition, checking after each turn of the event loop; fails with `what` after a long while. */
export async function waitFor<T>(
  check: () => T | undefined | false | null,
  what: string,
  limitMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export interface Page {
  window: BrowserWindow;
  /** The page's main world: what the preload exposed through the stand-in's contextBridge. */
  mainWorld: Record<string, unknown>;
  /**
   * `window.glimpse` as the page gets it (renderer/src/lib/api.ts installApi): built on the page's
   * side of the bridge over the preload's transport, createApi(window.glimpseIpc).
   */
  glimpse: GlimpseApi;
}

export interface Desktop {
  electron: typeof Control;
  profile: PlatformProfile;
  dataDir: string | undefined;
  home: string;
  /** The error the entry threw while loading, if any. */
  loadError: unknown;
  fireReady(): void;
  /** Our windows whose page is this route (answer, main, overlay…), open ones only. */
  windows(route?: string): BrowserWindow[];
  /** Waits until exactly one open window shows `route`, and returns it. */
  window(route: string): Promise<BrowserWindow>;
  /** Runs the real preload in the window's current page and returns what it exposed. */
  page(window: BrowserWindow): Promise<Page>;
  /** The user presses a global shortcut; returns whether the app's callback ran. */
  press(accelerator: string): boolean;
  dispose(): Promise<void>;
}

let pageCounter = 0;
let active: Desktop | undefined;

/**
 * The options for a start whose data folder cannot be created (its parent is a file), in `parent`
 * (a folder the test removes): main fails before ready.
 */
export function unusableDataDir(parent: string): Pick<BootOptions, 'dataDir' | 'env' | 'ready'> {
  const file = join(parent, 'a-file');
  writeFileSync(file, 'x');
  return { dataDir: false, env: { GLIMPSE_DATA_DIR: join(file, 'data') }, ready: false };
}

export async function boot(name: ProfileName, options: BootOptions = {}): Promise<Desktop> {
  if (active) await active.dispose();
  const restores: Restore[] = [];
  const profile = makeProfile(name, options.profile);
  const home = mkdtempSync(join(tmpdir(), `glimpse-desktop-${name}-`));
  const dataDir =
    options.dataDir === false ? undefined : (options.dataDir ?? mkdtempSync(join(tmpdir(), 'glimpse-data-')));

  // The process as the profile's OS would show it.
  restores.push(setProperty(process, 'platform', profile.platform));
  const env: Record<string, string | undefined> = {
    ...profile.env,
    GLIMPSE_DATA_DIR: dataDir,
    ELECTRON_RENDERER_URL: undefined,
    GLIMPSE_XWAYLAND: undefined,
    APPIMAGE: undefined,
    APPDIR: undefined,
    XDG_CONFIG_HOME: join(home, '.config'),
    HOME: home,
    ...options.env,
  };
  const envBefore = new Map(Object.keys(env).map((k) => [k, process.env[k]]));
  restores.push(() => {
    for (const [k, v] of envBefore) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  // `electron .` in development: argv[1] is the app path and process.defaultApp is set.
  restores.push(setProperty(process, 'argv', [process.execPath, ROOT, ...(options.args ?? [])]));
  const processWithDefaultApp = process as NodeJS.Process & { defaultApp?: boolean };
  restores.push(setProperty(processWithDefaultApp, 'defaultApp', !options.packaged));

  // A fresh "process": the app and the stand-in both load anew and share this graph.
  vi.resetModules();
  const electron: typeof Control = await import('./stand-in/control');
  const { runtime } = electron;
  runtime.profile = profile;
  runtime.home = home;
  runtime.packaged = options.packaged ?? false;
  runtime.otherInstanceRunning = options.otherInstanceRunning ?? false;
  runtime.installedAumid = installerAppId();

  // lib/browser/init.ts: process.exit is app.exit (a graceful quit with that code).
  restores.push(
    setProperty(process, 'exit', ((code?: number | string | null) => {
      electron.app.exit(typeof code === 'number' ? code : Number(code ?? process.exitCode ?? 0) || 0);
    }) as typeof process.exit),
  );

  if (options.cwd) {
    const before = process.cwd();
    process.chdir(options.cwd);
    restores.push(() => process.chdir(before));
  }

  let loadError: unknown;
  if (options.entry !== false) {
    try {
      await import(/* @vite-ignore */ MAIN_ENTRY);
    } catch (error) {
      loadError = error;
    }
  }

  const pages = new Map<number, { url: string; page: Page }>();

  const desktop: Desktop = {
    electron,
    profile,
    dataDir,
    home,
    loadError,
    fireReady: () => electron.fireReady(),
    windows(route) {
      return electron.BrowserWindow.getAllWindows().filter((w) => {
        if (route === undefined) return true;
        const url = w.webContents.loads.at(-1) ?? '';
        return url.includes(`#/${route}`);
      });
    },
    window(route) {
      return waitFor(() => {
        const found = desktop.windows(route);
        return found.length === 1 ? found[0] : undefined;
      }, `one ${route} window`);
    },
    async page(window) {
      await waitFor(
        () => !window.webContents.isLoading() && window.webContents.getURL() !== '',
        'the page to load',
      );
      const url = window.webContents.getURL();
      const known = pages.get(window.webContents.id);
      if (known && known.url === url && electron.pageOf(window.webContents.id)) return known.page;
      const prefs = window.options.webPreferences ?? {};
      if (prefs.contextIsolation === false)
        throw new Error('contextBridge API can only be used when contextIsolation is enabled');
      if (resolve(prefs.preload ?? '') !== BUILT_PRELOAD)
        throw new Error(`unexpected preload path ${String(prefs.preload)} (expected ${BUILT_PRELOAD})`);
      const world = electron.openPage(window.webContents.id);
      // A new instance of the preload module per page, run inside that page's isolated world.
      const specifier = `${PRELOAD_SOURCE}?page=${++pageCounter}`;
      await electron.currentWorld.run(world.ref, () => import(/* @vite-ignore */ specifier));
      // renderer/src/lib/api.ts installApi: window.glimpse if the preload defined it, else built
      // on the page's side over the preload's transport.
      const exposed = world.mainWorld.glimpse as GlimpseApi | undefined;
      const transport = world.mainWorld[BRIDGE_NAME] as IpcTransport | undefined;
      if (!exposed && !transport) throw new Error(`the preload exposed no window.${BRIDGE_NAME}`);
      const page = { window, mainWorld: world.mainWorld, glimpse: exposed ?? createApi(transport!) };
      pages.set(window.webContents.id, { url, page });
      return page;
    },
    press: (accelerator) => electron.globalShortcut.press(accelerator),
    async dispose() {
      if (active === desktop) active = undefined;
      // Let the app finish its quit work (OCR workers, history flush) when it is still running.
      if (!runtime.ended && runtime.ready) {
        electron.app.quit();
        await Promise.race([runtime.whenEnded(), new Promise((r) => setTimeout(r, 5000))]);
      }
      for (const restore of restores.reverse()) restore();
      rmSync(home, { recursive: true, force: true });
      if (dataDir && options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  active = desktop;
  if (options.ready !== false && !loadError) electron.fireReady();
  return desktop;
}
