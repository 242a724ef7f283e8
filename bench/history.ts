/**
 * `npm run bench -- history`: the history at 100, 1,000 and 10,000 stored conversations.
 *
 * Histories are generated into temp folders in the real on-disk format (conversation files,
 * index and search journals, compacted as after long use), with realistic sizes: one to three
 * turns per conversation, answers of about 1–4 KB of Markdown, an image reference per question.
 * Every figure is measured in this run, on this machine:
 * - first-page: open the repository cold (a new instance reading the files, which were evicted
 *   from the OS page cache just before: posix_fadvise DONTNEED on each file) and list 50 rows;
 *   first-page-warm: the same with the files in the page cache (as just written or just read);
 * - save: append one finished streamed answer (~2 KB) to a conversation that is open, which
 *   writes its file, one index line and one search line — the cost that must not grow with the
 *   history (baseline: the same save with 100 conversations);
 * - search: a case-insensitive word search across every message, once the search text is loaded;
 * - save-cpu: the same save with fsync left out, so that disk latency (noisy on a shared
 *   machine) does not hide whether our own cost grows;
 * - save against a single-file history: the same save at 10,000 against rewriting one JSON file
 *   holding the whole history (what a naive store does).
 * Medians of several runs (min and max beside them), sizes alternating. The files are flushed to
 * disk before anything is measured. Only the figures named cold evict them from the page cache;
 * on a virtual machine the host may still cache the disk, so "cold" is as cold as the guest can
 * make it.
 */
