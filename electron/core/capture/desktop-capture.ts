/**
 * One capture of every display, decided in plain code: which `desktopCapturer.getSources` calls to
 * make, which source of which call shows which display, and what to tell the user when the OS
 * refuses. electron/main/capture.ts only hands in Electron's calls.
 *
 * Thumbnail sizes. Chromium scales each screen's frame to the largest rectangle of the frame's
 * own aspect ratio that fits the requested box (media::ComputeLetterboxRegion, then a bilinear
 * libyuv::ARGBScale, up or down) and returns a bitmap of that rectangle's size. One box for
 * every screen must hold the largest one, so a 1080p laptop beside a 4K monitor came back
 * upscaled to 4K and was scaled back down: not its own pixels. Hence:
 *   - one call per distinct longest physical edge L, with an L×L box: a frame whose longest edge
 *     is L fits it exactly (scale 1) in either orientation, so each display is taken from the
 *     call made for it, pixel for pixel;
 *   - Wayland: ONE call. Source ids are single-use there and the portal may show its picker at
 *     every call; the portal gives one screen anyway. The box holds the largest display, and a
 *     smaller screen picked there is brought back to its size (upscaledThumbnailFix).
 *
 * Permission and failures. There is no check before capturing: on macOS only a capture attempt
 * makes the system ask and list Glimpse in System Settings (see screenPermissionBlocks). A
 * rejected getSources (Electron rejects with a bare string) becomes the help the user needs.
 */
import {
  describeRejection,
  isWaylandSession,
  nothingCapturedError,
  screenPermissionBlocks,
  screenPermissionError,
  sourcesFailedError,
  type ScreenAccess,
  type SessionEnv,
} from '../app/platform';
import type { RawImage } from '../image';
import { physicalSize, upscaledThumbnailFix, type DisplayInfo, type Size } from './geometry';
import type { FrozenDisplay } from './overlay-session';
import { matchSources, uprightCapture, type ScreenSourceInfo } from './sources';

/** One getSources call: its box, and the displays to take from what it returns. */
export interface ThumbnailRequest {
  thumbnailSize: Size;
  displays: DisplayInfo[];
}

/** The longest edge of a display in physical pixels. */
function longestEdge(display: DisplayInfo): number {
  const { width, height } = physicalSize(display);
  return Math.max(1, width, height);
}

/**
 * The getSources calls for these displays: one per distinct longest physical edge (an L×L box
 * gives every display with that edge its own pixels), or one holding them all where a single
 * call is allowed (Wayland).
 */
export function thumbnailRequests(
  displays: readonly DisplayInfo[],
  options: { singleCall: boolean },
): ThumbnailRequest[] {
  if (displays.length === 0) return [];
  if (options.singleCall) {
    const side = Math.max(...displays.map(longestEdge));
    return [{ thumbnailSize: { width: side, height: side }, displays: [...displays] }];
  }
  const byEdge = new Map<number, DisplayInfo[]>();
  for (const display of displays) {
    const edge = longestEdge(display);
    byEdge.set(edge, [...(byEdge.get(edge) ?? []), display]);
  }
  return [...byEdge].map(([side, group]) => ({
    thumbnailSize: { width: side, height: side },
    displays: group,
  }));
}

/** A screen source with its thumbnail, whatever the thumbnail is (a NativeImage in the app). */
export interface CapturedSource<T> extends ScreenSourceInfo {
  thumbnail: T;
}

export interface DesktopCaptureDeps<T> {
  /** process.platform and the session variables (Wayland or not). */
  env: SessionEnv;
  /** screen.getAllDisplays(), as DisplayInfo. */
  displays: readonly DisplayInfo[];
  /** The display under the pointer, read before any picker can move it (sources.ts step 4). */
  pointerDisplayId?: number;
  /** desktopCapturer.getSources({ types: ['screen'], thumbnailSize }). May reject with a string. */
  getSources(thumbnailSize: Size): Promise<readonly CapturedSource<T>[]>;
  /** macOS: systemPreferences.getMediaAccessStatus('screen'); read only after capturing. */
  screenAccess(): ScreenAccess;
  isEmpty(thumbnail: T): boolean;
  /** The thumbnail's BGRA pixels, first resized to `resizeTo` when given. */
  toRaw(thumbnail: T, resizeTo?: Size): RawImage;
  log(line: string): void;
}

/**
 * Every display (or, with `only`, that one display's call), frozen. Throws a UserFacingError that
 * says what to do when nothing can be captured.
 */
export async function captureDisplays<T>(
  deps: DesktopCaptureDeps<T>,
  options: { only?: number } = {},
): Promise<FrozenDisplay[]> {
  const { env, displays } = deps;
  const mac = env.platform === 'darwin';
  const singleCall = isWaylandSession(env);
  // `only` asks for that display's call alone; on Wayland the portal's user picks the screen, so
  // the one box must hold any of them.
  const wanted =
    options.only === undefined || singleCall ? [] : displays.filter((d) => d.id === options.only);
  const requests = thumbnailRequests(wanted.length > 0 ? wanted : displays, { singleCall });

  let results: (readonly CapturedSource<T>[])[];
  try {
    // Separate boxes, so Electron runs them as separate captures (it merges identical requests).
    results = await Promise.all(requests.map((r) => deps.getSources(r.thumbnailSize)));
  } catch (reason) {
    deps.log(`capture: desktopCapturer.getSources failed: ${describeRejection(reason)}`);
    throw sourcesFailedError(env, mac ? deps.screenAccess() : undefined);
  }

  const frozen: FrozenDisplay[] = [];
  for (const [k, request] of requests.entries()) {
    const sources = results[k]!;
    // Matched against every display, so that a source naming another display is never taken for
    // one of this call's; then only this call's displays are kept.
    const { matches } = matchSources(displays, sources, { pointerDisplayId: deps.pointerDisplayId });
    for (const display of request.displays) {
      const match = matches.find((m) => m.display === display);
      if (!match) {
        deps.log(`capture: no screen source for display ${display.id}; it gets no overlay`);
        continue;
      }
      if (match.method !== 'display-id')
        deps.log(`capture: display ${display.id} matched by ${match.method}`);
      const source = sources[match.sourceIndex]!;
      if (deps.isEmpty(source.thumbnail)) {
        // Electron answers with what it has after 3 s (kDesktopCapturerReadyTimeout in
        // electron_api_desktop_capturer.cc): a screen whose thumbnail was not ready comes back empty.
        deps.log(`capture: the source for display ${display.id} came back empty; it gets no overlay`);
        continue;
      }
      // Wayland's shared box, or a platform that still scales up: back to the display's own size.
      const native = upscaledThumbnailFix({ width: source.width, height: source.height }, display);
      frozen.push({ display, image: uprightCapture(deps.toRaw(source.thumbnail, native), display) });
    }
  }
  frozen.sort((a, b) => displays.indexOf(a.display) - displays.indexOf(b.display));

  // macOS without the permission hands back the wallpaper and menu bar only, no windows (older
  // macOS and Electron) — the capture has made macOS ask; anything but 'granted' is that.
  if (mac && screenPermissionBlocks(env.platform, deps.screenAccess())) throw screenPermissionError();
  // Wayland: the portal's picker gave nothing usable ('wayland-portal').
  if (frozen.length === 0) throw nothingCapturedError(env);
  return frozen;
}
