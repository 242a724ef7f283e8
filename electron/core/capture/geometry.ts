/**
 * Display geometry: from what the overlay reports (DIP, device-independent pixels) to physical
 * pixels of the right display's frozen capture.
 *
 * Each overlay window covers exactly one display, and reports its selection in its own CSS
 * pixels, i.e. DIP relative to that display's top-left corner. Converting display-local DIP
 * with the ratio `capture size / display size` is exact whatever the global layout looks like:
 * mixed scale factors, displays left of or above the primary (negative origins), and Windows'
 * per-monitor DPI, where global DIP coordinates of secondary displays do not line up with their
 * physical positions. Global DIP is only used to decide which display a point is on and to carry
 * a selection that ends on another display back to the display where it started.
 *
 * Each edge is rounded on its own (not origin + rounded size), so every edge is within half a
 * physical pixel of the exact value.
 */

export interface Point {
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface Rect extends Point, Size {}

/** What main knows of a display (a subset of Electron's `Display`). */
export interface DisplayInfo {
  id: number;
  /** Global DIP bounds, as `screen.getAllDisplays()` gives them (rotation already applied). */
  bounds: Rect;
  scaleFactor: number;
  /** Clockwise degrees; the bounds are already in the rotated orientation. */
  rotation: 0 | 90 | 180 | 270;
}

/** The physical size of a display: its DIP size times its scale factor, as desktopCapturer is asked for. */
export function physicalSize(display: DisplayInfo): Size {
  return {
    width: Math.round(display.bounds.width * display.scaleFactor),
    height: Math.round(display.bounds.height * display.scaleFactor),
  };
}

/**
 * The size to bring a screen thumbnail back to, or undefined when it is already right.
 * desktopCapturer scales each screen to fit the box it was asked for, *up* as well as down. Each
 * display normally gets a call with its own box (desktop-capture.ts); on Wayland the one call's
 * box holds the largest display, so a smaller screen picked in the portal comes back as
 * interpolated pixels (a 1080p one as 4K: 4× the memory, no more detail). Either orientation of
 * the display counts (a rotated display's frame may arrive unrotated).
 */
export function upscaledThumbnailFix(image: Size, display: DisplayInfo): Size | undefined {
  const native = physicalSize(display);
  const fits = (w: number, h: number): boolean => image.width <= w + 1 && image.height <= h + 1;
  if (fits(native.width, native.height) || fits(native.height, native.width)) return undefined;
  const upright = image.width >= image.height === native.width >= native.height;
  return upright ? native : { width: native.height, height: native.width };
}

/** A rectangle with a non-negative width and height (a drag up or to the left gives negative ones). */
export function normaliseRect(rect: Rect): Rect {
  const x0 = Math.min(rect.x, rect.x + rect.width);
  const y0 = Math.min(rect.y, rect.y + rect.height);
  return {
    x: x0,
    y: y0,
    width: Math.abs(rect.width),
    height: Math.abs(rect.height),
  };
}

/**
 * The physical pixels of a display's capture covered by a display-local DIP rectangle: each
 * edge scaled by the capture/display ratio and rounded to the nearest pixel boundary, then
 * clipped to the capture. Empty (width or height 0) when the rectangle lies outside.
 */
export function localDipToPhysical(rect: Rect, display: DisplayInfo, capture: Size): Rect {
  const r = normaliseRect(rect);
  const sx = capture.width / display.bounds.width;
  const sy = capture.height / display.bounds.height;
  const left = clamp(Math.round(r.x * sx), 0, capture.width);
  const top = clamp(Math.round(r.y * sy), 0, capture.height);
  const right = clamp(Math.round((r.x + r.width) * sx), 0, capture.width);
  const bottom = clamp(Math.round((r.y + r.height) * sy), 0, capture.height);
  return { x: left, y: top, width: Math.max(0, right - left), height: Math.max(0, bottom - top) };
}

/** The inverse: a physical rectangle of the capture in display-local DIP (not rounded). */
export function physicalToLocalDip(rect: Rect, display: DisplayInfo, capture: Size): Rect {
  const sx = display.bounds.width / capture.width;
  const sy = display.bounds.height / capture.height;
  return { x: rect.x * sx, y: rect.y * sy, width: rect.width * sx, height: rect.height * sy };
}

export function localToGlobal(point: Point, display: DisplayInfo): Point {
  return { x: point.x + display.bounds.x, y: point.y + display.bounds.y };
}

export function globalToLocal(point: Point, display: DisplayInfo): Point {
  return { x: point.x - display.bounds.x, y: point.y - display.bounds.y };
}

export function containsPoint(rect: Rect, point: Point): boolean {
  return (
    point.x >= rect.x && point.x < rect.x + rect.width && point.y >= rect.y && point.y < rect.y + rect.height
  );
}

/** The display containing a global DIP point, else the nearest one (as Electron's getDisplayNearestPoint). */
export function displayAt(point: Point, displays: readonly DisplayInfo[]): DisplayInfo | undefined {
  let best: DisplayInfo | undefined;
  let bestDistance = Infinity;
  for (const display of displays) {
    if (containsPoint(display.bounds, point)) return display;
    const { x, y, width, height } = display.bounds;
    const dx = Math.max(x - point.x, 0, point.x - (x + width));
    const dy = Math.max(y - point.y, 0, point.y - (y + height));
    const distance = dx * dx + dy * dy;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = display;
    }
  }
  return best;
}

/** Where a drag began and ended; each point in the DIP of the overlay it happened on. */
export interface DragEnds {
  start: { displayId: number; point: Point };
  end: { displayId: number; point: Point };
}

/**
 * A selection that may start on one display and end on another is cut from the display where
 * it started: the end point is carried over in global DIP and the rectangle clipped to the
 * starting display. Returned in the starting display's local DIP.
 */
export function selectionOnStartDisplay(
  drag: DragEnds,
  displays: readonly DisplayInfo[],
): {
  display: DisplayInfo;
  rect: Rect;
} {
  const startDisplay = displays.find((d) => d.id === drag.start.displayId);
  const endDisplay = displays.find((d) => d.id === drag.end.displayId);
  if (!startDisplay || !endDisplay)
    throw new RangeError('the selection names a display that is not captured');
  const end = globalToLocal(localToGlobal(drag.end.point, endDisplay), startDisplay);
  const { width, height } = startDisplay.bounds;
  const x0 = clamp(Math.min(drag.start.point.x, end.x), 0, width);
  const y0 = clamp(Math.min(drag.start.point.y, end.y), 0, height);
  const x1 = clamp(Math.max(drag.start.point.x, end.x), 0, width);
  const y1 = clamp(Math.max(drag.start.point.y, end.y), 0, height);
  return { display: startDisplay, rect: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
