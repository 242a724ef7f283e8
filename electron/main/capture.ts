/**
 * Desktop capture (thin adapter): every display at its full physical resolution, from one
 * desktopCapturer call per trigger, matched to its display by electron/core/capture/sources.ts.
 * Called before any overlay exists, so no overlay can appear in a capture.
 */
import { desktopCapturer, screen, systemPreferences, type Display, type NativeImage } from 'electron';
import { matchSources, uprightCapture, type DisplayInfo, type FrozenDisplay } from '../core/capture';
import type { RawImage } from '../core/image';
import { UserFacingError } from '../core/ipc/dispatch';

const MAC_PERMISSION =
  'Glimpse may not record the screen. Open System Settings › Privacy & Security › Screen Recording, ' +
  'switch on Glimpse, then quit and relaunch it.';

export function toDisplayInfo(display: Display): DisplayInfo {
  const rotation = [0, 90, 180, 270].includes(display.rotation) ? display.rotation : 0;
  return {
    id: display.id,
    bounds: { ...display.bounds },
    scaleFactor: display.scaleFactor,
    rotation: rotation as DisplayInfo['rotation'],
  };
}

/** The Screen Recording pane of System Settings (for an "Open settings" button; macOS only). */
export const MAC_SCREEN_RECORDING_SETTINGS =
  'x-apple.systempreferences:com.apple.preference.security?Privacy_ScreenCapture';

/** Whether this is a Wayland session: the portal may ask which screen to share (see README). */
export function isWayland(): boolean {
  return (
    process.platform === 'linux' &&
    (process.env.XDG_SESSION_TYPE === 'wayland' || Boolean(process.env.WAYLAND_DISPLAY))
  );
}

/** Every display, frozen. Throws a UserFacingError that says what to do when nothing can be captured. */
export async function captureAllDisplays(log: (line: string) => void): Promise<FrozenDisplay[]> {
  if (process.platform === 'darwin') {
    const status = systemPreferences.getMediaAccessStatus('screen');
    // 'not-determined' goes on: the capture itself makes macOS ask.
    if (status === 'denied' || status === 'restricted')
      throw new UserFacingError(MAC_PERMISSION, 'screen-permission');
  }
  const displays = screen.getAllDisplays().map(toDisplayInfo);
  // One box for all screens: each thumbnail is scaled to fit it, so it must hold the largest.
  const box = { width: 1, height: 1 };
  for (const d of displays) {
    const w = Math.round(d.bounds.width * d.scaleFactor);
    const h = Math.round(d.bounds.height * d.scaleFactor);
    box.width = Math.max(box.width, w);
    box.height = Math.max(box.height, h);
  }
  // Wayland: source ids are single-use and the portal may show its picker; one call per trigger.
  const sources = await desktopCapturer.getSources({ types: ['screen'], thumbnailSize: box });
  const { matches, unmatched } = matchSources(
    displays,
    sources.map((s) => ({ id: s.id, displayId: s.display_id, ...s.thumbnail.getSize() })),
  );
  for (const m of matches)
    if (m.method !== 'display-id') log(`capture: display ${m.display.id} matched by ${m.method}`);
  for (const d of unmatched) log(`capture: no screen source for display ${d.id}; it gets no overlay`);
  const frozen: FrozenDisplay[] = [];
  for (const m of matches) {
    const thumbnail = sources[m.sourceIndex]!.thumbnail;
    if (thumbnail.isEmpty()) continue;
    frozen.push({ display: m.display, image: uprightCapture(toRaw(thumbnail), m.display) });
  }
  // macOS without the permission hands back the wallpaper and menu bar only, no windows: after
  // the capture has made macOS ask, anything but 'granted' means that is what we got.
  if (process.platform === 'darwin' && systemPreferences.getMediaAccessStatus('screen') !== 'granted') {
    throw new UserFacingError(MAC_PERMISSION, 'screen-permission');
  }
  if (frozen.length === 0) {
    throw new UserFacingError(
      process.platform === 'darwin'
        ? MAC_PERMISSION
        : isWayland()
          ? 'The screen could not be captured. On Wayland, choose a screen in the sharing dialog, or check that xdg-desktop-portal is running.'
          : 'The screen could not be captured. Please try again.',
      'capture-failed',
    );
  }
  return frozen;
}

/** The display under the pointer, from the same single capture of every display. */
export async function captureDisplayUnderCursor(log: (line: string) => void = () => {}): Promise<RawImage> {
  const target = screen.getDisplayNearestPoint(screen.getCursorScreenPoint()).id;
  const frozen = await captureAllDisplays(log);
  return (frozen.find((f) => f.display.id === target) ?? frozen[0]!).image;
}

function toRaw(image: NativeImage): RawImage {
  const size = image.getSize();
  // NativeImage bitmaps are BGRA in memory on every platform.
  return { data: image.toBitmap(), width: size.width, height: size.height, channels: 4, order: 'bgra' };
}
