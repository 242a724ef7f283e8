/**
 * Electron-side storage for settings (an atomic JSON file in the data folder) and secrets
 * (safeStorage, the OS keychain, sealing each key before it reaches the disk; where the OS has
 * none, e.g. Linux without a keyring, keys stay in memory for the session).
 */
import { safeStorage } from 'electron';
import { join } from 'node:path';
import type { KeyStorageStatus } from '../../shared/settings-schema';
import { SealedSecretsFile, SECRETS_FILE, settingsFileIn } from '../core/settings/file-storage';
import { keyStorageStatus } from '../core/settings/key-storage';
import type { SecretVault, SettingsStorage } from '../core/settings/settings';

export function electronSettingsStorage(dataDir: string): SettingsStorage {
  return settingsFileIn(dataDir);
}

/**
 * API keys, encrypted with safeStorage and kept apart from the settings. Where no encryption is
 * available the key is held in memory only, never written in clear. That includes Linux without
 * a keyring: safeStorage then selects `basic_text` and isEncryptionAvailable() is false (Glimpse
 * never calls setUsePlainTextEncryption), so those keys last for the session only.
 */
export function keychainVault(dataDir: string, log: (line: string) => void): SecretVault {
  const file = new SealedSecretsFile(join(dataDir, SECRETS_FILE));
  for (const problem of file.problems) log(`secrets: ${problem}`);
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
