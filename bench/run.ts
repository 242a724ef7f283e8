/**
 * `npm run bench` runs every benchmark group; `npm run bench -- NAME…` runs only those.
 *
 * A group is `bench/<name>.ts` with `export default async function run(ctx: BenchContext)`. It
 * measures each figure against its baseline in the same run (medians of interleaved runs, see
 * bench/measure.ts) and records both; this runner computes the ratios, writes each entry with its
 * provenance (commit, dirty tree, date, machine, Node and Chromium versions) and run count, prints
 * a table, and writes bench/results.json. Entries of groups that did not run are kept as they were,
 * provenance included, and the table says so ("kept from <commit> <date>"); a group that ran
 * replaces all its own (`<name>.…`) entries. Exit status 1 if any group failed, after writing what
 * was measured.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fileExists } from '../electron/core/storage/atomic-file';
import type { Spread } from './measure';
import { describeProvenance, runProvenance } from './provenance';
import type { BenchContext, BenchEntry, BenchRecord, Provenance } from './types';

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
  const machine = runProvenance(join(import.meta.dirname, '..'));
  console.log(
    `node ${machine.node}, ${machine.cores} × ${machine.cpu}, commit ${machine.commit ?? 'unknown'}${machine.dirty ? ' (tree dirty)' : ''}`,
  );

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
    // One object for the group's entries: a version the group reports later applies to all.
    const provenance: Provenance = { ...machine, date: new Date().toISOString(), chromium: null };
    const ctx: BenchContext = {
      record(entry) {
        measured.push(checkEntry(group, entry, provenance));
      },
      log(line) {
        console.log(`[${group}] ${line}`);
      },
      useChromium(version) {
        provenance.chromium = version;
      },
      useTool(name, version) {
        provenance.tools = { ...provenance.tools, [name]: version };
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
  printTable(measured, kept);
  console.log(`${measured.length} figure(s) measured; ${results.length} in bench/results.json`);
  if (failed > 0) console.error(`${failed} group(s) failed`);
  return failed > 0 ? 1 : 0;
}

const TIME_UNIT = /^(ms|s|µs|us|ns)(\/|$)/;

function isSpread(value: unknown): value is Spread {
  return typeof value === 'object' && value !== null && 'median' in value && 'runs' in value;
}

function checkEntry(group: string, entry: BenchRecord, provenance: Provenance): BenchEntry {
  const { id, metric, unit, baseline, better } = entry;
  if (!id.startsWith(`${group}.`)) throw new Error(`bench id "${id}" must start with "${group}."`);
  // The contract: a timing is a median of repeated runs, with its spread.
  if (
    TIME_UNIT.test(unit) &&
    (!isSpread(entry.value) || (entry.baselineValue !== null && !isSpread(entry.baselineValue)))
  )
    throw new Error(
      `bench ${id}: a timing (${unit}) must be recorded as a Spread of repeated runs (bench/measure.ts)`,
    );
  const value = isSpread(entry.value)
    ? entry.value
    : { median: entry.value, min: entry.value, max: entry.value, runs: entry.runs ?? 1 };
  const base =
    entry.baselineValue === null
      ? null
      : isSpread(entry.baselineValue)
        ? entry.baselineValue
        : {
            median: entry.baselineValue,
            min: entry.baselineValue,
            max: entry.baselineValue,
            runs: entry.runs ?? 1,
          };
  if (
    !Number.isFinite(value.median) ||
    (base !== null && (!Number.isFinite(base.median) || base.median <= 0))
  ) {
    throw new Error(`bench ${id}: value ${value.median} / baseline ${base?.median} is not a ratio`);
  }
  return {
    id,
    metric,
    unit,
    value: value.median,
    baseline,
    baselineValue: base?.median ?? null,
    ratio: base === null ? null : value.median / base.median,
    better,
    runs: base === null ? value.runs : Math.min(value.runs, base.runs),
    valueMin: value.min,
    valueMax: value.max,
    baselineMin: base?.min ?? null,
    baselineMax: base?.max ?? null,
    provenance,
  };
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

function printTable(measured: BenchEntry[], kept: BenchEntry[]): void {
  const entries = [...measured, ...kept];
  if (entries.length === 0) return;
  const fresh = new Set(measured);
  const range = (min: number | null | undefined, max: number | null | undefined): string =>
    min == null || max == null || min === max ? '' : ` [${formatNumber(min)}–${formatNumber(max)}]`;
  const rows = [
    ['id', 'value [min–max]', 'baseline value [min–max]', 'ratio', 'better', 'runs', 'measured'],
    ...entries.map((e) => [
      e.id,
      `${formatNumber(e.value)} ${e.unit}${range(e.valueMin, e.valueMax)}`,
      e.baselineValue == null
        ? '(reported as a value)'
        : `${formatNumber(e.baselineValue)} ${e.unit}${range(e.baselineMin, e.baselineMax)}`,
      e.ratio == null ? '-' : e.ratio.toFixed(3),
      e.better,
      e.runs == null ? '?' : String(e.runs),
      // Entries of groups not re-run keep their provenance, and say so.
      fresh.has(e) ? 'this run' : `kept from ${describeProvenance(e.provenance)}`,
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
