import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PROMPT,
  memoryStorage,
  memoryVault,
  SettingsService,
} from '../../../../electron/core/settings/settings';

describe('SettingsService', () => {
  it('starts from defaults', () => {
    const settings = new SettingsService(memoryStorage(), memoryVault());
    expect(settings.toPublic()).toEqual({ baseUrl: '', model: '', prompt: DEFAULT_PROMPT, hasApiKey: false });
    expect(settings.current.hotkeys.captureScreen).toBe('CommandOrControl+Shift+E');
  });

  it('keeps the API key in the vault, never in the settings file, and only says whether it is set', () => {
    const storage = memoryStorage();
    const vault = memoryVault();
    const settings = new SettingsService(storage, vault);
    const shown = settings.update({ baseUrl: 'http://127.0.0.1:1/v1', apiKey: 'sk-canary-123' });
    expect(shown).toEqual(expect.objectContaining({ hasApiKey: true }));
    expect(JSON.stringify(shown)).not.toContain('sk-canary-123');
    expect(JSON.stringify(storage.read())).not.toContain('sk-canary-123');
    expect(settings.apiKey()).toBe('sk-canary-123');
    settings.update({ apiKey: null });
    expect(settings.apiKey()).toBeUndefined();
  });

  it('does not wipe a settings file it cannot read', () => {
    const unreadable = { version: 99, endpoint: 'garbage' };
    const storage = memoryStorage(unreadable);
    const settings = new SettingsService(storage, memoryVault());
    expect(settings.problems).toHaveLength(1);
    expect(storage.read()).toBe(unreadable);
  });
});
