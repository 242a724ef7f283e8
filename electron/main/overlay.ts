/**
 * The overlay windows (thin adapter): one borderless, always-on-top window per display, exactly
 * over it, showing `#/overlay?display=<id>`; on X11 each is then made full screen on its display,
 * on native Wayland one full-screen window instead (decided in
 * electron/core/capture/wayland-overlay.ts). The state lives in
 * electron/core/capture/overlay-session.ts.
 */
import { screen, type BrowserWindow } from 'electron';
import type { DisplayInfo, OverlayHost } from '../core/capture';
import { overlayPlan, overlayWindowTraits } from '../core/capture/wayland-overlay';
import { hideDockForOverlays } from './app-life';
import { createAppWindow } from './windows';

export interface OverlayHostOptions {
  /** Native Wayland: positions are ignored, so one full-screen overlay (core/capture/wayland-overlay.ts). */
  nativeWayland?: boolean;
  log?: (line: string) => void;
}

/** `onClosed`: after the overlays are gone (macOS: the Dock icon is decided again then). */
export function electronOverlayHost(
  onClosed: () => void = () => {},
  options: OverlayHostOptions = {},
): OverlayHost {
  let windows: BrowserWindow[] = [];
  return {
    open(displays: readonly DisplayInfo[]) {
      const underCursor = screen.getDisplayNearestPoint(screen.getCursorScreenPoint()).id;
      const plan = overlayPlan(displays, {
        nativeWayland: options.nativeWayland ?? false,
        pointerDisplayId: underCursor,
        platform: process.platform,
      });
      const traits = overlayWindowTraits(process.platform);
      // macOS: skipTransformProcessType holds only for a UIElement app (see hideDockForOverlays).
      if (traits.allWorkspaces?.skipTransformProcessType) hideDockForOverlays();
      for (const d of plan.skipped) options.log?.(`overlay: native Wayland, no window for display ${d.id}`);
      for (const { display, mode } of plan.placements) {
        const { x, y, width, height } = display.bounds;
        if (mode === 'fullscreen') {
          // The compositor picks the output; the page fits the frozen image into the window (letterboxed).
          const window = createAppWindow('overlay', {
            route: `overlay?display=${display.id}`,
            width,
            height,
            fullscreenable: true,
            fullscreen: true,
            stayHidden: true,
          });
          window.once('ready-to-show', () => {
            window.setFullScreen(true);
            window.show();
            window.focus();
            const size = window.getContentSize();
            options.log?.(
              `overlay: native Wayland, full screen ${size.join('x')} for display ${display.id} (${width}x${height})`,
            );
          });
          windows.push(window);
          continue;
        }
        const fullScreenHere = mode === 'bounds-fullscreen';
        const window = createAppWindow('overlay', {
          route: `overlay?display=${display.id}`,
          x,
          y,
          width,
          height,
          fullscreenable: fullScreenHere,
          // X11: resizable, or the window manager may refuse the full screen. Electron makes a
          // non-resizable Linux window fixed-size (min = max size hints, NativeWindowViews::
          // SetResizable), and Mutter (GNOME on X11 and XWayland) then ignores
          // _NET_WM_STATE_FULLSCREEN unless that size is the whole X screen, i.e. on any setup
          // with more than one monitor (meta_window_recalc_features). A full-screen frameless
          // window has no resize border (FramelessView::NonClientHitTest).
          ...(fullScreenHere ? { resizable: true } : {}),
          stayHidden: true,
        });
        // Windows, mixed DPI: bounds given at creation are interpreted on the primary's scale;
        // setting them again once the window exists places it on its own display exactly.
        window.setBounds(display.bounds);
        // macOS/Windows: above full-screen apps and the menu bar. X11 has no such level: the
        // window goes full screen on its display below, which covers the desktop's panels.
        window.setAlwaysOnTop(true, traits.alwaysOnTopLevel);
        if (traits.allWorkspaces) window.setVisibleOnAllWorkspaces(true, traits.allWorkspaces);
        window.once('ready-to-show', () => {
          window.setBounds(display.bounds);
          if (fullScreenHere) window.setFullScreen(true);
          window.show();
          // Keys go to the overlay under the pointer; Esc there closes them all.
          if (display.id === underCursor) window.focus();
        });
        windows.push(window);
      }
    },
    close() {
      for (const window of windows) if (!window.isDestroyed()) window.destroy();
      windows = [];
      // The Dock icon is decided again now that no overlay is visible.
      onClosed();
    },
  };
}
