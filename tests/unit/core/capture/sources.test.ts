import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  matchSources,
  rotateQuarter,
  sameDisplayId,
  uprightCapture,
  type DisplayInfo,
  type ScreenSourceInfo,
} from '../../../../electron/core/capture';
import { fillRect, makeSolidCapture, pixelAt } from '../../../support/screens';

const primary: DisplayInfo = {
  id: 101,
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  scaleFactor: 2,
  rotation: 0,
};
const left: DisplayInfo = {
  id: 202,
  bounds: { x: -1080, y: -200, width: 1080, height: 1920 },
  scaleFactor: 1,
  rotation: 90,
};
const third: DisplayInfo = {
  id: 303,
  bounds: { x: 1920, y: 0, width: 1280, height: 800 },
  scaleFactor: 1.5,
  rotation: 0,
};

function source(id: string, displayId: string, width: number, height: number): ScreenSourceInfo {
  return { id, displayId, width, height };
}

describe('matchSources', () => {
  it('matches by display_id first, whatever the order', () => {
    const { matches, unmatched } = matchSources(
      [primary, left, third],
      [
        source('screen:2:0', '303', 1920, 1200),
        source('screen:0:0', '101', 3840, 2160),
        source('screen:1:0', '202', 1080, 1920),
      ],
    );
    expect(matches.map((m) => [m.display.id, m.sourceIndex, m.method])).toEqual([
      [101, 1, 'display-id'],
      [202, 2, 'display-id'],
      [303, 0, 'display-id'],
    ]);
    expect(unmatched).toEqual([]);
  });

  it('falls back to the physical size when display_id is empty', () => {
    const { matches } = matchSources(
      [primary, left, third],
      [
        source('screen:5:0', '', 1920, 1200),
        source('screen:3:0', '', 3840, 2160),
        source('screen:4:0', '', 1080, 1920),
      ],
    );
    expect(matches.map((m) => [m.display.id, m.sourceIndex, m.method])).toEqual([
      [101, 1, 'size'],
      [202, 2, 'size'],
      [303, 0, 'size'],
    ]);
  });

  it('accepts a thumbnail scaled to fit (same aspect ratio)', () => {
    const { matches } = matchSources(
      [primary, left],
      [source('screen:0:0', '', 1920, 1080), source('screen:1:0', '', 540, 960)],
    );
    expect(matches.map((m) => [m.display.id, m.sourceIndex, m.method])).toEqual([
      [101, 0, 'size'],
      [202, 1, 'size'],
    ]);
  });

  it('pairs in order (by the screen number) when sizes cannot tell displays apart', () => {
    const twin: DisplayInfo = { ...primary, id: 102, bounds: { ...primary.bounds, x: 1920 } };
    const { matches } = matchSources(
      [primary, twin],
      [source('screen:1:0', '', 3840, 2160), source('screen:0:0', '', 3840, 2160)],
    );
    expect(matches.map((m) => [m.display.id, m.sourceIndex, m.method])).toEqual([
      [101, 1, 'order'],
      [102, 0, 'order'],
    ]);
  });

  it('mixes methods and reports a display no source fits', () => {
    const { matches, unmatched } = matchSources(
      [primary, left, third],
      [source('screen:0:0', '101', 3840, 2160), source('screen:9:0', '', 640, 480)],
    );
    expect(matches.map((m) => [m.display.id, m.method])).toEqual([[101, 'display-id']]);
    expect(unmatched.map((d) => d.id)).toEqual([202, 303]);
  });

  it('never gives a source that names another display to the fallback', () => {
    const { matches, unmatched } = matchSources(
      [primary, left],
      [source('screen:0:0', '101', 3840, 2160), source('screen:1:0', '101', 1080, 1920)],
    );
    expect(matches.map((m) => m.display.id)).toEqual([101]);
    expect(unmatched.map((d) => d.id)).toEqual([202]);
  });
});

