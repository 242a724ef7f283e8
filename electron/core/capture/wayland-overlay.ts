/**
 * Where the overlay windows go, decided in plain code (electron/main/overlay.ts applies it).
 *
 * macOS and Windows: one borderless window per frozen display, placed at its bounds, kept above
 * the menu bar and full-screen apps by the 'screen-saver' level.
 * X11 (and XWayland): the same window per display, placed at its bounds, then made full screen
 * there: always-on-top levels are macOS/Windows only (docs/api/browser-window.md), and GNOME's
 * top bar or KDE's panels stay above an always-on-top window; a full-screen window covers them.
 * The window manager makes a window full screen on the output it is on, so placing it first
 * picks the display.
 * Native Wayland (the default in a Wayland session; see electron/core/app/ozone.ts): the
 * compositor ignores the position a client asks for, so windows placed at display.bounds can all
 * land on one screen. There the capture comes from the screen-sharing portal, which hands back
 * the one screen the user picked; its overlay is opened FULL SCREEN, which a compositor honours
 * by covering a whole output — the one it chooses (usually the one with the pointer or the focus;
 * a client cannot name it). The overlay page fits the frozen image into its window without
 * stretching it (letterboxed when that output has another shape) and maps the pointer through the
 * same box, so a selection still cuts the right pixels of the capture.
 */
import type { DisplayInfo } from './geometry';

export interface OverlayPlacement {
  display: DisplayInfo;
  /**
   * 'bounds': x/y/width/height = display.bounds; 'bounds-fullscreen': placed at display.bounds,
   * then full screen on that display (X11); 'fullscreen': the compositor places it (Wayland).
   */
  mode: 'bounds' | 'bounds-fullscreen' | 'fullscreen';
}

export interface OverlayPlan {
  placements: OverlayPlacement[];
  /** Frozen displays that get no window (native Wayland: only one can be placed). */
  skipped: DisplayInfo[];
}

export function overlayPlan(
  displays: readonly DisplayInfo[],
  options: { nativeWayland: boolean; pointerDisplayId?: number; platform?: string },
): OverlayPlan {
  if (!options.nativeWayland || displays.length === 0) {
    const mode = options.platform === 'linux' ? 'bounds-fullscreen' : 'bounds';
    return { placements: displays.map((display) => ({ display, mode })), skipped: [] };
  }
  // The portal gives one screen; should there be several, full-screen windows would pile up on
  // one output: keep the one under the pointer (else the first) and say which were left out.
  const chosen = displays.find((d) => d.id === options.pointerDisplayId) ?? displays[0]!;
  return {
    placements: [{ display: chosen, mode: 'fullscreen' }],
    skipped: displays.filter((d) => d !== chosen),
  };
}

/** How each overlay window is kept above everything else, per platform. */
export interface OverlayWindowTraits {
  /** setAlwaysOnTop(true, level): a level above the menu bar exists on macOS and Windows only. */
  alwaysOnTopLevel: 'screen-saver' | 'normal';
  /**
   * setVisibleOnAllWorkspaces(true, options), or null where there are no workspaces to follow
   * (Windows). macOS: skipTransformProcessType, or each call turns the app into a UI element and
   * back, which hides the Dock icon for a moment (docs/api/browser-window.md).
   */
  allWorkspaces: { visibleOnFullScreen: boolean; skipTransformProcessType?: boolean } | null;
}

export function overlayWindowTraits(platform: string): OverlayWindowTraits {
  if (platform === 'darwin')
    return {
      alwaysOnTopLevel: 'screen-saver',
      allWorkspaces: { visibleOnFullScreen: true, skipTransformProcessType: true },
    };
  if (platform === 'win32') return { alwaysOnTopLevel: 'screen-saver', allWorkspaces: null };
  return { alwaysOnTopLevel: 'normal', allWorkspaces: { visibleOnFullScreen: true } };
}
