/**
 * The smoke test the release workflow runs on each packaged app: one ready line and 0, or the
 * reason and 1; the `--smoke-test` flag is what launch.ts recognises.
 */
import { describe, expect, it } from 'vitest';
import { launchMode } from '../../../../../electron/core/app/launch';
import {
  insideAsar,
  runSmokeTest,
  SMOKE_READY_PATTERN,
  SMOKE_TEST_FLAG,
  type SmokeProbe,
} from '../../../../../electron/core/app/smoke';

const probe = (over: Partial<SmokeProbe> = {}): SmokeProbe => ({
  electronVersion: '45.5.0',
  packaged: true,
  mainDir: '/opt/Glimpse/resources/app.asar/out/main',
  answerWindowLoaded: () => Promise.resolve(),
  loadSharp: () => Promise.resolve({ versions: { sharp: '0.35.5' } }),
  ...over,
});

describe('launchMode with the smoke flag', () => {
  it('is a smoke run, packaged or in development, even after Chromium switches', () => {
    expect(launchMode(['/opt/Glimpse/glimpse', SMOKE_TEST_FLAG], false)).toEqual({ kind: 'smoke' });
    expect(launchMode(['C:\\Glimpse\\Glimpse.exe', '--no-sandbox', '--smoke-test'], false)).toEqual({
      kind: 'smoke',
    });
    expect(launchMode(['electron', '.', '--smoke-test'], true)).toEqual({ kind: 'smoke' });
    expect(SMOKE_TEST_FLAG).toBe('--smoke-test');
  });
});

describe('runSmokeTest', () => {
  it('prints the one ready line with the versions, and exits 0', async () => {
    const result = await runSmokeTest(probe());
    expect(result).toEqual({
      line: 'glimpse smoke: ready (electron 45.5.0, sharp 0.35.5, asar yes)',
      exitCode: 0,
    });
    expect(result.line).toMatch(SMOKE_READY_PATTERN);
  });

  it('fails a packaged app that did not load from app.asar', async () => {
    const result = await runSmokeTest(probe({ mainDir: '/opt/Glimpse/resources/app/out/main' }));
    expect(result.exitCode).toBe(1);
    expect(result.line).toMatch(/^glimpse smoke: failed: the packaged app did not load from app\.asar/);
    expect(result.line).not.toMatch(SMOKE_READY_PATTERN);
  });

  it('fails with the reason when sharp cannot load (e.g. the x64 binary missing from the x64 app)', async () => {
    const result = await runSmokeTest(
      probe({
        loadSharp: () =>
          Promise.reject(
            new Error("Glimpse's image engine (sharp) could not be loaded (darwin-x64 runtime)"),
          ),
      }),
    );
    expect(result).toEqual({
      line: "glimpse smoke: failed: Glimpse's image engine (sharp) could not be loaded (darwin-x64 runtime)",
      exitCode: 1,
    });
  });

  it('fails when the answer window does not load', async () => {
    const result = await runSmokeTest(
      probe({ answerWindowLoaded: () => Promise.reject(new Error('ERR_FAILED (-2)')) }),
    );
    expect(result).toEqual({
      line: 'glimpse smoke: failed: the answer window did not load: ERR_FAILED (-2)',
      exitCode: 1,
    });
  });

  it('says asar no in development, where the app is a folder', async () => {
    const result = await runSmokeTest(probe({ packaged: false, mainDir: '/src/glimpse/out/main' }));
    expect(result.line).toBe('glimpse smoke: ready (electron 45.5.0, sharp 0.35.5, asar no)');
  });

  it('recognises app.asar on every OS', () => {
    expect(insideAsar('C:\\Program Files\\Glimpse\\resources\\app.asar\\out\\main')).toBe(true);
    expect(insideAsar('/Applications/Glimpse.app/Contents/Resources/app.asar/out/main')).toBe(true);
    expect(insideAsar('/x/app.asar.unpacked/node_modules')).toBe(false);
  });
});
