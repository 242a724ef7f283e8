/**
 * The overlay's route carries its display id exactly: whatever int64 Chromium has, main holds it as
 * a double and writes `overlay?display=${display.id}` (electron/main/overlay.ts); the page must
 * read back that very double, or overlay:frame asks for a display main does not know.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { overlayDisplayId } from '../../../renderer/src/lib/overlay-route';

describe('overlayDisplayId', () => {
  it('reads back the double main printed, for any int64 id (fast-check)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (exact) => {
        const id = Number(exact); // as gin hands Display.id to JS
        expect(overlayDisplayId(`overlay?display=${id}`)).toBe(id);
      }),
    );
  });

  it('EDID-sized ids from electron#41755 and 2^63 - 1', () => {
    expect(overlayDisplayId('overlay?display=13702250537190212')).toBe(13702250537190212);
    // 2^63 - 1 is 2^63 as a double, which String() prints as 9223372036854776000.
    expect(overlayDisplayId(`overlay?display=${Number(2n ** 63n - 1n)}`)).toBe(2 ** 63);
  });

  it('no id is NaN (refused by main), never display 0', () => {
    expect(overlayDisplayId('overlay')).toBeNaN();
    expect(overlayDisplayId('overlay?display=')).toBeNaN();
  });
});