import { execFileSync } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { appendFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { HISTORY_VERSION, type Conversation, type StoredMessage } from '../shared/history-schema';
import { HistoryRepository } from '../electron/core/history/repository';
import { SearchIndex } from '../electron/core/history/search-index';
import { writeFileAtomic } from '../electron/core/storage/atomic-file';
import { nodeStorage, type StoragePort } from '../electron/core/storage/port';
import { InMemorySearch } from './history-baseline';
import { describeSpread, spreadOf, type Spread } from './measure';
import type { BenchContext } from './types';

// Heap figures need a full collection before each reading.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const SIZES = [100, 1_000, 10_000] as const;
const LABEL: Record<number, string> = { 100: '100', 1_000: '1k', 10_000: '10k' };
const OPEN_RUNS = 7;
const SAVE_RUNS = 101;
const SEARCH_RUNS = 9;
const NAIVE_RUNS = 5;
/** Appears in about 1 % of conversations. */
const RARE_WORD = 'Zyxomorph';

const WORDS =
  'the a of to and in is that for it with as on this be are from or by an at which window button error line function value file return table chart menu settings user screen code text image model request server token header field column row panel dialog shows means click select type open close save load build test run debug stack trace module import export const let async await promise'.split(
    ' ',
  );

/** A small deterministic PRNG, so every run generates the same histories. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function words(random: () => number, count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(WORDS[Math.floor(random() * WORDS.length)]!);
  return out.join(' ');
}

function answerText(random: () => number, bytes: number): string {
  const parts: string[] = [`## ${words(random, 4)}`];
  let size = 0;
  while (size < bytes) {
    const paragraph = random() < 0.15 ? `\`\`\`js\n${words(random, 12)}\n\`\`\`` : `${words(random, 40)}.`;
    parts.push(paragraph);
    size += paragraph.length + 2;
  }
  return parts.join('\n\n');
}

function hash(random: () => number): string {
  let out = '';
  for (let i = 0; i < 8; i++)
    out += Math.floor(random() * 0xffffffff)
      .toString(16)
      .padStart(8, '0');
  return out;
}

function conversation(index: number, random: () => number, start: number): Conversation {
  const id = `c${index.toString(36).padStart(6, '0')}-${hash(random).slice(0, 12)}`;
  const created = start + index * 60_000;
  const messages: StoredMessage[] = [];
  const turns = 1 + Math.floor(random() * 3);
  for (let t = 0; t < turns; t++) {
    const at = created + t * 20_000;
    messages.push({
      id: `${id}-u${t}`,
      role: 'user',
      createdAt: at,
      parts:
        t === 0
          ? [
              { type: 'text', text: 'Explain what is in this image.' },
              {
                type: 'image',
                hash: hash(random),
                mime: 'image/jpeg',
                width: 1600,
                height: 900,
                bytes: 180_000,
              },
            ]
          : [{ type: 'text', text: `${words(random, 8)}?` }],
    });
    let text = answerText(random, 1000 + Math.floor(random() * 3000));
    if (index % 100 === 7 && t === 0) text += ` ${RARE_WORD} appears here.`;
    messages.push({
      id: `${id}-a${t}`,
      role: 'assistant',
      createdAt: at + 500,
      parts: [{ type: 'text', text }],
      model: 'gpt-4o-mini-2024-07-18',
      usage: {
        prompt_tokens: 850,
        completion_tokens: Math.round(text.length / 4),
        total_tokens: 850 + Math.round(text.length / 4),
      },
      finishReason: 'stop',
      timings: { startedAt: at, firstTokenAt: at + 400, finishedAt: at + 6000 },
    });
  }
  return {
    version: HISTORY_VERSION,
    id,
    title: words(random, 5),
    createdAt: created,
    updatedAt: created + turns * 20_000,
    messages,
  };
}

/** The same files, without fsync (generation, and the save's CPU-only figure). */
function unsyncedStorage(root: string): StoragePort {
  const real = nodeStorage(root);
  return {
    ...real,
    async writeAtomic(path, data) {
      const full = real.resolve(path);
      await mkdir(dirname(full), { recursive: true });
      await writeFile(full, data);
    },
    async append(path, data) {
      await appendFile(real.resolve(path), data);
    },
  };
}

/**
 * Drops every file under `dir` from the OS page cache (posix_fadvise POSIX_FADV_DONTNEED, which
 * Node does not expose: one python3 process does it for the whole tree). The files must be
 * clean (synced), or their pages stay. Throws if it cannot, so that no warm figure is called cold.
 */
function evictFromPageCache(dir: string): void {
  const script = [
    'import os, sys',
    'for root, _, files in os.walk(sys.argv[1]):',
    '    for name in files:',
    '        fd = os.open(os.path.join(root, name), os.O_RDONLY)',
    '        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)',
    '        os.close(fd)',
  ].join('\n');
  try {
    execFileSync('python3', ['-c', script, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    throw new Error(
      `cannot evict the history from the page cache for the cold figures (python3 with os.posix_fadvise is needed): ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

export async function generate(size: number): Promise<{ dir: string; conversations: Conversation[] }> {
  const dir = await mkdtemp(join(tmpdir(), `glimpse-bench-history-${size}-`));
  const random = prng(size);
  const start = Date.UTC(2025, 0, 1);
  const conversations = Array.from({ length: size }, (_, i) => conversation(i, random, start));
  const repo = await HistoryRepository.open(unsyncedStorage(dir));
  await repo.searchReady();
  for (let i = 0; i < conversations.length; i += 1000)
    await repo.commitMany(conversations.slice(i, i + 1000));
  await repo.compact();
  // Generation skips fsync; flush now, or the first measured fsyncs pay for 30 MB of dirty pages
  // (as if the history had just been written) instead of for the save itself.
  execFileSync('sync');
  return { dir, conversations };
}

/**
 * Heap held by search at this size, in MB: ours (the index opened, one search done) against the
 * previous release's (every text and its lower-cased copy in memory). Each is measured from a
 * repository whose list is loaded, so only what search adds is counted.
 */
async function searchMemory(history: Generated): Promise<{ ours: number; before: number }> {
  const repo = await HistoryRepository.open(nodeStorage(history.dir));
  await repo.searchReady();
  await repo.reconciled();
  // What search keeps between searches: the index opened (ids, vocabulary, pending postings),
  // measured on an instance of its own so that nothing else the repository loads is counted.
  const bare = heapAfterGc();
  const index = await SearchIndex.open(nodeStorage(history.dir));
  await index.candidates(SearchIndex.plan(RARE_WORD), new Set());
  const ours = heapAfterGc() - bare;
  const loaded: Conversation[] = [];
  for (const { id } of (await repo.page({ limit: Number.MAX_SAFE_INTEGER })).items)
    loaded.push(await readConversation(history.dir, id));
  const before0 = heapAfterGc();
  const baseline = new InMemorySearch(loaded);
  loaded.length = 0;
  if (baseline.count(RARE_WORD) === 0) throw new Error('the baseline search found nothing');
  const before = heapAfterGc() - before0;
  // Keep both alive until measured.
  void index.size;
  void baseline.texts.size;
  return { ours: ours / 2 ** 20, before: before / 2 ** 20 };
}

async function readConversation(dir: string, id: string): Promise<Conversation> {
  const bytes = await nodeStorage(dir).read(`history/conversations/${id}.json`);
  return JSON.parse(Buffer.from(bytes!).toString('utf8')) as Conversation;
}

interface Figures {
  /** Open with the files evicted from the page cache, list 50. */
  firstPage: Spread;
  /** The same with the files in the page cache. */
  firstPageWarm: Spread;
  save: Spread;
  /** The same save with fsync and append-flush left out: our code's own cost, without the disk's. */
  saveCpu: Spread;
  search: Spread;
  /** From the cold open until search is ready. */
  searchLoad: Spread;
  /** Open cold, then the first search: until its answer. */
  searchCold: Spread;
  hits: number;
}

interface Generated {
  size: number;
  dir: string;
  conversations: Conversation[];
}

function saveMessage(random: () => number, run: number): StoredMessage {
  return {
    id: `bench-${run}`,
    role: 'assistant',
    createdAt: Date.now(),
    parts: [{ type: 'text', text: answerText(random, 2000) }],
    model: 'gpt-4o-mini-2024-07-18',
    finishReason: 'stop',
  };
}

/**
 * Every size is measured in the same loops, alternating (100, 1k, 10k, 100, …), so that noise
 * from the machine (other processes, fsync latency) falls on all sizes alike.
 */
async function measureAll(histories: Generated[], ctx: BenchContext): Promise<Map<number, Figures>> {
  const firstPage = new Map(histories.map((h) => [h.size, [] as number[]]));
  const firstPageWarm = new Map(histories.map((h) => [h.size, [] as number[]]));
  const searchLoad = new Map(histories.map((h) => [h.size, [] as number[]]));
  const save = new Map(histories.map((h) => [h.size, [] as number[]]));
  const saveCpu = new Map(histories.map((h) => [h.size, [] as number[]]));
  const search = new Map(histories.map((h) => [h.size, [] as number[]]));
  const searchCold = new Map(histories.map((h) => [h.size, [] as number[]]));
  const hits = new Map<number, number>();

  for (let run = 0; run < OPEN_RUNS; run++) {
    for (const { size, dir } of histories) {
      evictFromPageCache(dir);
      const started = performance.now();
      const repo = await HistoryRepository.open(nodeStorage(dir));
      const page = repo.list({ offset: 0, limit: 50 });
      firstPage.get(size)!.push(performance.now() - started);
      if (page.items.length !== Math.min(50, size)) throw new Error('first page is incomplete');
      await repo.searchReady();
      searchLoad.get(size)!.push(performance.now() - started);
      await repo.reconciled();
      // Again, with what that open read now in the page cache.
      const warmStarted = performance.now();
      const warm = await HistoryRepository.open(nodeStorage(dir));
      const warmPage = warm.list({ offset: 0, limit: 50 });
      firstPageWarm.get(size)!.push(performance.now() - warmStarted);
      if (warmPage.items.length !== page.items.length) throw new Error('first page is incomplete');
      await warm.reconciled();
    }
    for (const { size, dir } of histories) {
      evictFromPageCache(dir);
      const started = performance.now();
      const repo = await HistoryRepository.open(nodeStorage(dir));
      await repo.search(RARE_WORD.toLowerCase(), { limit: 50 });
      searchCold.get(size)!.push(performance.now() - started);
    }
  }

  const repos = new Map<number, HistoryRepository>();
  for (const { size, dir } of histories) {
    const repo = await HistoryRepository.open(nodeStorage(dir));
    await repo.searchReady();
    repos.set(size, repo);
  }
  const saveLoop = async (
    into: Map<number, number[]>,
    open: Map<number, HistoryRepository>,
    seed: number,
  ) => {
    for (let run = 0; run < SAVE_RUNS; run++) {
      for (const { size, conversations } of histories) {
        const repo = open.get(size)!;
        const random = prng(size * 1000 + run + seed);
        const target = conversations[Math.floor(random() * conversations.length)]!;
        await repo.get(target.id); // the conversation is open: a streamed answer is saved into it
        const message = saveMessage(random, run);
        const started = performance.now();
        await repo.appendMessage(target.id, message);
        into.get(size)!.push(performance.now() - started);
      }
    }
  };
  await saveLoop(save, repos, 0);
  const unsynced = new Map<number, HistoryRepository>();
  for (const { size, dir } of histories) {
    const repo = await HistoryRepository.open(unsyncedStorage(dir));
    await repo.searchReady();
    unsynced.set(size, repo);
  }
  await saveLoop(saveCpu, unsynced, 7);
  for (let run = 0; run < SEARCH_RUNS; run++) {
    for (const { size } of histories) {
      const started = performance.now();
      const result = await repos.get(size)!.search(RARE_WORD.toLowerCase(), { limit: 50 });
      search.get(size)!.push(performance.now() - started);
      hits.set(size, result.total);
    }
  }

  const figures = new Map<number, Figures>();
  for (const { size } of histories) {
    if (!hits.get(size)) throw new Error(`search found nothing in ${size} conversations`);
    const f: Figures = {
      firstPage: spreadOf(firstPage.get(size)!),
      firstPageWarm: spreadOf(firstPageWarm.get(size)!),
      save: spreadOf(save.get(size)!),
      saveCpu: spreadOf(saveCpu.get(size)!),
      search: spreadOf(search.get(size)!),
      searchLoad: spreadOf(searchLoad.get(size)!),
      searchCold: spreadOf(searchCold.get(size)!),
      hits: hits.get(size)!,
    };
    figures.set(size, f);
    ctx.log(
      `${size}: first page cold ${describeSpread(f.firstPage, 'ms')}, warm ${describeSpread(f.firstPageWarm, 'ms')}; save ${describeSpread(f.save, 'ms')} (without fsync ${describeSpread(f.saveCpu, 'ms')}); search ${describeSpread(f.search, 'ms')} (${f.hits} hits); search ready ${describeSpread(f.searchLoad, 'ms', 0)} after a cold open; first search after a cold open ${describeSpread(f.searchCold, 'ms', 1)}`,
    );
  }
  return figures;
}

/** What a single-file store does on every save: rewrite the whole history, atomically. */
async function naiveSave(conversations: Conversation[], dir: string): Promise<Spread> {
  const times: number[] = [];
  const all = conversations.map((c) => structuredClone(c));
  for (let run = 0; run < NAIVE_RUNS; run++) {
    all[run]!.messages.push({
      id: `n${run}`,
      role: 'assistant',
      createdAt: 0,
      parts: [{ type: 'text', text: 'x'.repeat(2000) }],
    });
    const started = performance.now();
    await writeFileAtomic(join(dir, 'single-file-history.json'), JSON.stringify({ conversations: all }));
    times.push(performance.now() - started);
  }
  return spreadOf(times);
}

export default async function run(ctx: BenchContext): Promise<void> {
  const histories: Generated[] = [];
  try {
    for (const size of SIZES) {
      const started = performance.now();
      histories.push({ size, ...(await generate(size)) });
      ctx.log(`${size} conversations generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    const results = await measureAll(histories, ctx);
    const base = results.get(100)!;
    for (const size of [1_000, 10_000]) {
      const f = results.get(size)!;
      const label = LABEL[size]!;
      const count = size.toLocaleString('en-US');
      ctx.record({
        id: `history.first-page-${label}`,
        metric: `open the history cold (its files evicted from the OS page cache) and list the first 50 of ${count} conversations, median of ${OPEN_RUNS}`,
        unit: 'ms',
        value: f.firstPage,
        baseline: 'the same with 100 conversations, same run, alternating',
        baselineValue: base.firstPage,
        better: 'lower',
      });
      ctx.record({
        id: `history.first-page-warm-${label}`,
        metric: `open the history with its files in the OS page cache and list the first 50 of ${count} conversations, median of ${OPEN_RUNS}`,
        unit: 'ms',
        value: f.firstPageWarm,
        baseline: 'the same with 100 conversations, same run, alternating',
        baselineValue: base.firstPageWarm,
        better: 'lower',
      });
      ctx.record({
        id: `history.save-${label}`,
        metric: `save one streamed answer (~2 KB, fsync'd) into an open conversation, ${count} stored, median of ${SAVE_RUNS}`,
        unit: 'ms',
        value: f.save,
        baseline: 'the same save with 100 conversations, same run, alternating',
        baselineValue: base.save,
        better: 'lower',
      });
      ctx.record({
        id: `history.save-cpu-${label}`,
        metric: `the same save without fsync (our code's cost alone, free of disk latency), ${count} stored, median of ${SAVE_RUNS}`,
        unit: 'ms',
        value: f.saveCpu,
        baseline: 'the same with 100 conversations, same run, alternating',
        baselineValue: base.saveCpu,
        better: 'lower',
      });
      ctx.record({
        id: `history.search-${label}`,
        metric: `search a word (${f.hits} hits) across all text of ${count} conversations, search text loaded, median of ${SEARCH_RUNS}`,
        unit: 'ms',
        value: f.search,
        baseline: 'the same search with 100 conversations, same run, alternating',
        baselineValue: base.search,
        better: 'lower',
      });
    }
    const big = results.get(10_000)!;
    ctx.record({
      id: 'history.search-cold-10k',
      metric: `open the history cold (files evicted from the OS page cache) and answer the first search (${big.hits} hits), 10,000 conversations, median of ${OPEN_RUNS}`,
      unit: 'ms',
      value: big.searchCold,
      baseline: 'the same with 100 conversations, same run, alternating',
      baselineValue: base.searchCold,
      better: 'lower',
    });
    const memory = await searchMemory(histories.at(-1)!);
    ctx.log(
      `search heap at 10,000: ${memory.ours.toFixed(2)} MB (all text in memory: ${memory.before.toFixed(1)} MB)`,
    );
    ctx.record({
      id: 'history.search-memory-10k',
      metric: 'heap held by search at 10,000 conversations (its index opened, one search done; after GC)',
      unit: 'MB',
      value: Math.round(memory.ours * 100) / 100,
      baseline:
        "the previous release's search: every conversation's text and its lower-cased copy in memory (bench/history-baseline.ts), same run",
      baselineValue: Math.round(memory.before * 100) / 100,
      better: 'lower',
    });
    ctx.record({
      id: 'history.search-load-10k',
      metric:
        'from a cold open (files evicted from the OS page cache) until search is ready (search text loads in the background), 10,000 conversations',
      unit: 'ms',
      value: big.searchLoad,
      baseline: 'the same with 100 conversations, same run, alternating',
      baselineValue: base.searchLoad,
      better: 'lower',
    });
    const largest = histories.at(-1)!;
    const naive = await naiveSave(largest.conversations, largest.dir);
    ctx.log(`single-file history rewrite at 10,000: ${describeSpread(naive, 'ms', 1)}`);
    ctx.record({
      id: 'history.save-vs-single-file-10k',
      metric: 'save one streamed answer with 10,000 conversations: our layout (one file + two journal lines)',
      unit: 'ms',
      value: big.save,
      baseline: `rewrite one JSON file holding the whole history (atomic), median of ${NAIVE_RUNS}, same run`,
      baselineValue: naive,
      better: 'lower',
    });
  } finally {
    for (const { dir } of histories) await rm(dir, { recursive: true, force: true });
  }
}
