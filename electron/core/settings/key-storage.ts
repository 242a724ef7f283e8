/**
 * What the user is told about where their API keys are kept, from what safeStorage reports.
 *
 * Linux without a keyring (GNOME Keyring, KWallet): Chromium selects the `basic_text` backend,
 * and safeStorage.isEncryptionAvailable() is false there unless the app opts into its hard-coded
 * password with setUsePlainTextEncryption(true) (electron_api_safe_storage.cc), which Glimpse
 * never does. So keys are held in memory for the session only, never written (see
 * electron/main/settings-store.ts). The `basic_text` branch below is only reached should
 * encryption be reported with that backend all the same, and then says the key is obfuscated.
 */
import type { KeyStorageStatus } from '../../../shared/settings-schema';

export function keyStorageStatus(
  platform: NodeJS.Platform,
  encryptionAvailable: boolean,
  linuxBackend?: string,
): KeyStorageStatus {
  if (!encryptionAvailable) {
    return {
      encrypted: false,
      backend: 'memory',
      warning:
        platform === 'linux'
          ? `No keyring (GNOME Keyring or KWallet) is available${linuxBackend ? ` (safeStorage backend: ${linuxBackend})` : ''}: API keys are kept for this session only, never written to disk, and must be entered again after a restart.`
          : 'This system offers no encrypted storage for API keys: they are kept for this session only, never written to disk, and must be entered again after a restart.',
    };
  }
  if (platform === 'linux') {
    const backend = linuxBackend ?? 'unknown';
    return {
      encrypted: true,
      backend,
      warning:
        backend === 'basic_text' || backend === 'unknown'
          ? 'No keyring (GNOME Keyring or KWallet) was found: API keys are only obfuscated on disk, not truly encrypted. Install and unlock a keyring, then enter the key again.'
          : null,
    };
  }
  return { encrypted: true, backend: platform === 'darwin' ? 'keychain' : 'dpapi', warning: null };
}
