/**
 * Settings and secrets as stores (electron-store in the app, conf in Node; see
 * ../storage/stores.ts): `settings.json` and `secrets.json` in the data folder, the files earlier
 * releases wrote (one JSON object each), read as they are.
 *
 * What the store gives: atomic writes, the migrations with a backup before each, change events
 * for our own writes and, with `watch`, for edits made outside the app. What stays ours: zod
 * validation (settings.ts), moving an unparsable file aside (openStore), and a write the disk
 * refuses being kept in memory and reported.
 */
import { describeWriteError, writeErrorMessage } from '../storage/atomic-file';
import type { CoreMessage } from '../../../shared/messages';
import {
  backupStoreFile,
  openStore,
  type Store,
  type StoreFactory,
  type StoreProblem,
} from '../storage/stores';
import { storeMigrations } from './migrations';
import type { SecretVault, SettingsStorage } from './settings';
import type { Settings } from '../../../shared/settings-schema';

export const SETTINGS_FILE = 'settings.json';
export const SECRETS_FILE = 'secrets.json';

/** Only the owner reads the files, as the hand-written writer made them (0600). */
const FILE_MODE = 0o600;

export interface SettingsStoreOptions {
  stores: StoreFactory;
  /** The data folder (absolute). */
  dataDir: string;
  /** The running Glimpse's version (app.getVersion() in the app, package.json in Node). */
  appVersion: string;
  /** Edits made to settings.json outside the app reach the service (the app and web mode). */
  watch?: boolean;
  /** The vault a version-1 key moves within when the file is migrated. */
  vault?: SecretVault;
}

function openingProblem(problem: StoreProblem, what: string): string {
  return problem.kind === 'unreadable'
    ? `The ${what} file could not be read and was moved to ${problem.aside}`
    : `${describeWriteError(problem.error, problem.path)} (${problem.error instanceof Error ? problem.error.message : String(problem.error)})`;
}

/** The same problem with settings.json, with its code and fields for the page's words. */
function settingsOpeningProblem(problem: StoreProblem): CoreMessage {
  if (problem.kind === 'unreadable') {
    return {
      message: `${openingProblem(problem, 'settings')}; defaults are in use.`,
      code: 'settings.unreadable',
      fields: { aside: problem.aside },
    };
  }
  const detail = problem.error instanceof Error ? problem.error.message : String(problem.error);
  return writeErrorMessage(problem.error, problem.path, detail);
}

/** settings.json as the settings service's storage. */
export function openSettingsStore(options: SettingsStoreOptions): SettingsStorage {
  const problems: CoreMessage[] = [];
  const store = openStore<Record<string, unknown>>(
    options.stores,
    {
      cwd: options.dataDir,
      name: 'settings',
      projectVersion: options.appVersion,
      ...storeMigrations(options.vault),
      watch: options.watch ?? false,
      // Reads answer from memory; a write, or a change `watch` reports, drops the cache.
      cache: true,
      configFileMode: FILE_MODE,
    },
    (problem) => problems.push(settingsOpeningProblem(problem)),
  );
  return settingsStorageOver(store, problems);
}

/** The storage port over an opened store (exported for tests that open the store themselves). */
export function settingsStorageOver(
  store: Store<Record<string, unknown>>,
  problems: readonly (string | CoreMessage)[] = [],
): SettingsStorage {
  // conf hands out its frozen cache and hides its own bookkeeping (`__internal__`); an empty
  // store is "nothing saved yet".
  const read = (value: Readonly<Record<string, unknown>>): unknown =>
    Object.keys(value).length === 0 ? undefined : structuredClone(value);
  return {
    location: store.path,
    problems,
    read: () => read(store.store),
    write: (settings: Settings) => {
      // A whole-store write: conf keeps its bookkeeping and writes atomically.
      store.store = settings;
    },
    backup: (label) => backupStoreFile(store.path, label),
    onChange: (listener) => store.onDidAnyChange((value) => listener(read(value))),
    close: () => store._closeWatcher(),
  };
}

/**
 * A map of sealed (already encrypted, Base64) secrets in secrets.json. Names hold dots
 * (`profile.<id>.apiKey`), so they are plain keys, not paths. A change the disk refuses is kept
 * in memory (and written with the next change that succeeds), and reported once.
 */
export class SealedSecrets {
  readonly #store: Store<Record<string, string>>;
  /** Changes not on disk yet: a sealed value, or null for a removal. */
  readonly #pending = new Map<string, string | null>();
  #reported = false;

  constructor(
    stores: StoreFactory,
    dataDir: string,
    private readonly report: (message: string) => void,
  ) {
    this.#store = openStore<Record<string, string>>(
      stores,
      {
        cwd: dataDir,
        name: 'secrets',
        accessPropertiesByDotNotation: false,
        cache: true,
        configFileMode: FILE_MODE,
      },
      (problem) =>
        report(
          problem.kind === 'unreadable'
            ? `The stored API keys could not be read; the file was moved to ${problem.aside}.`
            : openingProblem(problem, 'secrets'),
        ),
    );
  }

  get path(): string {
    return this.#store.path;
  }

  get(name: string): string | undefined {
    if (this.#pending.has(name)) return this.#pending.get(name) ?? undefined;
    const value: unknown = this.#store.get(name);
    return typeof value === 'string' ? value : undefined;
  }

  set(name: string, sealed: string | null): void {
    this.#pending.set(name, sealed);
    const next: Record<string, string> = {};
    for (const [key, value] of Object.entries(this.#store.store))
      if (typeof value === 'string') next[key] = value;
    for (const [key, value] of this.#pending) {
      if (value === null) delete next[key];
      else next[key] = value;
    }
    try {
      this.#store.store = next;
      this.#pending.clear();
      this.#reported = false;
    } catch (error) {
      // The key stays usable for this session; the user is told once why it will not survive.
      if (!this.#reported) this.report(`API keys: ${describeWriteError(error, this.#store.path)}`);
      this.#reported = true;
    }
  }
}
