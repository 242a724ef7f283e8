import { describe, expect, it } from 'vitest';
import { placeBar, toolbarAtBottom } from '../../../renderer/src/lib/bar-placement';

const viewport = { width: 760, height: 420 };
const bar = { width: 250, height: 22 };
/** The overlay's toolbar as laid out on a 760 px wide screen (its hint wraps to four lines). */
const toolbar = { left: 190, top: 12, width: 380, height: 86 };

describe('Keep / Dismiss bar placement', () => {
  it('goes below its box when nothing is in the way', () => {
    expect(placeBar({ left: 180, top: 103, width: 177, height: 24 }, bar, viewport, toolbar)).toEqual({
      left: 180,
      top: 127,
      placement: 'below',
    });
  });

  it('flips above the box when the toolbar covers the place below', () => {
    const box = { left: 300, top: 110, width: 200, height: 24 };
    const lowToolbar = { left: 190, top: 130, width: 380, height: 40 };
    expect(placeBar(box, bar, viewport, lowToolbar)).toMatchObject({ top: 88, placement: 'above' });
  });

  it('a box under the toolbar near the top: the bar goes just below the toolbar, inside the screen', () => {
    // The first key of the terminal fixture: right of centre, at the top, under the toolbar.
    const place = placeBar({ left: 565, top: 37, width: 163, height: 24 }, bar, viewport, toolbar);
    expect(place.placement).toBe('past-obstacle');
    expect(place.top).toBe(12 + 86 + 4);
    // Kept on the screen: it would otherwise run past the right edge.
    expect(place.left).toBe(760 - 250);
  });

  it('never leaves the screen at the bottom', () => {
    const place = placeBar({ left: 10, top: 400, width: 100, height: 20 }, bar, viewport);
    expect(place).toMatchObject({ top: 378, placement: 'above' });
  });
});

describe('overlay toolbar position', () => {
  const size = { width: 380, height: 86 };
  it('stays at the top when no proposed box is under it', () => {
    expect(toolbarAtBottom([{ x: 180, y: 103, width: 177, height: 24 }], size, viewport)).toBe(false);
    expect(toolbarAtBottom([], size, viewport)).toBe(false);
  });
  it('moves to the bottom when it would cover a box near the top', () => {
    const boxes = [
      { x: 294, y: 37, width: 430, height: 24 },
      { x: 16, y: 235, width: 338, height: 24 },
    ];
    expect(toolbarAtBottom(boxes, size, viewport)).toBe(true);
  });
  it('stays when the bottom is no better', () => {
    const boxes = [
      { x: 294, y: 37, width: 430, height: 24 },
      { x: 200, y: 330, width: 300, height: 24 },
    ];
    expect(toolbarAtBottom(boxes, size, viewport)).toBe(false);
  });
});
