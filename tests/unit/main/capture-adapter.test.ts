/**
 * electron/main/capture.ts against a stand-in for `electron` that behaves as Electron's sources
 * say: getMediaAccessStatus('screen') is never 'not-determined' (a fresh Mac says 'denied');
 * getSources rejects with the bare string "Failed to get sources." (macOS without the permission,
 * the Wayland portal's picker dismissed); thumbnails are scaled up or down into the box, keeping
 * their aspect ratio; Display.id is the int64 as a double, display_id its exact decimal.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Size } from '../../../electron/core/capture';
import { UserFacingError } from '../../../electron/core/ipc/dispatch';
import { fakeScreen, letterboxFit, type FakeScreen } from '../core/capture/fake-capturer';

let screens: FakeScreen[] = [];
let access = 'granted';
let reject: unknown;
const boxes: Size[] = [];
const resized: Size[] = [];

function nativeImage(size: Size) {
  return {
    getSize: () => ({ ...size }),
    isEmpty: () => size.width === 0 || size.height === 0,
    toBitmap: () => Buffer.alloc(size.width * size.height * 4),
    resize: (to: Size & { quality?: string }) => {
      resized.push({ width: to.width, height: to.height });
      return nativeImage({ width: to.width, height: to.height });
    },
  };
}

vi.mock('electron', () => ({
  screen: {
    getAllDisplays: () =>
      screens.map((s) => ({ ...s.display, size: s.display.bounds, workArea: s.display.bounds })),
    getCursorScreenPoint: () => ({ x: 0, y: 0 }),
    getDisplayNearestPoint: () => screens[0]!.display,
  },
  systemPreferences: {
    getMediaAccessStatus: (type: string) => (type === 'screen' ? access : 'granted'),
  },
  desktopCapturer: {
    getSources: (options: { types: string[]; thumbnailSize: Size }) => {
      boxes.push(options.thumbnailSize);
      // lib/browser/api/desktop-capturer.ts: `rejectGetSources(error)` with the C++ string.
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- Electron rejects with a string
      if (reject !== undefined) return Promise.reject(reject);
      return Promise.resolve(
        screens.map((s, index) => ({
          id: `screen:${index}:0`,
          name: `Screen ${index + 1}`,
          display_id: s.exactId.toString(),
          thumbnail: nativeImage(letterboxFit(s.frame, options.thumbnailSize)),
          appIcon: null,
        })),
      );
    },
  },
}));

const { captureAllDisplays, captureDisplayUnderCursor } = await import('../../../electron/main/capture');

const realPlatform = process.platform;
const savedEnv = {
  XDG_SESSION_TYPE: process.env.XDG_SESSION_TYPE,
  WAYLAND_DISPLAY: process.env.WAYLAND_DISPLAY,
};
function onPlatform(platform: string, session?: 'wayland' | 'x11'): void {
  Object.defineProperty(process, 'platform', { value: platform });
  delete process.env.WAYLAND_DISPLAY;
  if (session) process.env.XDG_SESSION_TYPE = session;
  else delete process.env.XDG_SESSION_TYPE;
}

const fourK = fakeScreen(1n, { x: 0, y: 0, width: 1920, height: 1080 }, 2);
const laptop = fakeScreen(2n, { x: 1920, y: 0, width: 1920, height: 1080 }, 1);
let logs: string[] = [];
const log = (line: string) => void logs.push(line);

async function failure(promise: Promise<unknown>): Promise<UserFacingError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  // A UserFacingError reaches the user with its kind; anything else is "Something went wrong inside Glimpse".
  expect(error).toBeInstanceOf(UserFacingError);
  return error as UserFacingError;
}

beforeEach(() => {
  screens = [fourK, laptop];
  access = 'granted';
  reject = undefined;
  boxes.length = 0;
  resized.length = 0;
  logs = [];
});

afterEach(() => {
  Object.defineProperty(process, 'platform', { value: realPlatform });
  for (const [key, value] of Object.entries(savedEnv))
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
});

describe('macOS Screen Recording (finding 1)', () => {
  it("a fresh Mac ('denied' before any answer) calls getSources, so macOS asks and lists Glimpse", async () => {
    onPlatform('darwin');
    access = 'denied';
    reject = 'Failed to get sources.';
    const error = await failure(captureAllDisplays(log));
    expect(boxes.length).toBeGreaterThan(0);
    expect(error.kind).toBe('screen-permission');
    expect(error.message).toMatch(/relaunch/);
  });

  it('after the grant and a relaunch, the capture works', async () => {
    onPlatform('darwin');
    const frozen = await captureAllDisplays(log);
    expect(frozen.map((f) => [f.image.width, f.image.height])).toEqual([
      [3840, 2160],
      [1920, 1080],
    ]);
  });
});

describe('getSources rejecting with a string (finding 4)', () => {
  it('Wayland: the Wayland help, and the raw reason in the log', async () => {
    onPlatform('linux', 'wayland');
    reject = 'Failed to get sources.';
    expect((await failure(captureAllDisplays(log))).kind).toBe('wayland-portal');
    expect(logs.join('\n')).toContain('Failed to get sources.');
  });

  it('Windows: a clear capture error', async () => {
    onPlatform('win32');
    reject = 'Failed to get sources.';
    const error = await failure(captureDisplayUnderCursor(log));
    expect(error.kind).toBe('capture-failed');
    expect(error.message).toMatch(/could not be captured/);
  });
});

describe('thumbnail sizes (finding 14)', () => {
  it('one getSources per distinct size on X11, and the laptop is never scaled up then back', async () => {
    onPlatform('linux', 'x11');
    const frozen = await captureAllDisplays(log);
    expect(boxes).toEqual([
      { width: 3840, height: 3840 },
      { width: 1920, height: 1920 },
    ]);
    expect(resized).toEqual([]);
    expect(frozen.map((f) => [f.display.id, f.image.width, f.image.height])).toEqual([
      [1, 3840, 2160],
      [2, 1920, 1080],
    ]);
  });

  it('one getSources on Wayland', async () => {
    onPlatform('linux', 'wayland');
    await captureAllDisplays(log);
    expect(boxes).toEqual([{ width: 3840, height: 3840 }]);
  });
});

describe('EDID-sized display ids (finding 2)', () => {
  it('matches each source to its display by display_id, above 2^53', async () => {
    onPlatform('linux', 'x11');
    screens = [
      fakeScreen(2n ** 63n - 1n, { x: 0, y: 0, width: 1920, height: 1080 }, 1),
      fakeScreen(13702250537190213n, { x: 1920, y: 0, width: 1920, height: 1080 }, 1),
    ];
    const frozen = await captureAllDisplays(log);
    expect(frozen.map((f) => f.display.id)).toEqual([2 ** 63, 13702250537190212]);
    // No fallback to size or order: the ids named them.
    expect(logs.filter((l) => l.includes('matched by'))).toEqual([]);
  });
});
