import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, systemChromium } from '../support/chromium';

const executablePath = systemChromium();

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './global-setup.ts',
  outputDir: '../.artifacts/browser-results',
  timeout: 60_000,
  // Assertions wait for a condition; Playwright's 5 s default fails them on a busy machine (both
  // cores taken by another build) although the page gets there. Waiting longer costs nothing
  // when it passes.
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: [['list'], ['json', { outputFile: '../.artifacts/browser-report.json' }]],
  use: {
    browserName: 'chromium',
    launchOptions: { args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) },
    viewport: { width: 760, height: 900 },
    colorScheme: 'light',
  },
});
