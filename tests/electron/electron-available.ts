import { spawnSync } from 'node:child_process';

/**
 * Whether the Electron binary is installed (or can be fetched now). Electron 45 downloads it on
 * first use; where that cannot happen the Electron tests skip and say so.
 */
export function electronAvailable(): boolean {
  const probe = spawnSync(process.execPath, ['-e', "require('electron')"], {
    stdio: 'ignore',
    timeout: 300_000,
  });
  return probe.status === 0;
}

export const SKIP_MESSAGE = 'skipped: Electron binary not installed';