describe('matchSources with the Wayland portal (one source, no display_id)', () => {
  const twin: DisplayInfo = { ...primary, id: 102, bounds: { ...primary.bounds, x: 1920 } };
  const picked = [source('screen:57:0', '', 3840, 2160)];

  it('matches the one screen picked to the only display of its size', () => {
    const { matches, unmatched } = matchSources(
      [primary, left, third],
      [source('screen:57:0', '', 1080, 1920)],
    );
    expect(matches.map((m) => [m.display.id, m.sourceIndex, m.method])).toEqual([[202, 0, 'size']]);
    expect(unmatched.map((d) => d.id)).toEqual([101, 303]);
  });

  it('gives a source that fits twin displays to the one under the pointer', () => {
    const { matches, unmatched } = matchSources([primary, twin, third], picked, { pointerDisplayId: 102 });
    expect(matches.map((m) => [m.display.id, m.sourceIndex, m.method])).toEqual([[102, 0, 'single-source']]);
    expect(unmatched.map((d) => d.id)).toEqual([101, 303]);
  });

  it('else to the first twin, never to a display of another size', () => {
    const pointerElsewhere = matchSources([primary, twin, third], picked, { pointerDisplayId: 303 });
    expect(pointerElsewhere.matches.map((m) => [m.display.id, m.method])).toEqual([[101, 'single-source']]);
    const noPointer = matchSources([third, twin, primary], picked);
    expect(noPointer.matches.map((m) => m.display.id)).toEqual([102]);
  });

  describe('a 4K monitor beside a 1080p laptop (same aspect ratio, other sizes)', () => {
    const laptop: DisplayInfo = {
      id: 404,
      bounds: { x: -1920, y: 0, width: 1920, height: 1080 },
      scaleFactor: 1,
      rotation: 0,
    };

    it('gives the source to the display of exactly its size, whatever the pointer says', () => {
      const fourK = matchSources([laptop, primary], picked, { pointerDisplayId: 404 });
      expect(fourK.matches.map((m) => [m.display.id, m.method])).toEqual([[101, 'single-source']]);
      const hd = matchSources([primary, laptop], [source('screen:58:0', '', 1920, 1080)], {
        pointerDisplayId: 101,
      });
      expect(hd.matches.map((m) => [m.display.id, m.method])).toEqual([[404, 'single-source']]);
    });

    it('uses the pointer only among aspect-only fits when no display has the exact size', () => {
      const scaled = [source('screen:59:0', '', 2560, 1440)];
      const toLaptop = matchSources([primary, laptop], scaled, { pointerDisplayId: 404 });
      expect(toLaptop.matches.map((m) => m.display.id)).toEqual([404]);
      const toMonitor = matchSources([primary, laptop], scaled, { pointerDisplayId: 101 });
      expect(toMonitor.matches.map((m) => m.display.id)).toEqual([101]);
      expect(matchSources([laptop, primary], scaled).matches.map((m) => m.display.id)).toEqual([404]);
    });
  });

  it('leaves every display without it when the picked area fits none (e.g. the whole workspace)', () => {
    const { matches, unmatched } = matchSources([primary, twin], [source('screen:1:0', '', 7680, 2160)], {
      pointerDisplayId: 101,
    });
    expect(matches).toEqual([]);
    expect(unmatched.map((d) => d.id)).toEqual([101, 102]);
  });

  it('keeps the X11 behaviour: several sources are never matched by the pointer', () => {
    const { matches } = matchSources(
      [primary, twin, third],
      [source('screen:0:0', '', 3840, 2160), source('screen:1:0', '', 3840, 2160)],
      { pointerDisplayId: 102 },
    );
    expect(matches).toEqual([]);
  });
});

describe('display ids above 2^53 (X11 builds them from the EDID, electron#41755)', () => {
  // Chromium's id is an int64: display_id is its exact decimal, Display.id the nearest double.
  const display = (exact: bigint, x: number): DisplayInfo => ({
    id: Number(exact),
    bounds: { x, y: 0, width: 1920, height: 1080 },
    scaleFactor: 1,
    rotation: 0,
  });

  it('matches twin monitors by display_id when the double lost the low digits', () => {
    // 13702250537190213 is 13702250537190212 as a double; 2^63 - 1 is 2^63.
    const a = display(13702250537190213n, 0);
    const b = display(2n ** 63n - 1n, 1920);
    const { matches, unmatched } = matchSources(
      [a, b],
      [
        source('screen:7:0', '9223372036854775807', 1920, 1080),
        source('screen:3:0', '13702250537190213', 1920, 1080),
      ],
    );
    // By id, against the order the sources' numbers would pair them in.
    expect(matches.map((m) => [m.display.id, m.sourceIndex, m.method])).toEqual([
      [13702250537190212, 1, 'display-id'],
      [2 ** 63, 0, 'display-id'],
    ]);
    expect(unmatched).toEqual([]);
  });

  it('any int64 id: its decimal display_id names the display whose id is its double (fast-check)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (exact) => {
        expect(sameDisplayId(exact.toString(), Number(exact))).toBe(true);
        fc.pre(Number(exact) !== 7); // the other display's id
        const { matches } = matchSources(
          [display(exact, 0), display(7n, 1920)],
          [source('screen:1:0', '7', 1920, 1080), source('screen:0:0', exact.toString(), 1920, 1080)],
        );
        expect(matches.map((m) => [m.sourceIndex, m.method])).toEqual([
          [1, 'display-id'],
          [0, 'display-id'],
        ]);
      }),
    );
  });

  it('an empty or non-numeric display_id names no display', () => {
    expect(sameDisplayId('', 0)).toBe(false);
    expect(sameDisplayId('  ', 0)).toBe(false);
    expect(sameDisplayId('abc', NaN)).toBe(false);
  });
});

describe('uprightCapture', () => {
  it('leaves a capture in the display orientation alone', () => {
    const image = makeSolidCapture(1080, 1920, 0x123456);
    expect(uprightCapture(image, left)).toBe(image);
  });

  it('turns a native-orientation frame of a portrait display upright, pixel for pixel', () => {
    const small: DisplayInfo = { ...left, bounds: { x: 0, y: 0, width: 3, height: 4 } };
    // Native frame: 4 wide, 3 tall, one red pixel at the top-left.
    const native = makeSolidCapture(4, 3, 0xffffff);
    fillRect(native, { x: 0, y: 0, width: 1, height: 1 }, 0xff0000);
    fillRect(native, { x: 3, y: 2, width: 1, height: 1 }, 0x00ff00);
    const upright = uprightCapture(native, small);
    expect([upright.width, upright.height]).toEqual([3, 4]);
    // Clockwise: the top-left goes to the top-right.
    expect(pixelAt(upright, 2, 0)).toBe(0xff0000);
    expect(pixelAt(upright, 0, 3)).toBe(0x00ff00);
    expect(pixelAt(upright, 0, 0)).toBe(0xffffff);
  });

  it('a clockwise then a counter-clockwise turn gives the image back', () => {
    const image = makeSolidCapture(5, 2, 0x000000);
    fillRect(image, { x: 1, y: 1, width: 2, height: 1 }, 0xabcdef);
    const back = rotateQuarter(rotateQuarter(image, 'clockwise'), 'counter-clockwise');
    expect(Buffer.from(back.data).equals(Buffer.from(image.data))).toBe(true);
    expect([back.width, back.height]).toEqual([5, 2]);
  });
});
