/**
 * Versioned migrations of the settings: `migrations[n]` turns a version-n object into a
 * version-(n + 1) one. They work on plain objects (what JSON.parse gave) and never throw on odd
 * shapes: whatever they cannot map is left for the schema to default, group by group.
 *
 * The store runs them (conf's `migrations`, see storeMigrations below), so a file is migrated
 * once, on disk, with a copy kept first (`beforeEachMigration`). The settings service runs the
 * same steps in memory only when the store could not (a read-only disk), see settings.ts.
 */
import { DEFAULT_HOTKEYS, DEFAULT_PROFILE_ID, SETTINGS_VERSION } from '../../../shared/settings-schema';
import { backupStoreFile, type Store, type StoreOptions } from '../storage/stores';
import type { SecretVault } from './settings';

type Raw = Record<string, unknown>;

const asObject = (value: unknown): Raw =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : {};

/** The key's vault name in version 1 (one endpoint, one key). */
export const V1_API_KEY = 'endpoint.apiKey';

/** Vault name of a profile's API key from version 2 on. */
export function apiKeyName(profileId: string): string {
  return `profile.${profileId}.apiKey`;
}

/** v1 → v2: the single endpoint becomes the "Default" profile; one capture hotkey becomes three. */
function v1ToV2(v1: Raw): Raw {
  const endpoint = asObject(v1.endpoint);
  const profile: Raw = { id: DEFAULT_PROFILE_ID, name: 'Default' };
  for (const field of ['baseUrl', 'model', 'prompt'] as const) {
    if (typeof endpoint[field] === 'string') profile[field] = endpoint[field];
  }
  // In v1 the only hotkey (default Ctrl+Shift+E) captured the display under the cursor. A user
  // who changed it keeps their shortcut on that same action; a default one takes the new layout
  // (E = region), since the region overlay is what E now means everywhere in the docs.
  const oldHotkey = asObject(v1.hotkeys).captureScreen;
  const hotkeys: Raw = { ...DEFAULT_HOTKEYS };
  if (typeof oldHotkey === 'string' && oldHotkey !== 'CommandOrControl+Shift+E') {
    for (const [action, accelerator] of Object.entries(hotkeys)) {
      if (typeof accelerator === 'string' && accelerator.toLowerCase() === oldHotkey.toLowerCase())
        hotkeys[action] = '';
    }
    hotkeys.captureScreen = oldHotkey;
  }
  return { version: 2, profiles: [profile], activeProfileId: DEFAULT_PROFILE_ID, hotkeys };
}

export const migrations: Record<number, (raw: Raw) => Raw> = {
  1: v1ToV2,
};

/** The version a stored object claims; files from before versioning count as version 1. */
export function storedVersion(raw: unknown): number {
  const version = asObject(raw).version;
  return typeof version === 'number' && Number.isInteger(version) && version >= 1 ? version : 1;
}

/** Runs every migration from the object's version up to the current one. */
export function migrate(raw: unknown): { value: Raw; from: number; steps: number } {
  const from = storedVersion(raw);
  let value = asObject(raw);
  let version = from;
  while (version < SETTINGS_VERSION) {
    const step = migrations[version];
    if (!step) throw new Error(`no settings migration from version ${version}`);
    value = step(value);
    version++;
  }
  return { value, from, steps: version - from };
}

/** The version-1 key moves to the migrated profile's vault name (once; an existing key wins). */
export function migrateVaultKeys(from: number, profileId: string, vault: SecretVault): void {
  if (from > 1) return;
  const legacy = vault.get(V1_API_KEY);
  if (legacy === undefined) return;
  const target = apiKeyName(profileId);
  if (vault.get(target) === undefined) vault.set(target, legacy);
  vault.set(V1_API_KEY, null);
}

type SettingsStore = Store<Record<string, unknown>>;
type StoreMigrations = Pick<StoreOptions<Record<string, unknown>>, 'migrations' | 'beforeEachMigration'>;

/**
 * conf's migrations for settings.json. conf keys a step by the Glimpse version that first runs it
 * and records the last version in the file (`__internal__.migrations.version`); files written
 * before Glimpse used the store carry no record, so every step runs once for them. Our schema
 * version (`version` in the file) stays the authority on the format: the step only changes a file
 * whose `version` is older, and leaves a current or newer one as it is.
 */
export function storeMigrations(vault: SecretVault | undefined): StoreMigrations {
  return {
    // The first Glimpse on conf: brings any older format (version 1, or none) to the current one.
    migrations: {
      '0.1.0': (store: SettingsStore) => {
        const stored = store.store;
        const from = storedVersion(stored);
        if (Object.keys(stored).length === 0 || from >= SETTINGS_VERSION) return;
        const { value } = migrate(stored);
        store.store = value;
        if (vault)
          migrateVaultKeys(
            from,
            typeof value.activeProfileId === 'string' ? value.activeProfileId : DEFAULT_PROFILE_ID,
            vault,
          );
      },
    },
    // The backup before a migration: a copy of the file as the older Glimpse left it.
    beforeEachMigration: (store: SettingsStore) => {
      const stored = store.store;
      const from = storedVersion(stored);
      if (Object.keys(stored).length > 0 && from < SETTINGS_VERSION) backupStoreFile(store.path, `v${from}`);
    },
  };
}
