/**
 * The geometry matrix: scale factors 1–2 mixed on two and three displays, negative origins,
 * rotated portrait displays. For a region known in physical pixels of one display's capture, the
 * overlay reports it in that display's DIP (as Chromium does: fractional CSS pixels); converting
 * back must land within one physical pixel on every edge — also when the drag's end point is
 * reported by a neighbouring display's overlay.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  displayAt,
  localDipToPhysical,
  localToGlobal,
  globalToLocal,
  normaliseRect,
  physicalSize,
  physicalToLocalDip,
  selectionOnStartDisplay,
  upscaledThumbnailFix,
  type DisplayInfo,
  type Rect,
  type Size,
} from '../../../../electron/core/capture';
import { buildLayout, PANELS, SCALES, type DisplaySpec, type LayoutDisplay, type Placement } from './layouts';

const PLACEMENTS: readonly Placement[] = ['right', 'left', 'above', 'below'];

/** What the overlay of `display` reports for physical rectangle `p` of its capture. */
function reportedDip(p: Rect, display: DisplayInfo, capture: Size): Rect {
  const sx = display.bounds.width / capture.width;
  const sy = display.bounds.height / capture.height;
  return { x: p.x * sx, y: p.y * sy, width: p.width * sx, height: p.height * sy };
}

function edges(r: Rect): [number, number, number, number] {
  return [r.x, r.y, r.x + r.width, r.y + r.height];
}

function expectWithinOnePixel(actual: Rect, expected: Rect, context: string): void {
  const a = edges(actual);
  const e = edges(expected);
  for (let k = 0; k < 4; k++) {
    const error = Math.abs(a[k]! - e[k]!);
    if (error > 1) {
      throw new Error(
        `${context}: edge ${['left', 'top', 'right', 'bottom'][k]} off by ${error} px (got ${JSON.stringify(actual)}, want ${JSON.stringify(expected)})`,
      );
    }
  }
}

/**
 * The round trip the app makes: the overlay of the start display reports the drag start; the end
 * point is reported by whichever display's overlay it is on (global DIP → that display's local).
 */
function roundTrip(layout: LayoutDisplay[], index: number, p: Rect, reverse: boolean): Rect {
  const { display, capture } = layout[index]!;
  const dip = reportedDip(p, display, capture);
  const a = { x: dip.x, y: dip.y };
  const b = { x: dip.x + dip.width, y: dip.y + dip.height };
  const [start, end] = reverse ? [b, a] : [a, b];
  const endGlobal = localToGlobal(end, display);
  const endDisplay = displayAt(
    endGlobal,
    layout.map((l) => l.display),
  )!;
  const { display: chosen, rect } = selectionOnStartDisplay(
    {
      start: { displayId: display.id, point: start },
      end: { displayId: endDisplay.id, point: globalToLocal(endGlobal, endDisplay) },
    },
    layout.map((l) => l.display),
  );
  expect(chosen.id).toBe(display.id);
  return localDipToPhysical(rect, chosen, capture);
}

const specArb: fc.Arbitrary<DisplaySpec> = fc.record({
  panel: fc.constantFrom(...PANELS),
  scale: fc.constantFrom(...SCALES),
  portrait: fc.boolean(),
  placement: fc.constantFrom(...PLACEMENTS),
  shift: fc.integer({ min: -300, max: 300 }),
});

/** A physical rectangle inside a capture, at least 1×1. */
function rectIn(capture: Size): fc.Arbitrary<Rect> {
  return fc
    .tuple(
      fc.integer({ min: 0, max: capture.width - 1 }),
      fc.integer({ min: 0, max: capture.height - 1 }),
      fc.integer({ min: 1, max: capture.width }),
      fc.integer({ min: 1, max: capture.height }),
    )
    .map(([x, y, w, h]) => ({
      x,
      y,
      width: Math.min(w, capture.width - x),
      height: Math.min(h, capture.height - y),
    }));
}

