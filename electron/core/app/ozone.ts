/**
 * Linux: which display backend ("Ozone platform") Glimpse runs on, decided in plain code.
 *
 * Since Electron 38 (Chromium 140) the default is `auto`: native Wayland when
 * XDG_SESSION_TYPE=wayland (electron/electron#48001). Glimpse keeps that default. There, the
 * global shortcut goes through the desktop's GlobalShortcuts portal where the desktop has one
 * (Chromium enables kGlobalShortcutsPortal by default), and the overlay opens full screen on the
 * output the compositor chooses — a native Wayland client may not place its windows
 * (electron/electron#48749, #48833, #43493) — which costs little, because the screen-sharing
 * portal hands back only the one screen the user picked anyway.
 *
 * Opt-in, GLIMPSE_XWAYLAND=1: relaunch once under XWayland (`--ozone-platform=x11`), where each
 * overlay is placed exactly on its display. The cost, and why it is not the default: Electron's
 * globalShortcut then uses X11 key grabs, which GNOME and KDE deliver only while an X11 window
 * has the focus, and registering still reports success — the hotkey silently stops firing while
 * another app is in front. Capture is the same either way: WebRTC picks the portal/PipeWire from
 * XDG_SESSION_TYPE and WAYLAND_DISPLAY, not from the Ozone backend.
 *
 * The switch cannot be set from the main script: Electron selects and instantiates the backend in
 * ElectronBrowserMainParts::PreEarlyInitialization, before the script runs, so
 * `app.commandLine.appendSwitch('ozone-platform', 'x11')` comes too late; a switch on the real
 * command line is honoured, hence the relaunch. Not with app.relaunch(): its helper runs from the
 * AppImage's FUSE mount and dies with it (rullerzhou-afk/clawd-on-desk#443); the adapter spawns
 * the on-disk binary or AppImage itself.
 */
import { runningAppImage, XWAYLAND_ENV } from './platform';

export { XWAYLAND_ENV };
/** Set on the relaunched process: a second relaunch never happens, whatever its argv. */
export const RELAUNCHED_ENV = 'GLIMPSE_XWAYLAND_RELAUNCHED';
export const X11_SWITCH = '--ozone-platform=x11';
/**
 * How long the first process waits for the XWayland one before leaving it alone. Should that
 * exit with an error in this time (no reachable X server, a crash at start), the first process
 * carries on natively instead, so that a failed relaunch never leaves the user with nothing.
 */
export const RELAUNCH_GRACE_MS = 4000;

/**
 * Chromium switches of a debugger or a test driver. Read through app.commandLine.hasSwitch:
 * Playwright's electron.launch passes `--inspect=0 --remote-debugging-port=0`, and its loader
 * removes them from process.argv before our script runs; Chromium's own command line keeps them.
 */
export const DEBUG_SWITCHES = [
  'remote-debugging-port',
  'remote-debugging-pipe',
  'inspect',
  'inspect-brk',
] as const;

/** What the adapter can tell about a debugger or a test driver attached to this process. */
export interface DebugSignals {
  /** One of DEBUG_SWITCHES is on Chromium's command line. */
  chromiumSwitch: boolean;
  /** Node's inspector is open (inspector.url() is set). */
  inspectorOpen: boolean;
  /** process.execArgv */
  execArgv: readonly string[];
}

export interface OzoneLaunch {
  /** process.platform */
  platform: string;
  /** process.argv */
  argv: readonly string[];
  /** process.execPath */
  execPath: string;
  /** app.commandLine.getSwitchValue('ozone-platform'): the backend Electron picked (see ozoneBackend). */
  ozoneSwitch: string;
  debug: DebugSignals;
  env: {
    XDG_SESSION_TYPE?: string | undefined;
    /** XWayland's display: without it there is no X server to relaunch onto. */
    DISPLAY?: string | undefined;
    /** The AppImage file itself (execPath points into its temporary mount, $APPDIR). */
    APPIMAGE?: string | undefined;
    APPDIR?: string | undefined;
    /** electron-vite dev: the dev server watches this very process. */
    ELECTRON_RENDERER_URL?: string | undefined;
    GLIMPSE_XWAYLAND?: string | undefined;
    GLIMPSE_XWAYLAND_RELAUNCHED?: string | undefined;
  };
}

export type OzonePlan =
  | { kind: 'stay'; reason: string }
  | { kind: 'relaunch'; command: string; args: string[]; env: Record<string, string> };

/**
 * The `--ozone-platform` given on the command line, if any. Chromium reads switches only in the
 * `--name=value` form and none after a bare `--`. (`--ozone-platform-hint` is gone from Chromium,
 * electron/electron#48001: it chooses nothing.)
 */
