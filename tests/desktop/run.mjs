// `npm run test:desktop`: the desktop suite alone (the real electron/main on the stand-in), then
// one plain line `N passed, N failed` counted from vitest's JSON report, which `npm test` reads too.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');
const artifacts = join(root, 'tests/.artifacts');
const DESKTOP_REPORT = join(artifacts, 'desktop-report.json');
mkdirSync(artifacts, { recursive: true });
rmSync(DESKTOP_REPORT, { force: true });

const result = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    '--config',
    'tests/desktop/vitest.config.ts',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${DESKTOP_REPORT}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' },
);

let passed = 0;
let failed = 0;
if (existsSync(DESKTOP_REPORT)) {
  const report = JSON.parse(readFileSync(DESKTOP_REPORT, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = report.numFailedTests ?? 0;
} else {
  console.log('The desktop suite wrote no report: it did not run to the end.');
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(result.status ?? 1);
