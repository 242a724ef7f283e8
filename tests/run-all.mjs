// `npm test`: every check a contributor must keep green, in order, with one summary line.
// Lint and typecheck are gates; the four test suites are counted from their JSON reports.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const artifacts = join(root, 'tests/.artifacts');
mkdirSync(artifacts, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label}: ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) failures.push(label);
  return result.status === 0;
}

function readJson(path) {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function countVitest(path) {
  const report = readJson(path);
  if (!report) return false;
  totals.passed += report.numPassedTests ?? 0;
  totals.failed += report.numFailedTests ?? 0;
  totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  return true;
}

function countPlaywright(path) {
  const report = readJson(path);
  if (!report?.stats) return false;
  totals.passed += (report.stats.expected ?? 0) + (report.stats.flaky ?? 0);
  totals.failed += report.stats.unexpected ?? 0;
  totals.skipped += report.stats.skipped ?? 0;
  return true;
}

const vitestReport = join(artifacts, 'unit-report.json');
const desktopReport = join(artifacts, 'desktop-report.json');
const browserReport = join(artifacts, 'browser-report.json');
const electronReport = join(artifacts, 'electron-report.json');
for (const path of [vitestReport, desktopReport, browserReport, electronReport])
  rmSync(path, { force: true });

run('lint', 'npm', ['run', 'lint']);
run('typecheck', 'npm', ['run', 'typecheck']);
run('unit', 'npm', [
  'run',
  'test:unit',
  '--',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestReport}`,
]);
if (!countVitest(vitestReport)) failures.push('unit (no report)');
// The real electron/main booted on the stand-in for `electron` (tests/desktop); writes its own report.
run('desktop', 'npm', ['run', 'test:desktop']);
if (!countVitest(desktopReport)) failures.push('desktop (no report)');
run('build', 'npm', ['run', 'build']);
run('browser', 'npm', ['run', 'test:browser']);
if (!countPlaywright(browserReport)) failures.push('browser (no report)');
run('electron', 'npm', ['run', 'test:electron']);
if (!countPlaywright(electronReport)) failures.push('electron (no report)');

console.log('');
if (failures.length) console.log(`Failed steps: ${failures.join(', ')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failures.length || totals.failed ? 1 : 0);
