/**
 * Release CI launches what it built (.github/workflows/release.yml): on each OS, after packaging
 * and before publishing, the unpacked app is started with the smoke flag the app understands
 * (electron/core/app/launch.ts) through build/smoke-launch.mjs, which passes only on the app's
 * ready line. The launcher itself is run here against stand-in "apps" (Node scripts).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { APP_ID } from '../../../electron/core/app/startup';
import { launchMode } from '../../../electron/core/app/launch';
import { SMOKE_READY_PATTERN, SMOKE_TEST_FLAG } from '../../../electron/core/app/smoke';

const root = join(import.meta.dirname, '../../..');
interface Step {
  name?: string;
  if?: string;
  run?: string;
  uses?: string;
}
const workflow = load(readFileSync(join(root, '.github/workflows/release.yml'), 'utf8')) as {
  jobs: Record<string, { steps: Step[] }>;
};
const steps = workflow.jobs.installers!.steps;
const builder = load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as {
  appId: string;
  productName: string;
  linux: { executableName: string };
};

const index = (predicate: (step: Step) => boolean): number => steps.findIndex(predicate);
const launchStep = (os: string): Step | undefined =>
  steps.find((s) => s.if === `runner.os == '${os}'` && (s.run ?? '').includes('build/smoke-launch.mjs'));

describe('release.yml launches the packaged app on each OS', () => {
  const expected: Record<string, string> = {
    Linux: `dist/linux-unpacked/${builder.linux.executableName} ${SMOKE_TEST_FLAG}`,
    macOS: `/${builder.productName}.app/Contents/MacOS/${builder.productName}" ${SMOKE_TEST_FLAG}`,
    Windows: `dist/win-unpacked/${builder.productName}.exe ${SMOKE_TEST_FLAG}`,
  };
  for (const [os, command] of Object.entries(expected)) {
    it(`${os}: starts the unpacked app with ${SMOKE_TEST_FLAG} and a time limit`, () => {
      const step = launchStep(os);
      expect(step, `a launch step for ${os}`).toBeDefined();
      expect(step!.run).toContain(command);
      expect(step!.run).toMatch(/--timeout \d+/);
      // The flag in the workflow is the one the app acts on.
      const argv = ['/opt/Glimpse/glimpse', ...command.split(' ').slice(1)];
      expect(launchMode(argv, false)).toEqual({ kind: 'smoke' });
    });
  }

  it('runs Linux under a virtual display', () => {
    expect(launchStep('Linux')!.run).toMatch(/xvfb-run -a node build\/smoke-launch\.mjs/);
  });

  it('packages without publishing, launches, then publishes', () => {
    const pack = index((s) => (s.run ?? '').startsWith('npx electron-builder'));
    expect(steps[pack]!.run).toContain('--publish never');
    const launches = ['Linux', 'macOS', 'Windows'].map((os) => steps.indexOf(launchStep(os)!));
    const publish = index((s) => (s.run ?? '').includes('build/publish-artifacts.mjs'));
    expect(publish).toBeGreaterThan(-1);
    for (const at of launches) {
      expect(at).toBeGreaterThan(pack);
      expect(at).toBeLessThan(publish);
    }
    expect(steps.filter((s) => /--publish always/.test(s.run ?? ''))).toEqual([]);
  });

  it('gives the x64 Mac app its own sharp binaries, not through npm --os/--cpu (npm/cli#7406)', () => {
    const sharpStep = steps.find((s) => s.name === 'sharp for both Mac architectures')!;
    expect(sharpStep.run).not.toMatch(/--cpu=/);
    expect(sharpStep.run).toContain('npm pack');
    expect(sharpStep.run).toContain('node_modules/@img/sharp-darwin-x64');
  });
});

describe('build/smoke-launch.mjs', () => {
  const launcher = join(root, 'build/smoke-launch.mjs');
  const fakeApp = (body: string): ReturnType<typeof spawnSync> =>
    spawnSync(
      process.execPath,
      [launcher, '--timeout', '60', process.execPath, '-e', body, '--', SMOKE_TEST_FLAG],
      {
        encoding: 'utf8',
      },
    );

  it('looks for the line the app prints', () => {
    // A plain .mjs script (no build step in CI before it): its pattern is read from its text.
    const text = readFileSync(launcher, 'utf8');
    const source = /READY_PATTERN = \/(.+)\/m;/.exec(text)?.[1];
    expect(source).toBe(SMOKE_READY_PATTERN.source);
  });

  it('passes an app that prints the ready line and exits 0', () => {
    const run = fakeApp(`console.log('glimpse smoke: ready (electron 45.5.0, sharp 0.35.5, asar yes)')`);
    expect(run.stdout).toContain('smoke launch passed');
    expect(run.status).toBe(0);
  });

  it('fails an app that exits at launch (a fuse or integrity check killing it), with the reason', () => {
    const run = fakeApp(`console.error('FATAL: Integrity check failed for asar archive'); process.exit(1)`);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('smoke launch failed: the app exited with code 1');
  });

  it("fails an app that exits 0 without the ready line, or prints the app's failure line", () => {
    expect(fakeApp(`console.log('hello')`).status).toBe(1);
    const failed = fakeApp(`console.error('glimpse smoke: failed: sharp missing'); process.exit(1)`);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('glimpse smoke: failed: sharp missing');
  });

  it('fails an app that never prints the line, at the time limit, and stops it', () => {
    const run = spawnSync(
      process.execPath,
      [
        launcher,
        '--timeout',
        '1',
        process.execPath,
        '-e',
        'setInterval(() => {}, 1000)',
        '--',
        SMOKE_TEST_FLAG,
      ],
      { encoding: 'utf8' },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('smoke launch failed: no ready line within 1 s');
  });

  it('refuses a command line without the smoke flag', () => {
    const run = spawnSync(process.execPath, [launcher, process.execPath, '-e', '0'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
  });
});

describe('Windows AppUserModelID', () => {
  it("the app claims the installer's AUMID: electron-builder's appId", () => {
    expect(APP_ID).toBe(builder.appId);
  });
});
