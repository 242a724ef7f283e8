/**
 * Electron-side storage for settings (settings.json, an electron-store in the data folder) and
 * secrets (safeStorage, the OS keychain, sealing each key before it reaches secrets.json; where
 * the OS has none, e.g. Linux without a keyring, keys stay in memory for the session).
 */
import { app, safeStorage } from 'electron';
import type { KeyStorageStatus } from '../../shared/settings-schema';
import { openSettingsStore, SealedSecrets } from '../core/settings/stores';
import { keyStorageStatus } from '../core/settings/key-storage';
import { SettingsService, type SecretVault, type SettingsStorage } from '../core/settings/settings';
import type { EventSink } from '../core/ipc/dispatch';
import { electronStores } from './stores';

/**
 * The settings service over the keychain vault and settings.json; a problem found after start (an
 * invalid edit made outside the app) is logged and shown in every window, as history's are.
 */
export function openSettings(
  dataDir: string,
  events: EventSink,
  log: (line: string) => void,
): SettingsService {
  const vault = keychainVault(dataDir, log);
  return new SettingsService(electronSettingsStorage(dataDir, vault), vault, {
    onProblem: (message) => {
      log(`settings: ${message}`);
      events.emit('storage:problem', { message });
    },
  });
}

/** settings.json, watched so an edit made while Glimpse runs is validated and applied. */
export function electronSettingsStorage(dataDir: string, vault: SecretVault): SettingsStorage {
  return openSettingsStore({
    stores: electronStores,
    dataDir,
    appVersion: app.getVersion(),
    watch: true,
    vault,
  });
}

/**
 * API keys, encrypted with safeStorage and kept apart from the settings. Where no encryption is
 * available the key is held in memory only, never written in clear. That includes Linux without
 * a keyring: safeStorage then selects `basic_text` and isEncryptionAvailable() is false (Glimpse
 * never calls setUsePlainTextEncryption), so those keys last for the session only.
 */
export function keychainVault(dataDir: string, log: (line: string) => void): SecretVault {
  const file = new SealedSecrets(electronStores, dataDir, (problem) => log(`secrets: ${problem}`));
  const inMemory = new Map<string, string>();
  const encrypting = safeStorage.isEncryptionAvailable();
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined;
  const status: KeyStorageStatus = keyStorageStatus(process.platform, encrypting, backend);
  if (status.warning) log(`secrets: ${status.warning}`);
  return {
    status: () => status,
    get(name) {
      if (!encrypting) return inMemory.get(name);
      const sealed = file.get(name);
      if (sealed === undefined) return undefined;
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
      file.set(name, value === null ? null : safeStorage.encryptString(value).toString('base64'));
    },
  };
}
