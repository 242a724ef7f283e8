import { describe, expect, it } from 'vitest';
import { SECURE_WEB_PREFERENCE_VALUES, secureWebPreferences } from '../../../../electron/core/security';

const PRELOAD = '/opt/glimpse/out/preload/index.cjs';

describe('secureWebPreferences', () => {
  it('is exactly the hardened set, with our preload', () => {
    expect(secureWebPreferences(PRELOAD)).toStrictEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      preload: PRELOAD,
    });
  });

  it('does not even mention enableBlinkFeatures', () => {
    expect(Object.keys(secureWebPreferences(PRELOAD))).not.toContain('enableBlinkFeatures');
  });

  it('returns a fresh object each time, from a frozen template', () => {
    const first = secureWebPreferences(PRELOAD) as unknown as Record<string, unknown>;
    first.sandbox = false;
    expect(secureWebPreferences(PRELOAD).sandbox).toBe(true);
    expect(Object.isFrozen(SECURE_WEB_PREFERENCE_VALUES)).toBe(true);
  });

  it.each(['preload/index.cjs', './index.cjs', '', undefined])('refuses the preload path %j', (preload) => {
    expect(() => secureWebPreferences(preload as string)).toThrow(/absolute/);
  });
});
