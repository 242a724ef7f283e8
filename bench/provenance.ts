/**
 * The provenance the runner writes beside every figure (see Provenance in bench/types.ts): the
 * commit and whether the tree was dirty, the machine, and Node's version.
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';
import type { Provenance } from './types';

function git(args: string[], cwd: string): string | null {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** What is the same for every group of one run; `date` and `chromium` are the group's own. */
export function runProvenance(root: string): Omit<Provenance, 'date' | 'chromium'> {
  const commit = git(['rev-parse', 'HEAD'], root);
  const status = commit === null ? null : git(['status', '--porcelain', '--untracked-files=no'], root);
  return {
    commit,
    dirty: status === null ? null : status.length > 0,
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: availableParallelism(),
    node: process.version,
  };
}

/** "1a2b3c4+dirty 2025-06-01": where a kept figure comes from, as the table prints it after "kept from". */
export function describeProvenance(provenance: Partial<Provenance> | undefined): string {
  if (!provenance?.commit) return 'an unknown commit and date (no provenance recorded)';
  const dirty = provenance.dirty ? '+dirty' : '';
  return `${provenance.commit.slice(0, 7)}${dirty} ${provenance.date?.slice(0, 10) ?? '?'}`;
}
