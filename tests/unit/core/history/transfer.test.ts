import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnswerRecording } from '../../../../electron/core/history/recorder';
import { HistoryRepository } from '../../../../electron/core/history/repository';
import {
  conversationMarkdown,
  exportArchive,
  exportTo,
  importArchive,
  parseArchive,
} from '../../../../electron/core/history/transfer';
import { nodeStorage } from '../../../../electron/core/storage/port';
import { ManualTimer, tempDir, tinyPng } from './helpers';

let source: ReturnType<typeof tempDir>;
let target: ReturnType<typeof tempDir>;
beforeEach(() => {
  source = tempDir();
  target = tempDir();
});
afterEach(() => {
  source.remove();
  target.remove();
});

async function filled(): Promise<{ repo: HistoryRepository; ids: string[] }> {
  const repo = await HistoryRepository.open(nodeStorage(source.dir));
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const recording = new AnswerRecording(
      repo,
      {
        prompt: `Question ${i}`,
        model: 'm',
        image: { bytes: tinyPng(i % 2), mime: 'image/png', width: 1, height: 1 },
      },
      new ManualTimer(),
    );
    recording.append([
      { choice: 0, content: `**Answer** ${i}\n\n\`\`\`js\ncode()\n\`\`\`` },
      { choice: 1, content: 'alt' },
    ]);
    if (i === 2) await recording.fail('Stopped.');
    else await recording.finish({ finishReason: 'stop', model: 'm', usage: { total_tokens: 3 } });
    ids.push(recording.conversationId);
  }
  return { repo, ids };
}

