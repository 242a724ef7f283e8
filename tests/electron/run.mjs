// `npm run test:electron`: the Playwright _electron suite, under Xvfb where Linux has no display.
import { spawnSync } from 'node:child_process';

const args = [
  'playwright',
  'test',
  '--config',
  'tests/electron/playwright.config.ts',
  ...process.argv.slice(2),
];
const useXvfb =
  process.platform === 'linux' && !process.env.DISPLAY && spawnSync('which', ['xvfb-run']).status === 0;
const [command, commandArgs] = useXvfb ? ['xvfb-run', ['-a', 'npx', ...args]] : ['npx', args];
const result = spawnSync(command, commandArgs, { stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(result.status ?? 1);
