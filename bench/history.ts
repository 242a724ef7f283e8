/**
 * `npm run bench -- history`: the history at 100, 1,000 and 10,000 stored conversations.
 *
 * Histories are generated into temp folders in the real on-disk format (conversation files,
 * index and search journals, compacted as after long use), with realistic sizes: one to three
 * turns per conversation, answers of about 1–4 KB of Markdown, an image reference per question.
 * Every figure is measured in this run, on this machine:
 * - first-page: open the repository cold (a new instance reading the files) and list 50 rows;
 * - save: append one finished streamed answer (~2 KB) to a conversation that is open, which
 *   writes its file, one index line and one search line — the cost that must not grow with the
 *   history (baseline: the same save with 100 conversations);
 * - search: a case-insensitive word search across every message, once the search text is loaded;
 * - save-cpu: the same save with fsync left out, so that disk latency (noisy on a shared
 *   machine) does not hide whether our own cost grows;
 * - save against a single-file history: the same save at 10,000 against rewriting one JSON file
 *   holding the whole history (what a naive store does).
 * Medians of several runs; the files are in the OS cache (just written) and flushed to disk.
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
const NAIVE_RUNS = 3;
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const min = (values: number[]): number => Math.min(...values);
const max = (values: number[]): number => Math.max(...values);

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

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

interface Figures {
  firstPage: number;
  save: number;
  /** The same save with fsync and append-flush left out: our code's own cost, without the disk's. */
  saveCpu: number;
  search: number;
  searchLoad: number;
  /** Open cold, then the first search: until its answer. */
  searchCold: number;
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
  const searchLoad = new Map(histories.map((h) => [h.size, [] as number[]]));
  const save = new Map(histories.map((h) => [h.size, [] as number[]]));
  const saveCpu = new Map(histories.map((h) => [h.size, [] as number[]]));
  const search = new Map(histories.map((h) => [h.size, [] as number[]]));
  const searchCold = new Map(histories.map((h) => [h.size, [] as number[]]));
  const hits = new Map<number, number>();

  for (let run = 0; run < OPEN_RUNS; run++) {
    for (const { size, dir } of histories) {
      const started = performance.now();
      const repo = await HistoryRepository.open(nodeStorage(dir));
      const page = repo.list({ offset: 0, limit: 50 });
      firstPage.get(size)!.push(performance.now() - started);
      if (page.items.length !== Math.min(50, size)) throw new Error('first page is incomplete');
      await repo.searchReady();
      searchLoad.get(size)!.push(performance.now() - started);
      await repo.reconciled();
    }
    for (const { size, dir } of histories) {
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
      firstPage: median(firstPage.get(size)!),
      save: median(save.get(size)!),
      saveCpu: median(saveCpu.get(size)!),
      search: median(search.get(size)!),
      searchLoad: median(searchLoad.get(size)!),
      searchCold: median(searchCold.get(size)!),
      hits: hits.get(size)!,
    };
    figures.set(size, f);
    ctx.log(
      `${size}: first page ${f.firstPage.toFixed(2)} ms, save ${f.save.toFixed(2)} ms (without fsync ${f.saveCpu.toFixed(2)} ms), search ${f.search.toFixed(2)} ms (${f.hits} hits), search ready ${f.searchLoad.toFixed(0)} ms after open, first search after open ${f.searchCold.toFixed(1)} ms (min ${min(searchCold.get(size)!).toFixed(1)}, max ${max(searchCold.get(size)!).toFixed(1)}); first page min ${min(firstPage.get(size)!).toFixed(2)} max ${max(firstPage.get(size)!).toFixed(2)}`,
    );
  }
  return figures;
}

/** What a single-file store does on every save: rewrite the whole history, atomically. */
async function naiveSave(conversations: Conversation[], dir: string): Promise<number> {
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
  return median(times);
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
        metric: `open the history cold and list the first 50 of ${count} conversations, median of ${OPEN_RUNS}`,
        unit: 'ms',
        value: round(f.firstPage),
        baseline: 'the same with 100 conversations, same run, alternating',
        baselineValue: round(base.firstPage),
        better: 'lower',
      });
      ctx.record({
        id: `history.save-${label}`,
        metric: `save one streamed answer (~2 KB, fsync'd) into an open conversation, ${count} stored, median of ${SAVE_RUNS}`,
        unit: 'ms',
        value: round(f.save),
        baseline: 'the same save with 100 conversations, same run, alternating',
        baselineValue: round(base.save),
        better: 'lower',
      });
      ctx.record({
        id: `history.save-cpu-${label}`,
        metric: `the same save without fsync (our code's cost alone, free of disk latency), ${count} stored, median of ${SAVE_RUNS}`,
        unit: 'ms',
        value: round(f.saveCpu),
        baseline: 'the same with 100 conversations, same run, alternating',
        baselineValue: round(base.saveCpu),
        better: 'lower',
      });
      ctx.record({
        id: `history.search-${label}`,
        metric: `search a word (${f.hits} hits) across all text of ${count} conversations, search text loaded, median of ${SEARCH_RUNS}`,
        unit: 'ms',
        value: round(f.search),
        baseline: 'the same search with 100 conversations, same run, alternating',
        baselineValue: round(base.search),
        better: 'lower',
      });
    }
    const big = results.get(10_000)!;
    ctx.record({
      id: 'history.search-cold-10k',
      metric: `open the history cold and answer the first search (${big.hits} hits), 10,000 conversations, median of ${OPEN_RUNS}`,
      unit: 'ms',
      value: round(big.searchCold),
      baseline: 'the same with 100 conversations, same run, alternating',
      baselineValue: round(base.searchCold),
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
        'from a cold open until search is ready (search text loads in the background), 10,000 conversations',
      unit: 'ms',
      value: round(big.searchLoad),
      baseline: 'the same with 100 conversations, same run, alternating',
      baselineValue: round(base.searchLoad),
      better: 'lower',
    });
    const largest = histories.at(-1)!;
    const naive = await naiveSave(largest.conversations, largest.dir);
    ctx.log(`single-file history rewrite at 10,000: ${naive.toFixed(1)} ms`);
    ctx.record({
      id: 'history.save-vs-single-file-10k',
      metric: 'save one streamed answer with 10,000 conversations: our layout (one file + two journal lines)',
      unit: 'ms',
      value: round(big.save),
      baseline: `rewrite one JSON file holding the whole history (atomic), median of ${NAIVE_RUNS}, same run`,
      baselineValue: round(naive),
      better: 'lower',
    });
  } finally {
    for (const { dir } of histories) await rm(dir, { recursive: true, force: true });
  }
}
