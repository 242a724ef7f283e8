/**
 * screen, desktopCapturer and systemPreferences: what the desktop reports about its displays and
 * what a capture gives back, per platform profile.
 *
 * - screen (lib/browser/api/screen.ts, electron_api_screen.cc): a Proxy that creates the native
 *   Screen on first property access, which throws "The 'screen' module can't be used before the
 *   app 'ready' event" before ready. `Display.id` is Chromium's int64 display id handed to JS as a
 *   double: EDID-built X11 ids above 2^53 arrive rounded.
 * - desktopCapturer.getSources (lib/browser/api/desktop-capturer.ts, electron_api_desktop_capturer.cc):
 *   rejects with the bare string "Failed to get sources." (HandleFailure → `_onerror`), not an
 *   Error; identical concurrent requests share one promise; `display_id` is the display's int64
 *   as an exact decimal string (X11: the EDID id via MonitorAtomIdToDisplayId; macOS: the
 *   CGDirectDisplayID; Windows: the same id as `screen`), '' where there is no mapping (Wayland).
 *   macOS: TryPromptUserForScreenCapture() shows the system prompt the first time and fails the
 *   request unless access is already granted. Wayland: the ScreenCast portal's picker gives one
 *   screen; cancelling it fails the request; no portal means no capturer, so an empty list.
 *   Thumbnails are scaled to fit `thumbnailSize` keeping the aspect ratio, up as well as down
 *   (Chromium's ScaleDesktopFrame with media::ComputeLetterboxRegion).
 * - systemPreferences.getMediaAccessStatus('screen') (electron_api_system_preferences_mac.mm):
 *   Chromium's CheckSystemScreenCapturePermission() answers allowed or denied only, so never
 *   'not-determined' (electron#28540); Windows: always 'granted' for screen (docs); not on Linux.
 */
import { EventEmitter } from 'node:events';
import { runtime } from './runtime';
import { NativeImage, scaleRep, screenPixels } from './native-image';
import type { DisplaySpec } from './profiles';

/** The id JS sees: Chromium's int64 converted to a double. */
export function jsDisplayId(spec: DisplaySpec): number {
  return Number(spec.id);
}

function toDisplay(spec: DisplaySpec): Electron.Display {
  const { bounds } = spec;
  // Work area: the OS's own bar (menu bar, taskbar, top bar) takes some room.
  const bar = runtime.platform === 'darwin' ? 25 : runtime.platform === 'win32' ? 48 : 32;
  const workArea = {
    x: bounds.x,
    y: bounds.y + (runtime.platform === 'win32' ? 0 : bar),
    width: bounds.width,
    height: bounds.height - bar,
  };
  return {
    accelerometerSupport: 'unknown',
    bounds: { ...bounds },
    colorDepth: 24,
    colorSpace: '{primaries:BT709, transfer:SRGB, matrix:RGB, range:FULL}',
    depthPerComponent: 8,
    detected: true,
    displayFrequency: 60,
    id: jsDisplayId(spec),
    internal: spec.internal,
    label: spec.label,
    maximumCursorSize: { width: 64, height: 64 },
    monochrome: false,
    nativeOrigin: { x: Math.round(bounds.x * spec.scaleFactor), y: Math.round(bounds.y * spec.scaleFactor) },
    rotation: spec.rotation,
    scaleFactor: spec.scaleFactor,
    size: { width: bounds.width, height: bounds.height },
    touchSupport: 'unknown',
    workArea,
    workAreaSize: { width: workArea.width, height: workArea.height },
  } satisfies Electron.Display;
}

/** The display a window with these bounds is on (the one nearest its centre). */
export function displayUnder(bounds: Electron.Rectangle): DisplaySpec {
  return nearest({ x: bounds.x + bounds.width / 2, y: bounds.y + bounds.height / 2 });
}

function nearest(point: Electron.Point): DisplaySpec {
  const displays = runtime.profile.displays;
  let best = displays[runtime.profile.primary] ?? displays[0]!;
  let bestDistance = Infinity;
  for (const d of displays) {
    const dx = Math.max(d.bounds.x - point.x, 0, point.x - (d.bounds.x + d.bounds.width - 1));
    const dy = Math.max(d.bounds.y - point.y, 0, point.y - (d.bounds.y + d.bounds.height - 1));
    const distance = dx * dx + dy * dy;
    if (distance < bestDistance) {
      best = d;
      bestDistance = distance;
    }
  }
  return best;
}

