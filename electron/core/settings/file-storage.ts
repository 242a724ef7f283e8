/**
 * Settings and secrets as JSON files in the data folder, written atomically. The format is the
 * one electron-store wrote in version 1 (`settings.json`, `secrets.json`: one JSON object), so
 * files from earlier releases are read as they are.
 */
import { join } from 'node:path';
import { backupSync, moveAsideSync, readFileIfExistsSync, writeFileAtomicSync } from '../storage/atomic-file';
import { UnreadableFileError, type SettingsStorage } from './settings';

function parseJsonFile(path: string): unknown {
  const bytes = readFileIfExistsSync(path);
  if (bytes === undefined) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    throw new UnreadableFileError(path);
  }
}

export function jsonFileStorage(path: string): SettingsStorage {
  return {
    location: path,
    read: () => parseJsonFile(path),
    write: (settings) => writeFileAtomicSync(path, `${JSON.stringify(settings, null, '\t')}\n`),
    quarantine: () => moveAsideSync(path),
    backup: (label) => backupSync(path, label),
  };
}

export const SETTINGS_FILE = 'settings.json';
export const SECRETS_FILE = 'secrets.json';

export function settingsFileIn(dataDir: string): SettingsStorage {
  return jsonFileStorage(join(dataDir, SETTINGS_FILE));
}

/**
 * A map of sealed (already encrypted, Base64) secrets in one JSON file. An unreadable file is
 * moved aside, never overwritten in place: the keys in it may still be recoverable.
 */
export class SealedSecretsFile {
  #values: Record<string, string> = {};
  readonly problems: string[] = [];

  constructor(readonly path: string) {
    let raw: unknown;
    try {
      raw = parseJsonFile(path);
    } catch {
      const aside = moveAsideSync(path);
      this.problems.push(`The stored API keys could not be read; the file was moved to ${aside}.`);
    }
    if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
      for (const [name, value] of Object.entries(raw))
        if (typeof value === 'string') this.#values[name] = value;
    }
  }

  get(name: string): string | undefined {
    return this.#values[name];
  }

  set(name: string, sealed: string | null): void {
    const next = { ...this.#values };
    if (sealed === null) delete next[name];
    else next[name] = sealed;
    writeFileAtomicSync(this.path, `${JSON.stringify(next, null, '\t')}\n`);
    this.#values = next;
  }
}
