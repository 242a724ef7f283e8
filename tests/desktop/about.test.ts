/**
 * Settings → About asks main for the app's version, the runtime's versions and the data folder
 * (`app:about`): the real main entry answers from app.getVersion() and app.getPath('userData'),
 * which GLIMPSE_DATA_DIR moves, so About names the folder that really holds the settings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { boot, type Desktop } from './harness';
import { answerPanel } from './pages';

let desktop: Desktop | undefined;
afterEach(async () => {
  await desktop?.dispose();
  desktop = undefined;
});

it('About: the version from package.json, the runtime versions, and the data folder in use', async () => {
  desktop = await boot('linux-x11');
  const panel = await answerPanel(desktop);
  const about = await panel.page.glimpse.app.about();
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as {
    version: string;
  };
  expect(about.version).toBe(pkg.version);
  expect(about.dataDir).toBe(desktop.electron.app.getPath('userData'));
  expect(about.dataDir).toBe(desktop.dataDir);
  expect(about.runtime?.node).toBe(process.versions.node);
});