export function commandLineOzonePlatform(argv: readonly string[]): string | undefined {
  for (const arg of argv.slice(1)) {
    if (arg === '--') return undefined;
    const match = /^--ozone-platform=(.*)$/.exec(arg);
    if (match) return match[1]!.trim().toLowerCase();
  }
  return undefined;
}

const yes = (value: string | undefined): boolean =>
  ['1', 'true', 'yes', 'on'].includes((value ?? '').trim().toLowerCase());

/** GLIMPSE_XWAYLAND=1 (or true/yes/on): the user asks for XWayland. */
export function xwaylandRequested(env: { GLIMPSE_XWAYLAND?: string | undefined }): boolean {
  return yes(env.GLIMPSE_XWAYLAND);
}

/** Node's inspector switches, as they appear in process.execArgv. */
const INSPECT_ARG = /^--inspect(-brk|-port)?(=|$)/;

/** Whether a debugger or a test driver is attached to this process: then it must not go away. */
export function debuggerAttached(debug: DebugSignals, argv: readonly string[]): boolean {
  const inArgs = (args: readonly string[]): boolean =>
    args.some((arg) => INSPECT_ARG.test(arg) || /^--remote-debugging-(port|pipe)(=|$)/.test(arg));
  return debug.chromiumSwitch || debug.inspectorOpen || inArgs(debug.execArgv) || inArgs(argv);
}

/** Whether to relaunch under XWayland before anything else happens, and how. */
export function xwaylandRelaunchPlan(launch: OzoneLaunch): OzonePlan {
  const { env, argv } = launch;
  if (launch.platform !== 'linux') return { kind: 'stay', reason: 'not Linux' };
  // Checked first: the relaunched process carries the flag, and this says what happened.
  if (yes(env.GLIMPSE_XWAYLAND_RELAUNCHED)) return { kind: 'stay', reason: 'this is the XWayland relaunch' };
  const chosen = commandLineOzonePlatform(argv);
  if (chosen !== undefined)
    return { kind: 'stay', reason: `the command line chooses --ozone-platform=${chosen}` };
  const backend = ozoneBackend(launch.platform, launch.ozoneSwitch, env.XDG_SESSION_TYPE);
  if (backend !== 'wayland') return { kind: 'stay', reason: 'not a native Wayland client' };
  if (!xwaylandRequested(env))
    return { kind: 'stay', reason: `native Wayland is the default; ${XWAYLAND_ENV}=1 asks for XWayland` };
  if (!env.DISPLAY?.trim()) return { kind: 'stay', reason: 'no XWayland ($DISPLAY is empty)' };
  if (debuggerAttached(launch.debug, argv))
    return { kind: 'stay', reason: 'a debugger or test driver is attached to this process' };
  if (env.ELECTRON_RENDERER_URL)
    return { kind: 'stay', reason: `development server: start with ${X11_SWITCH} for XWayland` };
  return {
    kind: 'relaunch',
    command:
      runningAppImage({ appImage: env.APPIMAGE, appDir: env.APPDIR, execPath: launch.execPath }) ??
      launch.execPath,
    // First, so that no `--` or positional argument can hide it; the user's arguments follow as given.
    args: [X11_SWITCH, ...argv.slice(1)],
    env: { [RELAUNCHED_ENV]: '1' },
  };
}

/**
 * How the XWayland process ended, seen by the first one while it waits (RELAUNCH_GRACE_MS):
 * an error code or a signal means it never came up, and the first process carries on natively.
 * Code 0 is a normal end (e.g. it found another Glimpse running and handed over to it).
 */
export function relaunchFailed(code: number | null, signal: string | null): boolean {
  return signal !== null || (code !== null && code !== 0);
}

export type OzoneBackend = 'wayland' | 'x11' | 'none';

/**
 * The backend this process runs on. `ozoneSwitch` is app.commandLine.getSwitchValue('ozone-platform')
 * once the app runs: Electron writes the backend it picked there before the main script starts
 * (empty on other platforms, or should a build not do so: then Chromium's `auto` rule decides).
 */
export function ozoneBackend(
  platform: string,
  ozoneSwitch: string,
  sessionType: string | undefined,
): OzoneBackend {
  if (platform !== 'linux') return 'none';
  const value = ozoneSwitch.trim().toLowerCase();
  if (value === 'wayland' || value === 'x11') return value;
  if (value !== '') return 'none';
  return (sessionType ?? '').trim().toLowerCase() === 'wayland' ? 'wayland' : 'x11';
}
