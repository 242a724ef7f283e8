/**
 * `glimpse ask --action` and `--list-actions` read the app's settings: settings.json in
 * GLIMPSE_DATA_DIR, or in the app's user-data folder (where Electron's app.getPath('userData')
 * puts it for the product name "Glimpse"). Read through conf, like the app and web mode, but
 * read only: no migration runs and nothing is written (a migration here could not move a
 * version-1 key into the vault, which the app does on its next start). Keys are never read:
 * the vault is encrypted by the OS keychain through Electron's safeStorage, out of a plain Node
 * process's reach; --api-key or $OPENAI_API_KEY give the key.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { settingsSchema, type Settings } from '../../shared/settings-schema';
import { migrate } from '../core/settings/migrations';
import { confStores } from '../core/storage/stores';

/** Electron's userData for this app: appData + the product name (docs/api/app.md, getPath). */
export function defaultDataDir(
  env: Readonly<Record<string, string | undefined>>,
  platform: string = process.platform,
  home: string = homedir(),
): string {
  const appData =
    platform === 'win32'
      ? (env.APPDATA ?? join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME)
          ? env.XDG_CONFIG_HOME
          : join(home, '.config');
  return join(appData, 'Glimpse');
}

/** The folder the CLI reads settings from: GLIMPSE_DATA_DIR (relative to `cwd`), else the app's. */
export function cliDataDir(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string = process.cwd(),
): string {
  const chosen = env.GLIMPSE_DATA_DIR?.trim();
  return chosen ? resolve(cwd, chosen) : defaultDataDir(env);
}

export class SettingsSourceError extends Error {
  override name = 'SettingsSourceError';
}

/** The settings in `dataDir`, validated as the app validates them; throws a one-line reason. */
export function readCliSettings(dataDir: string): { settings: Settings; location: string } {
  const location = join(dataDir, 'settings.json');
  if (!existsSync(location))
    throw new SettingsSourceError(
      `no Glimpse settings in ${dataDir} (start the app once, or set GLIMPSE_DATA_DIR to its data folder)`,
    );
  let raw: unknown;
  try {
    raw = confStores<Record<string, unknown>>({ cwd: dataDir, name: 'settings' }).store;
  } catch (error) {
    throw new SettingsSourceError(
      `${location} cannot be read: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
  }
  // Older formats are brought up to date in memory only.
  const parsed = settingsSchema.safeParse(migrate(raw).value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.map(String).join('.');
    throw new SettingsSourceError(`${location} is not valid: ${where ? `${where}: ` : ''}${issue.message}`);
  }
  return { settings: parsed.data, location };
}
