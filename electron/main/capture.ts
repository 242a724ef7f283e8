/**
 * Desktop capture: the display under the cursor, at its full physical resolution.
 */
import { desktopCapturer, screen } from 'electron';
import type { RawImage } from '../core/image';
import { UserFacingError } from '../core/ipc/dispatch';

export async function captureDisplayUnderCursor(): Promise<RawImage> {
  const display = screen.getDisplayNearestPoint(screen.getCursorScreenPoint());
  const physical = {
    width: Math.round(display.size.width * display.scaleFactor),
    height: Math.round(display.size.height * display.scaleFactor),
  };
  const sources = await desktopCapturer.getSources({ types: ['screen'], thumbnailSize: physical });
  // display_id is empty on some Linux setups: with a single screen source, that one is ours.
  const source =
    sources.find((s) => s.display_id === String(display.id)) ??
    (sources.length === 1 ? sources[0] : undefined);
  if (!source || source.thumbnail.isEmpty()) {
    throw new UserFacingError(
      'The screen could not be captured. On macOS, allow Glimpse in System Settings › Privacy & Security › Screen Recording, then relaunch it.',
      'capture-failed',
    );
  }
  const size = source.thumbnail.getSize();
  // NativeImage bitmaps are BGRA in memory on every platform.
  return {
    data: source.thumbnail.toBitmap(),
    width: size.width,
    height: size.height,
    channels: 4,
    order: 'bgra',
  };
}
