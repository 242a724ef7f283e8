/**
 * How a caller's window options are merged with ours. The caller chooses size, position, frame,
 * title and the like; the security-relevant webPreferences are always ours, whatever it passes.
 */
import {
  SECURE_WEB_PREFERENCE_VALUES,
  secureWebPreferences,
  type SecureWebPreferences,
} from './web-preferences';

/**
 * The only webPreferences a caller may set: presentation and throttling, none of which changes
 * what a page can do. Everything else is dropped, notably `preload`, `session` and `partition`
 * (a different session would have neither our protocol handler nor our permission handlers),
 * `additionalArguments`, `plugins`, `enableBlinkFeatures`, and every key of the secure set.
 */
export const CALLER_WEB_PREFERENCES: ReadonlySet<string> = new Set([
  'accessibleTitle',
  'backgroundThrottling',
  'defaultFontFamily',
  'defaultFontSize',
  'defaultMonospaceFontSize',
  'devTools',
  'disableDialogs',
  'disableHtmlFullscreenWindowResize',
  'enablePreferredSizeMode',
  'imageAnimationPolicy',
  'minimumFontSize',
  'scrollBounce',
  'textAreasAreResizable',
  'zoomFactor',
]);

interface WindowOptionsShape {
  show?: boolean;
  webPreferences?: object;
}

export type MergedWindowOptions<O> = Omit<O, 'show' | 'webPreferences'> & {
  show: false;
  webPreferences: SecureWebPreferences;
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function callerPreferences(preferences: unknown): Record<string, unknown> {
  if (!isRecord(preferences)) return {};
  return Object.fromEntries(Object.entries(preferences).filter(([key]) => CALLER_WEB_PREFERENCES.has(key)));
}

/**
 * `base` (our defaults for a kind of window) overlaid with the caller's `overrides` (keys set to
 * undefined keep the default), then: `show: false` (the window is shown on ready-to-show, so it
 * never flashes empty) and webPreferences = the caller's harmless presentation keys, then
 * `secureWebPreferences(preloadPath)` on top, so no caller can change a security key.
 */
export function mergeWindowOptions<O extends WindowOptionsShape>(
  base: O,
  overrides: Partial<O>,
  preloadPath: string,
): MergedWindowOptions<O> {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  const merged: Record<string, unknown> = { ...base, ...defined };
  merged.show = false;
  merged.webPreferences = {
    ...callerPreferences(base.webPreferences),
    ...callerPreferences(overrides.webPreferences),
    // Security: applied last, so these values win over anything above.
    ...secureWebPreferences(preloadPath),
  };
  return merged as MergedWindowOptions<O>;
}

/**
 * The webPreferences keys of `overrides` that mergeWindowOptions ignores or overrules (worth a
 * warning: the caller asked for something it will not get). Setting a secure key to its secure
 * value is not reported.
 */
export function ignoredWebPreferences(overrides: { webPreferences?: object }): string[] {
  const preferences: unknown = overrides.webPreferences;
  if (!isRecord(preferences)) return [];
  const secure: Readonly<Record<string, unknown>> = SECURE_WEB_PREFERENCE_VALUES;
  return Object.keys(preferences).filter(
    (key) =>
      !CALLER_WEB_PREFERENCES.has(key) && !(Object.hasOwn(secure, key) && secure[key] === preferences[key]),
  );
}
