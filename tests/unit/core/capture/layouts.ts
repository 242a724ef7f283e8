/**
 * Display layouts for the geometry tests: real panel resolutions at the scale factors desktops
 * offer, arranged with the primary at (0, 0) and others left of it, above it or right of it
 * (negative origins), some rotated to portrait.
 */
import type { DisplayInfo, Size } from '../../../../electron/core/capture';

export const SCALES = [1, 1.25, 1.5, 1.75, 2] as const;

/** Physical panel sizes (landscape). */
export const PANELS: readonly Size[] = [
  { width: 1920, height: 1080 },
  { width: 2560, height: 1440 },
  { width: 3840, height: 2160 },
  { width: 1366, height: 768 },
  { width: 2880, height: 1800 },
  { width: 1680, height: 1050 },
];

export type Placement = 'right' | 'left' | 'above' | 'below';

export interface LayoutDisplay {
  display: DisplayInfo;
  /** The size of the capture desktopCapturer gives: the panel's physical pixels. */
  capture: Size;
}

export interface DisplaySpec {
  panel: Size;
  scale: number;
  portrait: boolean;
  /** Where it goes relative to the previous display (ignored for the first, the primary). */
  placement: Placement;
  /** Offset along the shared edge, in DIP. */
  shift: number;
}

/**
 * Builds a layout the way the screen API reports it: DIP sizes are the physical size divided by
 * the scale factor, rounded (1920 px at 1.75 → 1097 DIP, which is 1919.75 px: the capture is
 * still 1920 wide, so geometry must use the capture's own size, not bounds × scale).
 */
export function buildLayout(specs: readonly DisplaySpec[]): LayoutDisplay[] {
  const out: LayoutDisplay[] = [];
  specs.forEach((spec, index) => {
    const capture = spec.portrait
      ? { width: spec.panel.height, height: spec.panel.width }
      : { ...spec.panel };
    const width = Math.round(capture.width / spec.scale);
    const height = Math.round(capture.height / spec.scale);
    let x = 0;
    let y = 0;
    const previous = out[index - 1]?.display.bounds;
    if (previous) {
      switch (spec.placement) {
        case 'right':
          x = previous.x + previous.width;
          y = previous.y + spec.shift;
          break;
        case 'left':
          x = previous.x - width;
          y = previous.y + spec.shift;
          break;
        case 'above':
          x = previous.x + spec.shift;
          y = previous.y - height;
          break;
        case 'below':
          x = previous.x + spec.shift;
          y = previous.y + previous.height;
          break;
      }
    }
    out.push({
      display: {
        id: 1000 + index * 7,
        bounds: { x, y, width, height },
        scaleFactor: spec.scale,
        rotation: spec.portrait ? 90 : 0,
      },
      capture,
    });
  });
  return out;
}
