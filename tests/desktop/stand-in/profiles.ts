/**
 * The four desktops the stand-in plays: what `process.platform`, the session's environment, the
 * displays, the keyring, the tray and the global-shortcut backend look like on each. Every value
 * here is a fact about that desktop, with its source; tests may override any of them per boot.
 */

/** One monitor. `id` is the exact int64 Chromium uses; JS sees it as a double (see screen.ts). */
export interface DisplaySpec {
  id: bigint;
  label: string;
  /** DIP, as `screen` reports them. */
  bounds: { x: number; y: number; width: number; height: number };
  scaleFactor: number;
  rotation: 0 | 90 | 180 | 270;
  internal: boolean;
  /** The colour every pixel of its capture has (BGRA order is the stand-in's concern). */
  fill: { r: number; g: number; b: number };
}

/** safeStorage's backend: macOS Keychain, Windows DPAPI, or one of Chromium's Linux backends. */
export type Keyring =
  | { kind: 'os'; name: 'keychain' | 'dpapi' }
  | { kind: 'linux'; backend: 'gnome_libsecret' | 'kwallet5' | 'kwallet6' | 'basic_text' };

/** How `globalShortcut` binds keys: grabbed from the OS, or through the Wayland portal. */
export type ShortcutBackend = 'os-grab' | 'portal';

/** macOS Screen Recording (TCC) for this app, as the user left it. */
export type MacScreenPermission = 'never-asked' | 'granted' | 'denied';

/** What the user does in the Wayland screen-cast portal's picker (xdg-desktop-portal). */
export type PortalPicker = { pick: number } | 'cancel' | 'portal-missing';

export interface PlatformProfile {
  name: ProfileName;
  platform: 'darwin' | 'win32' | 'linux';
  /** Set (or, when undefined, removed) in process.env for the boot. */
  env: Record<string, string | undefined>;
  displays: DisplaySpec[];
  primary: number;
  /** Where the pointer is, DIP. */
  cursor: { x: number; y: number };
  keyring: Keyring;
  /** Whether a tray icon is shown at all (stock GNOME has no status area). */
  trayShown: boolean;
  shortcuts: ShortcutBackend;
  /** Accelerators another application holds (a grab then fails; the portal never says). */
  takenShortcuts: string[];
  macScreenPermission: MacScreenPermission;
  /** What the macOS Screen Recording prompt's user answers when it appears (System Settings). */
  macPromptAnswer: 'granted' | 'denied';
  portalPicker: PortalPicker;
  /** Linux: the .desktop files installed (GNOME's portal binds shortcuts only for one of these). */
  installedDesktopFiles: string[];
  /**
   * Linux X11: the window manager. Mutter (GNOME on X11) refuses full screen to a fixed-size
   * window whose size is not the whole X screen (see BrowserWindow.setFullScreen); xfwm4 is not
   * modelled beyond following the request.
   */
  x11WindowManager: 'mutter' | 'xfwm4' | null;
  locale: string;
}

export type ProfileName = 'macos' | 'windows' | 'linux-x11' | 'linux-wayland';

const SESSION_VARS = ['XDG_SESSION_TYPE', 'WAYLAND_DISPLAY', 'DISPLAY', 'XDG_CURRENT_DESKTOP'];
const cleared = (): Record<string, undefined> => Object.fromEntries(SESSION_VARS.map((k) => [k, undefined]));

const fill = (r: number, g: number, b: number): DisplaySpec['fill'] => ({ r, g, b });

/**
 * macOS: CGDirectDisplayIDs are small integers; a Retina laptop (2×) beside a 1× monitor.
 * Screen Recording starts "never asked"; getMediaAccessStatus('screen') still says 'denied'
 * (electron#28540), and the first getSources makes macOS ask.
 */
const macos: PlatformProfile = {
  name: 'macos',
  platform: 'darwin',
  env: cleared(),
  displays: [
    {
      id: 1n,
      label: 'Built-in Retina Display',
      bounds: { x: 0, y: 0, width: 1512, height: 982 },
      scaleFactor: 2,
      rotation: 0,
      internal: true,
      fill: fill(30, 60, 90),
    },
    {
      id: 3n,
      label: 'DELL U2720Q',
      bounds: { x: 1512, y: 0, width: 1920, height: 1080 },
      scaleFactor: 1,
      rotation: 0,
      internal: false,
      fill: fill(200, 120, 40),
    },
  ],
  primary: 0,
  cursor: { x: 400, y: 300 },
  keyring: { kind: 'os', name: 'keychain' },
  trayShown: true,
  shortcuts: 'os-grab',
  takenShortcuts: [],
  macScreenPermission: 'never-asked',
  macPromptAnswer: 'granted',
  portalPicker: 'cancel',
  installedDesktopFiles: [],
  x11WindowManager: null,
  locale: 'en-US',
};

