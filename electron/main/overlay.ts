/**
 * The overlay windows (thin adapter): one borderless, always-on-top window per display, exactly
 * over it, showing `#/overlay?display=<id>`. The state lives in electron/core/capture/overlay-session.ts.
 */
import { screen, type BrowserWindow } from 'electron';
import type { DisplayInfo, OverlayHost } from '../core/capture';
import { createAppWindow } from './windows';

/** `onClosed`: after the overlays are gone (macOS: the Dock icon is decided again then). */
export function electronOverlayHost(onClosed: () => void = () => {}): OverlayHost {
  let windows: BrowserWindow[] = [];
  return {
    open(displays: readonly DisplayInfo[]) {
      const underCursor = screen.getDisplayNearestPoint(screen.getCursorScreenPoint()).id;
      for (const display of displays) {
        const { x, y, width, height } = display.bounds;
        const window = createAppWindow('overlay', {
          route: `overlay?display=${display.id}`,
          x,
          y,
          width,
          height,
          fullscreenable: false,
          stayHidden: true,
        });
        // Windows, mixed DPI: bounds given at creation are interpreted on the primary's scale;
        // setting them again once the window exists places it on its own display exactly.
        window.setBounds(display.bounds);
        // Above full-screen apps and the macOS menu bar.
        window.setAlwaysOnTop(true, 'screen-saver');
        window.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
        window.once('ready-to-show', () => {
          window.setBounds(display.bounds);
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
      // setVisibleOnAllWorkspaces changes the macOS process type, hiding the Dock icon.
      onClosed();
    },
  };
}
