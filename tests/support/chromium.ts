/**
 * Finds a Chromium for the browser tests: the system's where there is one (Debian's `chromium`
 * here), otherwise Playwright's own build, installed on first use where the network allows.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium } from '@playwright/test';

const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/** Flags for a closed network and a small CI machine (see TOOLCHAIN.md). */
export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The system browser, or undefined to use Playwright's own. */
export function systemChromium(): string | undefined {
  const chosen = process.env.GLIMPSE_CHROMIUM;
  if (chosen) return chosen;
  for (const name of SYSTEM_NAMES) {
    const found = onPath(name);
    if (found) return found;
  }
  return undefined;
}

/**
 * Makes sure some Chromium can start. Throws one clear sentence when none can be had.
 */
export function ensureChromium(): string {
  const system = systemChromium();
  if (system) return system;
  const bundled = chromium.executablePath();
  if (existsSync(bundled)) return bundled;
  console.log('No system Chromium found: installing Playwright’s Chromium (one time)…');
  const install = spawnSync('npx', ['playwright', 'install', 'chromium'], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (install.status !== 0 || !existsSync(bundled)) {
    throw new Error(
      'No Chromium for the browser tests: install one (Debian/Ubuntu: `sudo apt-get install chromium`), ' +
        'set GLIMPSE_CHROMIUM to a Chrome or Chromium executable, or run `npx playwright install chromium` with network access.',
    );
  }
  return bundled;
}
