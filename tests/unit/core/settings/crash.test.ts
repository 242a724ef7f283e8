/**
 * A real process killed (SIGKILL) while it changes settings.json and secrets.json through the
 * stores the app uses; after each kill the files are checked and reopened. Every file must parse
 * and hold, for every key, either the change before or the change being written, never a mix or
 * a cut-off value; opening must report nothing and leave no temporary file behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SettingsService, type SecretVault } from '../../../../electron/core/settings/settings';
import { openSettingsStore, SealedSecrets } from '../../../../electron/core/settings/stores';
import { confStores } from '../../../../electron/core/storage/stores';
import { packageVersion } from '../../../../electron/web/version';
import type { Settings } from '../../../../shared/settings-schema';
import { bundleChild } from './child';
import { generation, keyOf, profileOf } from './crash-values';

/** Kills; each lands at another point (see `killPoint`). */
const KILLS = 36;
/**
 * Children killed side by side, each in its own folder: most of a round is the child starting,
 * and on a busy machine several get more of its time than one.
 */
const LANES = 4;
const KEY_NAME = 'profile.default.apiKey';

let child: { file: string; remove(): void };
let dirs: string[] = [];
const running = new Set<ChildProcess>();
beforeAll(async () => {
  child = await bundleChild();
});
afterAll(() => child.remove());
afterEach(() => {
  for (const proc of running) proc.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

/**
 * Where round r kills: on the `count`-th line of `phase`, i.e. as the child starts writing
 * secrets.json, as it starts writing settings.json, or right after a change reached both. The
 * kill then lands somewhere in that write (the temp file, its flush, the rename) or the next.
 */
function killPoint(round: number): { phase: 'secret' | 'settings' | 'wrote'; count: number } {
  const phases = ['secret', 'settings', 'wrote'] as const;
  return { phase: phases[round % 3]!, count: 1 + (Math.floor(round / 3) % 4) };
}

interface Round {
  /** The last generation the child said was on disk in both files (-1: none this round). */
  wrote: number;
  /** The last generation the child started to write. */
  started: number;
}

/** Runs the child until the kill point, kills it, and resolves once it is gone. */
function runAndKill(dir: string, round: number): Promise<Round> {
  const { phase, count } = killPoint(round);
  const proc = spawn(process.execPath, [child.file, 'write', dir, packageVersion()], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  running.add(proc);
  const seen: Round = { wrote: -1, started: -1 };
  let hits = 0;
  return new Promise((resolve, reject) => {
    let buffer = '';
    let killing = false;
    proc.once('exit', (code, signal) => {
      running.delete(proc);
      if (killing && signal === 'SIGKILL') resolve(seen);
      else reject(new Error(`child exited by itself (${code ?? signal}): ${buffer}`));
    });
    proc.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const [word, value] = line.split(' ');
        if (word === 'problems') reject(new Error(`the child was told: ${value}`));
        const n = Number(value);
        if (word === 'secret') seen.started = n;
        if (word === 'wrote') seen.wrote = n;
        if (word === phase && ++hits === count && !killing) {
          killing = true;
          proc.kill('SIGKILL');
        }
      }
    });
  });
}

/** The active profile; before the first change the file holds only the store's record. */
const activeProfile = (settings: Partial<Settings>) =>
  settings.profiles?.find((p) => p.id === settings.activeProfileId) ?? { model: '' };

/** The generation a file's key names, checking the value is that generation's, whole. */
function keyGeneration(sealed: string): number {
  const key = Buffer.from(sealed, 'base64').toString('utf8');
  const n = Number(/^sk-(\d+)-/.exec(key)?.[1]);
  expect(key).toBe(keyOf(n));
  return n;
}

/**
 * One round in `dir`: run the child, kill it at the round's point, check the files and reopen
 * them. Returns the generation left on disk, the "old" of the next round.
 */
