/**
 * The desktop suite (`npm run test:desktop`): the real electron/main entry and the real preload,
 * booted in Node with `electron` resolved to the stand-in in tests/desktop/stand-in (typed against
 * the shipped electron.d.ts). Kept apart from the unit config, which never loads these files.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const standIn = (file: string): string => fileURLToPath(new URL(`./stand-in/${file}`, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  resolve: {
    alias: [
      // Exactly `electron` and its process-specific entry points: never electron-store,
      // electron-updater or electron-vite, which are packages of their own.
      { find: /^electron(\/main|\/renderer|\/common)?$/, replacement: standIn('index.ts') },
      // electron-updater requires('electron') from CommonJS, which an alias cannot reach; the app
      // only uses it when packaged, so its stand-in records and refuses.
      { find: /^electron-updater$/, replacement: standIn('electron-updater.ts') },
    ],
  },
  test: {
    include: ['tests/desktop/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    // The app logs every step to the console; show it only for a test that failed.
    silent: 'passed-only',
    hookTimeout: 30_000,
    // Main opens settings, secrets and the history through electron-store (electron/main/stores.ts),
    // which does `import electron from 'electron'` and reads app.getPath, app.getVersion and
    // ipcMain from it. Inlined, that import goes through the alias above to the stand-in (its
    // default export); left external, Node would load the real `electron` package instead.
    server: { deps: { inline: ['electron-store'] } },
  },
});
