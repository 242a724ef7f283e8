/**
 * A password in a profile's proxy URL is kept like an API key: in the vault, not in the settings
 * file, never shown to the renderer, put back only where the proxy is used, and redacted from
 * logs. The settings keep the URL with a marker in its place.
 */
import { describe, expect, it } from 'vitest';
import { redactText } from '../../../../electron/core/diagnostics/index';
import { STORED_HEADER_VALUE } from '../../../../electron/core/settings/header-secrets';
import { proxyPasswordName, STORED_PROXY_PASSWORD } from '../../../../electron/core/settings/proxy-secrets';
import {
  memoryStorage,
  memoryVault,
  SettingsService,
  type SecretVault,
  type SettingsStorage,
} from '../../../../electron/core/settings/settings';
import type { Profile } from '../../../../shared/settings-schema';

const PASSWORD = 'pxSecret-4b9e71d2';
const PROXY = `http://alice:${PASSWORD}@proxy.example:3128`;
const MARKED = `http://alice:${STORED_PROXY_PASSWORD}@proxy.example:3128`;

function withProxy(
  url = PROXY,
  storage: SettingsStorage = memoryStorage(),
  vault: SecretVault = memoryVault(),
) {
  const settings = new SettingsService(storage, vault);
  settings.update({ baseUrl: 'https://api.example/v1', model: 'm' });
  const profile = { ...settings.current.profiles[0]!, proxy: { mode: 'custom' as const, url } };
  settings.saveProfile({ profile }, () => 'unused');
  return { settings, storage, vault, id: profile.id };
}

/** The profile exactly as the Settings form received it. */
function shown(settings: SettingsService, id: string): Profile {
  return settings.toPublic().settings.profiles.find((p) => p.id === id)!;
}

function written(storage: SettingsStorage): string {
  return JSON.stringify(storage.read());
}

