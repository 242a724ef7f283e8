/**
 * Where the overlay windows go, decided in plain code (electron/main/overlay.ts applies it).
 *
 * Everywhere but native Wayland: one borderless window per frozen display, placed at its bounds.
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
  /** 'bounds': x/y/width/height = display.bounds; 'fullscreen': the compositor places it. */
  mode: 'bounds' | 'fullscreen';
}

export interface OverlayPlan {
  placements: OverlayPlacement[];
  /** Frozen displays that get no window (native Wayland: only one can be placed). */
  skipped: DisplayInfo[];
}

export function overlayPlan(
  displays: readonly DisplayInfo[],
  options: { nativeWayland: boolean; pointerDisplayId?: number },
): OverlayPlan {
  if (!options.nativeWayland || displays.length === 0) {
    return { placements: displays.map((display) => ({ display, mode: 'bounds' })), skipped: [] };
  }
  // The portal gives one screen; should there be several, full-screen windows would pile up on
  // one output: keep the one under the pointer (else the first) and say which were left out.
  const chosen = displays.find((d) => d.id === options.pointerDisplayId) ?? displays[0]!;
  return {
    placements: [{ display: chosen, mode: 'fullscreen' }],
    skipped: displays.filter((d) => d !== chosen),
  };
}
