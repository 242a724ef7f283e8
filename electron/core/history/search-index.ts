/**
 * The history's search index, kept on disk beside the conversations so that neither searching nor
 * memory grows with every word ever written (before, all text of every conversation was held in
 * memory: ~60 MB at 10,000 conversations, 415 ms to load).
 *
 * An inverted index: term → the conversations whose text holds it. A term is a run of letters,
 * digits and marks of the lower-cased text, so that the index finds exactly what the plain
 * substring search finds (see `candidates`).
 *
 * Files, under `history/search/`:
 * - `meta.json` — `{ "format": 1 }`: anything else (or nothing) means "rebuild from the files";
 * - `docs.log` — one conversation id per line; its line number is the number postings use;
 * - `shard-XX.log` (64 files, by a hash of the term) — lines `term<TAB>n,n,n`, appended;
 * - `terms.log` — every term once, one per line (the vocabulary, for in-word matches);
 * - `pending.log` — each save's new terms, one JSON line per save, until they are moved into the
 *   shards (every PENDING_MAX saves: a cost bounded by those saves, not by the history);
 * - `dirty.log` — conversations that lost terms (a rename, a replaced answer): their postings
 *   may name words they no longer hold, so their hits are checked against the text.
 *
 * Postings only ever grow: a stale one costs a check against the text, never a wrong result.
 * Everything here can be rebuilt from the conversation files, which stay the truth.
 */
import type { StoragePort } from '../storage/port';

export const SEARCH_DIR = 'history/search';
export const SEARCH_FORMAT = 1;
const SHARDS = 64;
const PENDING_MAX = 256;

const TERM = /[\p{L}\p{N}\p{M}]+/gu;

/** The distinct terms of a text, as the index stores them (lower case, as search compares). */
export function termsOf(text: string): Set<string> {
  return new Set(text.toLowerCase().match(TERM) ?? []);
}

function shardOf(term: string): number {
  // FNV-1a over UTF-16 code units: stable across runs and platforms.
  let hash = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) {
    hash ^= term.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % SHARDS;
}

const shardPath = (shard: number): string => `${SEARCH_DIR}/shard-${shard.toString(16).padStart(2, '0')}.log`;
const META = `${SEARCH_DIR}/meta.json`;
const DOCS = `${SEARCH_DIR}/docs.log`;
const TERMS = `${SEARCH_DIR}/terms.log`;
const PENDING = `${SEARCH_DIR}/pending.log`;
const DIRTY = `${SEARCH_DIR}/dirty.log`;
/** Present while pending postings are being appended to the shards: a crash there means rebuild. */
const FLUSHING = `${SEARCH_DIR}/flushing`;

interface PendingLine {
  /** Conversation number. */
  n: number;
  /** Terms added by this save. */
  t: string[];
  /** The conversation lost terms: check its hits against the text. */
  d?: 1;
}

/** Why the index must be rebuilt (files missing, damaged or from another format). */
/**
 * The index cannot be used as it is and is rebuilt. `why` names the reason for the page's words
 * (storage.searchDamaged.<why> in renderer/src/lib/i18n/core-messages.ts), `where` the file.
 */
export class SearchIndexDamaged extends Error {
  constructor(
    message: string,
    readonly why: 'format' | 'interrupted' | 'line' | 'missing',
    readonly where?: string,
  ) {
    super(message);
  }
}

/** What a query's words ask of a conversation's terms (see `candidates`). */
export interface QueryPlan {
  needle: string;
  /** The needle is a single term with nothing around it: postings alone decide a hit. */
  exact: boolean;
}

export class SearchIndex {
  /** Conversation id by number, and number by id. */
  readonly #ids: string[] = [];
  readonly #numbers = new Map<string, number>();
  readonly #vocabulary = new Set<string>();
  readonly #dirty = new Set<number>();
  /** Postings not yet moved into the shards: term → conversation numbers. */
  #pending = new Map<string, number[]>();
  #pendingLines = 0;

  private constructor(private readonly storage: StoragePort) {}

