/**
 * Runs crash-child.ts as its own process. The crash test starts it dozens of times, and tsx
 * costs a second or more per start on a busy machine, so the child is bundled once with esbuild
 * (what tsx compiles with) from the same sources: the same store code the app runs in Node.
 */
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHILD_SOURCE = join(import.meta.dirname, 'crash-child.ts');

export async function bundleChild(): Promise<{ file: string; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'glimpse-settings-child-'));
  const file = join(dir, 'crash-child.mjs');
  await build({
    entryPoints: [CHILD_SOURCE],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: file,
    minify: true,
    logLevel: 'error',
    // Some dependencies are CommonJS and call require(); an ESM bundle needs one.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