describe('DIP → physical on a matrix of layouts', () => {
  it('every pair and triple of scale factors, left/above/right/below, portrait or not: ≤ 1 px per edge', () => {
    let checked = 0;
    for (const count of [2, 3]) {
      const combos: number[][] = count === 2 ? SCALES.flatMap((a) => SCALES.map((b) => [a, b])) : [];
      if (count === 3)
        for (const a of SCALES) for (const b of SCALES) for (const c of SCALES) combos.push([a, b, c]);
      combos.forEach((scales, n) => {
        const layout = buildLayout(
          scales.map((scale, k) => ({
            panel: PANELS[(n + k) % PANELS.length]!,
            scale,
            portrait: (n + k) % 4 === 1,
            placement: PLACEMENTS[(n + k) % PLACEMENTS.length]!,
            shift: ((n * 37 + k * 11) % 200) - 100,
          })),
        );
        layout.forEach(({ display, capture }, index) => {
          const { width: W, height: H } = capture;
          // The whole display, each corner pixel, a 1-px line at every edge, and an odd interior box.
          const probes: Rect[] = [
            { x: 0, y: 0, width: W, height: H },
            { x: 0, y: 0, width: 1, height: 1 },
            { x: W - 1, y: H - 1, width: 1, height: 1 },
            { x: W - 1, y: 0, width: 1, height: H },
            { x: 0, y: H - 1, width: W, height: 1 },
            { x: 17, y: 33, width: Math.floor(W / 3) + 1, height: Math.floor(H / 5) + 3 },
          ];
          for (const p of probes) {
            for (const reverse of [false, true]) {
              const context = `${scales.join('/')} display ${index} ${JSON.stringify(display.bounds)} probe ${JSON.stringify(p)}`;
              expectWithinOnePixel(roundTrip(layout, index, p, reverse), p, context);
              checked++;
            }
          }
        });
      });
    }
    expect(checked).toBe((25 * 2 + 125 * 3) * 6 * 2);
  });

  it('holds for random layouts and random regions (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(specArb, { minLength: 2, maxLength: 3 }).chain((specs) => {
          const layout = buildLayout(specs);
          return fc.tuple(
            fc.constant(layout),
            fc
              .integer({ min: 0, max: layout.length - 1 })
              .chain((index) => fc.tuple(fc.constant(index), rectIn(layout[index]!.capture), fc.boolean())),
          );
        }),
        ([layout, [index, p, reverse]]) => {
          expectWithinOnePixel(roundTrip(layout, index, p, reverse), p, `display ${index}`);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a region at whole DIP coordinates (integer pointer positions) is within half a pixel of dip × ratio', () => {
    fc.assert(
      fc.property(specArb, fc.nat(), fc.nat(), fc.nat(), fc.nat(), (spec, a, b, c, d) => {
        const [{ display, capture }] = buildLayout([spec]) as [LayoutDisplay];
        const { width, height } = display.bounds;
        const dip = normaliseRect({
          x: a % width,
          y: b % height,
          width: (c % width) - (a % width),
          height: (d % height) - (b % height),
        });
        const got = localDipToPhysical(dip, display, capture);
        const sx = capture.width / width;
        const sy = capture.height / height;
        const exact = [dip.x * sx, dip.y * sy, (dip.x + dip.width) * sx, (dip.y + dip.height) * sy];
        edges(got).forEach((edge, k) => expect(Math.abs(edge - exact[k]!)).toBeLessThanOrEqual(0.5 + 1e-9));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('geometry details', () => {
  const layout = buildLayout([
    { panel: { width: 3840, height: 2160 }, scale: 2, portrait: false, placement: 'right', shift: 0 },
    { panel: { width: 1920, height: 1080 }, scale: 1.75, portrait: true, placement: 'left', shift: -120 },
  ]);
  const [primary, portrait] = layout as [LayoutDisplay, LayoutDisplay];

  it('builds the portrait display left of the primary with a negative origin', () => {
    expect(portrait.display.bounds).toEqual({ x: -617, y: -120, width: 617, height: 1097 });
    expect(portrait.capture).toEqual({ width: 1080, height: 1920 });
    // bounds × scale is not the capture size at 1.75: 617 × 1.75 = 1079.75.
    expect(physicalSize(portrait.display)).toEqual({ width: 1080, height: 1920 });
  });

  it('uses the capture size, not bounds × scale: the last column and row are reachable', () => {
    const all = localDipToPhysical(
      { x: 0, y: 0, width: portrait.display.bounds.width, height: portrait.display.bounds.height },
      portrait.display,
      portrait.capture,
    );
    expect(all).toEqual({ x: 0, y: 0, width: 1080, height: 1920 });
  });

  it('a drag up and to the left gives the same rectangle', () => {
    const forward = localDipToPhysical(
      { x: 10, y: 20, width: 30, height: 40 },
      primary.display,
      primary.capture,
    );
    const backward = localDipToPhysical(
      { x: 40, y: 60, width: -30, height: -40 },
      primary.display,
      primary.capture,
    );
    expect(backward).toEqual(forward);
    expect(forward).toEqual({ x: 20, y: 40, width: 60, height: 80 });
  });

  it('clips to the capture and is empty outside it', () => {
    expect(
      localDipToPhysical({ x: -10, y: -10, width: 20, height: 20 }, primary.display, primary.capture),
    ).toEqual({
      x: 0,
      y: 0,
      width: 20,
      height: 20,
    });
    const outside = localDipToPhysical(
      { x: 5000, y: 0, width: 10, height: 10 },
      primary.display,
      primary.capture,
    );
    expect(outside.width).toBe(0);
  });

  it('physicalToLocalDip inverts localDipToPhysical', () => {
    const p = { x: 101, y: 57, width: 333, height: 91 };
    const dip = physicalToLocalDip(p, portrait.display, portrait.capture);
    expect(localDipToPhysical(dip, portrait.display, portrait.capture)).toEqual(p);
  });

  it('a selection that starts on one display and ends on another is cut from where it started', () => {
    // Start near the left edge of the primary, end inside the portrait display to its left.
    const { display, rect } = selectionOnStartDisplay(
      {
        start: { displayId: primary.display.id, point: { x: 300, y: 200 } },
        end: { displayId: portrait.display.id, point: { x: 100, y: 500 } },
      },
      layout.map((l) => l.display),
    );
    expect(display.id).toBe(primary.display.id);
    // End in global DIP: (-617 + 100, -120 + 500) = (-517, 380) → clipped to x = 0 on the primary.
    expect(rect).toEqual({ x: 0, y: 200, width: 300, height: 180 });
  });

  it('refuses a display id it does not know', () => {
    expect(() =>
      selectionOnStartDisplay(
        { start: { displayId: 1, point: { x: 0, y: 0 } }, end: { displayId: 1, point: { x: 1, y: 1 } } },
        layout.map((l) => l.display),
      ),
    ).toThrow(RangeError);
  });

  it('displayAt finds the display under a point, or the nearest one in a gap', () => {
    const displays = layout.map((l) => l.display);
    expect(displayAt({ x: -1, y: 0 }, displays)?.id).toBe(portrait.display.id);
    expect(displayAt({ x: 0, y: 0 }, displays)?.id).toBe(primary.display.id);
    expect(displayAt({ x: 5000, y: 10 }, displays)?.id).toBe(primary.display.id);
    expect(displayAt({ x: -700, y: -500 }, displays)?.id).toBe(portrait.display.id);
    expect(displayAt({ x: 0, y: 0 }, [])).toBeUndefined();
  });
});

describe('thumbnails desktopCapturer scaled up to the shared box', () => {
  const display = (width: number, height: number, scaleFactor: number, rotation: 0 | 90 = 0) => ({
    id: 1,
    bounds: { x: 0, y: 0, width, height },
    scaleFactor,
    rotation,
  });

  it('brings a 1080p screen captured in a 4K box back to its own pixels', () => {
    expect(upscaledThumbnailFix({ width: 3840, height: 2160 }, display(1920, 1080, 1))).toEqual({
      width: 1920,
      height: 1080,
    });
  });

  it('leaves a thumbnail at (or within a pixel of) the native size alone', () => {
    expect(upscaledThumbnailFix({ width: 3840, height: 2160 }, display(1920, 1080, 2))).toBeUndefined();
    expect(upscaledThumbnailFix({ width: 1920, height: 1080 }, display(1097, 617, 1.75))).toBeUndefined();
    expect(upscaledThumbnailFix({ width: 1280, height: 720 }, display(1920, 1080, 1))).toBeUndefined();
  });

  it('keeps the orientation the frame arrived in for a portrait display', () => {
    // A 1080×1920 portrait display whose frame arrived unrotated and upscaled into a 4K box.
    expect(upscaledThumbnailFix({ width: 3840, height: 2160 }, display(1080, 1920, 1, 90))).toEqual({
      width: 1920,
      height: 1080,
    });
  });
});
