import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserFacingError } from '../../../../electron/core/ipc/dispatch';
import { openSettingsStore } from '../../../../electron/core/settings/stores';
import { confStores } from '../../../../electron/core/storage/stores';
import { packageVersion } from '../../../../electron/web/version';
import {
  memoryStorage,
  memoryVault,
  SettingsService,
  type SecretVault,
} from '../../../../electron/core/settings/settings';

/** settings.json in a folder, opened as the app opens it (conf here, electron-store in the app). */
const settingsStoreIn = (dataDir: string, vault?: SecretVault) =>
  openSettingsStore({
    stores: confStores,
    dataDir,
    appVersion: packageVersion(),
    ...(vault ? { vault } : {}),
  });

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'glimpse-language-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const V2 = (extra: Record<string, unknown>) =>
  JSON.stringify({
    version: 2,
    profiles: [{ id: 'default', name: 'Default', baseUrl: 'http://127.0.0.1:1/v1', model: 'm' }],
    activeProfileId: 'default',
    ...extra,
  });

describe('settings: the UI language follows the OS unless the user picked one', () => {
  it("defaults to 'system' for a new install", () => {
    expect(new SettingsService(memoryStorage(), memoryVault()).current.language).toBe('system');
  });

  it.each(['en', 'fr'] as const)(
    "keeps a stored v2 choice of '%s' as it is, with no problem reported",
    (lang) => {
      writeFileSync(join(dir, 'settings.json'), V2({ language: lang }));
      const settings = new SettingsService(settingsStoreIn(dir), memoryVault());
      expect(settings.current.language).toBe(lang);
      expect(settings.problems).toEqual([]);
    },
  );

  it("gives a v2 file without a language the 'system' default", () => {
    writeFileSync(join(dir, 'settings.json'), V2({}));
    const settings = new SettingsService(settingsStoreIn(dir), memoryVault());
    expect(settings.current.language).toBe('system');
    expect(settings.problems).toEqual([]);
  });

  it("gives a migrated v1 file the 'system' default", () => {
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ version: 1, endpoint: { model: 'llava' } }));
    expect(new SettingsService(settingsStoreIn(dir), memoryVault()).current.language).toBe('system');
  });

  it("accepts 'system' from the renderer, writes it, and refuses an unknown language", () => {
    const settings = new SettingsService(settingsStoreIn(dir), memoryVault());
    settings.update({ language: 'fr' });
    settings.update({ language: 'system' });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toMatchObject({
      language: 'system',
    });
    expect(() => settings.update({ language: 'de' })).toThrow(UserFacingError);
    expect(settings.current.language).toBe('system');
  });
});
