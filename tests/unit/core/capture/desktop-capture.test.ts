/**
 * One capture of every display (electron/core/capture/desktop-capture.ts) against a stand-in for
 * getSources that scales thumbnails as Chromium does (fake-capturer.ts):
 *   - macOS: the capture is always attempted, so macOS can ask and list Glimpse; a refusal (a
 *     rejected getSources, or a grant not yet effective) is the permission help;
 *   - getSources rejecting with a bare string is the Wayland or permission help, or a clear
 *     capture error, never an internal error; the raw reason is logged;
 *   - one call per distinct display size, each display taken from its own call, pixel for pixel;
 *     one call on Wayland.
 */
import { describe, expect, it } from 'vitest';
import {
  captureDisplays,
  thumbnailRequests,
  type DesktopCaptureDeps,
  type FrozenDisplay,
  type Size,
} from '../../../../electron/core/capture';
import { MAC_PERMISSION_MESSAGE, type ScreenAccess } from '../../../../electron/core/app/platform';
import { UserFacingError } from '../../../../electron/core/ipc/dispatch';
import { fakeScreen, fakeSources, letterboxFit, type FakeScreen, type FakeThumbnail } from './fake-capturer';

/** A 4K monitor at 2× and a 1080p laptop at 1× beside it. */
const fourK = fakeScreen(1n, { x: 0, y: 0, width: 1920, height: 1080 }, 2);
const laptop = fakeScreen(2n, { x: 1920, y: 0, width: 1920, height: 1080 }, 1);

interface Harness {
  deps: DesktopCaptureDeps<FakeThumbnail>;
  boxes: Size[];
  logs: string[];
  /** Each toRaw: the thumbnail it got and the size it was resized to. */
  converted: { thumbnail: FakeThumbnail; resizeTo?: Size }[];
}

function harness(
  screens: readonly FakeScreen[],
  options: {
    platform?: string;
    env?: Record<string, string>;
    access?: ScreenAccess;
    /** What getSources does instead of answering (Electron rejects with a string). */
    reject?: unknown;
    pointerDisplayId?: number;
  } = {},
): Harness {
  const boxes: Size[] = [];
  const logs: string[] = [];
  const converted: Harness['converted'] = [];
  const deps: DesktopCaptureDeps<FakeThumbnail> = {
    env: { platform: options.platform ?? 'linux', ...options.env },
    displays: screens.map((s) => s.display),
    ...(options.pointerDisplayId === undefined ? {} : { pointerDisplayId: options.pointerDisplayId }),
    getSources: (box) => {
      boxes.push(box);
      if (options.reject === undefined) return Promise.resolve(fakeSources(screens, box));
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- Electron rejects with a string
      return Promise.reject(options.reject);
    },
    screenAccess: () => options.access ?? 'granted',
    isEmpty: (t) => t.width === 0 || t.height === 0,
    toRaw: (thumbnail, resizeTo) => {
      converted.push({ thumbnail, ...(resizeTo ? { resizeTo } : {}) });
      const size = resizeTo ?? thumbnail;
      return {
        data: new Uint8Array(size.width * size.height * 4),
        width: size.width,
        height: size.height,
        channels: 4,
        order: 'bgra',
      };
    },
    log: (line) => void logs.push(line),
  };
  return { deps, boxes, logs, converted };
}

async function failure(promise: Promise<unknown>): Promise<UserFacingError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserFacingError);
  return error as UserFacingError;
}

const sizes = (frozen: FrozenDisplay[]) => frozen.map((f) => [f.display.id, f.image.width, f.image.height]);

