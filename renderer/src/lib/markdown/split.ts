/**
 * Where a streaming Markdown text can be cut: every top-level block before the last one is
 * finished (a later block has started, so nothing more can join it), the last one may still grow.
 * Pure and DOM-free, so it is tested in Node.
 */
import type { Token } from 'markdown-it';

/**
 * The character offset in `source` where its open part starts, given the block tokens markdown-it
 * parsed from it: the start of the last top-level block, or of the one before it while the last
 * block's first line is still being written (until it ends, "1" may yet become "1. item" and
 * continue the list above it). 0 when nothing is finished.
 */
export function lastBlockStart(source: string, tokens: readonly Token[]): number {
  const starts: number[] = [];
  for (const token of tokens) {
    if (token.level === 0 && token.nesting !== -1 && token.map) starts.push(token.map[0]);
  }
  if (starts.length === 0) return 0;
  const last = offsetOfLine(source, starts[starts.length - 1]!);
  if (source.indexOf('\n', last) !== -1) return last;
  return starts.length > 1 ? offsetOfLine(source, starts[starts.length - 2]!) : 0;
}

/** Offset of the first character of line `line` (0-based) of `source`. */
export function offsetOfLine(source: string, line: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) {
    const next = source.indexOf('\n', offset);
    if (next === -1) return source.length;
    offset = next + 1;
  }
  return offset;
}
