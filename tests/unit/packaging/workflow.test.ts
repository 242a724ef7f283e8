/**
 * The GitHub Actions workflow cannot run here; it is kept honest by reading it: valid YAML, the
 * jobs the project promises (three platforms, Electron under Xvfb), and the same npm scripts as
 * `npm test` (tests/run-all.mjs, which .ci/run runs) — the source of truth for the commands.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
}
interface Job {
  'runs-on': string;
  strategy?: { matrix?: { os?: string[] } };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflow = load(readFileSync(join(root, '.github/workflows/ci.yml'), 'utf8')) as Workflow;
const scripts = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;

/** `npm run X` as written in a command. */
function npmScripts(text: string): string[] {
  return [...text.matchAll(/npm run (?:--silent )?([\w:-]+)/g)].map((m) => m[1]!);
}

function runs(job: Job): string {
  return job.steps.map((s) => s.run ?? '').join('\n');
}

describe('.github/workflows/ci.yml', () => {
  it('runs on pushes and pull requests with read-only permissions', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  it('checks on Linux, macOS and Windows', () => {
    const checks = workflow.jobs.checks!;
    expect(checks.strategy?.matrix?.os).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest']);
    expect(checks['runs-on']).toBe('${{ matrix.os }}');
    expect(npmScripts(runs(checks))).toEqual(['lint', 'typecheck', 'test:unit', 'build', 'test:browser']);
  });

  it('runs the Electron tests on Linux under Xvfb, after fetching the binary', () => {
    const e2e = workflow.jobs['electron-e2e']!;
    expect(e2e['runs-on']).toBe('ubuntu-latest');
    const text = runs(e2e);
    expect(text).toMatch(/apt-get install .*xvfb/);
    expect(text).toContain(`node -e "require('electron')"`);
    expect(npmScripts(text)).toEqual(['build', 'test:electron']);
    // tests/electron/run.mjs wraps itself in xvfb-run when there is no display.
    expect(readFileSync(join(root, 'tests/electron/run.mjs'), 'utf8')).toContain('xvfb-run');
  });

  it('uses only npm scripts that exist, and every one `npm test` runs', () => {
    const used = Object.values(workflow.jobs).flatMap((job) => npmScripts(runs(job)));
    for (const name of used) expect(scripts, `npm run ${name}`).toHaveProperty(name);
    const runAll = readFileSync(join(root, 'tests/run-all.mjs'), 'utf8');
    const local = [...runAll.matchAll(/'npm', \[\s*'run',\s*'([\w:-]+)'/g)].map((m) => m[1]!);
    expect(local.length).toBeGreaterThanOrEqual(5);
    for (const name of local) expect(used, `npm test runs "${name}"; CI must too`).toContain(name);
    expect(readFileSync(join(root, '.ci/run'), 'utf8')).toMatch(/^npm test$/m);
  });

  it('names the Node version as a string (YAML would read 20.10 as 20.1)', () => {
    for (const job of Object.values(workflow.jobs)) {
      const setup = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
      expect((setup as { with?: { 'node-version'?: unknown } } | undefined)?.with?.['node-version']).toBe(
        '20.19',
      );
    }
  });

  it('pins every action to a major version', () => {
    const uses = Object.values(workflow.jobs).flatMap((job) =>
      job.steps.flatMap((s) => (s.uses ? [s.uses] : [])),
    );
    expect(uses.length).toBeGreaterThan(0);
    for (const action of uses) expect(action).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
  });
});

describe('.github/workflows/release.yml', () => {
  const release = load(readFileSync(join(root, '.github/workflows/release.yml'), 'utf8')) as Workflow;
  const job = release.jobs.installers!;

  it('runs on version tags only, on the three platforms', () => {
    expect(release.on).toEqual({ push: { tags: ['v*.*.*'] } });
    const include = (job.strategy?.matrix as { include?: { os: string; flags: string }[] }).include ?? [];
    expect(include.map((i) => [i.os, i.flags])).toEqual([
      ['ubuntu-latest', '--linux'],
      ['macos-latest', '--mac'],
      ['windows-latest', '--win'],
    ]);
  });

  it('runs the steps of `npm run dist`, publishing instead of not', () => {
    const dist = scripts.dist!.split(' && ');
    const steps = job.steps.flatMap((s) => (s.run ? [s.run] : []));
    expect(dist.at(-1)).toMatch(/--publish never$/);
    for (const command of dist.slice(0, -1)) expect(steps).toContain(command);
    const packaging = dist
      .at(-1)!
      .replace(' --publish never', '')
      .replace(/^electron-builder/, 'npx electron-builder');
    expect(steps).toContain(packaging + ' ${{ matrix.flags }} --publish always');
  });
});
