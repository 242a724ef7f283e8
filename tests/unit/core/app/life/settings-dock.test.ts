import { describe, expect, it } from 'vitest';
import { memoryStorage, memoryVault, SettingsService } from '../../../../../electron/core/settings/settings';
import { SETTINGS_VERSION } from '../../../../../shared/settings-schema';

describe('settings: launch at login and the Dock icon', () => {
  it('a version-2 file written before dockIcon existed loads as it is: default, no problem, no migration', () => {
    const stored = { version: SETTINGS_VERSION, launchAtLogin: true, appearance: { theme: 'dark' } };
    const storage = memoryStorage(structuredClone(stored));
    const settings = new SettingsService(storage, memoryVault());
    expect(settings.problems).toEqual([]);
    expect(settings.current.dockIcon).toBe('with-windows');
    expect(settings.current.launchAtLogin).toBe(true);
    expect(settings.current.appearance.theme).toBe('dark');
    expect(settings.current.version).toBe(SETTINGS_VERSION);
  });

  it('is off by default, and both are changed through settings:update with their values checked', () => {
    const settings = new SettingsService(memoryStorage(), memoryVault());
    expect(settings.current.launchAtLogin).toBe(false);
    settings.update({ launchAtLogin: true, dockIcon: 'always' });
    expect(settings.current).toMatchObject({ launchAtLogin: true, dockIcon: 'always' });
    expect(() => settings.update({ dockIcon: 'never' as 'always' })).toThrow();
    expect(settings.current.dockIcon).toBe('always');
  });
});
