import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UserFacingError } from '../../../../electron/core/ipc/dispatch';
import { openSettingsStore, SealedSecrets } from '../../../../electron/core/settings/stores';
import { confStores } from '../../../../electron/core/storage/stores';
import { packageVersion } from '../../../../electron/web/version';
import { keyStorageStatus } from '../../../../electron/core/settings/key-storage';
import {
  DEFAULT_PROMPT,
  memoryStorage,
  memoryVault,
  SettingsService,
  type SecretVault,
  type SettingsStorage,
} from '../../../../electron/core/settings/settings';
import { DEFAULT_HOTKEYS, defaultActions } from '../../../../shared/settings-schema';
import { CHILD_SOURCE } from './child';
import { readOnlyRunner } from './read-only';

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
  dir = mkdtempSync(join(tmpdir(), 'glimpse-settings-'));
});
afterEach(() => {
  chmodSync(dir, 0o700);
  rmSync(dir, { recursive: true, force: true });
});

/** A vault like the app's: sealed values in secrets.json, with a real cipher standing in for safeStorage. */
function sealingVault(dataDir: string, key = randomBytes(32)): SecretVault {
  const file = new SealedSecrets(confStores, dataDir, (problem) => {
    throw new Error(problem);
  });
  return {
    status: () => ({ encrypted: true, backend: 'test-cipher', warning: null }),
    get(name) {
      const sealed = file.get(name);
      if (sealed === undefined) return undefined;
      const bytes = Buffer.from(sealed, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    },
    set(name, value) {
      if (value === null) return file.set(name, null);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      file.set(name, Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64'));
    },
  };
}

const files = (): string[] => readdirSync(dir).sort();
const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
/**
 * A file's values without the store's own record (`__internal__`, the last Glimpse version that
 * migrated it), which conf adds to a file it opens with migrations.
 */
const values = (name: string): unknown => {
  const { __internal__: _record, ...rest } = JSON.parse(read(name)) as Record<string, unknown>;
  return rest;
};

const V1_FILE = `{\n\t"version": 1,\n\t"endpoint": {\n\t\t"baseUrl": "http://127.0.0.1:11434/v1",\n\t\t"model": "llava",\n\t\t"prompt": "What is this?"\n\t},\n\t"hotkeys": {\n\t\t"captureScreen": "CommandOrControl+Shift+E"\n\t}\n}`;

describe('SettingsService: defaults and the public view', () => {
  it('starts from defaults with one profile and the three default hotkeys', () => {
    const settings = new SettingsService(memoryStorage(), memoryVault());
    const shown = settings.toPublic();
    expect(shown).toMatchObject({ baseUrl: '', model: '', prompt: DEFAULT_PROMPT, hasApiKey: false });
    expect(shown.settings.profiles).toHaveLength(1);
    expect(shown.settings.hotkeys).toEqual(DEFAULT_HOTKEYS);
    expect(shown.settings).toMatchObject({
      language: 'system',
      appearance: { theme: 'system' },
      updates: { checkAutomatically: true },
      privacy: { enabled: true, categories: { keys: true, ibans: true, entropy: true } },
    });
    expect(shown.settings.profiles[0]).toMatchObject({
      image: { maxEdge: 2048, format: 'auto' },
      proxy: { mode: 'system' },
      compat: { includeUsage: true, maxTokensField: 'max_tokens' },
    });
    expect(shown.keyStorage.warning).toMatch(/session only/);
  });

  it('validates every write as a whole and keeps the file as it was when one field is wrong', () => {
    const storage = settingsStoreIn(dir);
    const settings = new SettingsService(storage, memoryVault());
    settings.update({ model: 'gpt-4o' });
    const before = read('settings.json');
    expect(() => settings.update({ hotkeys: { captureScreen: DEFAULT_HOTKEYS.captureRegion } })).toThrow(
      /two actions cannot share one shortcut/,
    );
    expect(() => settings.update({ language: 'de' })).toThrow(UserFacingError);
    expect(() =>
      settings.saveProfile(
        { profile: { id: 'default', name: 'x', parameters: { temperature: 3 } } },
        () => 'n',
      ),
    ).toThrow(/temperature/);
    expect(read('settings.json')).toBe(before);
    expect(settings.current.profiles[0]?.model).toBe('gpt-4o');
  });

  it('saves profiles with their own keys, switches the active one, and deletes a profile with its key', () => {
    const vault = memoryVault();
    const settings = new SettingsService(memoryStorage(), vault);
    settings.update({ apiKey: 'sk-default' });
    let shown = settings.saveProfile(
      {
        profile: {
          name: 'Groq',
          baseUrl: 'https://api.groq.com/openai/v1',
          headers: { 'X-Title': 'Glimpse' },
        },
        apiKey: 'gsk-second',
        activate: true,
      },
      () => 'p2',
    );
    expect(shown.settings.activeProfileId).toBe('p2');
    expect(shown.baseUrl).toBe('https://api.groq.com/openai/v1');
    expect(shown.profileKeys).toEqual({ default: true, p2: true });
    expect(settings.chatProfile().endpoint).toMatchObject({
      apiKey: 'gsk-second',
      headers: { 'X-Title': 'Glimpse' },
    });
    expect(() =>
      settings.saveProfile({ profile: { name: 'bad', headers: { 'X-A': 'one\r\nX-B: two' } } }, () => 'p3'),
    ).toThrow(/header value/);
    shown = settings.deleteProfile('p2');
    expect(shown.settings.activeProfileId).toBe('default');
    expect(vault.get('profile.p2.apiKey')).toBeUndefined();
    expect(() => settings.deleteProfile('default')).toThrow(/last profile/);
  });

  it('tells the user when Linux keeps keys with the basic_text backend', () => {
    expect(keyStorageStatus('linux', true, 'basic_text').warning).toMatch(/obfuscated/);
    expect(keyStorageStatus('linux', true, 'gnome_libsecret').warning).toBeNull();
    expect(keyStorageStatus('darwin', true).warning).toBeNull();
    expect(keyStorageStatus('win32', false).encrypted).toBe(false);
  });
});

describe('SettingsService: keys never reach a file in clear', () => {
  it('writes a canary key, then finds it in no file of the data folder and not in the public view', () => {
    const canary = 'sk-canary-7f3a9c1e5b';
    const settings = new SettingsService(settingsStoreIn(dir), sealingVault(dir));
    const shown = settings.update({ baseUrl: 'http://127.0.0.1:1/v1', apiKey: canary });
    settings.saveProfile({ profile: { name: 'Other' }, apiKey: `${canary}-2` }, () => 'other');
    expect(shown.hasApiKey).toBe(true);
    expect(JSON.stringify(settings.toPublic())).not.toContain(canary);
    expect(settings.apiKey()).toBe(canary);
    expect(settings.apiKey('other')).toBe(`${canary}-2`);
    expect(files()).toEqual(['secrets.json', 'settings.json']);
    for (const name of files()) {
      const bytes = readFileSync(join(dir, name));
      expect(bytes.includes(canary)).toBe(false);
      expect(bytes.includes(Buffer.from(canary).toString('base64').slice(0, 12))).toBe(false);
    }
  });
});

describe('SettingsService: loading never loses the file', () => {
  it.each([
    ['not JSON', '{"version": 2, "profiles": ['],
    ['empty', ''],
    ['truncated', V1_FILE.slice(0, 60)],
    ['binary garbage', '\u0000\u0001\u0002'],
  ])('moves a %s file aside as …corrupt-<timestamp>, reports it, and runs on defaults', (_name, text) => {
    writeFileSync(join(dir, 'settings.json'), text);
    const settings = new SettingsService(settingsStoreIn(dir), memoryVault());
    const aside = files().find((f) => /^settings\.json\.corrupt-\d{4}-\d\d-\d\dT[\d-]+Z$/.test(f));
    expect(aside).toBeDefined();
    expect(read(aside!)).toBe(text);
    expect(settings.problems[0]?.message).toContain(aside);
    expect(settings.toPublic().problems).toHaveLength(1);
    expect(settings.current.profiles[0]?.baseUrl).toBe('');
  });

  it('keeps every valid group of a file with one invalid group, and a copy of the original', () => {
    const stored = {
      version: 2,
      profiles: [{ id: 'mine', name: 'Mine', baseUrl: 'http://127.0.0.1:1/v1', model: 'm' }],
      activeProfileId: 'mine',
      hotkeys: { captureRegion: 'not a shortcut!!' },
      language: 'fr',
    };
    const text = JSON.stringify(stored);
    writeFileSync(join(dir, 'settings.json'), text);
    const settings = new SettingsService(settingsStoreIn(dir), memoryVault());
    expect(settings.current.profiles[0]?.id).toBe('mine');
    expect(settings.current.language).toBe('fr');
    expect(settings.current.hotkeys).toEqual(DEFAULT_HOTKEYS);
    expect(settings.problems[0]?.message).toMatch(/hotkeys/);
    // The copy holds the original values (plus the store's record of the Glimpse that opened it).
    const copy = files().find((f) => f.startsWith('settings.json.backup-invalid-'));
    expect(copy && values(copy)).toEqual(stored);
  });

  it('leaves a file from a newer Glimpse untouched, and copies it aside before the first save', () => {
    // As a later Glimpse writes it: its format version and the store's record of its version.
    const text = JSON.stringify({
      version: 9,
      future: true,
      __internal__: { migrations: { version: '9.0.0' } },
    });
    writeFileSync(join(dir, 'settings.json'), text);
    const settings = new SettingsService(settingsStoreIn(dir), memoryVault());
    expect(read('settings.json')).toBe(text);
    expect(settings.problems[0]?.message).toMatch(/newer Glimpse/);
    settings.update({ model: 'x' });
    const copy = files().find((f) => f.startsWith('settings.json.backup-v9-'));
    expect(copy && read(copy)).toBe(text);
  });

  it('keeps every value of a file claiming a newer format without the store record (a hand edit)', () => {
    const stored = { version: 9, future: true };
    writeFileSync(join(dir, 'settings.json'), JSON.stringify(stored));
    const settings = new SettingsService(settingsStoreIn(dir), memoryVault());
    expect(values('settings.json')).toEqual(stored);
    expect(settings.problems[0]?.message).toMatch(/newer Glimpse/);
    settings.update({ model: 'x' });
    const copy = files().find((f) => f.startsWith('settings.json.backup-v9-'));
    expect(copy && values(copy)).toEqual(stored);
  });

  it('keeps a change in memory and says why when the disk refuses it', () => {
    const refusing = (code: string): SettingsStorage => ({
      location: '/data/settings.json',
      read: () => undefined,
      write: () => {
        throw Object.assign(new Error(code), { code });
      },
    });
    for (const [code, words] of [
      ['ENOSPC', /disk is full/],
      ['EROFS', /read-only/],
    ] as const) {
      const settings = new SettingsService(refusing(code), memoryVault());
      expect(() => settings.update({ model: 'kept' })).toThrow(words);
      expect(settings.current.profiles[0]?.model).toBe('kept');
    }
  });

  const readOnly = readOnlyRunner();
  if ('skip' in readOnly) console.warn(`read-only folder test skipped: ${readOnly.skip}`);
  it.skipIf('skip' in readOnly)(
    'a real read-only folder: the change and the key are kept in memory, the user is told why, the files are unchanged',
    () => {
      if ('skip' in readOnly) return;
      // What is on disk before: a change and a key, written by the stores as the app writes them.
      const secrets = new SealedSecrets(confStores, dir, (problem) => {
        throw new Error(problem);
      });
      const vault: SecretVault = {
        get: (name) => secrets.get(name),
        set: (name, value) =>
          secrets.set(name, value === null ? null : Buffer.from(value).toString('base64')),
      };
      new SettingsService(settingsStoreIn(dir, vault), vault).update({
        model: 'before',
        apiKey: 'sk-before',
      });
      const before = { names: files(), settings: read('settings.json'), secrets: read('secrets.json') };

      // A separate process opens the same stores on the read-only folder and tries a change
      // (root ignores modes: there the folder is a read-only mount, see read-only.ts).
      const result = readOnly.run(dir, [
        process.execPath,
        '--import',
        'tsx',
        CHILD_SOURCE,
        'readonly',
        dir,
        packageVersion(),
      ]);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const told = JSON.parse(result.stdout) as {
        thrown: string | null;
        userFacing: boolean;
        model: string;
        apiKey: string | null;
        problems: string[];
      };
      console.log(`read-only folder (${readOnly.how}): ${told.thrown}`);
      // The user is told plainly, naming the file; the change and the key stay for the session.
      const words =
        /Glimpse may not write to .*\(read-only or no permission\)\. Nothing is lost while Glimpse stays open/;
      expect(told.userFacing).toBe(true);
      expect(told.thrown).toMatch(words);
      expect(told.thrown).toContain(join(dir, 'settings.json'));
      expect(told.model).toBe('kept');
      expect(told.apiKey).toBe('sk-kept');
      // Opening said nothing; the key's refused write was reported once, naming secrets.json.
      expect(told.problems).toHaveLength(1);
      expect(told.problems[0]).toMatch(/^API keys: /);
      expect(told.problems[0]).toMatch(words);
      expect(told.problems[0]).toContain(join(dir, 'secrets.json'));
      // Nothing on disk changed, and no temporary file was left.
      expect(files()).toEqual(before.names);
      expect(read('settings.json')).toBe(before.settings);
      expect(read('secrets.json')).toBe(before.secrets);
    },
  );
});

describe('SettingsService: migrations', () => {
  it('migrates a v1 file to v2: backup first, endpoint → Default profile, key moved to the profile', () => {
    writeFileSync(join(dir, 'settings.json'), V1_FILE);
    const vaultKey = randomBytes(32);
    sealingVault(dir, vaultKey).set('endpoint.apiKey', 'sk-from-v1');
    const vault = sealingVault(dir, vaultKey);
    const settings = new SettingsService(settingsStoreIn(dir, vault), vault);
    const backup = files().find((f) => f.startsWith('settings.json.backup-v1-'));
    expect(backup && read(backup)).toBe(V1_FILE);
    expect(settings.problems).toEqual([]);
    const shown = settings.toPublic();
    expect(shown).toMatchObject({
      baseUrl: 'http://127.0.0.1:11434/v1',
      model: 'llava',
      prompt: 'What is this?',
    });
    expect(shown.hasApiKey).toBe(true);
    expect(settings.apiKey()).toBe('sk-from-v1');
    expect(JSON.parse(read('secrets.json'))).not.toHaveProperty(['endpoint.apiKey']);
    expect(shown.settings.hotkeys).toEqual(DEFAULT_HOTKEYS);
    const written = JSON.parse(read('settings.json')) as { version: number };
    expect(written.version).toBe(2);
    // Reopening the migrated file is a no-op: no second backup.
    new SettingsService(settingsStoreIn(dir, vault), vault);
    expect(files().filter((f) => f.includes('backup'))).toHaveLength(1);
  });

  it('keeps a customised v1 hotkey on the same action (whole screen) and frees a clashing default', () => {
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ version: 1, hotkeys: { captureScreen: 'CommandOrControl+Shift+G' } }),
    );
    const settings = new SettingsService(settingsStoreIn(dir), memoryVault());
    expect(settings.current.hotkeys).toEqual({
      captureRegion: DEFAULT_HOTKEYS.captureRegion,
      captureScreen: 'CommandOrControl+Shift+G',
      toggleWindow: '',
    });
  });

  it('reads a file written before versioning as version 1', () => {
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ endpoint: { model: 'old' } }));
    const settings = new SettingsService(settingsStoreIn(dir), memoryVault());
    expect(settings.current.profiles[0]?.model).toBe('old');
    expect(files().some((f) => f.startsWith('settings.json.backup-v1-'))).toBe(true);
  });
});

