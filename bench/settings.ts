/**
 * `npm run bench -- settings`: one settings change (SettingsService.update, as the settings page
 * saves a field) written through the store (conf with the app's options: migrations recorded,
 * watch, cache, mode 0600; electron-store is conf with Electron's defaults) against the
 * hand-written writer it replaced (bench/settings-baseline.ts), in the same run, interleaved.
 * Both fsync and rename; both run the same zod validation, so the difference is the store's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryVault, SettingsService } from '../electron/core/settings/settings';
import { openSettingsStore } from '../electron/core/settings/stores';
import { confStores } from '../electron/core/storage/stores';
import { packageVersion } from '../electron/web/version';
import { handWrittenSettingsFile } from './settings-baseline';
import type { BenchContext } from './types';

/** Interleaved rounds (store, then baseline); each round times WRITES changes. */
const ROUNDS = 15;
const WRITES = 40;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

/** Milliseconds per change, over WRITES changes of the model field. */
function timeWrites(settings: SettingsService, tag: string): number {
  const started = performance.now();
  for (let n = 0; n < WRITES; n++) settings.update({ model: `${tag}-${n}` });
  return (performance.now() - started) / WRITES;
}

export default function run(ctx: BenchContext): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'glimpse-bench-settings-'));
  try {
    const storeDir = join(dir, 'store');
    const baselineDir = join(dir, 'baseline');
    const viaStore = new SettingsService(
      openSettingsStore({ stores: confStores, dataDir: storeDir, appVersion: packageVersion(), watch: true }),
      memoryVault(),
    );
    const viaBaseline = new SettingsService(
      handWrittenSettingsFile(join(baselineDir, 'settings.json')),
      memoryVault(),
    );
    // Warm-up: the files exist, the JIT has seen both paths.
    timeWrites(viaStore, 'warm');
    timeWrites(viaBaseline, 'warm');
    const store: number[] = [];
    const baseline: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      store.push(timeWrites(viaStore, `s${r}`));
      baseline.push(timeWrites(viaBaseline, `b${r}`));
    }
    viaStore.close();
    ctx.log(`store ${store.map((v) => v.toFixed(3)).join(' ')} ms`);
    ctx.log(`baseline ${baseline.map((v) => v.toFixed(3)).join(' ')} ms`);
    ctx.record({
      id: 'settings.write',
      metric: `one settings change (update of one field: validate, write settings.json atomically with fsync) through the store (conf, the app's options), median of ${ROUNDS} rounds of ${WRITES}`,
      unit: 'ms',
      value: round(median(store)),
      baseline:
        'the same change through the hand-written writer it replaced (bench/settings-baseline.ts), same run, interleaved',
      baselineValue: round(median(baseline)),
      better: 'lower',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return Promise.resolve();
}
