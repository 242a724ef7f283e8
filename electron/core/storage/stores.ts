/**
 * One way to open a JSON store file, whoever runs the core. In the app, main hands the core a
 * factory that makes `electron-store` instances (electron/main/stores.ts); Node code (the CLI,
 * web mode, tests, benchmarks) uses `conf`, the class electron-store extends: the same options,
 * the same file format, the same atomic writes. Nothing below electron/core imports Electron.
 */
import Conf, { type Options as ConfOptions } from 'conf';

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
