/**
 * Linux: which display backend ("Ozone platform") Glimpse runs on, decided in plain code.
 *
 * Since Electron 38 (Chromium 140) the default is `auto`: native Wayland when
 * XDG_SESSION_TYPE=wayland (electron/electron#48001). A native Wayland client may not place its
 * windows: the compositor ignores x/y and setBounds, so one overlay per display at display.bounds
 * ends up with every window on the active screen (electron/electron#48749, #48833, #43493).
 * Under XWayland (`--ozone-platform=x11`) positions are honoured, and nothing else is lost: the
 * screen capture goes through the xdg-desktop-portal either way, because WebRTC picks PipeWire
 * from XDG_SESSION_TYPE and WAYLAND_DISPLAY, not from the Ozone backend
 * (webrtc DesktopCapturer::IsRunningUnderWayland).
 *
 * The switch cannot be set from the main script: Electron selects and instantiates the backend in
 * ElectronBrowserMainParts::PreEarlyInitialization, before the script runs
 * (PostEarlyInitialization), so `app.commandLine.appendSwitch('ozone-platform', 'x11')` comes
 * too late. An `--ozone-platform` already on the real command line is honoured, hence: relaunch
 * once with it. Not with app.relaunch(): its helper runs from the AppImage's FUSE mount and dies
 * with it (seen in rullerzhou-afk/clawd-on-desk#443); the adapter spawns the on-disk binary or
 * AppImage itself, before this process holds the single-instance lock or opens a window.
 *
 * The user keeps the last word: their own `--ozone-platform=…`, or GLIMPSE_NATIVE_WAYLAND=1.
 */

/** Set to 1 to stay a native Wayland client (one full-screen overlay; see README). */
export const NATIVE_WAYLAND_ENV = 'GLIMPSE_NATIVE_WAYLAND';
/** Set on the relaunched process: a second relaunch never happens, whatever its argv. */
export const RELAUNCHED_ENV = 'GLIMPSE_XWAYLAND_RELAUNCHED';
export const X11_SWITCH = '--ozone-platform=x11';

export interface OzoneLaunch {
  /** process.platform */
  platform: string;
  /** process.argv */
  argv: readonly string[];
  /** process.execPath */
  execPath: string;
  env: {
    XDG_SESSION_TYPE?: string | undefined;
    /** XWayland's display: without it there is no X server to relaunch onto. */
    DISPLAY?: string | undefined;
    /** The AppImage file itself (execPath points into its temporary mount). */
    APPIMAGE?: string | undefined;
    /** electron-vite dev: the dev server watches this very process. */
    ELECTRON_RENDERER_URL?: string | undefined;
    GLIMPSE_NATIVE_WAYLAND?: string | undefined;
    GLIMPSE_XWAYLAND_RELAUNCHED?: string | undefined;
  };
}

export type OzonePlan =
  | { kind: 'stay'; reason: string }
  | { kind: 'relaunch'; command: string; args: string[]; env: Record<string, string> };

/**
 * The `--ozone-platform` (or the older `--ozone-platform-hint`) given on the command line, if any.
 * Chromium reads switches only in the `--name=value` form and none after a bare `--`.
 */
export function commandLineOzonePlatform(argv: readonly string[]): string | undefined {
  for (const arg of argv.slice(1)) {
    if (arg === '--') return undefined;
    const match = /^--ozone-platform(?:-hint)?=(.*)$/.exec(arg);
    if (match) return match[1]!.trim().toLowerCase();
  }
  return undefined;
}

const yes = (value: string | undefined): boolean =>
  ['1', 'true', 'yes', 'on'].includes((value ?? '').trim().toLowerCase());

/** Switches of a debugger or a test driver (Playwright's electron.launch) attached to THIS process. */
const DRIVER_SWITCH = /^--(inspect(-brk)?(=|$)|remote-debugging-(port|pipe))/;

/** Whether to relaunch under XWayland before anything else happens, and how. */
export function xwaylandRelaunchPlan(launch: OzoneLaunch): OzonePlan {
  const { env, argv } = launch;
  if (launch.platform !== 'linux') return { kind: 'stay', reason: 'not Linux' };
  // Exactly Chromium's `auto` rule: native Wayland only when the session says so.
  if ((env.XDG_SESSION_TYPE ?? '').trim().toLowerCase() !== 'wayland')
    return { kind: 'stay', reason: 'not a Wayland session' };
  // Checked first: the relaunched process carries the flag too, but this says what happened.
  if (yes(env.GLIMPSE_XWAYLAND_RELAUNCHED)) return { kind: 'stay', reason: 'this is the XWayland relaunch' };
  const chosen = commandLineOzonePlatform(argv);
  if (chosen !== undefined)
    return { kind: 'stay', reason: `the command line chooses --ozone-platform=${chosen}` };
  if (yes(env.GLIMPSE_NATIVE_WAYLAND))
    return { kind: 'stay', reason: `${NATIVE_WAYLAND_ENV}=1 asks for native Wayland` };
  if (!env.DISPLAY?.trim()) return { kind: 'stay', reason: 'no XWayland ($DISPLAY is empty)' };
  if (argv.some((arg) => DRIVER_SWITCH.test(arg)))
    return { kind: 'stay', reason: 'a debugger or test driver is attached to this process' };
  if (env.ELECTRON_RENDERER_URL)
    return { kind: 'stay', reason: `development server: start with ${X11_SWITCH} for XWayland` };
  return {
    kind: 'relaunch',
    command: env.APPIMAGE?.trim() || launch.execPath,
    // First, so that no `--` or positional argument can hide it; the user's arguments follow as given.
    args: [X11_SWITCH, ...argv.slice(1)],
    env: { [RELAUNCHED_ENV]: '1' },
  };
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
