/**
 * OCR never touches the network: a child process runs it with sockets, DNS and fetch refused
 * and recorded in every thread (the OCR worker thread included), from a working folder where
 * no language file exists, and must still read the text.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PRIVACY_FIXTURES } from '../../../fixtures/privacy/manifest';

const ROOT = join(import.meta.dirname, '../../../..');
const work = mkdtempSync(join(tmpdir(), 'glimpse-ocr-offline-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function runOffline(...args: string[]) {
  const log = join(work, `net-${args.length}.log`);
  const child = spawnSync(
    process.execPath,
    [
      '--require',
      join(import.meta.dirname, 'support/deny-network.cjs'),
      '--import',
      pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href,
      join(import.meta.dirname, 'support/ocr-child.ts'),
      ...args,
    ],
    // An empty working folder: a cached or downloaded .traineddata would have to appear here.
    { cwd: work, env: { ...process.env, GLIMPSE_NET_LOG: log }, encoding: 'utf8' },
  );
  const lines = readFileSync(log, 'utf8').trim().split('\n');
  return { child, lines };
}

describe('OCR offline', () => {
  it('reads a screen with the network refused in every thread, and attempts no connection', () => {
    const { child, lines } = runOffline(join(PRIVACY_FIXTURES, 'checkout@1x.png'));
    expect(child.stderr).not.toMatch(/network access refused/);
    expect(child.status).toBe(0);
    expect(child.stdout).toContain('Card information');
    // The guard was loaded in the main thread and in Tesseract's worker thread…
    const loaded = lines.filter((l) => l.startsWith('loaded ')).map((l) => l.split(' ')[1]);
    const ocrThread = lines.find((l) => l.startsWith('tesseract-worker '))?.split(' ')[1];
    expect(loaded).toContain('0');
    expect(ocrThread).toBeDefined();
    expect(ocrThread).not.toBe('0');
    expect(loaded).toContain(ocrThread);
    // …and nothing tried to connect, look up a host or fetch.
    expect(lines.filter((l) => l.startsWith('attempt '))).toEqual([]);
    // No language data was cached into the working folder.
    expect(readdirSync(work).filter((f) => f.includes('traineddata'))).toEqual([]);
  }, 60_000);

  it('reads English and French together from the installed packages, offline too', () => {
    const dataDir = join(work, 'ocr-data');
    const { child, lines } = runOffline(join(PRIVACY_FIXTURES, 'mail@2x.png'), 'eng+fra', dataDir);
    expect(child.status).toBe(0);
    expect(child.stdout).toContain('déjeuner');
    expect(lines.filter((l) => l.startsWith('attempt '))).toEqual([]);
    expect(readdirSync(dataDir).sort()).toEqual(['eng.traineddata.gz', 'fra.traineddata.gz']);
  }, 60_000);
});
