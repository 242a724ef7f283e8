/**
 * The search index on disk: hits are exactly those of the plain substring search it replaced,
 * whatever state its files are in; damaged or missing files are rebuilt from the conversations.
 */
import { appendFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryRepository, conversationText } from '../../../../electron/core/history/repository';
import { nodeStorage } from '../../../../electron/core/storage/port';
import type { Conversation } from '../../../../shared/history-schema';
import { manualClock, tempDir } from './helpers';

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir();
});
afterEach(() => temp.remove());

const TEXTS = [
  'The Unmounted partition needs fsck.',
  'unmount it first, then mount',
  'Résumé: naïve café — 2,50 €',
  'word1 word10 word11',
  'Stack trace: TypeError at line 42',
  'x',
];
const QUERIES = [
  'mount',
  'unmounted partition',
  'ount it',
  'RÉSUMÉ',
  'café —',
  '€',
  'word1',
  'd1 wo',
  'e',
  '42',
  ' x ',
  ':',
  'nothing',
];

async function seeded(): Promise<{ repo: HistoryRepository; conversations: Conversation[] }> {
  const clock = manualClock();
  const repo = await HistoryRepository.open(nodeStorage(temp.dir), { now: clock.now });
  const conversations: Conversation[] = [];
  for (const [i, text] of TEXTS.entries()) {
    const c = repo.draft(`Note ${i}`);
    c.messages.push({
      id: `m${i}`,
      role: 'assistant',
      createdAt: clock.now(),
      parts: [{ type: 'text', text }],
    });
    await repo.commit(c);
    conversations.push(c);
    clock.advance(1000);
  }
  return { repo, conversations };
}

/** What the previous release's search answered: a substring of the lower-cased text, newest first. */
function expected(conversations: Conversation[], query: string): string[] {
  const needle = query.trim().toLowerCase();
  return [...conversations]
    .reverse()
    .filter((c) => conversationText(c).toLowerCase().includes(needle))
    .map((c) => c.id);
}

describe('the search index', () => {
  it('finds exactly what the substring search found, before and after a restart', async () => {
    const { repo, conversations } = await seeded();
    for (const query of QUERIES)
      expect(
        (await repo.search(query)).items.map((h) => h.id),
        query,
      ).toEqual(expected(conversations, query));
    const reopened = await HistoryRepository.open(nodeStorage(temp.dir));
    for (const query of QUERIES)
      expect(
        (await reopened.search(query)).items.map((h) => h.id),
        query,
      ).toEqual(expected(conversations, query));
  });

  it('drops words a conversation lost (rename) and finds new ones, after its postings are moved into shards', async () => {
    const { repo, conversations } = await seeded();
    await repo.rename(conversations[0]!.id, 'Disk trouble');
    await repo.compact();
    const reopened = await HistoryRepository.open(nodeStorage(temp.dir));
    expect((await reopened.search('note 0')).total).toBe(0);
    expect((await reopened.search('disk trouble')).items.map((h) => h.id)).toEqual([conversations[0]!.id]);
  });

  it.each([
    ['missing', (dir: string) => rmSync(join(dir, 'history/search'), { recursive: true })],
    [
      'with a damaged shard',
      (dir: string) => {
        for (const name of readdirSync(join(dir, 'history/search')).filter((n) => n.startsWith('shard-')))
          writeFileSync(join(dir, 'history/search', name), 'garbage without a tab\n');
      },
    ],
    [
      'of another format',
      (dir: string) => writeFileSync(join(dir, 'history/search/meta.json'), '{"format":99}'),
    ],
    [
      'with a half-written pending line',
      (dir: string) => appendFileSync(join(dir, 'history/search/pending.log'), '{"n":1,"t":["ha'),
    ],
  ])('is rebuilt from the conversation files when %s', async (_name, damage) => {
    const { repo, conversations } = await seeded();
    await repo.compact();
    damage(temp.dir);
    const reopened = await HistoryRepository.open(nodeStorage(temp.dir));
    for (const query of QUERIES)
      expect(
        (await reopened.search(query)).items.map((h) => h.id),
        query,
      ).toEqual(expected(conversations, query));
    // And keeps working after the rebuild.
    const again = await HistoryRepository.open(nodeStorage(temp.dir));
    expect((await again.search('unmounted')).total).toBe(1);
  });

  it('holds no conversation text in memory between searches (only ids and the vocabulary)', async () => {
    const { repo } = await seeded();
    await repo.compact();
    const files = readdirSync(join(temp.dir, 'history/search'));
    expect(files).toContain('docs.log');
    expect(files.filter((n) => n.startsWith('shard-'))).toHaveLength(64);
    expect(readdirSync(join(temp.dir, 'history')).filter((n) => n.startsWith('search.'))).toEqual([]);
  });
});
