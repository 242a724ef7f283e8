/**
 * Finding 15 of issue 13: Linux without a keyring. safeStorage then selects `basic_text` and
 * isEncryptionAvailable() is false (Glimpse never calls setUsePlainTextEncryption;
 * electron_api_safe_storage.cc), so keys are kept for the session only. What the user reads, in
 * the log and on the settings page in either language, must say that — not "stored encrypted".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyStorageStatus } from '../../../../electron/core/settings/key-storage';
import { en } from '../../../../renderer/src/lib/i18n/en';
import { fr } from '../../../../renderer/src/lib/i18n/fr';
import { keyStorageNotice, keyStorageWhere } from '../../../../renderer/src/lib/key-storage-notice';

const REPO = join(import.meta.dirname, '../../../..');

describe('keys on Linux without a keyring (basic_text, no encryption)', () => {
  const status = keyStorageStatus('linux', false, 'basic_text');

  it('are held for the session only, and the log line names the missing keyring', () => {
    expect(status).toMatchObject({ encrypted: false, backend: 'memory' });
    expect(status.warning).toMatch(/keyring/i);
    expect(status.warning).toMatch(/session only/);
    expect(status.warning).toMatch(/never written to disk/);
    expect(status.warning).not.toMatch(/obfuscated|encrypted on disk/);
  });

  it('the settings page says so in the page’s language, English and French', () => {
    const key = keyStorageNotice(status);
    expect(key).toBe('settings.keySessionOnly');
    expect(en[key!]).toMatch(/this session only/);
    expect(en[key!]).toMatch(/never writes it to disk/);
    expect(fr[key!]).toMatch(/cette session seulement/);
    expect(fr[key!]).toMatch(/jamais/);
    expect(fr[key!]).not.toBe(en[key!]);
  });

  it('the page shows its own words, not main’s English sentence', () => {
    const page = readFileSync(join(REPO, 'renderer/src/pages/SettingsPage.svelte'), 'utf8');
    expect(page).not.toMatch(/keyStorage\.warning/);
    expect(page).toMatch(/keyStorageNotice\(/);
  });

  it('nothing is said where keys are encrypted by a real keychain', () => {
    expect(keyStorageNotice(keyStorageStatus('linux', true, 'gnome_libsecret'))).toBeNull();
    expect(keyStorageNotice(keyStorageStatus('darwin', true))).toBeNull();
    expect(keyStorageNotice(keyStorageStatus('linux', true, 'basic_text'))).toBe('settings.keyObfuscated');
  });

  it('a stored key’s line says where it really is', () => {
    expect(keyStorageWhere(keyStorageStatus('darwin', true))).toBe('settings.keyInKeychain');
    expect(keyStorageWhere(keyStorageStatus('linux', true, 'gnome_libsecret'))).toBe(
      'settings.keyInKeychain',
    );
    expect(keyStorageWhere(keyStorageStatus('linux', true, 'basic_text'))).toBe('settings.keyOnDisk');
    expect(keyStorageWhere(status)).toBe('settings.keyInMemory');
  });

  it('the README does not promise encryption where there is none', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    expect(readme).not.toMatch(/stored encrypted by the OS keychain;/);
    expect(readme).toMatch(/basic_text/);
  });
});