describe('a proxy password', () => {
  it('is kept out of the settings file and the renderer, and used for the proxy', () => {
    const { settings, storage, vault, id } = withProxy();
    expect(written(storage)).not.toContain(PASSWORD);
    expect(written(storage)).toContain(MARKED);
    expect(JSON.stringify(settings.toPublic())).not.toContain(PASSWORD);
    expect(shown(settings, id).proxy).toEqual({ mode: 'custom', url: MARKED });
    expect(vault.get(proxyPasswordName(id))).toBe(PASSWORD);
    expect(settings.chatProfile().profile.proxy).toEqual({ mode: 'custom', url: PROXY });
    expect(settings.proxyChoice(id)).toEqual({ mode: 'custom', url: PROXY });
    expect(settings.proxyChoice('no-such-profile')).toBeUndefined();
  });

  it('stays when the form sends the marker back, also under another mode', () => {
    const { settings, storage, id } = withProxy();
    settings.saveProfile({ profile: { ...shown(settings, id), name: 'Renamed' } }, () => 'unused');
    expect(settings.chatProfile().profile.proxy.url).toBe(PROXY);
    const system = { ...shown(settings, id), proxy: { mode: 'system' as const, url: MARKED } };
    settings.saveProfile({ profile: system }, () => 'unused');
    settings.saveProfile({ profile: { ...system, proxy: { mode: 'custom', url: MARKED } } }, () => 'unused');
    expect(settings.chatProfile().profile.proxy.url).toBe(PROXY);
    expect(written(storage)).not.toContain(PASSWORD);
  });

  it('is replaced by a new one typed in the URL', () => {
    const { settings, storage, vault, id } = withProxy();
    const next = {
      ...shown(settings, id),
      proxy: { mode: 'custom' as const, url: PROXY.replace(PASSWORD, 'n3w-pass') },
    };
    settings.saveProfile({ profile: next }, () => 'unused');
    expect(settings.chatProfile().profile.proxy.url).toBe('http://alice:n3w-pass@proxy.example:3128');
    expect(vault.get(proxyPasswordName(id))).toBe('n3w-pass');
    expect(written(storage)).not.toContain('n3w-pass');
    expect(shown(settings, id).proxy.url).toBe(MARKED);
  });

  it('is removed when the URL comes back without one; the user name stays', () => {
    const { settings, storage, vault, id } = withProxy();
    const bare = {
      ...shown(settings, id),
      proxy: { mode: 'custom' as const, url: 'http://alice@proxy.example:3128' },
    };
    settings.saveProfile({ profile: bare }, () => 'unused');
    expect(vault.get(proxyPasswordName(id))).toBeUndefined();
    expect(settings.chatProfile().profile.proxy.url).toBe('http://alice@proxy.example:3128');
    expect(written(storage)).toContain('http://alice@proxy.example:3128');
    expect(settings.headerSecrets()).toEqual([]);
  });

  it('is removed with its profile', () => {
    const { settings, vault } = withProxy();
    const other = { ...settings.current.profiles[0]!, id: 'work', name: 'Work' };
    settings.saveProfile({ profile: { ...other, proxy: { mode: 'custom', url: PROXY } } }, () => 'unused');
    expect(vault.get(proxyPasswordName('work'))).toBe(PASSWORD);
    settings.deleteProfile('work');
    expect(vault.get(proxyPasswordName('work'))).toBeUndefined();
  });

  it('written in plain text by an older version is moved into the vault on load', () => {
    const { storage } = withProxy('http://proxy.example:3128');
    const file = storage.read() as { profiles: { proxy: { url: string } }[] };
    file.profiles[0]!.proxy.url = PROXY;
    const reopenedStorage = memoryStorage(file);
    const vault = memoryVault();
    const reopened = new SettingsService(reopenedStorage, vault);
    expect(written(reopenedStorage)).not.toContain(PASSWORD);
    expect(written(reopenedStorage)).toContain(MARKED);
    expect(reopened.chatProfile().profile.proxy.url).toBe(PROXY);
    expect(JSON.stringify(reopened.toPublic())).not.toContain(PASSWORD);
  });

  it('is dropped when the marker comes back with nothing stored (a session-only vault after a restart)', () => {
    const { storage, id } = withProxy();
    const restarted = new SettingsService(memoryStorage(storage.read()), memoryVault());
    expect(restarted.chatProfile().profile.proxy.url).toBe('http://alice@proxy.example:3128');
    // The form no longer claims a stored password, so the user knows to type it again.
    expect(shown(restarted, id).proxy.url).toBe('http://alice@proxy.example:3128');
    restarted.saveProfile({ profile: { ...restarted.current.profiles[0]!, name: 'Again' } }, () => 'unused');
    expect(restarted.current.profiles[0]!.proxy.url).toBe('http://alice@proxy.example:3128');
  });

  it('is not sent to another proxy host named with the marker', () => {
    const { settings, vault, id } = withProxy();
    const moved = {
      ...shown(settings, id),
      proxy: { mode: 'custom' as const, url: MARKED.replace('proxy.example', 'evil.example') },
    };
    settings.saveProfile({ profile: moved }, () => 'unused');
    expect(settings.chatProfile().profile.proxy.url).toBe('http://alice@evil.example:3128');
    expect(vault.get(proxyPasswordName(id))).toBeUndefined();
  });

  it('stays when the endpoint moves to another server (it belongs to the proxy), unlike header secrets', () => {
    const { settings, id } = withProxy();
    const withHeader = { ...shown(settings, id), headers: { 'X-API-Key': 'hdr-secret-1234' } };
    settings.saveProfile({ profile: withHeader }, () => 'unused');
    settings.update({ baseUrl: 'https://elsewhere.example/v1' });
    expect(settings.chatProfile().endpoint.headers).toEqual({});
    expect(settings.chatProfile().profile.proxy.url).toBe(PROXY);
    expect(shown(settings, id).headers).toEqual({});
    expect(STORED_HEADER_VALUE).not.toBe(STORED_PROXY_PASSWORD);
  });

  it('keeps the URL exactly as typed, special characters and escapes included', () => {
    for (const password of ['p@ss:w0rd!', 'p%40ss%2Fword', 'with(paren)s']) {
      const url = `https://bob:${password}@proxy.example:8443/`;
      const { settings, storage, id } = withProxy(url);
      expect(written(storage)).not.toContain(password);
      expect(shown(settings, id).proxy.url).toBe(`https://bob:${STORED_PROXY_PASSWORD}@proxy.example:8443/`);
      expect(settings.chatProfile().profile.proxy.url).toBe(url);
      settings.saveProfile({ profile: shown(settings, id) }, () => 'unused');
      expect(settings.chatProfile().profile.proxy.url).toBe(url);
    }
  });

  it('is a valid URL password with the marker, which URL parsing leaves unchanged', () => {
    const parsed = new URL(MARKED);
    expect(parsed.password).toBe(STORED_PROXY_PASSWORD);
    expect(parsed.username).toBe('alice');
    expect(MARKED).toMatch(/^https?:\/\/\S+$/);
  });

  it('is redacted from logs and diagnostics in every form it could take', () => {
    const { settings } = withProxy('http://alice:p%40ss-Word-91@proxy.example:3128');
    const basic = Buffer.from('alice:p@ss-Word-91').toString('base64');
    const line = `proxy refused p@ss-Word-91 (p%40ss-Word-91); sent Proxy-Authorization ${basic}`;
    const redacted = redactText(line, settings.headerSecrets());
    expect(redacted).not.toContain('Word-91');
    expect(redacted).not.toContain(basic);
    expect(redacted).toContain('proxy refused');
  });

  it('a new profile starts with no secrets, even under the id of one that vanished', () => {
    const vault = memoryVault();
    // What a profile of id "gone" left behind (its file quarantined, or hand-edited away).
    vault.set(proxyPasswordName('gone'), PASSWORD);
    vault.set('profile.gone.header.authorization', 'Bearer leftover-token');
    const settings = new SettingsService(memoryStorage(), vault);
    settings.update({ baseUrl: 'https://api.example/v1', model: 'm' });
    vault.set('profile.gone.apiKey', 'sk-leftover');
    const template = settings.current.profiles[0]!;
    settings.saveProfile(
      {
        profile: {
          ...template,
          id: 'gone',
          baseUrl: 'https://attacker.example/v1',
          headers: { Authorization: STORED_HEADER_VALUE },
          proxy: { mode: 'custom', url: `http://alice:${STORED_PROXY_PASSWORD}@attacker.example:3128` },
        },
        activate: true,
      },
      () => 'unused',
    );
    const { profile, endpoint } = settings.chatProfile();
    expect(profile.id).toBe('gone');
    expect(profile.proxy.url).toBe('http://alice@attacker.example:3128');
    expect(JSON.stringify(endpoint)).not.toContain('leftover');
    expect(settings.headerSecrets()).toEqual([]);
  });

  it('refuses a proxy URL whose password would not be found, without repeating it', () => {
    const { settings, storage, id } = withProxy();
    const before = written(storage);
    for (const url of [
      'http://u:zq#7x@proxy.example:3128',
      'http://u:zq/7x@proxy.example:3128',
      'http://u:zq?7x@proxy.example:3128',
    ]) {
      const profile = { ...shown(settings, id), proxy: { mode: 'custom' as const, url } };
      let message = '';
      try {
        settings.saveProfile({ profile }, () => 'unused');
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/write # \/ \? @ : as %23 %2F %3F %40 %3A/);
      expect(message).not.toContain('zq');
    }
    expect(written(storage)).toBe(before);
  });

  it('redacts the password as the URL parser writes it back, too', () => {
    const { settings } = withProxy('http://alice:päss-Word-77@proxy.example:3128');
    const redacted = redactText('proxy said: bad credentials p%C3%A4ss-Word-77', settings.headerSecrets());
    expect(redacted).not.toContain('Word-77');
  });
});