class StandInScreen
  extends EventEmitter
  implements
    Pick<
      Electron.Screen,
      | 'getAllDisplays'
      | 'getPrimaryDisplay'
      | 'getCursorScreenPoint'
      | 'getDisplayNearestPoint'
      | 'getDisplayMatching'
    >
{
  getAllDisplays(): Electron.Display[] {
    return runtime.profile.displays.map(toDisplay);
  }

  getPrimaryDisplay(): Electron.Display {
    return toDisplay(runtime.profile.displays[runtime.profile.primary]!);
  }

  getCursorScreenPoint(): Electron.Point {
    // Native Wayland gives no global pointer position to clients: Chromium reports (0, 0).
    if (isNativeWayland()) return { x: 0, y: 0 };
    return { ...runtime.profile.cursor };
  }

  getDisplayNearestPoint(point: Electron.Point): Electron.Display {
    return toDisplay(nearest(point));
  }

  getDisplayMatching(rect: Electron.Rectangle): Electron.Display {
    return toDisplay(nearest({ x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 }));
  }

  dipToScreenPoint(point: Electron.Point): Electron.Point {
    const d = nearest(point);
    return { x: Math.round(point.x * d.scaleFactor), y: Math.round(point.y * d.scaleFactor) };
  }
}

let nativeScreen: StandInScreen | undefined;

/** `screen`, created on first use like Electron's proxy; throws before ready as it does. */
export const screen = new Proxy({} as StandInScreen, {
  get(_target, property) {
    runtime.requireReady("The 'screen' module can't be used before the app 'ready' event");
    nativeScreen ??= new StandInScreen();
    const value = Reflect.get(nativeScreen, property) as unknown;
    return typeof value === 'function'
      ? (value as (...args: unknown[]) => unknown).bind(nativeScreen)
      : value;
  },
}) satisfies Pick<
  Electron.Screen,
  | 'getAllDisplays'
  | 'getPrimaryDisplay'
  | 'getCursorScreenPoint'
  | 'getDisplayNearestPoint'
  | 'getDisplayMatching'
>;

/** Linux with the Wayland ozone backend (the session says wayland and no --ozone-platform=x11). */
export function isNativeWayland(): boolean {
  if (runtime.platform !== 'linux') return false;
  const forced = runtime.ozoneSwitch;
  if (forced) return forced === 'wayland';
  return runtime.profile.env.XDG_SESSION_TYPE === 'wayland';
}

/** media::ComputeLetterboxRegion: the largest size with the content's aspect ratio inside the box. */
export function letterbox(box: Electron.Size, content: Electron.Size): Electron.Size {
  if (content.width <= 0 || content.height <= 0) return { width: 0, height: 0 };
  const x = content.width * box.height;
  const y = content.height * box.width;
  if (y < x) return { width: box.width, height: Math.floor(y / content.width) };
  return { width: Math.floor(x / content.height), height: box.height };
}

/** The display's capture at its physical size (rotated displays report rotated bounds already). */
function physicalSize(spec: DisplaySpec): Electron.Size {
  return {
    width: Math.round(spec.bounds.width * spec.scaleFactor),
    height: Math.round(spec.bounds.height * spec.scaleFactor),
  };
}

function sourceFor(
  spec: DisplaySpec,
  index: number,
  count: number,
  box: Electron.Size,
): Electron.DesktopCapturerSource {
  const full = physicalSize(spec);
  const size = letterbox(box, full);
  // The screen at its physical size, scaled (bilinearly) to the letterboxed thumbnail size.
  const pixels = { scaleFactor: 1, ...full, bgra: screenPixels(full.width, full.height, spec.fill) };
  const thumbnail =
    size.width > 0 && size.height > 0
      ? new NativeImage([scaleRep(pixels, size.width, size.height)])
      : NativeImage.createEmpty();
  let id: string;
  let displayId: string;
  if (runtime.platform === 'darwin') {
    id = `screen:${spec.id}:0`;
    displayId = spec.id.toString();
  } else if (runtime.platform === 'win32') {
    id = `screen:${index}:0`;
    displayId = spec.id.toString();
  } else if (isNativeWayland()) {
    // PipeWire node of the stream the portal opened; nothing maps it to a display.
    id = `screen:${70 + index}:0`;
    displayId = '';
  } else {
    // The XRandR monitor's name atom; display_id is the EDID id, exact (base::NumberToString).
    id = `screen:${500 + index}:0`;
    displayId = spec.id.toString();
  }
  return {
    id,
    name: count === 1 ? 'Entire screen' : `Screen ${index + 1}`,
    thumbnail,
    display_id: displayId,
    appIcon: null as unknown as Electron.NativeImage,
  };
}

