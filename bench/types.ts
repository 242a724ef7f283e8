/** One figure of `npm run bench`, as written to bench/results.json (see DESIGN.md's benchmark contract). */
export interface BenchEntry {
  id: string;
  metric: string;
  unit: string;
  value: number;
  baseline: string;
  baselineValue: number;
  ratio: number;
  better: 'lower' | 'higher';
}

/** What bench/run.ts hands each group: `export default async function run(ctx: BenchContext)`. */
export interface BenchContext {
  /** Records a figure; the runner computes `ratio = value / baselineValue`. */
  record(entry: Omit<BenchEntry, 'ratio'>): void;
  log(line: string): void;
}
