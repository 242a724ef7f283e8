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
import { compare, describeSpread } from './measure';
import { handWrittenSettingsFile } from './settings-baseline';
import type { BenchContext } from './types';

/** Interleaved rounds (store, then baseline); each round times WRITES changes. */
const ROUNDS = 15;
const WRITES = 40;

/** Milliseconds per change, over WRITES changes of the model field. */
function timeWrites(settings: SettingsService, tag: string): number {
  const started = performance.now();
  for (let n = 0; n < WRITES; n++) settings.update({ model: `${tag}-${n}` });
  return (performance.now() - started) / WRITES;
}

export default async function run(ctx: BenchContext): Promise<void> {
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
    // One warm-up round (the files exist, the JIT has seen both paths), then interleaved rounds.
    let round = 0;
    const { candidate: store, baseline } = await compare({
      candidate: () => timeWrites(viaStore, `s${round++}`),
      baseline: () => timeWrites(viaBaseline, `b${round++}`),
      runs: ROUNDS,
    });
    viaStore.close();
    ctx.log(`store ${describeSpread(store, 'ms', 3)}`);
    ctx.log(`baseline ${describeSpread(baseline, 'ms', 3)}`);
    ctx.record({
      id: 'settings.write',
      metric: `one settings change (update of one field: validate, write settings.json atomically with fsync) through the store (conf, the app's options), median of ${ROUNDS} rounds of ${WRITES}`,
      unit: 'ms',
      value: store,
      baseline:
        'the same change through the hand-written writer it replaced (bench/settings-baseline.ts), same run, interleaved',
      baselineValue: baseline,
      better: 'lower',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
