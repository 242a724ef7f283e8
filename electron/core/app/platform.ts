/**
 * What the OS allows, decided in plain code: the macOS Screen Recording permission, Wayland and
 * its portal, launch at login (Electron's login items on macOS/Windows, an XDG autostart file on
 * Linux) and the macOS Dock icon. electron/main only reads the OS state and applies the result.
 */
import { UserFacingError } from '../ipc/dispatch';

/** Error kinds the renderer turns into an explanation (see renderer CaptureHelp). */
export const CAPTURE_HELP_KINDS = ['screen-permission', 'wayland-portal'] as const;
export type CaptureHelpKind = (typeof CAPTURE_HELP_KINDS)[number];

/**
 * The first capture makes macOS ask (its own dialog, which also lists Glimpse in the pane); a Mac
 * that said no, or a grant made while Glimpse runs, needs the pane and a relaunch: macOS answers
 * the same for the life of the process.
 */
export const MAC_PERMISSION_MESSAGE =
  'Glimpse needs the Screen Recording permission to see your screen. If macOS has just asked, choose ' +
  'Open System Settings in its dialog; otherwise open System Settings › Privacy & Security › Screen Recording. ' +
  'Switch on Glimpse there, then quit and relaunch Glimpse: macOS applies the permission only after a relaunch.';

export const WAYLAND_PORTAL_MESSAGE =
  'The screen could not be captured. On Wayland, choose one screen in the sharing dialog (not a window or the whole workspace), or check that xdg-desktop-portal is running.';

/** getSources failed outside macOS and Wayland (e.g. Windows' DirectX capturer could not name the screens). */
export const CAPTURE_FAILED_MESSAGE =
  'The screen could not be captured: the system refused to hand over the picture. Please try again; if it keeps failing, quit and relaunch Glimpse.';

/** The Screen Recording pane of System Settings: the only URL `app:open-system-settings` opens. */
export const MAC_SCREEN_RECORDING_SETTINGS =
  'x-apple.systempreferences:com.apple.preference.security?Privacy_ScreenCapture';

export interface SessionEnv {
  platform: string;
  XDG_SESSION_TYPE?: string | undefined;
  WAYLAND_DISPLAY?: string | undefined;
}

/** A Wayland session: the portal may ask which screen to share, and global shortcuts may not work. */
export function isWaylandSession(env: SessionEnv): boolean {
  return (
    env.platform === 'linux' &&
    (env.XDG_SESSION_TYPE?.toLowerCase() === 'wayland' || Boolean(env.WAYLAND_DISPLAY))
  );
}

/** Electron's systemPreferences.getMediaAccessStatus('screen'). */
export type ScreenAccess = 'not-determined' | 'granted' | 'denied' | 'restricted' | 'unknown';

/**
 * After a capture on macOS: without 'granted', what came back is the wallpaper only (or nothing).
 * There is no check before capturing: `getMediaAccessStatus('screen')` is never 'not-determined'
 * (Chromium reads a yes/no preflight, electron#28540), so a fresh Mac says 'denied' — and only a
 * capture attempt makes macOS show its dialog and list Glimpse in System Settings.
 */
export function screenPermissionBlocks(platform: string, access: ScreenAccess): boolean {
  return platform === 'darwin' && access !== 'granted';
}

export function screenPermissionError(): UserFacingError {
  return new UserFacingError(MAC_PERMISSION_MESSAGE, 'screen-permission', { code: 'capture.macPermission' });
}

/** The error when no display could be captured, with the kind the panel explains. */
export function nothingCapturedError(env: SessionEnv): UserFacingError {
  if (env.platform === 'darwin') return screenPermissionError();
  if (isWaylandSession(env))
    return new UserFacingError(WAYLAND_PORTAL_MESSAGE, 'wayland-portal', { code: 'capture.waylandPortal' });
  return new UserFacingError('The screen could not be captured. Please try again.', 'capture-failed', {
    code: 'capture.failed',
  });
}

/**
 * The error for a `desktopCapturer.getSources` that rejected. Electron rejects with a bare string
 * ("Failed to get sources.", lib/browser/api/desktop-capturer.ts) when the Wayland portal's picker
 * is dismissed or fails, and on macOS when the permission is missing (the capture first makes macOS
 * ask). `access` is macOS's answer read after the failure: 'granted' means it was not the permission.
 */
export function sourcesFailedError(env: SessionEnv, access?: ScreenAccess): UserFacingError {
  if (env.platform === 'darwin' && access !== 'granted') return screenPermissionError();
  if (isWaylandSession(env))
    return new UserFacingError(WAYLAND_PORTAL_MESSAGE, 'wayland-portal', { code: 'capture.waylandPortal' });
  return new UserFacingError(CAPTURE_FAILED_MESSAGE, 'capture-failed', { code: 'capture.refused' });
}

