/**
 * Where a small bar attached to a box goes (the overlay's Keep / Dismiss bar under a proposed
 * redaction): below the box, else above it, else just below an obstacle it would be hidden by
 * (the overlay's toolbar) — always inside the viewport. Pure, so it is tested on its own.
 */
export interface PlacedRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface BarPlacement {
  left: number;
  top: number;
  /** Which rule placed it (shown as data-placement for tests and debugging). */
  placement: 'below' | 'above' | 'past-obstacle';
}

const GAP = 4;

function overlaps(a: PlacedRect, b: PlacedRect): boolean {
  return (
    a.left < b.left + b.width &&
    b.left < a.left + a.width &&
    a.top < b.top + b.height &&
    b.top < a.top + a.height
  );
}

/** All rects in the same (viewport) coordinates; `bar` gives only the bar's size. */
export function placeBar(
  box: PlacedRect,
  bar: { width: number; height: number },
  viewport: { width: number; height: number },
  obstacle?: PlacedRect,
): BarPlacement {
  const left = Math.max(0, Math.min(box.left, viewport.width - bar.width));
  const fits = (top: number) => {
    const rect = { left, top, width: bar.width, height: bar.height };
    return top >= 0 && top + bar.height <= viewport.height && !(obstacle && overlaps(rect, obstacle));
  };
  const below = box.top + box.height;
  if (fits(below)) return { left, top: below, placement: 'below' };
  const above = box.top - bar.height;
  if (fits(above)) return { left, top: above, placement: 'above' };
  if (obstacle) {
    const past = obstacle.top + obstacle.height + GAP;
    if (fits(past)) return { left, top: past, placement: 'past-obstacle' };
  }
  return { left, top: Math.min(below, viewport.height - bar.height), placement: 'below' };
}

/**
 * Whether the overlay's toolbar should leave its place at the top centre for the bottom centre:
 * when, at the top, it would cover a proposed box (or the bar under it, `barHeight` tall), and
 * at the bottom it would cover fewer. Boxes and viewport in the same units (the overlay's DIP).
 */
export function toolbarAtBottom(
  boxes: readonly { x: number; y: number; width: number; height: number }[],
  toolbar: { width: number; height: number },
  viewport: { width: number; height: number },
  options: { margin?: number; barHeight?: number } = {},
): boolean {
  const margin = options.margin ?? 12;
  const barHeight = options.barHeight ?? 24;
  if (toolbar.width === 0 || boxes.length === 0) return false;
  const at = (top: number): PlacedRect => ({
    left: (viewport.width - toolbar.width) / 2,
    top,
    width: toolbar.width,
    height: toolbar.height,
  });
  const hits = (place: PlacedRect) =>
    boxes.filter((b) =>
      overlaps({ left: b.x, top: b.y, width: b.width, height: b.height + barHeight }, place),
    ).length;
  const top = hits(at(margin));
  return top > 0 && hits(at(viewport.height - margin - toolbar.height)) < top;
}
