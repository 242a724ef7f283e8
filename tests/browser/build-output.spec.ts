/**
 * What `electron-vite build` produced (the global setup builds it): checks that only a real
 * Electron start would otherwise reveal.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO_ROOT } from '../../electron/web/build-renderer';

const PRELOAD = join(REPO_ROOT, 'out/preload/index.cjs');
const MAIN = join(REPO_ROOT, 'out/main/index.js');

test('the sandboxed preload requires nothing but electron', () => {
  // A sandboxed preload's require() knows only electron and a few Node shims: a bundled
  // dependency left external (zod, say) throws before window.glimpse exists.
  const code = readFileSync(PRELOAD, 'utf8');
  const required = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
  expect(required.length).toBeGreaterThan(0);
  expect([...new Set(required)]).toEqual(['electron']);
  expect(code).toContain('exposeInMainWorld');
  // It loads in every window, an overlay per display at each capture: names only, no schemas.
  expect(code).not.toMatch(/ZodError|\$ZodType/);
  expect(code.length).toBeLessThan(32 * 1024);
});

test('node accepts the built main and preload', () => {
  for (const file of [MAIN, PRELOAD]) {
    const result = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
    expect(result.stderr, file).toBe('');
    expect(result.status, file).toBe(0);
  }
});

test('the renderer bundle has no eval-like code the CSP would refuse (zod stays in main)', () => {
  const assets = join(REPO_ROOT, 'out/renderer/assets');
  const scripts = readdirSync(assets).filter((name) => name.endsWith('.js'));
  expect(scripts.length).toBeGreaterThan(0);
  for (const name of scripts) {
    const code = readFileSync(join(assets, name), 'utf8');
    expect(code.includes('new Function('), name).toBe(false);
  }
});