describe('SettingsService: files written by the current release (0.1.0)', () => {
  const FIXTURE = join(import.meta.dirname, '../../../fixtures/settings-0.1.0');
  /** The key the fixture's secrets were sealed with (tests/fixtures/settings-0.1.0). */
  const FIXTURE_KEY = Buffer.alloc(32, 7);

  it('loads settings.json and secrets.json as the hand-written writer left them, with the same values', () => {
    for (const name of ['settings.json', 'secrets.json'])
      writeFileSync(join(dir, name), readFileSync(join(FIXTURE, name)));
    const original = JSON.parse(read('settings.json')) as unknown;
    const vault = sealingVault(dir, FIXTURE_KEY);
    const settings = new SettingsService(settingsStoreIn(dir, vault), vault);
    expect(settings.problems).toEqual([]);
    // Every value as written; the file predates actions, so the four former presets are its actions.
    expect(settings.current).toEqual({ ...(original as object), actions: defaultActions() });
    expect(settings.apiKey('default')).toBe('sk-fixture-default');
    expect(settings.apiKey()).toBe('sk-fixture-gateway');
    expect(settings.chatProfile().endpoint.headers).toEqual({
      'X-Title': 'Glimpse',
      'X-API-Key': 'header-fixture-secret',
    });
    expect(settings.chatProfile().profile.proxy.url).toBe(
      'http://alice:proxy-fixture-pass@proxy.example:3128',
    );
    // Opening changed no value (the store only adds its record) and made no copies.
    expect(values('settings.json')).toEqual(original);
    expect(files()).toEqual(['secrets.json', 'settings.json']);
    // A change is written in the same format, and read back by a fresh store.
    settings.update({ model: 'gpt-4.1' });
    const reopened = new SettingsService(settingsStoreIn(dir, vault), vault);
    expect(reopened.current.profiles[1]?.model).toBe('gpt-4.1');
    expect(reopened.current.language).toBe('fr');
  });
});