/** A rejection reason for the log, whatever was thrown (Electron throws a string here). */
export function describeRejection(reason: unknown): string {
  if (typeof reason === 'string') return JSON.stringify(reason);
  if (reason instanceof Error) return `${reason.name}: ${reason.message}`;
  try {
    return JSON.stringify(reason) ?? String(reason);
  } catch {
    return String(reason);
  }
}

/** The kind of an error for the renderer (`capture:failed`), or 'error'. */
export function errorKindOf(error: unknown): string {
  return error instanceof UserFacingError ? error.kind : 'error';
}

export function isCaptureHelpKind(kind: string | undefined): kind is CaptureHelpKind {
  return (CAPTURE_HELP_KINDS as readonly string[]).includes(kind ?? '');
}

// ---- launch at login ----

export type LoginItemPlan =
  /** app.setLoginItemSettings (macOS, Windows). */
  | { kind: 'electron'; openAtLogin: boolean }
  /** Linux: write (content) or remove (null) an XDG autostart entry. */
  | { kind: 'xdg'; path: string; content: string | null }
  /** Nothing can be done (e.g. a Linux dev build run through the electron binary). */
  | { kind: 'none'; reason: string };

export interface LoginItemEnv {
  platform: string;
  /** process.execPath */
  execPath: string;
  /** $APPIMAGE: the AppImage file itself (execPath points inside its temporary mount). */
  appImage?: string | undefined;
  /** $APPDIR: that temporary mount; $APPIMAGE counts only when execPath is inside it. */
  appDir?: string | undefined;
  /** $XDG_CONFIG_HOME or ~/.config */
  configHome: string;
  packaged: boolean;
  /**
   * This Glimpse was started with GLIMPSE_XWAYLAND=1 (see core/app/ozone.ts): the entry starts it
   * the same way (`env GLIMPSE_XWAYLAND=1 …`), since a login session does not have the variable.
   */
  xwayland?: boolean;
}

/**
 * The AppImage file this process runs from, or undefined. $APPIMAGE alone is not proof: every
 * program started from an AppImage inherits it and $APPDIR (a terminal inside an AppImage
 * editor, say), so a deb-installed Glimpse started from there would name that other AppImage.
 * It counts only when $APPDIR is set and execPath lies inside it (the AppImage's own mount).
 */
export function runningAppImage(env: {
  appImage?: string | undefined;
  appDir?: string | undefined;
  execPath: string;
}): string | undefined {
  const appImage = env.appImage?.trim();
  const appDir = env.appDir?.trim().replace(/\/+$/, '');
  if (!appImage || !appDir) return undefined;
  return env.execPath.startsWith(`${appDir}/`) ? appImage : undefined;
}

export const AUTOSTART_FILE = 'glimpse.desktop';

/** Set to 1 to run under XWayland in a Wayland session (electron/core/app/ozone.ts). */
export const XWAYLAND_ENV = 'GLIMPSE_XWAYLAND';

/** Quotes an Exec argument per the Desktop Entry spec (double quotes, \ " ` $ escaped). */
export function desktopExecArg(arg: string): string {
  if (/^[A-Za-z0-9_./+-]+$/.test(arg)) return arg;
  return `"${arg.replace(/[\\"`$]/g, (c) => `\\${c}`)}"`;
}

export function loginItemPlan(enabled: boolean, env: LoginItemEnv): LoginItemPlan {
  if (env.platform === 'darwin' || env.platform === 'win32')
    return { kind: 'electron', openAtLogin: enabled };
  if (env.platform !== 'linux') return { kind: 'none', reason: `not supported on ${env.platform}` };
  const path = `${env.configHome.replace(/\/+$/, '')}/autostart/${AUTOSTART_FILE}`;
  if (!enabled) return { kind: 'xdg', path, content: null };
  if (!env.packaged) return { kind: 'none', reason: 'a development build is not started at login' };
  // `%` is the field-code character of Exec lines; escape it too.
  const program = desktopExecArg(runningAppImage(env) ?? env.execPath).replace(/%/g, '%%');
  const exec = env.xwayland ? `env ${XWAYLAND_ENV}=1 ${program}` : program;
  const content = [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Glimpse',
    'Comment=Explain what is on your screen',
    `Exec=${exec}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
  return { kind: 'xdg', path, content };
}

// ---- macOS Dock ----

export type DockIconMode = 'with-windows' | 'always';

/** Whether the Dock icon shows: always, or while one of our windows (not an overlay) is visible. */
export function dockIconVisible(mode: DockIconMode, visibleWindowKinds: readonly string[]): boolean {
  return mode === 'always' || visibleWindowKinds.some((kind) => kind !== 'overlay');
}