  /** Opens the index; throws SearchIndexDamaged when it must be rebuilt. */
  static async open(storage: StoragePort): Promise<SearchIndex> {
    const index = new SearchIndex(storage);
    const meta = await storage.read(META);
    let format: unknown;
    try {
      format = meta && (JSON.parse(Buffer.from(meta).toString('utf8')) as { format?: unknown }).format;
    } catch {
      format = undefined;
    }
    if (format !== SEARCH_FORMAT) throw new SearchIndexDamaged('no search index of this format', 'format');
    if ((await storage.read(FLUSHING)) !== undefined)
      throw new SearchIndexDamaged('the search index was being updated when Glimpse stopped', 'interrupted');
    // A half-written last line (a crash mid-append) is dropped now, so that later appends never glue onto it.
    for (const path of [DOCS, PENDING]) {
      const bytes = await storage.read(path);
      if (bytes && bytes.byteLength > 0 && bytes[bytes.byteLength - 1] !== 10)
        await storage.writeAtomic(
          path,
          completeLines(bytes)
            .map((line) => `${line}\n`)
            .join(''),
        );
    }
    for (const id of completeLines(await storage.read(DOCS))) {
      index.#numbers.set(id, index.#ids.length);
      index.#ids.push(id);
    }
    for (const term of completeLines(await storage.read(TERMS))) index.#vocabulary.add(term);
    for (const n of completeLines(await storage.read(DIRTY))) index.#dirty.add(Number(n));
    for (const line of completeLines(await storage.read(PENDING))) {
      let parsed: PendingLine;
      try {
        parsed = JSON.parse(line) as PendingLine;
      } catch {
        throw new SearchIndexDamaged(
          `a damaged line in ${storage.resolve(PENDING)}`,
          'line',
          storage.resolve(PENDING),
        );
      }
      if (!Number.isInteger(parsed.n) || !Array.isArray(parsed.t) || parsed.n >= index.#ids.length)
        throw new SearchIndexDamaged(
          `a damaged line in ${storage.resolve(PENDING)}`,
          'line',
          storage.resolve(PENDING),
        );
      index.#applyPending(parsed);
    }
    return index;
  }

  /** Writes a fresh index of these conversations (id → text), replacing whatever was there. */
  static async rebuild(storage: StoragePort, texts: Iterable<[string, string]>): Promise<SearchIndex> {
    for (const name of await storage.list(SEARCH_DIR)) await storage.remove(`${SEARCH_DIR}/${name}`);
    const index = new SearchIndex(storage);
    const shards: Map<string, number[]>[] = Array.from({ length: SHARDS }, () => new Map<string, number[]>());
    for (const [id, text] of texts) {
      const n = index.#number(id);
      for (const term of termsOf(text)) {
        index.#vocabulary.add(term);
        const shard = shards[shardOf(term)]!;
        const list = shard.get(term);
        if (list) list.push(n);
        else shard.set(term, [n]);
      }
    }
    await storage.writeAtomic(DOCS, index.#ids.map((id) => `${id}\n`).join(''));
    await storage.writeAtomic(TERMS, [...index.#vocabulary].map((t) => `${t}\n`).join(''));
    for (let s = 0; s < SHARDS; s++) await storage.writeAtomic(shardPath(s), shardText(shards[s]!));
    // Written last: a crash before this leaves no meta, and the next start rebuilds again.
    await storage.writeAtomic(META, JSON.stringify({ format: SEARCH_FORMAT }));
    return index;
  }

  has(id: string): boolean {
    return this.#numbers.has(id);
  }

  /** Conversations the index knows (numbers stay assigned after a deletion). */
  get size(): number {
    return this.#ids.length;
  }

  #number(id: string): number {
    let n = this.#numbers.get(id);
    if (n === undefined) {
      n = this.#ids.length;
      this.#ids.push(id);
      this.#numbers.set(id, n);
    }
    return n;
  }

  #applyPending(line: PendingLine): void {
    for (const term of line.t) {
      const list = this.#pending.get(term);
      if (list) list.push(line.n);
      else this.#pending.set(term, [line.n]);
    }
    if (line.d) this.#dirty.add(line.n);
    this.#pendingLines++;
  }

  /**
   * Records a conversation's new terms. `previous` is what the index last recorded for it, when
   * known; without it every term is recorded again and its hits are checked against the text.
   */
  async update(id: string, terms: Set<string>, previous: Set<string> | undefined): Promise<void> {
    const known = this.#numbers.has(id);
    // The number is taken only once its line is on disk, so numbers never shift after a failed write.
    if (!known) await this.storage.append(DOCS, `${id}\n`);
    const n = this.#number(id);
    const added = previous ? [...terms].filter((t) => !previous.has(t)) : [...terms];
    const lost = known && (!previous || [...previous].some((t) => !terms.has(t)));
    if (added.length === 0 && (!lost || this.#dirty.has(n))) return;
    const line: PendingLine = { n, t: added, ...(lost ? { d: 1 as const } : {}) };
    await this.storage.append(PENDING, `${JSON.stringify(line)}\n`);
    this.#applyPending(line);
    if (this.#pendingLines >= PENDING_MAX) await this.flushPending();
  }

  /** Moves the pending postings into the shards (appends), then empties the pending log. */
  async flushPending(): Promise<void> {
    if (this.#pendingLines === 0) return;
    const byShard = new Map<number, string[]>();
    const newTerms: string[] = [];
    for (const [term, numbers] of this.#pending) {
      if (!this.#vocabulary.has(term)) newTerms.push(term);
      const shard = shardOf(term);
      const lines = byShard.get(shard) ?? [];
      lines.push(`${term}\t${numbers.join(',')}\n`);
      byShard.set(shard, lines);
    }
    await this.storage.writeAtomic(FLUSHING, '');
    if (newTerms.length > 0) await this.storage.append(TERMS, newTerms.map((t) => `${t}\n`).join(''));
    for (const [shard, lines] of byShard) await this.storage.append(shardPath(shard), lines.join(''));
    const dirtyNow = [...this.#dirty];
    if (dirtyNow.length > 0) await this.storage.writeAtomic(DIRTY, dirtyNow.map((n) => `${n}\n`).join(''));
    // A crash before this line replays the pending log into the shards again: duplicates, harmless.
    await this.storage.writeAtomic(PENDING, '');
    await this.storage.remove(FLUSHING);
    for (const term of newTerms) this.#vocabulary.add(term);
    this.#pending = new Map();
    this.#pendingLines = 0;
  }

  /** How a query is matched: the lower-cased, trimmed needle, as the plain search compared it. */
  static plan(query: string): QueryPlan {
    const needle = query.trim().toLowerCase();
    const terms = needle.match(TERM) ?? [];
    return { needle, exact: terms.length === 1 && terms[0] === needle };
  }

  /**
   * Conversation ids that may hold the needle: every conversation that does is among them. The
   * needle is a substring of the lower-cased text, so its inner words are whole terms there, its
   * first word ends a term, its last one starts a term, and a single word lies inside one.
   * `checked` gets the ids whose hits must be confirmed against the text. Undefined: the needle
   * has no word at all, and every conversation is a candidate.
   */
  async candidates(plan: QueryPlan, checked: Set<string>): Promise<Set<string> | undefined> {
    const words = plan.needle.match(TERM) ?? [];
    if (words.length === 0) return undefined;
    const matchers: ((term: string) => boolean)[] = words.map((word, i) => {
      if (words.length === 1) return (term) => term.includes(word);
      if (i === 0) return (term) => term.endsWith(word);
      if (i === words.length - 1) return (term) => term.startsWith(word);
      return (term) => term === word;
    });
    let result: Set<number> | undefined;
    // The rarest-looking word first would be better; words are few, order matters little.
    for (let i = 0; i < words.length; i++) {
      const match = matchers[i]!;
      const terms = new Set<string>();
      for (const term of this.#vocabulary) if (match(term)) terms.add(term);
      for (const term of this.#pending.keys()) if (match(term)) terms.add(term);
      const numbers = await this.#postings(terms);
      result = result ? new Set([...result].filter((n) => numbers.has(n))) : numbers;
      if (result.size === 0) break;
    }
    const ids = new Set<string>();
    for (const n of result ?? []) {
      const id = this.#ids[n];
      if (id === undefined) continue;
      ids.add(id);
      if (!plan.exact || this.#dirty.has(n)) checked.add(id);
    }
    return ids;
  }

  /** The conversation numbers of these terms: the shards they live in, plus what is pending. */
  async #postings(terms: Set<string>): Promise<Set<number>> {
    const numbers = new Set<number>();
    const shards = new Set([...terms].map(shardOf));
    for (const shard of shards) {
      const bytes = await this.storage.read(shardPath(shard));
      if (bytes === undefined)
        throw new SearchIndexDamaged(
          `${this.storage.resolve(shardPath(shard))} is missing`,
          'missing',
          this.storage.resolve(shardPath(shard)),
        );
      for (const line of completeLines(bytes)) {
        const tab = line.indexOf('\t');
        if (tab === -1)
          throw new SearchIndexDamaged(
            `a damaged line in ${this.storage.resolve(shardPath(shard))}`,
            'line',
            this.storage.resolve(shardPath(shard)),
          );
        if (!terms.has(line.slice(0, tab))) continue;
        for (const n of line.slice(tab + 1).split(',')) numbers.add(Number(n));
      }
    }
    for (const term of terms) for (const n of this.#pending.get(term) ?? []) numbers.add(n);
    return numbers;
  }
}

function shardText(shard: Map<string, number[]>): string {
  let text = '';
  for (const [term, numbers] of shard) text += `${term}\t${numbers.join(',')}\n`;
  return text;
}

/** The complete lines of a file (a crash may leave the last one half written: it is ignored). */
function completeLines(bytes: Uint8Array | undefined): string[] {
  if (!bytes || bytes.byteLength === 0) return [];
  const text = Buffer.from(bytes).toString('utf8');
  const lines = text.split('\n');
  lines.pop(); // '' after the final newline, or a half-written line
  return lines.filter((line) => line !== '');
}
