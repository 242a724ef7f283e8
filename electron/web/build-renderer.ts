/**
 * Builds the renderer for web mode when its output is missing or older than its sources.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '../..');
export const RENDERER_OUT = join(REPO_ROOT, 'out/renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function rendererIsCurrent(): boolean {
  const entry = join(RENDERER_OUT, 'web.html');
  if (!existsSync(entry)) return false;
  const built = statSync(entry).mtimeMs;
  return (
    ['renderer', 'shared', 'electron/preload'].every((dir) => newestMtime(join(REPO_ROOT, dir)) <= built) &&
    statSync(join(REPO_ROOT, 'electron.vite.config.ts')).mtimeMs <= built
  );
}

/** Runs `electron-vite build` (about a second; it needs no Electron binary). */
export function buildRenderer(force = false): void {
  if (!force && rendererIsCurrent()) return;
  const result = spawnSync('npx', ['electron-vite', 'build'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) throw new Error('The renderer build failed (see the output above).');
}
