/**
 * `glimpse ask …` in the packaged app runs the CLI in the main process, before (and instead of)
 * taking the single-instance lock: a running Glimpse must not swallow the command. Checked on the
 * real entry with another instance holding the lock, on every desktop.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { boot, waitFor, type Desktop } from './harness';
import { PROFILE_NAMES } from './stand-in/profiles';

let desktop: Desktop | undefined;
afterEach(async () => {
  await desktop?.dispose();
  desktop = undefined;
  vi.restoreAllMocks();
});

describe.each(PROFILE_NAMES)('%s', (name) => {
  it('`glimpse ask --help` prints the CLI help and exits 0 while another Glimpse holds the lock', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    desktop = await boot(name, { args: ['ask', '--help'], otherInstanceRunning: true });
    const end = await waitFor(() => desktop!.electron.runtime.ended, 'the CLI to exit');
    expect(end.code).toBe(0);
    expect(written.join('')).toMatch(/--base-url/);
    // Had main asked for the lock first, it would have been refused and quit without a word.
    expect(desktop.electron.runtime.calls('app.requestSingleInstanceLock')).toEqual([]);
    expect(desktop.windows()).toEqual([]);
  });
});
