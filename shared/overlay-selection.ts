/**
 * What the overlay does with the pointer and the keys, as pure functions on display-local DIP
 * rectangles. In shared/ because the overlay page runs them; electron/core/capture re-exports
 * them for main and the tests.
 */

export interface OverlayRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface OverlayPoint {
  x: number;
  y: number;
}

/** A pointer that moved less than this (DIP) between press and release clicked rather than dragged. */
export const CLICK_SLOP = 4;

/** Smallest selection the keys can resize to. */
export const MIN_SIZE = 1;

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** The rectangle between two corners of a drag, inside `area` (the display, from 0,0). */
export function rectFromDrag(start: OverlayPoint, end: OverlayPoint, area: OverlayRect): OverlayRect {
  const x0 = clamp(Math.min(start.x, end.x), area.x, area.x + area.width);
  const y0 = clamp(Math.min(start.y, end.y), area.y, area.y + area.height);
  const x1 = clamp(Math.max(start.x, end.x), area.x, area.x + area.width);
  const y1 = clamp(Math.max(start.y, end.y), area.y, area.y + area.height);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

export function isClick(start: OverlayPoint, end: OverlayPoint): boolean {
  return Math.abs(end.x - start.x) < CLICK_SLOP && Math.abs(end.y - start.y) < CLICK_SLOP;
}

/** Arrow keys: the selection moves by (dx, dy), its size kept, stopping at the display's edges. */
export function nudge(rect: OverlayRect, dx: number, dy: number, area: OverlayRect): OverlayRect {
  return {
    ...rect,
    x: clamp(rect.x + dx, area.x, area.x + area.width - rect.width),
    y: clamp(rect.y + dy, area.y, area.y + area.height - rect.height),
  };
}

/** Shift+arrows: the right/bottom edge moves by (dw, dh); at least MIN_SIZE, never past the display. */
export function resizeBy(rect: OverlayRect, dw: number, dh: number, area: OverlayRect): OverlayRect {
  return {
    ...rect,
    width: clamp(rect.width + dw, MIN_SIZE, area.x + area.width - rect.x),
    height: clamp(rect.height + dh, MIN_SIZE, area.y + area.height - rect.y),
  };
}

/**
 * The window under a click: the first of `windows` (topmost first, as the platform lists them)
 * that contains the point, clipped to the display. Undefined when none does.
 */
export function windowAt(
  point: OverlayPoint,
  windows: readonly OverlayRect[],
  area: OverlayRect,
): OverlayRect | undefined {
  for (const w of windows) {
    if (point.x >= w.x && point.x < w.x + w.width && point.y >= w.y && point.y < w.y + w.height) {
      const clipped = rectFromDrag({ x: w.x, y: w.y }, { x: w.x + w.width, y: w.y + w.height }, area);
      if (clipped.width > 0 && clipped.height > 0) return clipped;
    }
  }
  return undefined;
}

/** The part of `rect` inside `area`, or undefined when they do not overlap. */
export function intersect(rect: OverlayRect, area: OverlayRect): OverlayRect | undefined {
  const x0 = Math.max(rect.x, area.x);
  const y0 = Math.max(rect.y, area.y);
  const x1 = Math.min(rect.x + rect.width, area.x + area.width);
  const y1 = Math.min(rect.y + rect.height, area.y + area.height);
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : undefined;
}

/** Arrow key → direction, or undefined for other keys. */
export function arrowDelta(key: string): { dx: number; dy: number } | undefined {
  switch (key) {
    case 'ArrowLeft':
      return { dx: -1, dy: 0 };
    case 'ArrowRight':
      return { dx: 1, dy: 0 };
    case 'ArrowUp':
      return { dx: 0, dy: -1 };
    case 'ArrowDown':
      return { dx: 0, dy: 1 };
    default:
      return undefined;
  }
}