describe('export and import', () => {
  it('round-trips every conversation and image losslessly through the JSON archive', async () => {
    const { repo, ids } = await filled();
    const path = await exportTo(repo, { format: 'json', dir: join(source.dir, 'out') });
    const archive = parseArchive(readFileSync(path));
    expect(Object.keys(archive.images)).toHaveLength(2);

    const copy = await HistoryRepository.open(nodeStorage(target.dir));
    expect(await importArchive(copy, archive)).toEqual({ imported: 3, skipped: 0, rejected: 0 });
    for (const id of ids) expect(await copy.get(id)).toEqual(await repo.get(id));
    for (const [hash] of Object.entries(archive.images))
      expect(Buffer.from((await copy.readImage(hash)).bytes)).toEqual(
        Buffer.from((await repo.readImage(hash)).bytes),
      );
    expect(copy.list()).toEqual(repo.list());

    // After a restart too, and searchable.
    const reopened = await HistoryRepository.open(nodeStorage(target.dir));
    await reopened.searchReady();
    expect((await reopened.search('answer** 1')).total).toBe(1);
    expect(await exportArchive(reopened)).toEqual({
      ...(await exportArchive(repo)),
      exportedAt: expect.any(Number) as number,
    });
  });

  it('never overwrites: conversations already present (by id) are skipped, the rest imported', async () => {
    const { repo, ids } = await filled();
    const archive = await exportArchive(repo);
    const copy = await HistoryRepository.open(nodeStorage(target.dir));
    await importArchive(copy, await exportArchive(repo, [ids[0]!]));
    await copy.rename(ids[0]!, 'Renamed here');
    expect(await importArchive(copy, archive)).toEqual({ imported: 2, skipped: 1, rejected: 0 });
    expect((await copy.get(ids[0]!)).title).toBe('Renamed here');
    expect(await importArchive(copy, archive)).toEqual({ imported: 0, skipped: 3, rejected: 0 });
    expect(copy.list().total).toBe(3);
  });

  it('rejects an image whose bytes do not match its hash, and files that are not archives', async () => {
    const { repo } = await filled();
    const archive = await exportArchive(repo);
    const [hash] = Object.keys(archive.images);
    archive.images[hash!]!.base64 = Buffer.from('tampered').toString('base64');
    const copy = await HistoryRepository.open(nodeStorage(target.dir));
    expect((await importArchive(copy, archive)).rejected).toBe(1);
    await expect(copy.readImage(hash!)).rejects.toThrow(/no longer/);
    expect(() => parseArchive(Buffer.from('not json'))).toThrow(/not a Glimpse history export/);
    expect(() => parseArchive(Buffer.from('{"format":"other"}'))).toThrow(/not a Glimpse history export/);
  });

  it('streams the same archive to disk, each conversation once however often it was asked for', async () => {
    const { repo, ids } = await filled();
    const path = await exportTo(repo, { format: 'json', ids: [ids[0]!, ids[0]!, ids[1]!], dir: source.dir });
    const written = parseArchive(readFileSync(path));
    const built = await exportArchive(repo, [ids[0]!, ids[1]!]);
    expect({ ...written, exportedAt: 0 }).toEqual({ ...built, exportedAt: 0 });
    expect(written.conversations.map((c) => c.id)).toEqual([ids[0], ids[1]]);
  });

  it('never overwrites a conversation file on disk that the list does not show (a newer version)', async () => {
    const { repo, ids } = await filled();
    const archive = await exportArchive(repo);
    const copy = await HistoryRepository.open(nodeStorage(target.dir));
    const newer = JSON.stringify({ id: ids[1], version: 99, from: 'a newer Glimpse' });
    await copy.storage.writeAtomic(`history/conversations/${ids[1]!}.json`, newer);
    expect(await importArchive(copy, archive)).toEqual({ imported: 2, skipped: 1, rejected: 0 });
    const onDisk = await copy.storage.read(`history/conversations/${ids[1]!}.json`);
    expect(Buffer.from(onDisk!).toString('utf8')).toBe(newer);
  });

  it('refuses images of an unknown type or that no imported conversation uses', async () => {
    const { repo } = await filled();
    const archive = await exportArchive(repo);
    const [hash] = Object.keys(archive.images);
    archive.images[hash!]!.mime = 'constructor';
    const orphan = Buffer.from('an image nobody uses');
    const { createHash } = await import('node:crypto');
    const orphanHash = createHash('sha256').update(orphan).digest('hex');
    archive.images[orphanHash] = { mime: 'image/png', base64: orphan.toString('base64') };
    const copy = await HistoryRepository.open(nodeStorage(target.dir));
    expect((await importArchive(copy, archive)).rejected).toBe(2);
    const stored = readdirSync(join(target.dir, 'history', 'images'));
    expect(stored.some((name) => name.includes('function') || name.startsWith(orphanHash))).toBe(false);
  });

  it('writes Markdown with the images beside it', async () => {
    const { repo } = await filled();
    const folder = await exportTo(repo, { format: 'markdown', dir: join(source.dir, 'out') });
    const files = readdirSync(folder).sort();
    expect(files.filter((f) => f.endsWith('.md'))).toHaveLength(3);
    expect(readdirSync(join(folder, 'images'))).toHaveLength(2);
    const markdown = readFileSync(
      join(
        folder,
        files.find((f) => f.startsWith('question-2'))!,
      ),
      'utf8',
    );
    expect(markdown).toContain('# Question 2');
    expect(markdown).toMatch(/!\[1×1\]\(images\/[0-9a-f]{64}\.png\)/);
    expect(markdown).toContain('```js\ncode()\n```');
    expect(markdown).toContain('> _Stopped before the end; the text above is what arrived._');
    expect(markdown).toContain('### Alternative 1');
    for (const link of markdown.matchAll(/\]\((images\/[^)]+)\)/g))
      expect(readdirSync(join(folder, 'images'))).toContain(link[1]!.slice(7));
  });

  it('says in Markdown which question had sharp-text tiles and which answer was regenerated', () => {
    const text = (t: string) => [{ type: 'text' as const, text: t }];
    const markdown = conversationMarkdown({
      version: 1,
      id: 'c1',
      title: 'Small print',
      createdAt: 0,
      updatedAt: 0,
      messages: [
        { id: 'u', role: 'user', createdAt: 0, parts: text('Read it.'), sharpText: { rows: 3, columns: 2 } },
        { id: 'a1', role: 'assistant', createdAt: 1, parts: text('First.') },
        { id: 'a2', role: 'assistant', createdAt: 2, parts: text('Second.'), regenerated: true },
      ],
    });
    expect(markdown).toContain('## You\n\n_Sent with sharp text: 3 × 2 full-resolution tiles._');
    expect(markdown).toContain('## Glimpse, regenerated answer\n\nSecond.');
    expect(markdown.match(/regenerated/g)).toHaveLength(1);
  });

  // Issue 14.6: "Interrupted" was written under an answer that never came.
  it('says in Markdown that a request failed with no answer, and that a broken one kept its text', () => {
    const text = (t: string) => [{ type: 'text' as const, text: t }];
    const markdown = conversationMarkdown({
      version: 1,
      id: 'c2',
      title: 'Key',
      createdAt: 0,
      updatedAt: 0,
      messages: [
        { id: 'u', role: 'user', createdAt: 0, parts: text('Read it.') },
        {
          id: 'a1',
          role: 'assistant',
          createdAt: 1,
          parts: text(''),
          failed: true,
          error: 'HTTP 401 from x.',
        },
        // Written before `failed` existed: nothing arrived, yet marked interrupted.
        { id: 'a2', role: 'assistant', createdAt: 2, parts: text(''), interrupted: true, error: 'Refused.' },
        { id: 'a3', role: 'assistant', createdAt: 3, parts: text('Half'), interrupted: true, error: 'Cut.' },
      ],
    });
    expect(markdown).toContain('> _Failed, no answer arrived: HTTP 401 from x._');
    expect(markdown).toContain('> _Failed, no answer arrived: Refused._');
    expect(markdown).toContain('Half\n\n> _Interrupted; the text above is what arrived. Cut._');
    expect(markdown.match(/Interrupted/g)).toHaveLength(1);
  });

  it('says a stopped answer was stopped (not "Interrupted: Stopped: …") and marks content_filter and length', () => {
    const text = (t: string) => [{ type: 'text' as const, text: t }];
    const markdown = conversationMarkdown({
      version: 1,
      id: 'c3',
      title: 'Endings',
      createdAt: 0,
      updatedAt: 0,
      messages: [
        { id: 'u', role: 'user', createdAt: 0, parts: text('Read it.') },
        // The chat client's own words for a stop, as the recorder stores them.
        {
          id: 'a1',
          role: 'assistant',
          createdAt: 1,
          parts: text('Part one'),
          interrupted: true,
          error: 'Stopped: the request was cancelled.',
        },
        {
          id: 'a2',
          role: 'assistant',
          createdAt: 2,
          parts: text('Filtered'),
          finishReason: 'content_filter',
        },
        { id: 'a3', role: 'assistant', createdAt: 3, parts: text('Long'), finishReason: 'length' },
      ],
    });
    expect(markdown).toContain('Part one\n\n> _Stopped before the end; the text above is what arrived._');
    expect(markdown).not.toMatch(/Interrupted|Stopped: the request/);
    expect(markdown).toContain("Filtered\n\n> _Stopped by the provider's content filter");
    expect(markdown).toContain('Long\n\n> _Cut at the token limit');
  });

  it('names a bad file and says why: not JSON, not an export, newer, damaged', () => {
    const bad = (text: string) => () => parseArchive(Buffer.from(text), 'x.json');
    expect(bad('nope')).toThrow(
      '“x.json” is not a Glimpse history export: it is not JSON. Nothing was imported.',
    );
    expect(bad('[1]')).toThrow(/^“x\.json” is not a Glimpse history export: it is JSON, but not an export/);
    expect(bad('{"format":"glimpse-history","version":2}')).toThrow(/newer version of Glimpse/);
    expect(bad('{"format":"glimpse-history","version":1,"conversations":[{}]}')).toThrow(/damaged/);
  });
});