describe('macOS Screen Recording: the capture makes macOS ask', () => {
  it("a fresh Mac ('denied', as getMediaAccessStatus says before any answer) still calls getSources", async () => {
    // Electron's getSources calls ui::TryPromptUserForScreenCapture (the dialog, and Glimpse listed
    // in System Settings), then rejects: without that call macOS never asks.
    const h = harness([fourK], { platform: 'darwin', access: 'denied', reject: 'Failed to get sources.' });
    const error = await failure(captureDisplays(h.deps));
    expect(h.boxes).toHaveLength(1);
    expect(error.kind).toBe('screen-permission');
    expect(error.message).toBe(MAC_PERMISSION_MESSAGE);
    expect(h.logs.join('\n')).toContain('"Failed to get sources."');
  });

  it('the message says where to switch it on and that macOS needs a relaunch', () => {
    expect(MAC_PERMISSION_MESSAGE).toMatch(/System Settings › Privacy & Security › Screen Recording/);
    expect(MAC_PERMISSION_MESSAGE).toMatch(/If macOS has just asked/);
    expect(MAC_PERMISSION_MESSAGE).toMatch(/quit and relaunch Glimpse/);
    expect(MAC_PERMISSION_MESSAGE).toMatch(/only after a relaunch/);
  });

  it('a capture that came back without the permission (wallpaper only) is the permission help', async () => {
    const h = harness([fourK], { platform: 'darwin', access: 'denied' });
    expect((await failure(captureDisplays(h.deps))).kind).toBe('screen-permission');
  });

  it('with the permission, every display is captured', async () => {
    const h = harness([fourK, laptop], { platform: 'darwin', access: 'granted' });
    expect(sizes(await captureDisplays(h.deps))).toEqual([
      [1, 3840, 2160],
      [2, 1920, 1080],
    ]);
  });

  it('a failure while macOS says granted is not blamed on the permission', async () => {
    const h = harness([fourK], { platform: 'darwin', access: 'granted', reject: 'Failed to get sources.' });
    expect((await failure(captureDisplays(h.deps))).kind).toBe('capture-failed');
  });
});

describe('getSources rejecting (a bare string, or an Error)', () => {
  it('Wayland: the portal picker was dismissed → the Wayland help', async () => {
    const h = harness([fourK, laptop], {
      env: { XDG_SESSION_TYPE: 'wayland' },
      reject: 'Failed to get sources.',
    });
    const error = await failure(captureDisplays(h.deps));
    expect(error.kind).toBe('wayland-portal');
    expect(error.message).toMatch(/sharing dialog/);
    expect(h.logs).toContain('capture: desktopCapturer.getSources failed: "Failed to get sources."');
  });

  it('Windows and X11: a clear capture error, never an internal one', async () => {
    for (const reject of ['Failed to get sources.', new Error('boom')]) {
      const h = harness([fourK], { platform: 'win32', reject });
      const error = await failure(captureDisplays(h.deps));
      expect(error.kind).toBe('capture-failed');
      expect(error.message).toMatch(/could not be captured.*try again/);
    }
    const x11 = harness([fourK], { env: { XDG_SESSION_TYPE: 'x11' }, reject: 'Failed to get sources.' });
    expect((await failure(captureDisplays(x11.deps))).kind).toBe('capture-failed');
    expect(x11.logs.join('\n')).toContain('getSources failed');
  });
});