async function killAndCheck(
  dir: string,
  round: number,
  previous: number,
  stats: { strayTemps: number; landed: Set<string> },
): Promise<number> {
  const seen = await runAndKill(dir, round);

  // No file set aside, copied or left half-made by the store: only the two files and,
  // where the kill landed inside a write, that write's temporary file (checked below).
  const names = readdirSync(dir).sort();
  const temps = names.filter((n) => /^(settings|secrets)\.json\.tmp-/.test(n));
  // (secrets.json appears with the first key: the first kill may come before it.)
  const files = names.filter((n) => !temps.includes(n));
  expect(files).toEqual(files.length === 1 ? ['settings.json'] : ['secrets.json', 'settings.json']);
  stats.strayTemps += temps.length;

  // Both files parse. The settings hold one generation for every key, whole: the one the
  // child last said was written, or the one it was writing.
  const onDisk = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as Partial<Settings>;
  const profile = activeProfile(onDisk);
  const n = generation(profile.model);
  // (Before the first change, -1.)
  if (n >= 0) expect(profile).toMatchObject(profileOf(n));
  expect(n).toBeGreaterThanOrEqual(Math.max(seen.wrote, previous));
  expect(n).toBeLessThanOrEqual(Math.max(seen.started, previous));
  // The key is written just before the settings of its change: the same generation, or
  // the next one when the kill fell between the two files.
  let k = -1;
  if (files.includes('secrets.json')) {
    const secrets = JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(secrets)).toEqual([KEY_NAME]);
    k = keyGeneration(secrets[KEY_NAME]!);
  }
  expect(k - n).toBeGreaterThanOrEqual(0);
  expect(k - n).toBeLessThanOrEqual(1);
  stats.landed.add(
    k > n
      ? 'between the key and the settings'
      : n > seen.wrote
        ? 'before the change was reported'
        : 'after a change',
  );

  // Opening as the app does reports nothing and reads exactly that.
  const reports: string[] = [];
  const file = new SealedSecrets(confStores, dir, (problem) => reports.push(problem));
  const vault: SecretVault = {
    get: (name) => file.get(name),
    set: (name, value) => file.set(name, value),
  };
  const settings = new SettingsService(
    openSettingsStore({ stores: confStores, dataDir: dir, appVersion: packageVersion(), watch: true, vault }),
    vault,
    { onProblem: (message) => reports.push(message) },
  );
  settings.close();
  expect(settings.problems).toEqual([]);
  expect(reports).toEqual([]);
  expect(generation(activeProfile(settings.current).model)).toBe(n);
  if (n >= 0) expect(activeProfile(settings.current)).toMatchObject(profileOf(n));
  const key = settings.apiKey();
  expect(key === undefined ? -1 : keyGeneration(key)).toBe(k);
  // A temporary file of a killed write is never read, and opening removes it: a later
  // open, or a look at the folder, finds the store's files only.
  expect(readdirSync(dir).sort()).toEqual(files);
  return n;
}

describe('settings and secrets killed mid-write', () => {
  it(`hold the old or the new value of every key, whole, after SIGKILL at ${KILLS} points; reopen with no problem and no stray file`, async () => {
    const stats = { strayTemps: 0, landed: new Set<string>() };
    await Promise.all(
      Array.from({ length: LANES }, async (_, lane) => {
        const dir = mkdtempSync(join(tmpdir(), 'glimpse-settings-crash-'));
        dirs.push(dir);
        let previous = -1;
        for (let round = lane; round < KILLS; round += LANES)
          previous = await killAndCheck(dir, round, previous, stats);
      }),
    );
    // The kills did land inside writes (a temp file was left) and at each kind of point.
    console.log(
      `settings crash: ${KILLS} kills, ${stats.strayTemps} temp files left by them, landed ${[...stats.landed].join(', ')}`,
    );
    expect(stats.strayTemps).toBeGreaterThan(0);
    expect(stats.landed.size).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
