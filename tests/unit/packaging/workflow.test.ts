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

/** The `node-version` a setup-node step asks for. */
function nodeVersion(step: Step | undefined): unknown {
  return (step as { with?: { 'node-version'?: unknown } } | undefined)?.with?.['node-version'];
}

/** Is dotted version `a` at least `b`? */
function atLeast(a: string, b: string): boolean {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < Math.max(x!.length, y!.length); i++) {
    const d = (x![i] ?? 0) - (y![i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

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
    expect(npmScripts(runs(checks))).toEqual([
      'lint',
      'typecheck',
      'test:unit',
      'test:desktop',
      'build',
      'test:browser',
    ]);
  });

  it('runs the Electron tests on Linux under Xvfb, after fetching the binary', () => {
    const e2e = workflow.jobs['electron-e2e']!;
    expect(e2e['runs-on']).toBe('ubuntu-latest');
    const text = runs(e2e);
    expect(text).toMatch(/apt-get install .*xvfb/);
    // The same installer step as `npm start` (build/ensure-electron.mjs), which explains a failure.
    expect(text).toContain('node build/ensure-electron.mjs');
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

  it('names the Node version as a string (YAML would read 22.10 as 22.1)', () => {
    for (const job of Object.values(workflow.jobs)) {
      const setup = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
      expect(typeof nodeVersion(setup)).toBe('string');
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

  it('runs the steps of `npm run dist`, then publishes separately (after the launch: release-launch.test.ts)', () => {
    const dist = scripts.dist!.split(' && ');
    const steps = job.steps.flatMap((s) => (s.run ? [s.run] : []));
    expect(dist.at(-1)).toMatch(/--publish never$/);
    for (const command of dist.slice(0, -1)) expect(steps).toContain(command);
    const packaging = dist
      .at(-1)!
      .replace(' --publish never', '')
      .replace(/^electron-builder/, 'npx electron-builder');
    expect(steps).toContain(packaging + ' ${{ matrix.flags }} --publish never');
    expect(steps).toContain('node build/publish-artifacts.mjs');
  });
});

describe('the Node version', () => {
  // Electron 45, electron-store 12, conf 16 and eventsource-parser 4 declare node >= 22.12:
  // everything that names a Node version must give one they accept, and the same one.
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
  const minimum = /^>=(\d+\.\d+)$/.exec(pkg.engines.node)?.[1];
  const ciRun = readFileSync(join(root, '.ci/run'), 'utf8');
  const pin = /^NODE_PIN=(\d+\.\d+\.\d+)$/m.exec(ciRun)?.[1];

  it('in engines is at least what the dependencies declare', () => {
    expect(minimum).toBeDefined();
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { engines?: { node?: string } }>;
    };
    for (const name of ['electron', 'electron-store', 'conf', 'eventsource-parser']) {
      const declared = lock.packages[`node_modules/${name}`]?.engines?.node ?? '';
      const needs = /^>=(\d+(?:\.\d+)*)$/.exec(declared.replace(/\s/g, ''))?.[1];
      expect(needs, `${name} declares ${declared}`).toBeDefined();
      expect(atLeast(minimum!, needs!), `${name} needs ${needs}`).toBe(true);
    }
  });

  it('is the same in .ci/run and every workflow, and meets engines', () => {
    expect(pin).toBeDefined();
    expect(atLeast(pin!, minimum!)).toBe(true);
    expect(ciRun).toMatch(new RegExp(`^NODE_MIN=${minimum!.replace('.', '\\.')}$`, 'm'));
    for (const file of ['ci.yml', 'release.yml']) {
      const flow = load(readFileSync(join(root, '.github/workflows', file), 'utf8')) as Workflow;
      for (const [name, job] of Object.entries(flow.jobs)) {
        const setup = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
        expect(nodeVersion(setup), `${file} ${name}`).toBe(pin);
      }
    }
  });

  it('.ci/run switches to it before installing, and only when the system Node is older', () => {
    const install = ciRun.indexOf(`"node@$NODE_PIN"`);
    expect(install).toBeGreaterThan(0);
    expect(ciRun.slice(0, install)).toMatch(/if older "\$\(node -p process\.versions\.node/);
    expect(ciRun.indexOf('export PATH="$prefix/node_modules/.bin:$PATH"')).toBeGreaterThan(install);
    expect(ciRun.indexOf('npm ci')).toBeGreaterThan(ciRun.indexOf('export PATH='));
  });

  it('is what the README asks for', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain(`You need [Node.js](https://nodejs.org) ${minimum} or newer`);
  });
});
