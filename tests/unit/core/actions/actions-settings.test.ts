/**
 * Your own actions in the settings (issue 17): the schema, the four former presets as the first
 * actions of every older file, reset, and the shareable file (no key in it, ever; an imported
 * action whose profile is missing falls back to the active one and says so).
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actionQuestion, findAction, shownActionName } from '../../../../shared/actions';
import { actionSchema, defaultActions, settingsSchema } from '../../../../shared/settings-schema';
import { createActionHandlers } from '../../../../electron/core/app/action-handlers';
import { exportActions, parseActionsFile } from '../../../../electron/core/settings/actions';
import { memoryStorage, memoryVault, SettingsService } from '../../../../electron/core/settings/settings';
import { openSettingsStore } from '../../../../electron/core/settings/stores';
import { confStores } from '../../../../electron/core/storage/stores';

const FIXTURE = join(import.meta.dirname, '../../../fixtures/settings-0.1.0');
const CANARY = 'sk-canary-actions-7Hq2Zr9Lm4';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'glimpse-actions-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the action schema', () => {
  it('defaults: the four former presets, in their order, with both languages', () => {
    const actions = settingsSchema.parse({}).actions;
    expect(
      actions.map((a) => [a.id, a.name, a.capture, a.askAtOnce, a.engine, a.profileId, a.model, a.hotkey]),
    ).toEqual([
      ['explain', 'Explain', 'region', true, 'model', null, null, ''],
      ['translate', 'Translate', 'region', true, 'model', null, null, ''],
      ['extract', 'Extract text', 'region', true, 'local-ocr', null, null, ''],
      ['debug', 'Debug this error', 'region', true, 'model', null, null, ''],
    ]);
    for (const action of actions) expect(Object.keys(action.question).sort()).toEqual(['en', 'fr']);
  });

  it('a question in one language falls back to it in the other; none at all is refused', () => {
    const onlyFr = actionSchema.parse({ id: 'x', name: 'X', question: { fr: 'Résume.' } });
    expect(actionQuestion(onlyFr, 'en')).toBe('Résume.');
    expect(actionQuestion(onlyFr, 'fr-CA')).toBe('Résume.');
    const both = actionSchema.parse({ id: 'y', name: 'Y', question: { en: 'Sum up.', fr: 'Résume.' } });
    expect(actionQuestion(both, 'system')).toBe('Sum up.');
    expect(actionQuestion(both, 'fr')).toBe('Résume.');
    expect(actionSchema.safeParse({ id: 'z', name: 'Z', question: {} }).success).toBe(false);
    expect(actionSchema.safeParse({ id: 'z', name: 'Z', question: { en: '   ' } }).success).toBe(false);
  });

  it('parameter overrides have the profile ranges; ids, captures and shortcuts are checked', () => {
    const base = { id: 'a', name: 'A', question: { en: 'Q' } };
    expect(actionSchema.safeParse({ ...base, parameters: { temperature: 2.5 } }).success).toBe(false);
    expect(actionSchema.safeParse({ ...base, parameters: { max_tokens: 0 } }).success).toBe(false);
    expect(
      actionSchema.parse({ ...base, parameters: { response_format: { type: 'json_object' } } }).parameters,
    ).toEqual({
      response_format: { type: 'json_object' },
    });
    expect(actionSchema.safeParse({ ...base, id: '../x' }).success).toBe(false);
    expect(actionSchema.safeParse({ ...base, capture: 'webcam' }).success).toBe(false);
    expect(actionSchema.safeParse({ ...base, hotkey: 'Ctrl+Shift+E\n' }).success).toBe(false);
    expect(actionSchema.safeParse({ ...base, apiKey: 'x' }).success).toBe(false);
  });

  it('one shortcut, one action: an action cannot take a built-in shortcut or another action’s', () => {
    const actions = defaultActions();
    const clash = settingsSchema.safeParse({
      actions: [{ ...actions[0]!, hotkey: 'commandorcontrol+shift+e' }],
    });
    expect(clash.success).toBe(false);
    expect(clash.error?.issues[0]?.message).toContain('captureRegion');
    const twice = settingsSchema.safeParse({
      actions: [
        { ...actions[0]!, hotkey: 'Ctrl+Alt+1' },
        { ...actions[1]!, hotkey: 'Ctrl+Alt+1' },
      ],
    });
    expect(twice.success).toBe(false);
    expect(settingsSchema.safeParse({ actions: [actions[0]!, actions[0]!] }).success).toBe(false);
  });

  it('finds an action by id or name, any case; shows default names in the page’s language', () => {
    const actions = defaultActions();
    expect(findAction(actions, 'EXTRACT')?.id).toBe('extract');
    expect(findAction(actions, ' debug this error ')?.id).toBe('debug');
    expect(findAction(actions, 'nope')).toBeUndefined();
    expect(shownActionName(actions[3]!, 'fr')).toBe('Déboguer cette erreur');
    expect(shownActionName({ id: 'debug', name: 'My debug' }, 'fr')).toBe('My debug');
  });
});

describe('older settings files', () => {
  it('the 0.1.0 fixture loads with every value, the four presets as its actions, and stores them with the next save', () => {
    for (const name of ['settings.json', 'secrets.json']) cpSync(join(FIXTURE, name), join(dir, name));
    const open = () =>
      new SettingsService(
        openSettingsStore({ stores: confStores, dataDir: dir, appVersion: '0.1.0' }),
        memoryVault(),
      );
    const settings = open();
    expect(settings.problems).toEqual([]);
    expect(settings.current.actions.map((a) => a.id)).toEqual(['explain', 'translate', 'extract', 'debug']);
    expect(settings.current.activeProfileId).toBe('gateway');
    // Editable and removable: the user's list replaces the defaults, and stays after a restart.
    settings.update({ actions: settings.current.actions.filter((a) => a.id !== 'translate') });
    expect(
      (JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as { actions: unknown[] }).actions,
    ).toHaveLength(3);
    expect(open().current.actions.map((a) => a.id)).toEqual(['explain', 'extract', 'debug']);
    settings.update({ actions: [] });
    expect(open().current.actions).toEqual([]);
    settings.resetActions();
    expect(open().current.actions).toEqual(defaultActions());
  });

  it('a version-1 file migrates to the profiles and gets the four actions too', () => {
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ endpoint: { baseUrl: 'http://x/v1', model: 'old' } }),
    );
    const settings = new SettingsService(
      openSettingsStore({ stores: confStores, dataDir: dir, appVersion: '0.1.0' }),
      memoryVault(),
    );
    expect(settings.current.profiles[0]?.model).toBe('old');
    expect(settings.current.actions).toEqual(defaultActions());
  });

  it('actions that clash with a shortcut edited in by hand keep everything but their shortcuts', () => {
    const stored = settingsSchema.parse({});
    const raw = {
      ...stored,
      actions: stored.actions.map((a, i) => (i === 0 ? { ...a, hotkey: stored.hotkeys.captureRegion } : a)),
    };
    const settings = new SettingsService(memoryStorage(raw), memoryVault());
    expect(settings.current.actions.map((a) => a.id)).toEqual(['explain', 'translate', 'extract', 'debug']);
    expect(settings.current.actions[0]?.hotkey).toBe('');
    expect(settings.current.hotkeys.captureRegion).toBe(stored.hotkeys.captureRegion);
  });
});

describe('sharing actions', () => {
  function settingsWithSecrets(): SettingsService {
    const settings = new SettingsService(memoryStorage(), memoryVault());
    settings.update({ baseUrl: 'https://api.example/v1', model: 'm', apiKey: CANARY });
    settings.saveProfile(
      {
        profile: {
          id: 'gateway',
          name: 'Gateway',
          baseUrl: 'https://gw.example/v1',
          model: 'g',
          headers: { 'X-API-Key': `${CANARY}-header` },
          proxy: { mode: 'custom', url: `http://alice:${CANARY}-proxy@proxy.example:3128` },
        },
        apiKey: `${CANARY}-gateway`,
      },
      () => 'gateway',
    );
    settings.update({
      actions: [
        ...settings.current.actions,
        {
          id: 'csv',
          name: 'Table to CSV',
          question: { en: 'Turn this table into CSV.' },
          profileId: 'gateway',
          model: 'gpt-4o',
          parameters: { temperature: 0, user: 'team' },
          capture: 'clipboard',
          askAtOnce: false,
          hotkey: 'Ctrl+Alt+C',
        },
      ],
    });
    return settings;
  }

  it('the export is versioned and never holds a key, a header secret or a proxy password', async () => {
    const settings = settingsWithSecrets();
    // The canary is really in play: the profile's key, header and proxy password exist.
    expect(settings.apiKey('gateway')).toBe(`${CANARY}-gateway`);
    expect(settings.chatProfile('csv').endpoint.headers?.['X-API-Key']).toBe(`${CANARY}-header`);
    const handlers = createActionHandlers({ settings, exportDir: () => Promise.resolve(dir) });
    const { text } = await handlers['actions:export']({ to: 'text' });
    expect(text).not.toContain(CANARY);
    const file = JSON.parse(text!) as { format: string; version: number; actions: Record<string, unknown>[] };
    expect(file).toMatchObject({ format: 'glimpse-actions', version: 1 });
    expect(file.actions.at(-1)).toMatchObject({
      id: 'csv',
      profileId: 'gateway',
      profileName: 'Gateway',
      model: 'gpt-4o',
    });
    // The file's profile reference is its id and name, nothing else of the profile.
    expect(Object.keys(file.actions.at(-1)!).filter((k) => k.startsWith('profile'))).toEqual([
      'profileId',
      'profileName',
    ]);
    const { path } = await handlers['actions:export']({ to: 'file', ids: ['csv'] });
    expect(readdirSync(dir)).toEqual([path!.slice(dir.length + 1)]);
    const written = readFileSync(path!, 'utf8');
    expect(written).not.toContain(CANARY);
    expect((JSON.parse(written) as { actions: unknown[] }).actions).toHaveLength(1);
    // Cancelled dialog: nothing written, an empty path.
    const cancelled = createActionHandlers({ settings, exportDir: () => Promise.resolve(undefined) });
    await expect(cancelled['actions:export']({ to: 'file' })).resolves.toEqual({ path: '' });
  });

  it('import: a missing profile falls back to the active one and says so; a taken id or shortcut is noted', async () => {
    const text = exportActions(settingsWithSecrets().current, ['csv', 'explain']);
    const here = new SettingsService(memoryStorage(), memoryVault());
    here.update({ actions: [{ ...defaultActions()[1]!, hotkey: 'Ctrl+Alt+C' }] });
    let n = 0;
    const handlers = createActionHandlers({ settings: here, newId: () => `imported-${++n}` });
    const result = await handlers['actions:import']({
      bytes: new TextEncoder().encode(text),
      name: 'team.json',
    });
    expect(result.imported).toBe(2);
    expect(result.notes.map((n) => [n.code, n.actionName])).toEqual([
      ['action.import.profileMissing', 'Table to CSV'],
      ['action.import.hotkeyTaken', 'Table to CSV'],
    ]);
    expect(result.notes[0]?.message).toBe(
      '“Table to CSV” used the profile “Gateway”, which is not here: it uses the active profile.',
    );
    expect(result.notes[0]?.fields).toEqual({ action: 'Table to CSV', profile: 'Gateway' });
    const csv = here.current.actions.find((a) => a.name === 'Table to CSV')!;
    expect(csv).toMatchObject({
      profileId: null,
      hotkey: '',
      model: 'gpt-4o',
      capture: 'clipboard',
      askAtOnce: false,
    });
    // In the order of the list they were exported from.
    expect(here.current.actions.map((a) => a.id)).toEqual(['translate', 'explain', 'csv']);
    // Importing the same file again: the ids are taken, new ones are given.
    const again = await handlers['actions:import']({ bytes: new TextEncoder().encode(text) });
    expect(again.notes.filter((n) => n.code === 'action.import.renamedId')).toHaveLength(2);
    expect(again.settings.settings.actions.map((a) => a.id)).toEqual([
      'translate',
      'explain',
      'csv',
      'imported-1',
      'imported-2',
    ]);
  });

  it('a bad file changes nothing and says what is wrong, naming it', async () => {
    const here = new SettingsService(memoryStorage(), memoryVault());
    const before = structuredClone(here.current.actions);
    const handlers = createActionHandlers({ settings: here });
    const bytes = (value: unknown) =>
      new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
    await expect(handlers['actions:import']({ bytes: bytes('not json'), name: 'a.json' })).rejects.toThrow(
      '“a.json” is not JSON. Nothing was imported.',
    );
    await expect(
      handlers['actions:import']({ bytes: bytes({ format: 'glimpse-history', version: 1 }), name: 'h.json' }),
    ).rejects.toThrow(/“h.json” cannot be imported: format: this is not a Glimpse actions file/);
    await expect(
      handlers['actions:import']({ bytes: bytes({ format: 'glimpse-actions', version: 2, actions: [] }) }),
    ).rejects.toThrow(/newer Glimpse/);
    await expect(
      handlers['actions:import']({
        bytes: bytes({
          format: 'glimpse-actions',
          version: 1,
          actions: [{ id: 'k', name: 'K', question: { en: 'Q' }, apiKey: CANARY }],
        }),
      }),
    ).rejects.toThrow(/cannot be imported/);
    expect(here.current.actions).toEqual(before);
    expect(() =>
      parseActionsFile(bytes({ format: 'glimpse-actions', version: 1, actions: [] })),
    ).not.toThrow();
  });

  it('a cancelled open dialog changes nothing', async () => {
    const here = new SettingsService(memoryStorage(), memoryVault());
    const handlers = createActionHandlers({ settings: here, importFile: () => Promise.resolve(undefined) });
    const result = await handlers['actions:import']({ pick: true });
    expect(result).toMatchObject({ picked: false, imported: 0, notes: [] });
  });
});
