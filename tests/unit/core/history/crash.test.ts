/**
 * A real process killed (SIGKILL) while it writes the history; then the history is reopened.
 * Nothing may be corrupt, and a streaming answer must be there, marked interrupted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Conversation } from '../../../../shared/history-schema';
import {
  conversationPath,
  HistoryRepository,
  messageText,
} from '../../../../electron/core/history/repository';
import { nodeStorage } from '../../../../electron/core/storage/port';
import { tempDir } from './helpers';

const CHILD = join(import.meta.dirname, 'crash-child.ts');

let temp: ReturnType<typeof tempDir>;
let child: ChildProcess | undefined;
beforeEach(() => {
  temp = tempDir('glimpse-crash-');
});
afterEach(() => {
  child?.kill('SIGKILL');
  temp.remove();
});

/** Starts the child and resolves with its conversation id; `onLine` sees every later line. */
function start(mode: 'stream' | 'hammer' | 'raw', onLine: (line: string) => void): Promise<string> {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, temp.dir], {
    cwd: join(import.meta.dirname, '../../../..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child = proc;
  return new Promise((resolve, reject) => {
    let buffer = '';
    proc.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
    proc.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('conversation ')) resolve(line.slice(13));
        else onLine(line);
      }
    });
  });
}

function killed(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    proc.removeAllListeners('exit');
    proc.once('exit', () => resolve());
    proc.kill('SIGKILL');
  });
}

/** The answer text now on disk, or '' while the file is missing or being replaced. */
function savedText(id: string): string {
  try {
    const conversation = JSON.parse(
      readFileSync(join(temp.dir, conversationPath(id)), 'utf8'),
    ) as Conversation;
    const message = conversation.messages.at(-1);
    return message ? messageText(message) : '';
  } catch {
    return '';
  }
}

describe('a process killed while saving', () => {
  it('keeps a streaming answer up to its last save, marked interrupted, after SIGKILL', async () => {
    let ticks = 0;
    let id = '';
    let seenSaved = '';
    const enough = new Promise<void>((resolve) => {
      void start('stream', (line) => {
        if (!line.startsWith('tick ')) return;
        ticks++;
        // Wait for a timed save to reach the disk, then for more text after it, then kill.
        if (!seenSaved && ticks % 10 === 0 && id) seenSaved = savedText(id);
        if (seenSaved && ticks % 10 === 5) resolve();
      }).then((value) => (id = value));
    });
    await enough;
    await killed(child!);

    const repo = await HistoryRepository.open(nodeStorage(temp.dir));
    expect(repo.problems).toEqual([]);
    const conversation = await repo.get(id);
    const answer = conversation.messages[1]!;
    const text = messageText(answer);
    expect(text.startsWith(seenSaved)).toBe(true);
    expect(text.length).toBeGreaterThanOrEqual(seenSaved.length);
    expect(text).toMatch(/^word0 word1 (word\d+ )*$/);
    expect(answer.interrupted).toBe(true);
    expect(answer.streaming).toBeUndefined();
    expect(repo.list().items[0]).toMatchObject({ id, interrupted: true });
    // The recovered text is searchable too.
    await repo.searchReady();
    expect((await repo.search('word1 ')).items.map((hit) => hit.id)).toEqual([id]);
    // The stray temporary file of an interrupted write is cleaned up; nothing was set aside.
    await repo.reconciled();
    expect(readdirSync(join(temp.dir, 'history/conversations'))).toEqual([`${id}.json`]);
  });

  it('never leaves a torn conversation file when killed in the middle of rewriting it', async () => {
    for (let round = 0; round < 3; round++) {
      let saves = 0;
      let resolveEnough = (): void => {};
      const enough = new Promise<void>((resolve) => (resolveEnough = resolve));
      // Kill at a different point of the write each round: right after a save was reported.
      const id = await start('hammer', (line) => {
        if (line.startsWith('saved ') && ++saves === 2 + round) resolveEnough();
      });
      await enough;
      await killed(child!);

      const repo = await HistoryRepository.open(nodeStorage(temp.dir));
      expect(repo.problems).toEqual([]);
      const text = messageText((await repo.get(id)).messages[0]!);
      const match = /^v(\d+):/.exec(text);
      expect(match).not.toBeNull();
      const n = Number(match![1]);
      expect(n).toBeGreaterThanOrEqual(saves - 1);
      expect(text).toBe(`v${n}:${String(n % 10).repeat(2_000_000)}`);
      temp.remove();
      temp = tempDir('glimpse-crash-');
    }
  });

  it('an atomic write killed at any point leaves the old file or the new one, whole', async () => {
    const SIZE = 16 * 1024 * 1024;
    /** Version n exactly as the child writes it: a "v<n>:" header, then n % 251 to the end. */
    const version = (n: number): Buffer => {
      const bytes = Buffer.alloc(SIZE, n % 251);
      bytes.write(`v${n}:`.padEnd(16, ' '));
      return bytes;
    };
    // Kill points, each reached by waiting for a condition on disk, not for a time: the next
    // write's temporary file just created, then holding a quarter, a half, three quarters and
    // all of the bytes (flushing or renaming), and right after a save was reported.
    const points: { name: string; reached: (temporaryBytes: number | null) => boolean }[] = [
      ...[0, 0.25, 0.5, 0.75, 1].map((share) => ({
        name: `temporary file at ${share * 100} %`,
        reached: (temporaryBytes: number | null) => temporaryBytes !== null && temporaryBytes >= share * SIZE,
      })),
      { name: 'right after a save', reached: () => true },
    ];
    for (const point of points) {
      let saved = -1;
      let resolveSaved = (): void => {};
      const firstSave = new Promise<void>((resolve) => (resolveSaved = resolve));
      await start('raw', (line) => {
        if (!line.startsWith('saved ')) return;
        saved = Number(line.slice(6));
        resolveSaved();
      });
      await firstSave; // raw.bin exists: a kill from now on must leave it whole
      const savedBefore = saved;
      // Poll the folder for the next write's temporary file (its name is .raw.bin.tmp-<pid>-…).
      for (;;) {
        const temporary = readdirSync(temp.dir).find((name) => name.startsWith('.raw.bin.tmp-'));
        let bytes: number | null;
        try {
          bytes = temporary === undefined ? null : statSync(join(temp.dir, temporary)).size;
        } catch {
          bytes = null; // renamed meanwhile
        }
        if (point.reached(bytes) && (point.name === 'right after a save' ? saved > savedBefore : true)) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      await killed(child!);
      const bytes = readFileSync(join(temp.dir, 'raw.bin'));
      const n = Number(/^v(\d+):/.exec(bytes.subarray(0, 16).toString('latin1'))?.[1]);
      // The last version reported saved or a newer one (its line may still be in the pipe) ...
      expect(n, point.name).toBeGreaterThanOrEqual(saved);
      // ... and whole: every byte of exactly that version.
      expect(bytes.equals(version(n)), `${point.name}: raw.bin is version ${n}, byte for byte`).toBe(true);
      temp.remove();
      temp = tempDir('glimpse-crash-');
    }
  });
});
