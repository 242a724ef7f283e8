import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../.artifacts/electron-results',
  timeout: 60_000,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: '../.artifacts/electron-report.json' }]],
});
