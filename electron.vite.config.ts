import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      lib: { entry: resolve(root, 'electron/main/index.ts'), formats: ['es'] },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require only `electron` (and a few Node shims): everything it
      // imports must be bundled into the one file (it takes names only: shared/ipc-names.ts).
      externalizeDeps: false,
      // A sandboxed preload cannot load ES modules: build CommonJS with a .cjs name.
      lib: {
        entry: resolve(root, 'electron/preload/index.ts'),
        formats: ['cjs'],
        fileName: () => 'index.cjs',
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    base: './',
    plugins: [svelte({ configFile: resolve(root, 'svelte.config.js') })],
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      rollupOptions: {
        input: {
          index: resolve(root, 'renderer/index.html'),
          web: resolve(root, 'renderer/web.html'),
        },
      },
    },
  },
});
