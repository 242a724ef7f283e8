/**
 * What the settings page says about where API keys are kept, in the page's language. Main's
 * `warning` is an English sentence for the log; the page words the same facts from the fields.
 */
import type { KeyStorageStatus } from '../../../shared/settings-schema';
import type { MessageKey } from './i18n/en';

export function keyStorageNotice(status: KeyStorageStatus | undefined): MessageKey | null {
  if (!status) return null;
  // No encryption (e.g. Linux without a keyring): held in memory, for this session only.
  if (!status.encrypted) return 'settings.keySessionOnly';
  return status.warning ? 'settings.keyObfuscated' : null;
}

/** Where a stored key is, said beside it: the keychain, obfuscated on disk, or memory only. */
export function keyStorageWhere(status: KeyStorageStatus | undefined): MessageKey {
  if (!status || (status.encrypted && !status.warning)) return 'settings.keyInKeychain';
  return status.encrypted ? 'settings.keyOnDisk' : 'settings.keyInMemory';
}
