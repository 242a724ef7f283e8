/**
 * What `desktopCapturer.getSources({ types: ['screen'], thumbnailSize })` does with each screen,
 * as Electron and Chromium's sources say: the frame is scaled (up or down) to the largest
 * rectangle of its own aspect ratio inside the box (media::ComputeLetterboxRegion →
 * ScaleSizeToTarget, rounded division) and returned at that size; `display_id` is the exact int64
 * in decimal, while the screen API's Display.id is that int64 as a double.
 */
import type { DisplayInfo, Size } from '../../../../electron/core/capture';

/** Chromium's ScaleSizeToTarget(content, target, fit_within_target = true). */
export function letterboxFit(content: Size, box: Size): Size {
  const x = content.width * box.height;
  const y = content.height * box.width;
  const rounded = (a: number, b: number): number => Math.floor((a + Math.floor(b / 2)) / b);
  return y < x
    ? { width: box.width, height: rounded(y, content.width) }
    : { width: rounded(x, content.height), height: box.height };
}

/** A screen as the OS has it: its frame's size and its exact 64-bit id. */
export interface FakeScreen {
  display: DisplayInfo;
  /** The exact id, as Chromium has it (display_id is this in decimal). */
  exactId: bigint;
  frame: Size;
}

/** The thumbnail the fake returns: its size, which screen, and from which call's box. */
export interface FakeThumbnail extends Size {
  screen: number;
  box: Size;
}

/** A screen whose Display.id is `exactId` converted to a double, as gin converts an int64. */
export function fakeScreen(
  exactId: bigint,
  bounds: DisplayInfo['bounds'],
  scaleFactor: number,
  rotation: DisplayInfo['rotation'] = 0,
): FakeScreen {
  const frame = {
    width: Math.round(bounds.width * scaleFactor),
    height: Math.round(bounds.height * scaleFactor),
  };
  return { display: { id: Number(exactId), bounds, scaleFactor, rotation }, exactId, frame };
}

export function fakeSources(screens: readonly FakeScreen[], box: Size) {
  return screens.map((s, index) => {
    const size = letterboxFit(s.frame, box);
    return {
      id: `screen:${index}:0`,
      displayId: s.exactId.toString(),
      ...size,
      thumbnail: { ...size, screen: index, box } satisfies FakeThumbnail,
    };
  });
}
