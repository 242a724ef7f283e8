import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arrowDelta,
  isClick,
  nudge,
  rectFromDrag,
  resizeBy,
  windowAt,
} from '../../../../electron/core/capture';

const area = { x: 0, y: 0, width: 1280, height: 720 };

describe('overlay selection', () => {
  it('a drag in any direction gives the same rectangle, clipped to the display', () => {
    expect(rectFromDrag({ x: 100, y: 50 }, { x: 10, y: 5 }, area)).toEqual({
      x: 10,
      y: 5,
      width: 90,
      height: 45,
    });
    expect(rectFromDrag({ x: 1200, y: 700 }, { x: 1500, y: 900 }, area)).toEqual({
      x: 1200,
      y: 700,
      width: 80,
      height: 20,
    });
  });

  it('nudging moves without resizing and stops at the edges', () => {
    const r = { x: 0, y: 10, width: 100, height: 50 };
    expect(nudge(r, -1, 0, area)).toEqual(r);
    expect(nudge(r, 1, -1, area)).toEqual({ x: 1, y: 9, width: 100, height: 50 });
    expect(nudge({ ...r, x: 1180 }, 5, 0, area).x).toBe(1180);
  });

  it('resizing moves the right/bottom edge, never below 1 or past the display', () => {
    const r = { x: 1270, y: 0, width: 5, height: 1 };
    expect(resizeBy(r, 10, 0, area).width).toBe(10);
    expect(resizeBy(r, 0, -3, area).height).toBe(1);
  });

  it('a selection stays inside the display whatever the keys do (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'), fc.boolean()), {
          maxLength: 200,
        }),
        (keys) => {
          let r = { x: 600, y: 300, width: 40, height: 30 };
          for (const [key, shift] of keys) {
            const d = arrowDelta(key)!;
            r = shift ? resizeBy(r, d.dx * 25, d.dy * 25, area) : nudge(r, d.dx * 25, d.dy * 25, area);
            expect(r.x).toBeGreaterThanOrEqual(0);
            expect(r.y).toBeGreaterThanOrEqual(0);
            expect(r.width).toBeGreaterThanOrEqual(1);
            expect(r.x + r.width).toBeLessThanOrEqual(area.width);
            expect(r.y + r.height).toBeLessThanOrEqual(area.height);
          }
        },
      ),
    );
  });

  it('a click picks the topmost window under it, clipped to the display', () => {
    const windows = [
      { x: 100, y: 100, width: 200, height: 100 },
      { x: 50, y: 50, width: 2000, height: 400 },
    ];
    expect(windowAt({ x: 150, y: 150 }, windows, area)).toEqual(windows[0]);
    expect(windowAt({ x: 60, y: 60 }, windows, area)).toEqual({ x: 50, y: 50, width: 1230, height: 400 });
    expect(windowAt({ x: 5, y: 5 }, windows, area)).toBeUndefined();
  });

  it('tells a click from a drag', () => {
    expect(isClick({ x: 10, y: 10 }, { x: 12, y: 13 })).toBe(true);
    expect(isClick({ x: 10, y: 10 }, { x: 20, y: 10 })).toBe(false);
  });
});
