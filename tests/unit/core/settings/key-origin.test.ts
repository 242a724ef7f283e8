/**
 * A stored API key belongs to the server it was saved for (security review, finding 1): a page
 * that rewrites the base URL must not be able to send the key elsewhere.
 */
import { describe, expect, it } from 'vitest';
import { memoryStorage, memoryVault, SettingsService } from '../../../../electron/core/settings/settings';

function service(): SettingsService {
  const settings = new SettingsService(memoryStorage(), memoryVault());
  settings.update({ baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o', apiKey: 'sk-stored-123' });
  return settings;
}

describe('stored keys and their server', () => {
  it('keeps the key when only the path changes, as users fix a pasted URL', () => {
    const settings = service();
    settings.update({ baseUrl: 'https://api.openai.com/v1/' });
    settings.update({ baseUrl: 'https://API.openai.com/v1/chat/completions' });
    expect(settings.apiKey()).toBe('sk-stored-123');
  });

  it('forgets the key when the profile points at another server without a new key', () => {
    const settings = service();
    const shown = settings.update({ baseUrl: 'https://evil.example/v1' });
    expect(settings.apiKey()).toBeUndefined();
    expect(shown.hasApiKey).toBe(false);
  });

  it('takes the new key given with the new server', () => {
    const settings = service();
    settings.update({ baseUrl: 'https://openrouter.ai/api/v1', apiKey: 'sk-or-new' });
    expect(settings.apiKey()).toBe('sk-or-new');
  });

  it('applies the same rule when a whole profile is saved', () => {
    const settings = service();
    const id = settings.current.activeProfileId;
    const profile = { ...settings.current.profiles[0]!, baseUrl: 'http://127.0.0.1:9/v1' };
    settings.saveProfile({ profile }, () => 'unused');
    expect(settings.apiKey(id)).toBeUndefined();
  });

  it('writes the file even when a change listener throws, and runs the other listeners', () => {
    const storage = memoryStorage();
    const settings = new SettingsService(storage, memoryVault());
    const seen: string[] = [];
    settings.onChange(() => {
      throw new Error('a listener bug');
    });
    settings.onChange((next) => seen.push(next.activeProfileId));
    settings.update({ model: 'written' });
    expect(JSON.stringify(storage.read())).toContain('written');
    expect(seen).toHaveLength(1);
  });
});
