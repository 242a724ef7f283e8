/**
 * Desktop capture (thin adapter): Electron's screen, desktopCapturer and systemPreferences handed
 * to electron/core/capture/desktop-capture.ts, which decides the getSources calls (one per
 * distinct display size; one on Wayland), matches sources to displays and turns failures into
 * help for the user. Called before any overlay exists, so no overlay can appear in a capture.
 */
import { desktopCapturer, screen, systemPreferences, type Display, type NativeImage } from 'electron';
import {
  captureDisplays,
  type DesktopCaptureDeps,
  type DisplayInfo,
  type FrozenDisplay,
} from '../core/capture';
import type { RawImage } from '../core/image';
import { isWaylandSession } from '../core/app/platform';

export { MAC_SCREEN_RECORDING_SETTINGS } from '../core/app/platform';

export function toDisplayInfo(display: Display): DisplayInfo {
  const rotation = [0, 90, 180, 270].includes(display.rotation) ? display.rotation : 0;
  return {
    id: display.id,
    bounds: { ...display.bounds },
    scaleFactor: display.scaleFactor,
    rotation: rotation as DisplayInfo['rotation'],
  };
}

/** Whether this is a Wayland session: the portal may ask which screen to share (see README). */
export function isWayland(): boolean {
  return isWaylandSession({ platform: process.platform, ...process.env });
}

function captureDeps(log: (line: string) => void): DesktopCaptureDeps<NativeImage> {
  return {
    env: { platform: process.platform, ...process.env },
    displays: screen.getAllDisplays().map(toDisplayInfo),
    // Read before the portal's picker can move it (may be stale or (0, 0) on Wayland).
    pointerDisplayId: screen.getDisplayNearestPoint(screen.getCursorScreenPoint()).id,
    getSources: async (thumbnailSize) =>
      (await desktopCapturer.getSources({ types: ['screen'], thumbnailSize })).map((s) => ({
        id: s.id,
        displayId: s.display_id,
        ...s.thumbnail.getSize(),
        thumbnail: s.thumbnail,
      })),
    // Never 'not-determined' for the screen (electron#28540): read after capturing only.
    screenAccess: () => systemPreferences.getMediaAccessStatus('screen'),
    isEmpty: (thumbnail) => thumbnail.isEmpty(),
    toRaw: (thumbnail, resizeTo) =>
      toRaw(resizeTo ? thumbnail.resize({ ...resizeTo, quality: 'best' }) : thumbnail),
    log,
  };
}

/** Every display, frozen. Throws a UserFacingError that says what to do when nothing can be captured. */
export function captureAllDisplays(log: (line: string) => void): Promise<FrozenDisplay[]> {
  return captureDisplays(captureDeps(log));
}

/** The display under the pointer, captured on its own (any display on Wayland), with its pixels per DIP. */
export async function captureDisplayUnderCursor(
  log: (line: string) => void = () => {},
): Promise<{ image: RawImage; scaleFactor: number }> {
  const deps = captureDeps(log);
  const frozen = await captureDisplays(deps, { only: deps.pointerDisplayId });
  const { display, image } = frozen.find((f) => f.display.id === deps.pointerDisplayId) ?? frozen[0]!;
  return { image, scaleFactor: image.width / display.bounds.width };
}

function toRaw(image: NativeImage): RawImage {
  const size = image.getSize();
  // NativeImage bitmaps are BGRA in memory on every platform.
  return { data: image.toBitmap(), width: size.width, height: size.height, channels: 4, order: 'bgra' };
}
