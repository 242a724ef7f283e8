/**
 * A real process killed (SIGKILL) while it writes the history; then the history is reopened.
 * Nothing may be corrupt, and a streaming answer must be there, marked interrupted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
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
    for (let round = 0; round < 4; round++) {
      let saves = 0;
      let resolveEnough = (): void => {};
      const enough = new Promise<void>((resolve) => (resolveEnough = resolve));
      await start('raw', (line) => {
        if (line.startsWith('saved ') && ++saves === 1) resolveEnough();
      });
      await enough;
      // Land the kill at a different point of the next write each round.
      await new Promise((resolve) => setTimeout(resolve, round * 7));
      await killed(child!);
      const bytes = readFileSync(join(temp.dir, 'raw.bin'));
      const n = Number(/^v(\d+):/.exec(bytes.subarray(0, 16).toString('latin1'))?.[1]);
      expect(n).toBeGreaterThanOrEqual(0);
      expect(bytes.byteLength).toBe(16 * 1024 * 1024);
      expect(bytes.at(-1)).toBe(n % 251);
    }
  });
});
