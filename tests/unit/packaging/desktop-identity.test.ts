/**
 * Finding 5 (Wayland shortcuts) and 12 (macOS launch) of issue 13, in the packaging:
 * - Electron reads package.json's `desktopName` at startup (lib/browser/init.ts calls
 *   app.setDesktopName with it) and uses it as the Wayland app_id, X11 WM_CLASS and the app id
 *   the GlobalShortcuts portal sees; without it Electron falls back to a slug of the name
 *   (`glimpse.desktop`), which names no installed .desktop file, and GNOME then refuses every
 *   shortcut (docs/api/global-shortcut.md, Usage on Linux). electron-builder names the installed
 *   .desktop file after desktopName only with linux.syncDesktopName, and derives StartupWMClass
 *   from it unless the entry overrides it.
 * - macOS: LSUIElement, so the Dock icon does not flash at launch (main shows it with a window).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getConfig } from 'app-builder-lib/out/util/config/config';
import type { Configuration } from 'electron-builder';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { desktopName?: string };
let config: Configuration;

beforeAll(async () => {
  config = await getConfig(root, join(root, 'electron-builder.yml'), null);
});

/** A desktop file id (Desktop Entry spec, file naming): reverse-DNS, elements not starting with a digit. */
const DESKTOP_ID = /^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)+$/;

describe('the Linux desktop identity', () => {
  it('package.json sets desktopName: a reverse-DNS id with the .desktop suffix, the appId', () => {
    expect(pkg.desktopName).toBeDefined();
    expect(pkg.desktopName).toMatch(/\.desktop$/);
    const id = pkg.desktopName!.replace(/\.desktop$/, '');
    expect(id).toMatch(DESKTOP_ID);
    // One identity everywhere: the macOS bundle id and the Windows AUMID are the appId too.
    expect(id).toBe(config.appId);
  });

  it('the installed .desktop file is named after it, and StartupWMClass is not overridden', () => {
    expect(config.linux?.syncDesktopName).toBe(true);
    const entry = (config.linux?.desktop as { entry?: Record<string, string> } | undefined)?.entry ?? {};
    const id = pkg.desktopName!.replace(/\.desktop$/, '');
    if ('StartupWMClass' in entry) expect(entry.StartupWMClass).toBe(id);
  });
});

describe('macOS launch', () => {
  it('starts without a Dock icon (LSUIElement); main shows it with a window', () => {
    expect((config.mac?.extendInfo as Record<string, unknown>).LSUIElement).toBe(true);
  });
});
