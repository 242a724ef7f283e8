/**
 * `npm run bench` runs every benchmark group; `npm run bench -- NAME…` runs only those.
 *
 * A group is `bench/<name>.ts` with `export default async function run(ctx: BenchContext)`. It
 * measures each figure against its baseline in the same run and records both; this runner
 * computes the ratios, prints a table, and writes bench/results.json. Entries of groups that did
 * not run are kept as they were; a group that ran replaces all its own (`<name>.…`) entries.
 * Exit status 1 if any group failed, after writing what was measured.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fileExists } from '../electron/core/storage/atomic-file';
import type { BenchContext, BenchEntry } from './types';

/** In running order. Groups whose module is not written yet are skipped with a note. */
const GROUPS = ['capture', 'stream', 'history', 'settings', 'render', 'privacy', 'startup'] as const;

const RESULTS = join(import.meta.dirname, 'results.json');

type GroupModule = { default?: unknown };

async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((name) => !(GROUPS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark group ${unknown.join(', ')}. Groups: ${GROUPS.join(', ')}.`);
    return 2;
  }
  const selected = argv.length > 0 ? GROUPS.filter((group) => argv.includes(group)) : [...GROUPS];
  console.log(`node ${process.version}, ${availableParallelism()} × ${cpus()[0]?.model ?? 'unknown CPU'}`);

  const ran = new Set<string>();
  const measured: BenchEntry[] = [];
  let failed = 0;
  for (const group of selected) {
    const file = join(import.meta.dirname, `${group}.ts`);
    if (!(await fileExists(file))) {
      console.log(`[${group}] skipped: bench/${group}.ts does not exist yet`);
      continue;
    }
    ran.add(group);
    const ctx: BenchContext = {
      record(entry) {
        measured.push(checkEntry(group, entry));
      },
      log(line) {
        console.log(`[${group}] ${line}`);
      },
    };
    const started = performance.now();
    try {
      const module = (await import(pathToFileURL(file).href)) as GroupModule;
      if (typeof module.default !== 'function')
        throw new Error(`bench/${group}.ts has no default export function`);
      await (module.default as (ctx: BenchContext) => Promise<void>)(ctx);
      ctx.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      failed++;
      console.error(
        `[${group}] FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  }

  const kept = (await readResults()).filter((entry) => !ran.has(groupOf(entry.id)));
  // Stable: within a group, figures stay in the order they were recorded.
  const results = [...kept, ...measured].sort(
    (a, b) => groupRank(a.id) - groupRank(b.id) || groupOf(a.id).localeCompare(groupOf(b.id)),
  );
  await writeAtomically(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  printTable(measured);
  console.log(`${measured.length} figure(s) measured; ${results.length} in bench/results.json`);
  if (failed > 0) console.error(`${failed} group(s) failed`);
  return failed > 0 ? 1 : 0;
}

function checkEntry(group: string, entry: Omit<BenchEntry, 'ratio'>): BenchEntry {
  if (!entry.id.startsWith(`${group}.`))
    throw new Error(`bench id "${entry.id}" must start with "${group}."`);
  if (!Number.isFinite(entry.value) || !Number.isFinite(entry.baselineValue) || entry.baselineValue <= 0) {
    throw new Error(
      `bench ${entry.id}: value ${entry.value} / baseline ${entry.baselineValue} is not a ratio`,
    );
  }
  const { id, metric, unit, value, baseline, baselineValue, better } = entry;
  return { id, metric, unit, value, baseline, baselineValue, ratio: value / baselineValue, better };
}

async function readResults(): Promise<BenchEntry[]> {
  let text: string;
  try {
    text = await readFile(RESULTS, 'utf8');
  } catch {
    return [];
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed)) return parsed.filter(isEntry);
  } catch {
    // Reported below.
  }
  console.warn('bench/results.json was not a list of results: it is replaced');
  return [];
}

function isEntry(value: unknown): value is BenchEntry {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';
}

function groupOf(id: string): string {
  return id.split('.', 1)[0] ?? id;
}

function groupRank(id: string): number {
  const rank = (GROUPS as readonly string[]).indexOf(groupOf(id));
  return rank === -1 ? GROUPS.length : rank;
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

function printTable(entries: BenchEntry[]): void {
  if (entries.length === 0) return;
  const rows = [
    ['id', 'metric', 'value', 'baseline value', 'ratio', 'better'],
    ...entries.map((e) => [
      e.id,
      e.metric,
      `${formatNumber(e.value)} ${e.unit}`,
      `${formatNumber(e.baselineValue)} ${e.unit}`,
      e.ratio.toFixed(3),
      e.better,
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]): string =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  console.log();
  console.log(line(rows[0]!));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows.slice(1)) console.log(line(row));
  console.log();
}

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

process.exitCode = await main(process.argv.slice(2));
