/**
 * Network chunking must not change anything: each generated stream gives the same events and result
 * whether it arrives whole, one byte at a time (a split at every byte offset at once), in two
 * pieces split at each byte offset (streams up to 12 kB; the larger ones every 31st offset
 * plus every offset around each event boundary), or at random multi-split points (fast-check).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadRecordingBytes } from '../../../support/mock-openai-server';
import { interpret, manifest, streamNames } from './helpers';

const SMALL = 12 * 1024;

function oneByteAtATime(bytes: Uint8Array): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i++) pieces.push(bytes.subarray(i, i + 1));
  return pieces;
}

/** Offsets to split at: all of them for small streams; otherwise a stride plus ±3 around "\n\n". */
function splitOffsets(bytes: Uint8Array): number[] {
  if (bytes.length <= SMALL) return Array.from({ length: bytes.length + 1 }, (_, i) => i);
  const offsets = new Set<number>();
  for (let i = 0; i <= bytes.length; i += 31) offsets.add(i);
  for (let i = 1; i < bytes.length; i++) {
    if (bytes[i] === 0x0a && bytes[i - 1] === 0x0a) for (let d = -3; d <= 3; d++) offsets.add(i + d);
    // Every multi-byte UTF-8 sequence, split inside.
    const b = bytes[i]!;
    if (b >= 0x80) offsets.add(i);
  }
  return [...offsets].filter((o) => o >= 0 && o <= bytes.length).sort((a, b) => a - b);
}

describe.each(streamNames)('generated stream %s split anywhere', (name) => {
  const bytes = loadRecordingBytes(name);
  const whole = interpret([bytes]);

  it('is what the manifest says when whole', () => {
    const ok = manifest[name]!.expect.ok;
    expect(whole.outcome === 'complete').toBe(ok);
    if (ok) expect(whole.result.choices.length).toBeGreaterThan(0);
  });

  it('gives the same events and result one byte at a time', () => {
    expect(interpret(oneByteAtATime(bytes))).toEqual(whole);
  });

  it('gives the same events and result split in two at each offset', () => {
    const offsets = splitOffsets(bytes);
    if (bytes.length <= SMALL) expect(offsets).toHaveLength(bytes.length + 1);
    // Compared as JSON (fast); the first mismatch is then shown as a structural diff.
    const expected = JSON.stringify(whole);
    for (const offset of offsets) {
      const split = interpret([bytes.subarray(0, offset), bytes.subarray(offset)]);
      if (JSON.stringify(split) !== expected) {
        expect(split, `split at byte ${offset}`).toEqual(whole);
        expect.fail(`split at byte ${offset} changed the result`);
      }
    }
  });

  it('gives the same events and result at random multi-split points', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, bytes.length - 1) }), { maxLength: 40 }),
        (cuts) => {
          const sorted = [...cuts].sort((a, b) => a - b);
          const pieces: Uint8Array[] = [];
          let start = 0;
          for (const cut of sorted) {
            pieces.push(bytes.subarray(start, cut));
            start = cut;
          }
          pieces.push(bytes.subarray(start));
          expect(interpret(pieces)).toEqual(whole);
        },
      ),
      { numRuns: 60 },
    );
  });
});
