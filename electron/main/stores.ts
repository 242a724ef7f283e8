/**
 * The store factory the app hands the core: electron-store instances, with the same options and
 * files as the core's `conf` factory (electron/core/storage/stores.ts) that the CLI, web mode and
 * the tests use.
 */
import ElectronStore from 'electron-store';
import type { Store, StoreFactory, StoreOptions } from '../core/storage/stores';

export const electronStores: StoreFactory = <T extends Record<string, unknown>>(
  options: StoreOptions<T>,
): Store<T> =>
  // A file that does not parse is never cleared: the constructor throws and the caller moves it aside.
  new ElectronStore<T>({ clearInvalidConfig: false, ...options });
