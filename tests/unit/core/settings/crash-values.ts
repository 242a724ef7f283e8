/**
 * The values generation n of crash-child.ts writes: each names n whole, so a file holding a mix
 * of two generations, or a cut-off value, is told apart from an old or a new one.
 */

/** Settings' prompt limit is 20,000 characters: a long one makes each write take a while. */
const PROMPT_BODY = 19_000;
/** A key's limit is 8,192 characters. */
const KEY_BODY = 8_000;

export function profileOf(n: number): { model: string; baseUrl: string; prompt: string } {
  return {
    model: `m${n}`,
    baseUrl: `http://h${n}.example/v1`,
    prompt: `p${n}:${String(n % 10).repeat(PROMPT_BODY)}`,
  };
}

export function keyOf(n: number): string {
  return `sk-${n}-${String.fromCharCode(97 + (n % 26)).repeat(KEY_BODY)}`;
}

/** The generation a model value names (`m<n>`); -1 before the first change. */
export function generation(model: string): number {
  const match = /^m(\d+)$/.exec(model);
  return match ? Number(match[1]) : -1;
}
