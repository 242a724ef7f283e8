import { existsSync, readdirSync, readFileSync, writeFileSync, appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnswerRecording } from '../../../../electron/core/history/recorder';
import {
  conversationPath,
  HistoryRepository,
  type ImageInput,
} from '../../../../electron/core/history/repository';
import { nodeStorage } from '../../../../electron/core/storage/port';
import { failingStorage, ManualTimer, manualClock, tempDir, tinyPng } from './helpers';

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir();
});
afterEach(() => temp.remove());

const png = (seed: number): ImageInput => ({ bytes: tinyPng(seed), mime: 'image/png', width: 1, height: 1 });
const historyFiles = (sub = ''): string[] => readdirSync(join(temp.dir, 'history', sub)).sort();

/** Records one finished question/answer; returns the conversation id. */
async function ask(
  repo: HistoryRepository,
  prompt: string,
  answer: string,
  options: { image?: ImageInput; conversationId?: string } = {},
): Promise<string> {
  const recording = new AnswerRecording(
    repo,
    { prompt, model: 'gpt-4o-mini', ...options, ...(options.image ? {} : {}) },
    new ManualTimer(),
  );
  recording.append([{ choice: 0, content: answer }]);
  await recording.finish({ finishReason: 'stop', model: 'gpt-4o-mini-2024', usage: { total_tokens: 12 } });
  return recording.conversationId;
}

async function open(dir = temp.dir, now?: () => number): Promise<HistoryRepository> {
  return HistoryRepository.open(nodeStorage(dir), now ? { now } : {});
}

describe('HistoryRepository: conversations on disk', () => {
  it('lists newest first with paging, reopens from disk, and keeps every message field', async () => {
    const clock = manualClock();
    let repo = await open(temp.dir, clock.now);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(await ask(repo, `Question ${i}`, `Answer number ${i}`, { image: png(i) }));
      clock.advance(1000);
    }
    const first = repo.list({ offset: 0, limit: 2 });
    expect(first.total).toBe(5);
    expect(first.items.map((s) => s.id)).toEqual([ids[4], ids[3]]);
    expect(repo.list({ offset: 4, limit: 2 }).items.map((s) => s.id)).toEqual([ids[0]]);
    expect(first.items[0]).toMatchObject({
      title: 'Question 4',
      model: 'gpt-4o-mini-2024',
      messageCount: 2,
      interrupted: false,
    });
    expect(first.items[0]?.thumbnail).toMatch(/^[0-9a-f]{64}$/);

    repo = await open(temp.dir, clock.now);
    expect(repo.list().items.map((s) => s.id)).toEqual([...ids].reverse());
    const conversation = await repo.get(ids[2]!);
    expect(conversation.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(conversation.messages[0]?.parts[1]).toMatchObject({ type: 'image', mime: 'image/png', width: 1 });
    expect(conversation.messages[1]).toMatchObject({
      parts: [{ type: 'text', text: 'Answer number 2' }],
      finishReason: 'stop',
      usage: { total_tokens: 12 },
      model: 'gpt-4o-mini-2024',
    });
    expect(conversation.messages[1]?.streaming).toBeUndefined();
    expect(conversation.messages[1]?.timings?.finishedAt).toBeTypeOf('number');
  });

  it('continues a conversation, renames it, and finds it by text after a restart', async () => {
    let repo = await open();
    const id = await ask(repo, 'What is on screen?', 'A kernel panic in ext4.', { image: png(1) });
    await ask(repo, 'How do I fix it?', 'Run fsck on the Unmounted partition.', { conversationId: id });
    await ask(repo, 'Other', 'Nothing related.', { image: png(2) });
    await repo.rename(id, 'Kernel trouble');
    repo = await open();
    await repo.searchReady();
    const conversation = await repo.get(id);
    expect(conversation.title).toBe('Kernel trouble');
    expect(conversation.messages).toHaveLength(4);
    expect(conversation.messages.filter((m) => m.parts.some((p) => p.type === 'image'))).toHaveLength(1);
    const hits = await repo.search('UNMOUNTED partition');
    expect(hits.total).toBe(1);
    expect(hits.items[0]).toMatchObject({ id, title: 'Kernel trouble' });
    expect(hits.items[0]?.snippet).toContain('Unmounted partition');
    expect((await repo.search('kernel trouble')).total).toBe(1);
    expect((await repo.search('no such words')).total).toBe(0);
  });

  it('deletes a conversation with its own images and keeps an image another conversation uses', async () => {
    const repo = await open();
    const shared = png(7);
    const a = await ask(repo, 'A', 'a', { image: shared });
    const b = await ask(repo, 'B', 'b', { image: shared });
    const c = await ask(repo, 'C', 'c', { image: png(8) });
    expect(historyFiles('images')).toHaveLength(2);
    expect(await repo.delete(a)).toEqual({ deleted: true, imagesRemoved: 0 });
    expect(historyFiles('images')).toHaveLength(2);
    expect(await repo.delete(c)).toEqual({ deleted: true, imagesRemoved: 1 });
    expect(historyFiles('images')).toHaveLength(1);
    expect(await repo.delete(b)).toEqual({ deleted: true, imagesRemoved: 1 });
    expect(historyFiles('images')).toEqual([]);
    expect(historyFiles('conversations')).toEqual([]);
    await repo.searchReady();
    expect((await repo.search('a')).total).toBe(0);
    expect((await open()).list().total).toBe(0);
  });
});

