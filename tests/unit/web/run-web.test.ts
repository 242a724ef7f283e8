/**
 * `npm run web` from its argv and environment: GLIMPSE_DATA_DIR is where settings and history
 * go (web mode ignored it and always used a temporary folder), and a port in use is one clear
 * line and exit 1 (it was Node's raw EADDRINUSE stack).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWebCli, type WebCliIo } from '../../../electron/web/run-web';

let root: string;
let rendererDir: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'glimpse-run-web-'));
  rendererDir = join(root, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'web.html'), '<!doctype html><title>web</title>');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function io(
  argv: string[],
  env: Record<string, string> = {},
): WebCliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return {
    argv,
    env,
    cwd: root,
    out: (line) => lines.push(line),
    err: (line) => errors.push(line),
    build: () => rendererDir,
    lines,
    errors,
  };
}

describe('npm run web', () => {
  it('keeps settings and history in GLIMPSE_DATA_DIR (relative to the working folder), and says so', async () => {
    const run = io([], { GLIMPSE_DATA_DIR: 'web-data' });
    const result = await runWebCli(run);
    expect(result.code).toBe(0);
    if (result.code !== 0) return;
    await result.server.close();
    const dir = join(root, 'web-data');
    expect(existsSync(dir)).toBe(true);
    // The folder is kept after close, with the stores in it.
    expect(readdirSync(dir).length).toBeGreaterThan(0);
    expect(run.lines.join('\n')).toContain(dir);
  });

  it('a port in use: one line naming the port and what to do, exit 1, no stack', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = io(['--port', String(port)]);
      const result = await runWebCli(run);
      expect(result.code).toBe(1);
      expect(run.errors).toHaveLength(1);
      expect(run.errors[0]).toMatch(new RegExp(`port ${port} .*already in use.*--port`));
      expect(run.errors[0]).not.toMatch(/EADDRINUSE|at .*\.js|\n/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('a bad --port is a usage error (exit 2)', async () => {
    const run = io(['--port', 'http']);
    expect((await runWebCli(run)).code).toBe(2);
    expect(run.errors[0]).toMatch(/--port must be a number/);
  });
});
