/**
 * Desktop capture (thin adapter): every display at its full physical resolution, from one
 * desktopCapturer call per trigger, matched to its display by electron/core/capture/sources.ts.
 * Called before any overlay exists, so no overlay can appear in a capture.
 */
import { desktopCapturer, screen, systemPreferences, type Display, type NativeImage } from 'electron';
import {
  matchSources,
  upscaledThumbnailFix,
  uprightCapture,
  type DisplayInfo,
  type FrozenDisplay,
} from '../core/capture';
import type { RawImage } from '../core/image';
import {
  isWaylandSession,
  nothingCapturedError,
  screenPermissionBlocks,
  screenPermissionError,
  type ScreenAccess,
} from '../core/app/platform';

export { MAC_SCREEN_RECORDING_SETTINGS } from '../core/app/platform';

/** macOS Screen Recording permission, as Electron reports it. */
const screenAccess = (): ScreenAccess => systemPreferences.getMediaAccessStatus('screen');

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

/** Every display, frozen. Throws a UserFacingError that says what to do when nothing can be captured. */
export async function captureAllDisplays(log: (line: string) => void): Promise<FrozenDisplay[]> {
  // 'not-determined' goes on: the capture itself makes macOS ask.
  if (process.platform === 'darwin' && screenPermissionBlocks(process.platform, screenAccess(), 'before'))
    throw screenPermissionError();
  const displays = screen.getAllDisplays().map(toDisplayInfo);
  // One box for all screens: each thumbnail is scaled to fit it, so it must hold the largest.
  const box = { width: 1, height: 1 };
  for (const d of displays) {
    const w = Math.round(d.bounds.width * d.scaleFactor);
    const h = Math.round(d.bounds.height * d.scaleFactor);
    box.width = Math.max(box.width, w);
    box.height = Math.max(box.height, h);
  }
  // Read before the portal's picker can move it: the tie-break for a lone Wayland source that fits
  // several displays equally (sources.ts step 4; may be stale or (0, 0) on Wayland, hence only that).
  const pointerDisplayId = screen.getDisplayNearestPoint(screen.getCursorScreenPoint()).id;
  // Wayland: source ids are single-use and the portal may show its picker; one call per trigger.
  const sources = await desktopCapturer.getSources({ types: ['screen'], thumbnailSize: box });
  const { matches, unmatched } = matchSources(
    displays,
    sources.map((s) => ({ id: s.id, displayId: s.display_id, ...s.thumbnail.getSize() })),
    { pointerDisplayId },
  );
  for (const m of matches)
    if (m.method !== 'display-id') log(`capture: display ${m.display.id} matched by ${m.method}`);
  for (const d of unmatched) log(`capture: no screen source for display ${d.id}; it gets no overlay`);
  const frozen: FrozenDisplay[] = [];
  for (const m of matches) {
    let thumbnail = sources[m.sourceIndex]!.thumbnail;
    if (thumbnail.isEmpty()) continue;
    const native = upscaledThumbnailFix(thumbnail.getSize(), m.display);
    if (native) thumbnail = thumbnail.resize({ ...native, quality: 'best' });
    frozen.push({ display: m.display, image: uprightCapture(toRaw(thumbnail), m.display) });
  }
  // macOS without the permission hands back the wallpaper and menu bar only, no windows: after
  // the capture has made macOS ask, anything but 'granted' means that is what we got.
  if (process.platform === 'darwin' && screenPermissionBlocks(process.platform, screenAccess(), 'after'))
    throw screenPermissionError();
  // Wayland: the portal's picker was cancelled or the portal is missing ('wayland-portal').
  if (frozen.length === 0) throw nothingCapturedError({ platform: process.platform, ...process.env });
  return frozen;
}

/** The display under the pointer, from the same single capture of every display, with its pixels per DIP. */
export async function captureDisplayUnderCursor(
  log: (line: string) => void = () => {},
): Promise<{ image: RawImage; scaleFactor: number }> {
  const target = screen.getDisplayNearestPoint(screen.getCursorScreenPoint()).id;
  const frozen = await captureAllDisplays(log);
  const { display, image } = frozen.find((f) => f.display.id === target) ?? frozen[0]!;
  return { image, scaleFactor: image.width / display.bounds.width };
}

function toRaw(image: NativeImage): RawImage {
  const size = image.getSize();
  // NativeImage bitmaps are BGRA in memory on every platform.
  return { data: image.toBitmap(), width: size.width, height: size.height, channels: 4, order: 'bgra' };
}