describe('thumbnail sizes: each display at its own pixels', () => {
  it("Chromium's fit scales a small screen up into a big box (why one shared box was not exact)", () => {
    expect(letterboxFit({ width: 1920, height: 1080 }, { width: 3840, height: 2160 })).toEqual({
      width: 3840,
      height: 2160,
    });
    // An L×L box gives any frame whose longest edge is L its own size, in either orientation.
    expect(letterboxFit({ width: 1920, height: 1080 }, { width: 1920, height: 1920 })).toEqual({
      width: 1920,
      height: 1080,
    });
    expect(letterboxFit({ width: 1080, height: 1920 }, { width: 1920, height: 1920 })).toEqual({
      width: 1080,
      height: 1920,
    });
  });

  it('a 1080p laptop beside a 4K monitor: one call per size, each display from its own call, no resize', async () => {
    const h = harness([fourK, laptop]);
    const frozen = await captureDisplays(h.deps);
    expect(h.boxes).toEqual([
      { width: 3840, height: 3840 },
      { width: 1920, height: 1920 },
    ]);
    expect(sizes(frozen)).toEqual([
      [1, 3840, 2160],
      [2, 1920, 1080],
    ]);
    // Taken as they came: the laptop's thumbnail from the 1920 call, never scaled up then down.
    expect(
      h.converted.map((c) => [c.thumbnail.screen, c.thumbnail.box.width, c.thumbnail.width, c.resizeTo]),
    ).toEqual([
      [0, 3840, 3840, undefined],
      [1, 1920, 1920, undefined],
    ]);
  });

  it('displays of the same longest edge share a call (landscape, portrait and 16:10 alike)', async () => {
    const portrait = fakeScreen(3n, { x: -1080, y: 0, width: 1080, height: 1920 }, 1, 90);
    const wide = fakeScreen(4n, { x: 0, y: 1080, width: 1920, height: 1200 }, 1);
    const h = harness([laptop, portrait, wide]);
    const frozen = await captureDisplays(h.deps);
    expect(h.boxes).toEqual([{ width: 1920, height: 1920 }]);
    expect(sizes(frozen)).toEqual([
      [2, 1920, 1080],
      [3, 1080, 1920],
      [4, 1920, 1200],
    ]);
    expect(h.converted.every((c) => c.resizeTo === undefined)).toBe(true);
  });

  it('Wayland keeps ONE call (single-use source ids, a picker per call); a smaller screen is brought back to size', async () => {
    // The portal hands back only the screen the user picked, with no display_id: here a 16:10
    // laptop (2880×1800 physical), scaled up into the box that holds the 4K monitor.
    const laptop1610 = fakeScreen(5n, { x: 1920, y: 0, width: 1440, height: 900 }, 2);
    const h = harness([fourK, laptop1610], { env: { WAYLAND_DISPLAY: 'wayland-0' } });
    h.deps.getSources = (box) => {
      h.boxes.push(box);
      const [, picked] = fakeSources([fourK, laptop1610], box);
      return Promise.resolve([{ ...picked!, id: 'screen:0:0', displayId: '' }]);
    };
    const frozen = await captureDisplays(h.deps);
    expect(h.boxes).toEqual([{ width: 3840, height: 3840 }]);
    expect(h.converted[0]!.thumbnail).toMatchObject({ width: 3840, height: 2400 });
    expect(h.converted[0]!.resizeTo).toEqual({ width: 2880, height: 1800 });
    expect(sizes(frozen)).toEqual([[5, 2880, 1800]]);
  });

  it('the display under the cursor alone asks only for its own size', async () => {
    const h = harness([fourK, laptop]);
    const frozen = await captureDisplays(h.deps, { only: 2 });
    expect(h.boxes).toEqual([{ width: 1920, height: 1920 }]);
    expect(sizes(frozen)).toEqual([[2, 1920, 1080]]);
  });

  it('a display whose thumbnail came back empty (Electron gives up after 3 s) is logged and left out', async () => {
    const h = harness([fourK, laptop]);
    h.deps.isEmpty = (t) => t.width === 1920 || t.height === 1920;
    const frozen = await captureDisplays(h.deps);
    expect(sizes(frozen)).toEqual([[1, 3840, 2160]]);
    expect(h.logs).toContain('capture: the source for display 2 came back empty; it gets no overlay');
  });

  it('a display no source shows is logged and left out; nothing at all is an error', async () => {
    const h = harness([fourK, laptop]);
    h.deps.getSources = (box) => Promise.resolve(fakeSources([fourK], box));
    const frozen = await captureDisplays(h.deps);
    expect(sizes(frozen)).toEqual([[1, 3840, 2160]]);
    expect(h.logs).toContain('capture: no screen source for display 2; it gets no overlay');
    h.deps.getSources = () => Promise.resolve([]);
    expect((await failure(captureDisplays(h.deps))).kind).toBe('capture-failed');
  });
});

describe('thumbnailRequests', () => {
  it('groups by longest physical edge, in display order; one box holding all on a single call', () => {
    const displays = [laptop.display, fourK.display, { ...laptop.display, id: 9 }];
    expect(
      thumbnailRequests(displays, { singleCall: false }).map((r) => [
        r.thumbnailSize.width,
        r.displays.map((d) => d.id),
      ]),
    ).toEqual([
      [1920, [2, 9]],
      [3840, [1]],
    ]);
    expect(thumbnailRequests(displays, { singleCall: true })).toEqual([
      { thumbnailSize: { width: 3840, height: 3840 }, displays },
    ]);
    expect(thumbnailRequests([], { singleCall: false })).toEqual([]);
  });
});

describe('EDID-sized display ids (above 2^53)', () => {
  it('each display gets its own source by display_id, though the double lost the low digits', async () => {
    // 13702250537190213 (odd) is 13702250537190212 as a double; 2^63 - 1 is 2^63.
    const a = fakeScreen(13702250537190213n, { x: 0, y: 0, width: 1920, height: 1080 }, 1);
    const b = fakeScreen(2n ** 63n - 1n, { x: 1920, y: 0, width: 1920, height: 1080 }, 1);
    const h = harness([b, a]);
    // Sources listed in the other order: only the ids can tell these twins apart.
    h.deps.getSources = (box) => Promise.resolve(fakeSources([a, b], box).reverse());
    const frozen = await captureDisplays(h.deps);
    expect(frozen.map((f) => f.display.id)).toEqual([2 ** 63, 13702250537190212]);
    expect(h.logs.filter((l) => l.includes('matched by'))).toEqual([]);
  });
});
