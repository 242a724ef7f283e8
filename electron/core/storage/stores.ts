/**
 * One way to open a JSON store file, whoever runs the core. In the app, main hands the core a
 * factory that makes `electron-store` instances (electron/main/stores.ts); Node code (the CLI,
 * web mode, tests, benchmarks) uses `conf`, the class electron-store extends: the same options,
 * the same file format, the same atomic writes. Nothing below electron/core imports Electron.
 */
import Conf, { type Options as ConfOptions } from 'conf';
import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { backupSync, moveAsideSync } from './atomic-file';

/** The options a Glimpse store is opened with: a folder, a file name, and conf's own options. */
export type StoreOptions<T extends Record<string, unknown>> = Omit<
  ConfOptions<T>,
  'cwd' | 'configName' | 'projectName' | 'projectSuffix'
> & {
  /** The folder the file lives in (absolute): the user-data folder or one below it. */
  cwd: string;
  /** The file name without its extension, e.g. 'settings'. */
  name: string;
};

/** A store: conf's class, which electron-store extends, so both factories return one. */
export type Store<T extends Record<string, unknown>> = Conf<T>;

export type StoreFactory = <T extends Record<string, unknown>>(options: StoreOptions<T>) => Store<T>;

/**
 * The Node factory. A file that does not parse is never cleared (`clearInvalidConfig: false`, the
 * constructor throws): the caller moves it aside and reports it.
 */
export const confStores: StoreFactory = <T extends Record<string, unknown>>({
  name,
  ...options
}: StoreOptions<T>): Store<T> =>
  new Conf<T>({
    clearInvalidConfig: false,
    ...options,
    configName: name,
    // conf asks for a project name only to find a default folder; cwd is always given here.
    projectName: 'glimpse',
  });

/** What went wrong while opening a store; the caller words it for the user. */
export type StoreProblem =
  /** The file did not parse: it was moved to `aside` (never cleared) and a fresh store opened. */
  | { kind: 'unreadable'; path: string; aside: string }
  /**
   * Opening wanted to write (a migration, its bookkeeping, `watch` creating the file) and the disk
   * refused: the store was opened again without migrations or watch, on the file as it is.
   */
  | { kind: 'unwritable'; path: string; error: unknown };

/** The file a store with these options reads and writes (conf's rule: `<cwd>/<name>.<ext>`). */
export function storePath(options: Pick<StoreOptions<never>, 'cwd' | 'name' | 'fileExtension'>): string {
  const extension = (options.fileExtension ?? 'json').replace(/^\.+/, '');
  return join(options.cwd, extension === '' ? options.name : `${options.name}.${extension}`);
}

/** conf's deserializer throws a SyntaxError for a file that is not JSON (empty, torn, garbage). */
const doesNotParse = (error: unknown): boolean => error instanceof Error && error.name === 'SyntaxError';

/**
 * Opens a store through `factory`, never losing a file:
 * - a file that does not parse (the constructor throws with `clearInvalidConfig: false`) is
 *   renamed to `<file>.corrupt-<timestamp>`, reported, and a fresh store is opened;
 * - when opening fails otherwise and the options asked it to write (migrations record their
 *   version, `watch` creates a missing file), e.g. on a read-only or full disk, or a migration
 *   that threw (conf put the file back), the store is opened again without migrations or watch,
 *   on the file as it is, and that is reported: the caller works from what it reads.
 * - temporary files that writes killed mid-way left beside the file are removed first (see
 *   removeStrayTemporaryFiles).
 * Anything else (a file that cannot be read at all) is thrown, as before.
 */
export function openStore<T extends Record<string, unknown>>(
  factory: StoreFactory,
  options: StoreOptions<T>,
  report: (problem: StoreProblem) => void,
): Store<T> {
  const path = storePath(options);
  removeStrayTemporaryFiles(path);
  return openOnce(factory, options, path, report);
}

/**
 * The store's writes (conf's, through `atomically`) go to `<file>.tmp-<10 digits><6 hex>` and are
 * renamed over the file; a process killed mid-write (SIGKILL, a power cut, the OS ending the app)
 * leaves that temporary file behind for good, since atomically only cleans up on a normal exit.
 * The file itself is intact (the old or the new version), and nothing ever reads the temporary
 * one, but without this they pile up in the user's data folder, one per crash, and a copy of
 * secrets.json kept that way still holds (sealed) a key the user has since removed. History removes its
 * own the same way. A store is opened by one process (the app holds a single-instance lock), at
 * start, so no write of ours is under way. Removal is best effort: a read-only folder keeps them.
 */
function removeStrayTemporaryFiles(path: string): void {
  const prefix = `${basename(path)}.tmp-`;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !/^\d{10}[0-9a-f]{6}$/.test(name.slice(prefix.length))) continue;
    try {
      rmSync(join(dirname(path), name), { force: true });
    } catch {
      // Left for the next start; the store's file does not depend on it.
    }
  }
}

function openOnce<T extends Record<string, unknown>>(
  factory: StoreFactory,
  options: StoreOptions<T>,
  path: string,
  report: (problem: StoreProblem) => void,
): Store<T> {
  let first: unknown;
  try {
    return factory(options);
  } catch (error) {
    first = error;
  }
  if (doesNotParse(first)) {
    const aside = moveAsideSync(path);
    report({ kind: 'unreadable', path, aside });
    return openOnce(factory, options, path, report);
  }
  if (!options.migrations && !options.watch) throw first;
  let store: Store<T>;
  try {
    store = factory({ ...options, migrations: undefined, beforeEachMigration: undefined, watch: false });
  } catch {
    throw first;
  }
  report({ kind: 'unwritable', path, error: first });
  return store;
}

/** Copies a store's file to `<file>.backup-<label>-<timestamp>` (before a migration or an overwrite). */
export function backupStoreFile(path: string, label: string): string | undefined {
  return backupSync(path, label);
}
