/**
 * What the user is told about where their API keys are kept, from what safeStorage reports.
 * On Linux without a keyring, Chromium falls back to `basic_text`: a hard-coded password that
 * only obfuscates. We still store the key (the user asked us to), and say so plainly.
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
        'This system offers no encrypted storage for API keys: they are kept for this session only and must be entered again after a restart.',
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