describe('HistoryRepository: damaged files are set aside, never lost', () => {
  it.each([
    ['not JSON', '{"version":1,"id":'],
    ['empty', ''],
    ['valid JSON, wrong shape', '{"version":1,"id":"x","messages":"no"}'],
  ])(
    'moves a %s conversation file aside as …corrupt-<timestamp>, reports it, and keeps the others',
    async (_name, text) => {
      let repo = await open();
      const broken = await ask(repo, 'Broken', 'one');
      const fine = await ask(repo, 'Fine', 'two');
      writeFileSync(join(temp.dir, conversationPath(broken)), text);
      repo = await open();
      await expect(repo.get(broken)).rejects.toThrow(/no longer in the history/);
      const aside = historyFiles('conversations').find((f) => f.startsWith(`${broken}.json.corrupt-`));
      expect(aside).toBeDefined();
      expect(readFileSync(join(temp.dir, 'history/conversations', aside!), 'utf8')).toBe(text);
      expect(repo.problems.join('\n')).toContain(aside);
      expect((await repo.get(fine)).title).toBe('Fine');
      expect(repo.list().items.map((s) => s.id)).toEqual([fine]);
    },
  );

  it('leaves a conversation written by a newer Glimpse exactly where it is', async () => {
    let repo = await open();
    const id = await ask(repo, 'Future', 'one');
    const text = JSON.stringify({ version: 99, id, title: 'From the future', messages: 'new format' });
    writeFileSync(join(temp.dir, conversationPath(id)), text);
    repo = await open();
    await expect(repo.get(id)).rejects.toThrow(/no longer in the history/);
    expect(readFileSync(join(temp.dir, conversationPath(id)), 'utf8')).toBe(text);
    expect(historyFiles('conversations')).toEqual([`${id}.json`]);
    expect(repo.problems.join('\n')).toMatch(/newer version of Glimpse/);
  });

  it('rebuilds a corrupt or missing index from the conversation files', async () => {
    let repo = await open();
    const ids = [await ask(repo, 'One', '1'), await ask(repo, 'Two', '2')];
    await repo.compact();
    writeFileSync(join(temp.dir, 'history/index.json'), '{"version":1,"entries":[["tru');
    repo = await open();
    expect(
      repo
        .list()
        .items.map((s) => s.id)
        .sort(),
    ).toEqual([...ids].sort());
    expect(historyFiles().some((f) => f.startsWith('index.json.corrupt-'))).toBe(true);
    expect(repo.problems.length).toBeGreaterThan(0);

    rmSync(join(temp.dir, 'history/index.json'));
    rmSync(join(temp.dir, 'history/index.log'));
    repo = await open();
    expect(repo.list().total).toBe(2);
  });

  it('lists a conversation whose file was written but not its index line (a crash between the two)', async () => {
    let repo = await open();
    const listed = await ask(repo, 'Listed', '1');
    const orphan = await ask(repo, 'Orphan', '2');
    const file = readFileSync(join(temp.dir, conversationPath(orphan)));
    await repo.delete(orphan);
    writeFileSync(join(temp.dir, conversationPath(orphan)), file);
    repo = await open();
    expect(await repo.reconciled()).toBe(1);
    expect(
      repo
        .list()
        .items.map((s) => s.id)
        .sort(),
    ).toEqual([listed, orphan].sort());
    await repo.searchReady();
    expect((await repo.search('orphan')).items.map((s) => s.id)).toEqual([orphan]);
  });

  it('ignores a half-written last journal line (a crash mid-append) and keeps appending safely', async () => {
    let repo = await open();
    const first = await ask(repo, 'First', '1');
    appendFileSync(join(temp.dir, 'history/index.log'), '{"op":"put","key":"half-writ');
    repo = await open();
    expect(repo.list().items.map((s) => s.id)).toEqual([first]);
    expect(repo.problems).toEqual([]);
    const second = await ask(repo, 'Second', '2');
    repo = await open();
    expect(
      repo
        .list()
        .items.map((s) => s.id)
        .sort(),
    ).toEqual([first, second].sort());
  });

  it('sets aside a journal with a damaged line in the middle and recovers from the files', async () => {
    let repo = await open();
    await ask(repo, 'First', '1');
    appendFileSync(join(temp.dir, 'history/index.log'), 'garbage\n');
    await ask(repo, 'Second', '2');
    repo = await open();
    expect(repo.list().total).toBe(2);
    expect(historyFiles().some((f) => f.startsWith('index.log.corrupt-'))).toBe(true);
    expect(repo.problems.join('\n')).toMatch(/damaged line/);
  });
});

describe('HistoryRepository: a disk that refuses writes', () => {
  it.each([
    ['EROFS', /read-only/],
    ['ENOSPC', /disk is full/],
  ] as const)(
    '%s: says so plainly, keeps the answer in memory, and saves it once the disk is back',
    async (code, words) => {
      const { storage, stores, failing } = failingStorage(temp.dir, code);
      const problems: string[] = [];
      const repo = await HistoryRepository.open(storage, { stores, onProblem: (p) => problems.push(p) });
      await repo.searchReady();
      failing.on = true;
      const id = await ask(repo, 'Kept in memory', 'This answer must survive.', { image: png(3) });
      expect(problems.length).toBeGreaterThan(0);
      expect(problems[0]).toMatch(words);
      expect(problems[0]).toContain(temp.dir);
      expect(repo.unsavedCount).toBe(1);
      expect(repo.list().items[0]?.id).toBe(id);
      expect((await repo.get(id)).messages[1]?.parts[0]).toEqual({
        type: 'text',
        text: 'This answer must survive.',
      });
      await expect(repo.rename(id, 'x')).rejects.toThrow(words);
      expect(existsSync(join(temp.dir, conversationPath(id)))).toBe(false);

      failing.on = false;
      await ask(repo, 'Follow-up', 'Disk is back.', { conversationId: id });
      expect(repo.unsavedCount).toBe(0);
      const reopened = await open();
      expect((await reopened.get(id)).messages).toHaveLength(4);
    },
  );
});