const running: { key: string; promise: Promise<Electron.DesktopCapturerSource[]> }[] = [];

/** The rejection Electron gives: a string, not an Error (desktop-capturer.ts `rejectGetSources(error)`). */
export const FAILED_TO_GET_SOURCES = 'Failed to get sources.';

/** DesktopCapturer::HandleFailure → `_onerror("Failed to get sources.")` → the promise rejects with it. */
function failToGetSources(): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- Electron rejects with this bare string.
  throw FAILED_TO_GET_SOURCES;
}

async function captureSources(options: Electron.SourcesOptions): Promise<Electron.DesktopCapturerSource[]> {
  const box = options.thumbnailSize ?? { width: 150, height: 150 };
  const displays = runtime.profile.displays;
  await new Promise((resolve) => setImmediate(resolve));
  if (!options.types.includes('screen')) return [];
  if (runtime.platform === 'darwin') {
    const permission = runtime.profile.macScreenPermission;
    if (permission === 'never-asked') {
      // First request: macOS shows its prompt and lists the app in System Settings › Screen
      // Recording; this request fails. A grant takes effect once the app is relaunched (macOS
      // offers "Quit & Reopen"): this process keeps being refused, the next launch is allowed.
      runtime.record('macos.screen-recording-prompt');
      runtime.profile.macScreenPermission = 'denied';
      runtime.macPermissionAtNextLaunch = runtime.profile.macPromptAnswer;
      runtime.macListedInScreenRecording = true;
      failToGetSources();
    }
    if (permission === 'denied') failToGetSources();
  }
  if (isNativeWayland()) {
    const picker = runtime.profile.portalPicker;
    runtime.record('wayland.screencast-portal-picker', picker);
    if (picker === 'portal-missing') return [];
    if (picker === 'cancel') failToGetSources();
    const spec = displays[picker.pick];
    if (!spec) failToGetSources();
    return [sourceFor(spec, 0, 1, box)];
  }
  return displays.map((spec, index) => sourceFor(spec, index, displays.length, box));
}

export const desktopCapturer = {
  getSources(options: Electron.SourcesOptions): Promise<Electron.DesktopCapturerSource[]> {
    if (!Array.isArray(options?.types)) return Promise.reject(new Error('Invalid options'));
    runtime.record('desktopCapturer.getSources', structuredClone(options));
    const key = JSON.stringify({
      types: options.types,
      thumbnailSize: options.thumbnailSize ?? { width: 150, height: 150 },
      fetchWindowIcons: options.fetchWindowIcons ?? false,
    });
    const same = running.find((r) => r.key === key);
    if (same) return same.promise;
    const promise = captureSources(options).finally(() => {
      running.splice(
        running.findIndex((r) => r.promise === promise),
        1,
      );
    });
    running.push({ key, promise });
    return promise;
  },
} satisfies Pick<Electron.DesktopCapturer, 'getSources'>;

type MediaStatus = ReturnType<Electron.SystemPreferences['getMediaAccessStatus']>;

function getMediaAccessStatus(mediaType: 'microphone' | 'camera' | 'screen'): MediaStatus {
  if (!['microphone', 'camera', 'screen'].includes(mediaType)) throw new Error('Invalid media type');
  if (runtime.platform === 'win32') return 'granted';
  if (mediaType !== 'screen') return 'granted';
  // CheckSystemScreenCapturePermission(): allowed or denied, never not-determined.
  return runtime.profile.macScreenPermission === 'granted' ? 'granted' : 'denied';
}

const preferencesBase = new EventEmitter();

/** Object.assign would read the getters once; these depend on the profile, read at each use. */
function withGetters<T extends object, U extends object>(target: T, source: U): T & U {
  return Object.defineProperties(target, Object.getOwnPropertyDescriptors(source)) as T & U;
}

/** Linux has no getMediaAccessStatus at all (docs: _Windows_ _macOS_). */
export const systemPreferences = withGetters(preferencesBase, {
  get getMediaAccessStatus(): typeof getMediaAccessStatus {
    return runtime.platform === 'linux'
      ? (undefined as unknown as typeof getMediaAccessStatus)
      : getMediaAccessStatus;
  },
  isTrustedAccessibilityClient: (prompt: boolean): boolean => {
    runtime.record('systemPreferences.isTrustedAccessibilityClient', prompt);
    return false;
  },
}) satisfies Pick<Electron.SystemPreferences, 'getMediaAccessStatus' | 'isTrustedAccessibilityClient'>;