describe('SettingsService: edits made outside the app (the store watches the file)', () => {
  const watched = (): SettingsService =>
    new SettingsService(
      openSettingsStore({ stores: confStores, dataDir: dir, appVersion: packageVersion(), watch: true }),
      memoryVault(),
    );

  it('applies a valid edit and tells the listeners', async () => {
    const settings = watched();
    settings.update({ model: 'before' });
    const seen: string[] = [];
    settings.onChange((s) => seen.push(s.language));
    const edited = JSON.parse(read('settings.json')) as Record<string, unknown>;
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ ...edited, language: 'fr' }));
    await vi.waitFor(() => expect(settings.current.language).toBe('fr'), { timeout: 15_000 });
    expect(seen).toContain('fr');
    expect(settings.current.profiles[0]?.model).toBe('before');
    settings.close();
  });

  it('reports an invalid edit, keeps the settings in use, and copies the edited file aside before the next save', async () => {
    const problems: string[] = [];
    const settings = new SettingsService(
      openSettingsStore({ stores: confStores, dataDir: dir, appVersion: packageVersion(), watch: true }),
      memoryVault(),
      { onProblem: (message) => problems.push(message) },
    );
    settings.update({ model: 'kept' });
    const edited = { ...(JSON.parse(read('settings.json')) as Record<string, unknown>), language: 'de' };
    writeFileSync(join(dir, 'settings.json'), JSON.stringify(edited));
    await vi.waitFor(() => expect(problems[0]).toMatch(/edited outside Glimpse.*language/), {
      timeout: 15_000,
    });
    expect(settings.current.language).toBe('system');
    expect(settings.current.profiles[0]?.model).toBe('kept');
    settings.update({ language: 'en' });
    const copy = files().find((f) => f.startsWith('settings.json.backup-invalid-'));
    expect(copy && JSON.parse(read(copy))).toEqual(edited);
    settings.close();
  });

  it('moves a credential typed into the file to the vault, out of the file', async () => {
    const settings = watched();
    settings.update({ model: 'm' });
    const edited = JSON.parse(read('settings.json')) as { profiles: { headers: Record<string, string> }[] };
    edited.profiles[0]!.headers = { Authorization: 'Bearer typed-by-hand-123' };
    writeFileSync(join(dir, 'settings.json'), JSON.stringify(edited));
    await vi.waitFor(() => expect(settings.chatProfile().endpoint.headers).toHaveProperty('Authorization'), {
      timeout: 15_000,
    });
    expect(settings.chatProfile().endpoint.headers?.Authorization).toBe('Bearer typed-by-hand-123');
    expect(read('settings.json')).not.toContain('typed-by-hand-123');
    settings.close();
  });
});
