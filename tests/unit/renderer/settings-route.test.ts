/** Settings sections in the URL, so other pages deep-link to one. */
import { describe, expect, it } from 'vitest';
import { isSettingsRoute, settingsSection } from '../../../renderer/src/lib/settings-route';

describe('settings routes', () => {
  it('reads the section from the hash, Profiles by default', () => {
    expect(settingsSection('#/settings/privacy')).toBe('privacy');
    expect(settingsSection('#/settings/about')).toBe('about');
    expect(settingsSection('#/settings/actions')).toBe('actions');
    expect(settingsSection('#/settings')).toBe('profiles');
    expect(settingsSection('#/settings/nope')).toBe('profiles');
  });

  it('knows the settings page under every section, and nothing else', () => {
    expect(isSettingsRoute('settings')).toBe(true);
    expect(isSettingsRoute('settings/shortcuts')).toBe(true);
    expect(isSettingsRoute('settingsx')).toBe(false);
    expect(isSettingsRoute('history')).toBe(false);
  });
});
