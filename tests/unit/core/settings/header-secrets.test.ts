/**
 * Credentials in extra headers are kept like API keys (security review, finding 2): in the
 * vault, not in the settings file, never shown to the renderer, sent only to their server.
 */
import { describe, expect, it } from 'vitest';
import { STORED_HEADER_VALUE } from '../../../../electron/core/settings/header-secrets';
import { memoryStorage, memoryVault, SettingsService } from '../../../../electron/core/settings/settings';

const SECRET = 'gw-secret-7f3a9c';

function withGatewayHeader(storage = memoryStorage()) {
  const settings = new SettingsService(storage, memoryVault());
  settings.update({ baseUrl: 'https://gateway.example/v1', model: 'm' });
  const profile = {
    ...settings.current.profiles[0]!,
    headers: { 'X-API-Key': SECRET, 'X-Title': 'Glimpse' },
  };
  settings.saveProfile({ profile }, () => 'unused');
  return { settings, storage };
}

describe('secret extra headers', () => {
  it('are sent, but kept out of the settings file and the renderer', () => {
    const { settings, storage } = withGatewayHeader();
    expect(settings.chatProfile().endpoint.headers).toEqual({ 'X-API-Key': SECRET, 'X-Title': 'Glimpse' });
    expect(JSON.stringify(storage.read())).not.toContain(SECRET);
    const shown = JSON.stringify(settings.toPublic());
    expect(shown).not.toContain(SECRET);
    expect(settings.toPublic().settings.profiles[0]!.headers).toEqual({
      'X-API-Key': STORED_HEADER_VALUE,
      'X-Title': 'Glimpse',
    });
    expect(settings.headerSecrets()).toEqual([SECRET]);
  });

  it('keep their value when the form sends the marker back, and change when it sends a new one', () => {
    const { settings } = withGatewayHeader();
    const shown = settings.toPublic().settings.profiles[0]!;
    settings.saveProfile({ profile: { ...shown, name: 'Renamed' } }, () => 'unused');
    expect(settings.chatProfile().endpoint.headers?.['X-API-Key']).toBe(SECRET);
    settings.saveProfile({ profile: { ...shown, headers: { 'X-API-Key': 'new-value' } } }, () => 'unused');
    expect(settings.chatProfile().endpoint.headers).toEqual({ 'X-API-Key': 'new-value' });
    settings.saveProfile({ profile: { ...shown, headers: {} } }, () => 'unused');
    expect(settings.chatProfile().endpoint.headers).toEqual({});
    expect(settings.headerSecrets()).toEqual([]);
  });

  it('are forgotten when the profile points at another server', () => {
    const { settings } = withGatewayHeader();
    settings.update({ baseUrl: 'https://evil.example/v1' });
    expect(settings.chatProfile().endpoint.headers).toEqual({ 'X-Title': 'Glimpse' });
    expect(settings.headerSecrets()).toEqual([]);
  });

  it('reach a connection test only for the server they were saved for', () => {
    const { settings } = withGatewayHeader();
    const id = settings.current.activeProfileId;
    const form = { 'X-API-Key': STORED_HEADER_VALUE };
    expect(settings.resolveHeaders(id, 'https://gateway.example/v1/', form)).toEqual({ 'X-API-Key': SECRET });
    expect(settings.resolveHeaders(id, 'https://evil.example/v1', form)).toEqual({});
  });

  it('written in plain text by an older version are moved into the vault on load', () => {
    const { storage } = withGatewayHeader();
    const file = storage.read() as { profiles: { headers: Record<string, string> }[] };
    file.profiles[0]!.headers['X-API-Key'] = 'plain-old-secret';
    const vault = memoryVault();
    const reopenedStorage = memoryStorage(file);
    const reopened = new SettingsService(reopenedStorage, vault);
    expect(JSON.stringify(reopenedStorage.read())).not.toContain('plain-old-secret');
    expect(reopened.chatProfile().endpoint.headers?.['X-API-Key']).toBe('plain-old-secret');
    expect(JSON.stringify(reopened.toPublic())).not.toContain('plain-old-secret');
  });
});
