/**
 * Running a command against a folder that really refuses writes, whoever runs the tests.
 *
 * A folder's mode (chmod 0500) stops a normal user, but root ignores modes, and CI runs as root.
 * For root the command runs in its own user and mount namespaces (`unshare -rm`) with the folder
 * bind-mounted read-only over itself: writes there fail with EROFS, for root too, and nothing
 * outside the child's namespace sees the mount (it goes away with the child).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MOUNT_READ_ONLY = 'd=$1; shift; mount --bind "$d" "$d" && mount -o remount,ro,bind "$d" && exec "$@"';

export type ReadOnlyRunner =
  { how: string; run(dir: string, command: string[]): SpawnSyncReturns<string> } | { skip: string };

function unshareProblem(): string | undefined {
  const probe = mkdtempSync(join(tmpdir(), 'glimpse-ro-probe-'));
  try {
    const result = spawnSync(
      'unshare',
      ['-rm', 'sh', '-c', MOUNT_READ_ONLY, 'sh', probe, 'sh', '-c', '! touch "$0/x" 2>/dev/null', probe],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    if (result.error) return `unshare cannot run (${result.error.message})`;
    if (result.status !== 0)
      return `unshare -rm with a read-only bind mount failed (${result.status}): ${result.stderr.trim()}`;
    return undefined;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

export function readOnlyRunner(): ReadOnlyRunner {
  const spawnIn = (argv: string[]) =>
    spawnSync(argv[0]!, argv.slice(1), {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
  if (process.getuid?.() !== 0)
    return {
      how: 'folder mode 0500',
      run(dir, command) {
        chmodSync(dir, 0o500);
        try {
          return spawnIn(command);
        } finally {
          chmodSync(dir, 0o700);
        }
      },
    };
  const problem = unshareProblem();
  if (problem) return { skip: `running as root, which ignores folder modes, and ${problem}` };
  return {
    how: 'read-only bind mount in a user+mount namespace (unshare -rm), as root',
    run: (dir, command) => spawnIn(['unshare', '-rm', 'sh', '-c', MOUNT_READ_ONLY, 'sh', dir, ...command]),
  };
}
