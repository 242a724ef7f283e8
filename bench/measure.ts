/**
 * Repetition helpers every benchmark group uses, so that each figure in bench/results.json is a
 * median of several runs with its min and max, and a baseline is measured interleaved with what
 * it is compared against (drift on a busy machine then falls on both sides alike).
 *
 *   const { baseline, candidate } = await compare({ baseline: naive, candidate: ours, runs: 7 });
 *   ctx.record({ id, metric, unit, value: candidate, baseline: '…', baselineValue: baseline, better });
 *
 * A side is a function run once per run. If it returns (or resolves to) a number, that number is
 * the sample (CPU µs, bytes, a time it measured itself); if it returns nothing, its wall-clock
 * time in ms is the sample. The returned Spread can be handed to ctx.record as it is: the runner
 * writes its median as the value and its min, max and run count beside it.
 */

/** At least this many measured runs per figure (the contract: medians of ≥ 5 runs). */
export const MIN_RUNS = 5;

/** Samples of one side of a figure. `median` is what bench/results.json reports as the value. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
  /** Every sample, in the order measured. */
  samples: number[];
}

export type Side = () => number | void | Promise<number | void>;

export interface RepeatOptions {
  /** Measured runs per side (default 7; at least MIN_RUNS). */
  runs?: number;
  /** Unmeasured runs per side first, for the JIT and caches (default 1; 0 for none). */
  warmup?: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The Spread of samples measured elsewhere (e.g. per-size loops); at least MIN_RUNS of them. */
export function spreadOf(samples: readonly number[]): Spread {
  if (samples.length < MIN_RUNS)
    throw new Error(`a figure needs at least ${MIN_RUNS} runs, got ${samples.length}`);
  if (!samples.every(Number.isFinite)) throw new Error(`a sample is not a number: ${samples.join(', ')}`);
  return {
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
    runs: samples.length,
    samples: [...samples],
  };
}

/** Every sample multiplied by `factor` (ms → s, µs per run → µs per token, …). */
export function scaleSpread(spread: Spread, factor: number): Spread {
  return spreadOf(spread.samples.map((sample) => sample * factor));
}

async function sample(side: Side): Promise<number> {
  const started = performance.now();
  const result = await side();
  const elapsed = performance.now() - started;
  return typeof result === 'number' ? result : elapsed;
}

function runsOf(options: RepeatOptions): { runs: number; warmup: number } {
  const runs = options.runs ?? 7;
  const warmup = options.warmup ?? 1;
  if (!Number.isInteger(runs) || runs < MIN_RUNS)
    throw new Error(`runs must be an integer ≥ ${MIN_RUNS}, got ${runs}`);
  if (!Number.isInteger(warmup) || warmup < 0)
    throw new Error(`warmup must be an integer ≥ 0, got ${warmup}`);
  return { runs, warmup };
}

/**
 * Runs every side once per round, in the order given, for `runs` rounds (after `warmup` rounds
 * not counted), and returns each side's Spread. Use for more than two sides (sizes, variants).
 */
export async function interleave<K extends string>(
  sides: Record<K, Side>,
  options: RepeatOptions = {},
): Promise<Record<K, Spread>> {
  const { runs, warmup } = runsOf(options);
  const names = Object.keys(sides) as K[];
  if (names.length === 0) throw new Error('interleave needs at least one side');
  for (let round = 0; round < warmup; round++) for (const name of names) await sample(sides[name]);
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < runs; round++) {
    // Alternate which side goes first, so neither always pays for the other's garbage.
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) samples[name].push(await sample(sides[name]));
  }
  return Object.fromEntries(names.map((name) => [name, spreadOf(samples[name])])) as Record<K, Spread>;
}

/** A baseline and a candidate, interleaved run by run (see interleave). */
export async function compare(
  options: { baseline: Side; candidate: Side } & RepeatOptions,
): Promise<{ baseline: Spread; candidate: Spread }> {
  const { baseline, candidate, ...repeat } = options;
  return interleave({ baseline, candidate }, repeat);
}

/** One side alone (a figure reported as a value, without a baseline). */
export async function repeat(side: Side, options: RepeatOptions = {}): Promise<Spread> {
  return (await interleave({ side }, options)).side;
}

/** "12.3 ms (min 11.9, max 14.0, 7 runs)", for ctx.log lines. */
export function describeSpread(spread: Spread, unit: string, digits = 2): string {
  const f = (n: number) => n.toFixed(digits);
  return `${f(spread.median)} ${unit} (min ${f(spread.min)}, max ${f(spread.max)}, ${spread.runs} runs)`;
}
