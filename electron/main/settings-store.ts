/**
 * Electron-side storage for settings (electron-store) and secrets (safeStorage, the OS keychain).
 */
import { safeStorage } from 'electron';
import Store from 'electron-store';
import type { SecretVault, SettingsStorage } from '../core/settings/settings';

export function electronSettingsStorage(): SettingsStorage {
  const store = new Store<Record<string, unknown>>({ name: 'settings', clearInvalidConfig: false });
  return {
    read: () => store.store,
    write: (settings) => {
      store.store = settings;
    },
  };
}

/**
 * API keys, encrypted with safeStorage and kept apart from the settings. Where no encryption is
 * available the key is held in memory only, never written in clear.
 */
export function keychainVault(log: (line: string) => void): SecretVault {
  const store = new Store<Record<string, string>>({ name: 'secrets', clearInvalidConfig: false });
  const inMemory = new Map<string, string>();
  const encrypting = safeStorage.isEncryptionAvailable();
  if (!encrypting) log('secrets: OS encryption unavailable; API keys are kept for this session only');
  return {
    get(name) {
      if (!encrypting) return inMemory.get(name);
      const sealed = store.get(name);
      if (typeof sealed !== 'string') return undefined;
      try {
        return safeStorage.decryptString(Buffer.from(sealed, 'base64'));
      } catch {
        log(`secrets: ${name} could not be decrypted`);
        return undefined;
      }
    },
    set(name, value) {
      if (!encrypting) {
        if (value === null) inMemory.delete(name);
        else inMemory.set(name, value);
        return;
      }
      if (value === null) store.delete(name);
      else store.set(name, safeStorage.encryptString(value).toString('base64'));
    },
  };
}
