import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CALLER_WEB_PREFERENCES,
  SECURE_WEB_PREFERENCE_VALUES,
  ignoredWebPreferences,
  mergeWindowOptions,
  secureWebPreferences,
} from '../../../../electron/core/security';

const PRELOAD = '/opt/glimpse/out/preload/index.cjs';

interface Options {
  width?: number;
  height?: number;
  title?: string;
  alwaysOnTop?: boolean;
  show?: boolean;
  webPreferences?: Record<string, unknown>;
}

const base: Options = { width: 460, height: 600, title: 'Glimpse', webPreferences: { zoomFactor: 1 } };

/** Every way a caller could try to weaken a window. */
const HOSTILE_PREFERENCES: Record<string, unknown> = {
  contextIsolation: false,
  sandbox: false,
  nodeIntegration: true,
  nodeIntegrationInWorker: true,
  nodeIntegrationInSubFrames: true,
  webSecurity: false,
  allowRunningInsecureContent: true,
  experimentalFeatures: true,
  enableBlinkFeatures: 'ExecCommandInJavaScript',
  webviewTag: true,
  spellcheck: true,
  navigateOnDragDrop: true,
  safeDialogs: false,
  preload: '/tmp/evil.cjs',
  partition: 'persist:unhardened',
  session: { fake: 'session' },
  additionalArguments: ['--inspect'],
  plugins: true,
  offscreen: true,
  enableWebSQL: true,
};

describe('mergeWindowOptions', () => {
  it('keeps secure preferences whatever the caller passes', () => {
    const merged = mergeWindowOptions(base, { webPreferences: HOSTILE_PREFERENCES }, PRELOAD);
    expect(merged.webPreferences).toStrictEqual({ zoomFactor: 1, ...secureWebPreferences(PRELOAD) });
    expect(merged.webPreferences.sandbox).toBe(true);
    expect(merged.webPreferences.contextIsolation).toBe(true);
    expect(merged.webPreferences.nodeIntegration).toBe(false);
    expect(merged.webPreferences.preload).toBe(PRELOAD);
    expect(merged.webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(merged.webPreferences).not.toHaveProperty('partition');
    expect(merged.webPreferences).not.toHaveProperty('session');
  });

  it('ignores hostile preferences in the base options too', () => {
    const merged = mergeWindowOptions({ ...base, webPreferences: HOSTILE_PREFERENCES }, {}, PRELOAD);
    expect(merged.webPreferences).toStrictEqual(secureWebPreferences(PRELOAD));
  });

  it('lets the caller set presentation preferences', () => {
    const merged = mergeWindowOptions(
      base,
      { webPreferences: { backgroundThrottling: false, zoomFactor: 1.25, devTools: false } },
      PRELOAD,
    );
    expect(merged.webPreferences).toMatchObject({
      backgroundThrottling: false,
      zoomFactor: 1.25,
      devTools: false,
    });
  });

  it('overlays the caller options on the defaults, undefined keeping a default', () => {
    const merged = mergeWindowOptions(base, { width: 800, title: undefined, alwaysOnTop: true }, PRELOAD);
    expect(merged).toMatchObject({ width: 800, height: 600, title: 'Glimpse', alwaysOnTop: true });
  });

  it('always creates the window hidden (it is shown on ready-to-show)', () => {
    expect(mergeWindowOptions(base, { show: true }, PRELOAD).show).toBe(false);
    expect(mergeWindowOptions({ ...base, show: true }, {}, PRELOAD).show).toBe(false);
  });

  it('copes with webPreferences that are not objects', () => {
    for (const webPreferences of [null, 'sandbox=false', ['sandbox'], 42]) {
      const merged = mergeWindowOptions(base, { webPreferences } as unknown as Options, PRELOAD);
      expect(merged.webPreferences).toStrictEqual({ zoomFactor: 1, ...secureWebPreferences(PRELOAD) });
    }
  });

  it('does not modify its inputs', () => {
    const overrides: Options = { width: 1, webPreferences: { sandbox: false, zoomFactor: 2 } };
    const before = structuredClone(overrides);
    const baseBefore = structuredClone(base);
    mergeWindowOptions(base, overrides, PRELOAD);
    expect(overrides).toStrictEqual(before);
    expect(base).toStrictEqual(baseBefore);
  });

  it('holds for any preferences a caller could invent', () => {
    const keys = fc.constantFrom(
      ...Object.keys(HOSTILE_PREFERENCES),
      ...CALLER_WEB_PREFERENCES,
      '__proto__',
      'constructor',
      'toString',
    );
    fc.assert(
      fc.property(fc.dictionary(keys, fc.anything()), (preferences) => {
        const merged = mergeWindowOptions(base, { webPreferences: preferences }, PRELOAD);
        const result = merged.webPreferences as unknown as Record<string, unknown>;
        expect(result).toMatchObject(secureWebPreferences(PRELOAD));
        for (const key of Object.keys(result)) {
          expect(
            CALLER_WEB_PREFERENCES.has(key) || key === 'preload' || key in SECURE_WEB_PREFERENCE_VALUES,
          ).toBe(true);
        }
        expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
      }),
      { numRuns: 500 },
    );
  });
});

describe('ignoredWebPreferences', () => {
  it('names what the caller asked for and will not get', () => {
    expect(
      ignoredWebPreferences({
        webPreferences: {
          sandbox: false,
          nodeIntegration: true,
          preload: '/x.cjs',
          partition: 'p',
          zoomFactor: 2,
        },
      }),
    ).toStrictEqual(['sandbox', 'nodeIntegration', 'preload', 'partition']);
  });

  it('stays quiet about secure values restated and allowed keys', () => {
    expect(
      ignoredWebPreferences({ webPreferences: { sandbox: true, contextIsolation: true, zoomFactor: 2 } }),
    ).toStrictEqual([]);
    expect(ignoredWebPreferences({})).toStrictEqual([]);
  });
});
