/** Helpers for the history tests: temp folders, a failing disk, a hand-driven timer, a tiny PNG. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Timer } from '../../../../electron/core/history/recorder';
import { nodeStorage, type StoragePort } from '../../../../electron/core/storage/port';
import {
  confStores,
  type Store,
  type StoreFactory,
  type StoreOptions,
} from '../../../../electron/core/storage/stores';

export function tempDir(prefix = 'glimpse-history-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The real storage on `dir`, and a store factory (conf), whose writes fail with `code` while
 * `failing.on` is true: the conversation files and the index's stores are written by the stores.
 */
export function failingStorage(
  dir: string,
  code: 'EROFS' | 'ENOSPC',
): { storage: StoragePort; stores: StoreFactory; failing: { on: boolean } } {
  const real = nodeStorage(dir);
  const failing = { on: false };
  const refuse = (): never => {
    throw Object.assign(new Error(`${code}: simulated`), { code });
  };
  const guard =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (failing.on) refuse();
      return fn(...args);
    };
  const stores: StoreFactory = <T extends Record<string, unknown>>(options: StoreOptions<T>): Store<T> => {
    const store = confStores<T>(options);
    // Every write of a store ends in its `store` setter or `set`: refused as the disk would.
    const proto = Object.getPrototypeOf(store) as object;
    const setter = Object.getOwnPropertyDescriptor(proto, 'store')!;
    Object.defineProperty(store, 'store', {
      get: () => setter.get!.call(store) as T,
      set: (value: T) => {
        if (failing.on) refuse();
        setter.set!.call(store, value);
      },
    });
    return store;
  };
  return {
    failing,
    stores,
    storage: {
      ...real,
      writeAtomic: guard((path: string, data: string | Uint8Array) => real.writeAtomic(path, data)),
      append: guard((path: string, data: string) => real.append(path, data)),
      writeOnce: guard((path: string, data: Uint8Array) => real.writeOnce(path, data)),
      remove: guard((path: string) => real.remove(path)),
      moveAside: guard((path: string) => real.moveAside(path)),
      backup: guard((path: string, label: string) => real.backup(path, label)),
    },
  };
}

/** A timer the test fires by hand: no waiting, no timing assertions. */
export class ManualTimer implements Timer {
  readonly pending = new Map<number, { callback: () => void; ms: number }>();
  #next = 1;
  set(callback: () => void, ms: number): unknown {
    const handle = this.#next++;
    this.pending.set(handle, { callback, ms });
    return handle;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  fireAll(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const { callback } of due) callback();
  }
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2026, 10, 26, 9, 0, 0)): {
  now: () => number;
  advance(ms: number): void;
} {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}

/** A valid 1×1 PNG whose colour varies with `seed` (different bytes, different hash). */
export function tinyPng(seed = 0): Uint8Array {
  const base = Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a0d6a01c0000000049454e44ae426082',
    'hex',
  );
  // Bytes after IEND are ignored by decoders but change the hash: enough for storage tests.
  return new Uint8Array(Buffer.concat([base, Buffer.from([seed & 0xff, (seed >> 8) & 0xff])]));
}
