/**
 * Files written by the previous release (tests/fixtures/history-0.1.0: compact conversation
 * files, the index as index.json + index.log, the search text as search.json + search.log) load
 * unchanged through the stores, and search finds in them what it found before.
 */
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryRepository } from '../../../../electron/core/history/repository';
import { nodeStorage } from '../../../../electron/core/storage/port';
import { tempDir } from './helpers';

const FIXTURE = join(import.meta.dirname, '../../../fixtures/history-0.1.0');

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir();
  cpSync(FIXTURE, temp.dir, { recursive: true });
});
afterEach(() => temp.remove());

const file = (path: string): string => readFileSync(join(temp.dir, 'history', path), 'utf8');

describe("the previous release's history files", () => {
  it('list, open and search unchanged, and a conversation file is not rewritten by reading it', async () => {
    const before = file('conversations/fixture-a.json');
    const repo = await HistoryRepository.open(nodeStorage(temp.dir));
    expect(repo.problems).toEqual([]);
    expect(repo.list().items.map((s) => [s.id, s.title, s.messageCount, s.interrupted])).toEqual([
      ['fixture-b', 'Café prices', 2, false],
      ['fixture-a', 'Kernel panic in ext4', 4, true],
    ]);
    const a = await repo.get('fixture-a');
    expect(a).toEqual(JSON.parse(before));
    expect(file('conversations/fixture-a.json')).toBe(before);

    await repo.searchReady();
    const hit = await repo.search('unmounted PART');
    expect(hit.items.map((h) => h.id)).toEqual(['fixture-a']);
    // 40 characters before the match, 80 after, white space collapsed: as the previous release cut it.
    expect(hit.items[0]?.snippet).toBe(
      '…el panic in **ext4**. Run `fsck` on the Unmounted partition. Überprüfen Sie die Festplatte. And then? Reboot.',
    );
    // In a word, across punctuation, with accents and case as before (lower-cased, not folded).
    expect((await repo.search('ounte')).total).toBe(1);
    expect((await repo.search('CAFÉ')).items.map((h) => h.id)).toEqual(['fixture-b']);
    expect((await repo.search('cafe')).total).toBe(0);
    expect((await repo.search('2,50 €')).items.map((h) => h.id)).toEqual(['fixture-b']);
    expect((await repo.search('überprüfen')).items.map((h) => h.id)).toEqual(['fixture-a']);
    // The old search text is replaced by the index: the files it was kept in are gone.
    expect(readdirSync(join(temp.dir, 'history')).filter((n) => n.startsWith('search.'))).toEqual([]);

    // A save through the store writes the same compact JSON the old release wrote.
    await repo.rename('fixture-b', 'Café prices, renamed');
    const saved = file('conversations/fixture-b.json');
    expect(saved).toBe(JSON.stringify(JSON.parse(saved)));
    const reopened = await HistoryRepository.open(nodeStorage(temp.dir));
    expect(reopened.list().items[0]?.title).toBe('Café prices, renamed');
    await reopened.searchReady();
    // The old title's words are gone from the text: no longer a hit, though the index still names them.
    expect((await reopened.search('prices, renamed')).total).toBe(1);
    expect((await reopened.search('café prices')).total).toBe(1);
  });
});
