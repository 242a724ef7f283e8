import type { Spread } from './measure';

/**
 * Where and how a figure was measured, written beside every entry of bench/results.json, so a
 * figure can be traced to the code and machine that produced it (docs/architecture.md,
 * "Benchmarks").
 */
export interface Provenance {
  /** `git rev-parse HEAD` when the run started; null outside a git checkout. */
  commit: string | null;
  /** Whether the working tree had uncommitted changes (`git status --porcelain`): then the
   * figure is of the commit plus those changes. Null outside a git checkout. */
  dirty: boolean | null;
  /** When the group started, ISO 8601 (UTC). */
  date: string;
  /** CPU model and the number of logical cores Node sees. */
  cpu: string;
  cores: number;
  /** process.version of the Node that ran the group. */
  node: string;
  /** The Chromium version the group measured in (Playwright's browser.version()); null if the
   * group does not use Chromium. */
  chromium: string | null;
  /** Other tools whose version decides the figure (e.g. { tesseract: '5.3.0' }), if any. */
  tools?: Record<string, string>;
}

/**
 * One figure of `npm run bench`, as written to bench/results.json. The first eight fields are
 * DESIGN.md's benchmark contract; the rest are added beside them. A figure reported as a value
 * (no fair baseline to measure) has `baselineValue` and `ratio` null and says why in `baseline`.
 */
export interface BenchEntry {
  id: string;
  metric: string;
  unit: string;
  /** The median of `runs` runs (or the one count, for a deterministic count with runs 1). */
  value: number;
  baseline: string;
  baselineValue: number | null;
  ratio: number | null;
  better: 'lower' | 'higher';
  /** Measured runs of the value (and of the baseline: they are interleaved run by run). */
  runs: number;
  valueMin: number;
  valueMax: number;
  baselineMin: number | null;
  baselineMax: number | null;
  provenance: Provenance;
}

/**
 * What a group hands ctx.record. `value` and `baselineValue` are a Spread from bench/measure.ts
 * (median, min, max and run count are written from it) or a plain number for a deterministic
 * count (bytes, boxes): `runs` then says how many runs it is the same over (default 1). A timing
 * (unit ms, s or µs…) must be a Spread.
 */
export interface BenchRecord {
  id: string;
  metric: string;
  unit: string;
  value: number | Spread;
  baseline: string;
  baselineValue: number | Spread | null;
  better: 'lower' | 'higher';
  runs?: number;
}

/** What bench/run.ts hands each group: `export default async function run(ctx: BenchContext)`. */
export interface BenchContext {
  /** Records a figure; the runner computes `ratio = value / baselineValue` and adds provenance. */
  record(entry: BenchRecord): void;
  log(line: string): void;
  /** Says the group measures in this Chromium (pass `browser.version()`); written to provenance. */
  useChromium(version: string): void;
  /** Says the group's figures depend on this tool's version (e.g. 'tesseract', '5.3.0'). */
  useTool(name: string, version: string): void;
}
