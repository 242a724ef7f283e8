/**
 * Which desktopCapturer screen source shows which display, and the frozen capture made upright.
 *
 * One `getSources({types: ['screen']})` call returns every screen. Each source names its display
 * in `display_id` — except where the platform leaves it empty (seen on some Linux/X11 and
 * Wayland setups). The fallback, in order:
 *   1. `display_id` naming the display's id (as numbers: see sameDisplayId);
 *   2. the one remaining source whose thumbnail has the display's physical size (or its aspect
 *      ratio, when the thumbnail was scaled), if exactly one fits;
 *   3. when as many sources as displays remain, pair them in order: displays as the screen API
 *      lists them, sources by the number in their id (`screen:<n>:0`). Best effort, and said so.
 *   4. Wayland: the screen-sharing portal hands back ONE source, the screen the user picked, with
 *      an empty id. When it fits several displays, which one was picked cannot be known for sure
 *      ('single-source'): a display of exactly the source's size comes before one that only has
 *      its aspect ratio (a 4K capture goes to the 4K monitor, not to a 1080p laptop beside it);
 *      among equals — identical twins, or only same-ratio displays of other sizes — the display
 *      under the pointer, else the first. The pointer is only a tie-break: it is stale under
 *      XWayland and (0, 0) on native Wayland in recent Electron. With an exact fit, image and
 *      display have the same size, so the crop is right even when the overlay shows on the twin;
 *      an aspect-only fit to a display of another size scales the capture to that display.
 * A display left without a source gets no overlay, and the caller says so.
 */
import type { RawImage } from '../image';
import { physicalSize, type DisplayInfo, type Size } from './geometry';

export interface ScreenSourceInfo {
  /** e.g. `screen:1:0`. */
  id: string;
  /** Electron's `display_id`: the exact int64 display id in decimal, or empty where the platform gives none. */
  displayId: string;
  /** The thumbnail's size. */
  width: number;
  height: number;
}

export type SourceMatchMethod = 'display-id' | 'size' | 'order' | 'single-source';

export interface SourceMatch {
  display: DisplayInfo;
  sourceIndex: number;
  method: SourceMatchMethod;
}

export interface SourceMatching {
  matches: SourceMatch[];
  /** Displays no source could be matched to. */
  unmatched: DisplayInfo[];
}

export interface MatchOptions {
  /** The display under the pointer: the tie-break for a lone source that fits several displays equally (step 4). */
  pointerDisplayId?: number;
}

export function matchSources(
  displays: readonly DisplayInfo[],
  sources: readonly ScreenSourceInfo[],
  options: MatchOptions = {},
): SourceMatching {
  const matches: SourceMatch[] = [];
  const freeSources = new Set(sources.map((_, index) => index));
  let freeDisplays = [...displays];

  const take = (display: DisplayInfo, sourceIndex: number, method: SourceMatchMethod): void => {
    matches.push({ display, sourceIndex, method });
    freeSources.delete(sourceIndex);
    freeDisplays = freeDisplays.filter((d) => d !== display);
  };

  for (const display of displays) {
    const index = sources.findIndex((s, i) => freeSources.has(i) && sameDisplayId(s.displayId, display.id));
    if (index !== -1) take(display, index, 'display-id');
  }

  // A source whose display_id names some other display is not a candidate for the fallbacks.
  for (const index of [...freeSources]) {
    const named = sources[index]!.displayId;
    if (displays.some((d) => sameDisplayId(named, d.id))) freeSources.delete(index);
  }

  for (const display of [...freeDisplays]) {
    const fitting = [...freeSources].filter((i) => fitsDisplay(sources[i]!, physicalSize(display)));
    const others = freeDisplays.filter(
      (d) => d !== display && fitting.some((i) => fitsDisplay(sources[i]!, physicalSize(d))),
    );
    if (fitting.length === 1 && others.length === 0) take(display, fitting[0]!, 'size');
  }

  if (freeDisplays.length > 0 && freeDisplays.length === freeSources.size) {
    const ordered = [...freeSources].sort((a, b) => screenNumber(sources[a]!) - screenNumber(sources[b]!));
    for (const [k, display] of [...freeDisplays].entries()) take(display, ordered[k]!, 'order');
  }

  if (sources.length === 1 && freeSources.size === 1) {
    const index = [...freeSources][0]!;
    const source = sources[index]!;
    const exact = freeDisplays.filter((d) => sameSize(source, physicalSize(d)));
    const fitting =
      exact.length > 0 ? exact : freeDisplays.filter((d) => fitsDisplay(source, physicalSize(d)));
    const chosen = fitting.find((d) => d.id === options.pointerDisplayId) ?? fitting[0];
    if (chosen) take(chosen, index, 'single-source');
  }

  matches.sort((a, b) => displays.indexOf(a.display) - displays.indexOf(b.display));
  return { matches, unmatched: freeDisplays };
}