/** Windows 11: display ids from the monitor's device path (32-bit hashes); 150 % beside 100 %. */
const windows: PlatformProfile = {
  name: 'windows',
  platform: 'win32',
  env: cleared(),
  displays: [
    {
      id: 2779098405n,
      label: 'Generic PnP Monitor',
      bounds: { x: 0, y: 0, width: 1280, height: 720 },
      scaleFactor: 1.5,
      rotation: 0,
      internal: true,
      fill: fill(10, 200, 10),
    },
    {
      id: 2528732444n,
      label: 'LG ULTRAFINE',
      bounds: { x: 1280, y: 0, width: 2560, height: 1440 },
      scaleFactor: 1,
      rotation: 0,
      internal: false,
      fill: fill(240, 240, 0),
    },
  ],
  primary: 0,
  cursor: { x: 200, y: 200 },
  keyring: { kind: 'os', name: 'dpapi' },
  trayShown: true,
  shortcuts: 'os-grab',
  takenShortcuts: [],
  macScreenPermission: 'granted',
  macPromptAnswer: 'granted',
  portalPicker: 'cancel',
  installedDesktopFiles: [],
  x11WindowManager: null,
  locale: 'en-US',
};

/**
 * Linux X11 (Xfce, a status area, no keyring daemon: Chromium falls back to basic_text). Display
 * ids are built from the EDID (`manufacturer << 40 | product hash << 8 | output index`,
 * display::EdidParser::GetIndexBasedDisplayId via electron_api_desktop_capturer.cc's
 * MonitorAtomIdToDisplayId): 13702250537190212 is the Lenovo id of electron#41755; the Samsung
 * one (0x4c2d) is odd, so not even a double can hold it.
 */
const linuxX11: PlatformProfile = {
  name: 'linux-x11',
  platform: 'linux',
  env: { ...cleared(), XDG_SESSION_TYPE: 'x11', DISPLAY: ':0', XDG_CURRENT_DESKTOP: 'XFCE' },
  displays: [
    {
      id: 13702250537190212n,
      label: 'LEN T27h-20',
      bounds: { x: 0, y: 0, width: 1920, height: 1080 },
      scaleFactor: 1,
      rotation: 0,
      internal: false,
      fill: fill(90, 10, 160),
    },
    {
      id: (0x4c2dn << 40n) | (0x0e3d1a2bn << 8n) | 1n,
      label: 'SAM C27F390',
      bounds: { x: 1920, y: 0, width: 1920, height: 1080 },
      scaleFactor: 1,
      rotation: 0,
      internal: false,
      fill: fill(250, 100, 100),
    },
  ],
  primary: 0,
  cursor: { x: 2400, y: 500 },
  keyring: { kind: 'linux', backend: 'basic_text' },
  trayShown: true,
  shortcuts: 'os-grab',
  takenShortcuts: [],
  macScreenPermission: 'granted',
  macPromptAnswer: 'granted',
  portalPicker: 'cancel',
  installedDesktopFiles: [],
  x11WindowManager: 'xfwm4',
  locale: 'en-US',
};

/**
 * Linux Wayland, stock GNOME: no tray (no AppIndicator extension), libsecret keyring, shortcuts
 * through the GlobalShortcuts portal, screen capture through the ScreenCast portal's picker
 * (one source, no display_id: there is no X server to map it). A 125 % laptop and a 1× monitor.
 */
const linuxWayland: PlatformProfile = {
  name: 'linux-wayland',
  platform: 'linux',
  env: {
    ...cleared(),
    XDG_SESSION_TYPE: 'wayland',
    WAYLAND_DISPLAY: 'wayland-0',
    XDG_CURRENT_DESKTOP: 'GNOME',
  },
  displays: [
    {
      id: 1n,
      label: 'eDP-1',
      bounds: { x: 0, y: 0, width: 1536, height: 960 },
      scaleFactor: 1.25,
      rotation: 0,
      internal: true,
      fill: fill(20, 20, 20),
    },
    {
      id: 2n,
      label: 'DP-1',
      bounds: { x: 1536, y: 0, width: 1920, height: 1080 },
      scaleFactor: 1,
      rotation: 0,
      internal: false,
      fill: fill(0, 128, 255),
    },
  ],
  primary: 0,
  cursor: { x: 100, y: 100 },
  keyring: { kind: 'linux', backend: 'gnome_libsecret' },
  trayShown: false,
  shortcuts: 'portal',
  takenShortcuts: [],
  macScreenPermission: 'granted',
  macPromptAnswer: 'granted',
  portalPicker: { pick: 0 },
  // The .deb installs the desktop file named after package.json's desktopName.
  installedDesktopFiles: ['app.glimpse.desktop.desktop'],
  // GNOME's Mutter is also the X window manager of XWayland windows (GLIMPSE_XWAYLAND=1).
  x11WindowManager: 'mutter',
  locale: 'en-US',
};

export const PROFILES: Readonly<Record<ProfileName, PlatformProfile>> = {
  macos,
  windows,
  'linux-x11': linuxX11,
  'linux-wayland': linuxWayland,
};

export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

/** A copy of a profile with some fields replaced (displays and env are replaced, not merged). */
export function profile(name: ProfileName, overrides: Partial<PlatformProfile> = {}): PlatformProfile {
  const base = structuredClone(PROFILES[name]);
  return { ...base, ...overrides, env: { ...base.env, ...overrides.env } };
}
