import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire } from '../../../shared/wire';

describe('web-mode wire format', () => {
  it('carries bytes through JSON unchanged', () => {
    const bytes = new Uint8Array(200_000).map((_, i) => (i * 31) % 256);
    const decoded = decodeWire(encodeWire({ id: 1, args: { name: 'a.png', bytes } })) as {
      args: { bytes: Uint8Array };
    };
    expect(decoded.args.bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(decoded.args.bytes).equals(Buffer.from(bytes))).toBe(true);
  });

  it('leaves ordinary objects alone', () => {
    const value = { $bytes: 'x', other: 1 };
    expect(decodeWire(encodeWire(value))).toEqual(value);
  });
});
