/**
 * The storage port the history repository works over: paths relative to one root folder, atomic
 * whole-file writes, appends for journals, and "move aside" instead of delete for bad files.
 * The app and the tests use nodeStorage on a real folder; tests wrap it to make the disk fail.
 */
import * as fsp from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';
import { errorCode, fileTimestamp, readFileIfExists, writeFileAtomic } from './atomic-file';

export interface StoragePort {
  /** Where the files are, for messages to the user. */
  readonly location: string;
  read(path: string): Promise<Uint8Array | undefined>;
  writeAtomic(path: string, data: string | Uint8Array): Promise<void>;
  /** Appends and flushes to disk (journals). */
  append(path: string, data: string): Promise<void>;
  /** Writes only if the file does not exist yet (content-addressed files); true if written. */
  writeOnce(path: string, data: Uint8Array): Promise<boolean>;
  remove(path: string): Promise<void>;
  /** Renames to `<path>.corrupt-<timestamp>`; returns the new path (relative). */
  moveAside(path: string): Promise<string>;
  /** Copies to `<path>.backup-<label>-<timestamp>` if it exists; returns the copy (relative). */
  backup(path: string, label: string): Promise<string | undefined>;
  /** File names in a folder, [] when it does not exist. */
  list(dir: string): Promise<string[]>;
  /** The absolute path of a relative one (for messages and exports). */
  resolve(path: string): string;
}

export function nodeStorage(root: string): StoragePort {
  const resolve = (path: string): string => {
    const full = normalize(join(root, path));
    // Paths are built by us from ids and hashes, but never let one escape the root.
    if (full !== normalize(root) && !full.startsWith(normalize(root) + sep))
      throw new Error(`path escapes the data folder: ${path}`);
    return full;
  };
  return {
    location: root,
    resolve,
    read: (path) => readFileIfExists(resolve(path)),
    writeAtomic: (path, data) => writeFileAtomic(resolve(path), data),
    async append(path, data) {
      const full = resolve(path);
      await fsp.mkdir(dirname(full), { recursive: true });
      const handle = await fsp.open(full, 'a', 0o600);
      try {
        await handle.write(data);
        await handle.datasync();
      } finally {
        await handle.close();
      }
    },
    async writeOnce(path, data) {
      const full = resolve(path);
      try {
        await fsp.access(full);
        return false;
      } catch {
        await writeFileAtomic(full, data);
        return true;
      }
    },
    async remove(path) {
      await fsp.rm(resolve(path), { force: true });
    },
    async moveAside(path) {
      const aside = `${path}.corrupt-${fileTimestamp()}`;
      await fsp.rename(resolve(path), resolve(aside));
      return aside;
    },
    async backup(path, label) {
      const copy = `${path}.backup-${label}-${fileTimestamp()}`;
      try {
        await fsp.copyFile(resolve(path), resolve(copy), fsp.constants.COPYFILE_EXCL);
        return copy;
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return undefined;
        throw error;
      }
    },
    async list(dir) {
      try {
        return await fsp.readdir(resolve(dir));
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return [];
        throw error;
      }
    },
  };
}