/**
 * Whether a source's `display_id` names this display. Both come from the same int64 (Chromium's
 * display id), but differently: `display_id` is its exact decimal string, `Display.id` is it
 * converted to a double, rounded above 2^53 (X11 builds ids from the EDID, e.g. 13702250537190212,
 * electron#41755). So the string is read as a number and rounded the same way, never the double
 * printed: `String(display.id)` loses the digits the double lost.
 */
export function sameDisplayId(sourceDisplayId: string, displayId: number): boolean {
  if (sourceDisplayId.trim() === '') return false;
  const named = Number(sourceDisplayId);
  return Number.isFinite(named) && named === displayId;
}

function sameSize(source: ScreenSourceInfo, expected: Size): boolean {
  return source.width === expected.width && source.height === expected.height;
}

/** Same size, or (a thumbnail scaled to fit the requested box) the same aspect ratio within 1 %. */
function fitsDisplay(source: ScreenSourceInfo, expected: Size): boolean {
  if (sameSize(source, expected)) return true;
  if (source.width <= 0 || source.height <= 0) return false;
  const ratio = source.width / source.height / (expected.width / expected.height);
  return Math.abs(ratio - 1) < 0.01;
}

function screenNumber(source: ScreenSourceInfo): number {
  const match = /^screen:(-?\d+)/.exec(source.id);
  return match ? Number(match[1]) : Number.MAX_SAFE_INTEGER;
}

/**
 * The capture in the orientation the user sees. Electron's bounds of a rotated display are
 * already rotated; should a platform hand back the panel's native (unrotated) frame — width and
 * height swapped against the display — it is turned by the display's rotation here, so the
 * geometry can treat every capture alike. Anything else is returned as is.
 */
export function uprightCapture(image: RawImage, display: DisplayInfo): RawImage {
  const expected = physicalSize(display);
  const swapped =
    image.width !== image.height &&
    Math.sign(image.width - image.height) !== Math.sign(expected.width - expected.height);
  if (!swapped || (display.rotation !== 90 && display.rotation !== 270)) return image;
  return rotateQuarter(image, display.rotation === 90 ? 'clockwise' : 'counter-clockwise');
}

/** Rotates a 4-byte-per-pixel image by a quarter turn. */
export function rotateQuarter(image: RawImage, direction: 'clockwise' | 'counter-clockwise'): RawImage {
  const { width, height, data } = image;
  const out = new Uint8Array(data.length);
  // Uint32 views need 4-byte alignment; a Buffer from Node's pool may not have it.
  const aligned = data.byteOffset % 4 === 0 ? data : data.slice();
  const source = new Uint32Array(aligned.buffer, aligned.byteOffset, width * height);
  const target = new Uint32Array(out.buffer);
  // The new image is `height` wide and `width` tall.
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const nx = direction === 'clockwise' ? height - 1 - y : y;
      const ny = direction === 'clockwise' ? x : width - 1 - x;
      target[ny * height + nx] = source[y * width + x]!;
    }
  }
  return { ...image, data: out, width: height, height: width };
}
