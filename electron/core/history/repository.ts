/**
 * The history repository: conversations on disk, over the storage port and the store factory.
 *
 * Layout (under the data folder's `history/`):
 * - `conversations/<id>.json` — one store per conversation (conf in Node, electron-store in the
 *   app: atomic writes), rewritten on each save, so saving a message costs the size of that
 *   conversation, never of the whole history;
 * - `index.json` (a store) + `index.log` — the list (id, title, dates, model, thumbnail, image
 *   hashes) as a journal: a save appends one line, the store is rewritten when compacting;
 * - `index-head.json` (a store) — the newest HEAD_MAX rows and the count, so the list opens
 *   without reading the whole index; valid while `index.log` has the size it names, rebuilt from
 *   the index otherwise (the full index loads in the background);
 * - `search/` — an inverted index on disk (see search-index.ts), rebuilt from the conversation
 *   files when missing or damaged;
 * - `images/<sha256>.<ext>` — captured images, written once (atomic-file.ts, not a store: they
 *   are bytes, not JSON), shared by every message that uses them and deleted with the last
 *   conversation that does.
 *
 * Conversation files are the truth; the index, the head and the search index can be rebuilt
 * from them. Nothing that fails to load is deleted: it is moved aside as `…corrupt-<timestamp>`
 * and reported. A write the disk refuses keeps the conversation in memory (and in the list), is
 * reported in plain words, and is tried again at the next save.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  conversationSchema,
  HISTORY_VERSION,
  type Conversation,
  type ConversationSummary,
  type HistoryPage,
  type HistorySearchPage,
  type ImagePart,
  type StoredMessage,
} from '../../../shared/history-schema';
import { UserFacingError } from '../ipc/dispatch';
import { writeErrorMessage } from '../storage/atomic-file';
import type { CoreMessage } from '../../../shared/messages';
import type { StoragePort } from '../storage/port';
import { confStores, type Store, type StoreFactory } from '../storage/stores';
import { Journal } from './journal';
import { firstPlainLine } from './plain-title';
import { answerOutcome } from '../../../shared/history-rules';
import { SEARCH_DIR, SearchIndex, SearchIndexDamaged, termsOf } from './search-index';

export interface IndexEntry extends ConversationSummary {
  /**
   * Every image hash the conversation references (for shared-image deletion), when there is more
   * than the thumbnail: most conversations have one image, and the index stays smaller.
   */
  images?: string[];
  /** An answer was being written when this was saved (a crash leaves it set). */
  streaming?: boolean;
}

export interface HistoryOptions {
  now?: () => number;
  newId?: () => string;
  /** Called with each problem as it happens (the app forwards them to the user). */
  onProblem?: (message: string) => void;
  /** Opens the JSON stores (electron-store in the app; conf, the default, elsewhere). */
  stores?: StoreFactory;
}

export interface ImageInput {
  bytes: Uint8Array;
  mime: ImagePart['mime'];
  width: number;
  height: number;
}

const CONVERSATIONS = 'history/conversations';
const IMAGES = 'history/images';
const TITLE_MAX = 80;
const CACHE_MAX = 32;
/** Conversation stores kept open (each holds its path and options, not the conversation). */
const STORES_MAX = 64;
/** Rows kept in index-head.json: the first pages of the list. */
export const HEAD_MAX = 100;
const HEAD = 'history/index-head';

type AnyStore = Store<Record<string, unknown>>;

/** The list order: newest first, ties by id. */
const newestFirst = (a: IndexEntry, b: IndexEntry): number =>
  b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Store options shared by every history store: flat keys, compact JSON as earlier releases wrote. */
const JSON_STORE = {
  accessPropertiesByDotNotation: false,
  serialize: (value: unknown) => JSON.stringify(value),
} as const;

const EXT: Record<ImagePart['mime'], string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

export const conversationPath = (id: string): string => `${CONVERSATIONS}/${id}.json`;
export const imagePath = (hash: string, mime: ImagePart['mime']): string => `${IMAGES}/${hash}.${EXT[mime]}`;

/** A file's size in bytes, 0 when it does not exist. */
function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function isIndexEntry(value: unknown): value is IndexEntry {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<IndexEntry>;
  return (
    typeof v.id === 'string' &&
    typeof v.title === 'string' &&
    typeof v.updatedAt === 'number' &&
    typeof v.createdAt === 'number' &&
    (v.images === undefined || Array.isArray(v.images))
  );
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** All the text of a conversation, as search sees it. */
export function conversationText(conversation: Conversation): string {
  const texts = [conversation.title];
  for (const message of conversation.messages) {
    for (const part of message.parts) if (part.type === 'text') texts.push(part.text);
    for (const alternative of message.alternatives ?? []) texts.push(alternative.text);
  }
  return texts.join('\n');
}

export function messageText(message: StoredMessage): string {
  return message.parts
    .filter((p) => p.type === 'text')
    .map((p) => p.text)
    .join('');
}

/** A conversation title from a question or an answer: its first line, as plain text. */
export function titleFrom(text: string): string {
  const line = firstPlainLine(text);
  return line.length > TITLE_MAX ? `${line.slice(0, TITLE_MAX - 1)}…` : line || 'Untitled';
}

function summaryOf(conversation: Conversation): IndexEntry {
  const images: string[] = [];
  const actions: string[] = [];
  let model: string | null = null;
  for (const message of conversation.messages) {
    for (const part of message.parts)
      if (part.type === 'image' && !images.includes(part.hash)) images.push(part.hash);
    if (message.model) model = message.model;
    if (message.action && !actions.includes(message.action.id)) actions.push(message.action.id);
  }
  const last = conversation.messages.at(-1);
  return {
    id: conversation.id,
    title: conversation.title,
    createdAt: conversation.createdAt,
    updatedAt: conversation.updatedAt,
    model,
    thumbnail: images[0] ?? null,
    messageCount: conversation.messages.length,
    interrupted: Boolean(last?.interrupted),
    // Only when true, so older index files (without the field) and new ones read alike.
    ...(last && last.role === 'assistant' && answerOutcome(last) === 'failed' ? { failed: true } : {}),
    ...(images.length > 1 ? { images } : {}),
    ...(conversation.messages.some((m) => m.streaming) ? { streaming: true } : {}),
    // Only when an action asked: older index files (without the field) and new ones read alike.
    ...(actions.length > 0 ? { actions } : {}),
  };
}

function imagesOf(entry: IndexEntry): string[] {
  return entry.images ?? (entry.thumbnail ? [entry.thumbnail] : []);
}

function publicSummary(entry: IndexEntry): ConversationSummary {
  const { id, title, createdAt, updatedAt, model, thumbnail, messageCount, interrupted, failed, actions } =
    entry;
  return {
    id,
    title,
    createdAt,
    updatedAt,
    model,
    thumbnail,
    messageCount,
    interrupted,
    ...(failed ? { failed } : {}),
    ...(actions ? { actions: [...actions] } : {}),
  };
}

export class HistoryRepository {
  readonly problems: string[] = [];
  /** The same problems with their codes and fields, for the page to word (history:problems). */
  readonly worded: CoreMessage[] = [];
  readonly #cache = new Map<string, Conversation>();
  /** The terms the search index last recorded for cached conversations (to record only new ones). */
  readonly #posted = new Map<string, Set<string>>();
  readonly #stores = new Map<string, AnyStore>();
  /** Conversations the disk refused: kept here (never evicted) until a save succeeds. */
  readonly #unsaved = new Set<string>();
  readonly #queues = new Map<string, Promise<void>>();
  #sorted: IndexEntry[] | undefined;
  #sortedVersion = -1;
  /** The newest rows, newest first (index-head.json), and the count: the list before the index loads. */
  #head: IndexEntry[] = [];
  #total = 0;
  #headStore: AnyStore | undefined;
  #index: Journal<IndexEntry> | undefined;
  #indexReady!: Promise<Journal<IndexEntry>>;
  #searchReady!: Promise<SearchIndex>;
  #background!: Promise<number>;
  readonly now: () => number;
  readonly #newId: () => string;
  readonly #storesOf: StoreFactory;

  private constructor(
    readonly storage: StoragePort,
    private readonly options: HistoryOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.#newId = options.newId ?? (() => randomUUID());
    this.#storesOf = options.stores ?? confStores;
  }

  static async open(storage: StoragePort, options: HistoryOptions = {}): Promise<HistoryRepository> {
    const repo = new HistoryRepository(storage, options);
    const head = repo.#readHead();
    if (head) {
      // The list is shown from the head; the index loads right after, in the background.
      repo.#head = head.entries;
      repo.#total = head.total;
      repo.#indexReady = new Promise((resolve) => setImmediate(resolve)).then(() => repo.#loadIndex());
    } else {
      repo.#indexReady = repo.#loadIndex();
      await repo.#indexReady;
    }
    repo.#indexReady.catch(() => {});
    repo.#background = repo.#indexReady.then(async (index) => {
      const added = await repo.#reconcile();
      if (added > 0) await repo.#recoverStreaming();
      if (index.wantsCompaction) await repo.#quietly(() => index.compact());
      await repo.#quietly(() => repo.#writeHead());
      return added;
    });
    repo.#background.catch(() => {});
    // Search does not wait for the folder check: conversations it adds are indexed as they come.
    repo.#searchReady = repo.#indexReady.then(() => repo.#openSearch());
    // Search loads in the background; a failure is reported when someone searches.
    repo.#searchReady.catch(() => {});
    return repo;
  }

  /** The index journal, loaded (and checked against the folder when it was empty or damaged). */
  async #loadIndex(): Promise<Journal<IndexEntry>> {
    const { journal, load } = await Journal.open(this.storage, 'history/index', isIndexEntry, this.#storesOf);
    this.#index = journal;
    for (const problem of load.problems) this.#report(problem);
    this.#refillHead();
    await this.#recoverStreaming();
    if (load.damaged || journal.size === 0) await this.#reconcile();
    return journal;
  }

  /** The index (saves, deletions and search wait for it; it loads right after open). */
  get index(): Promise<Journal<IndexEntry>> {
    return this.#indexReady;
  }

  /** The head store's rows, when they still describe the index (its log has the size they name). */
  #readHead(): { entries: IndexEntry[]; total: number } | undefined {
    const path = this.storage.resolve(`${HEAD}.json`);
    if (!existsSync(path)) return undefined;
    let value: Record<string, unknown>;
    try {
      value = this.#head$().store;
    } catch {
      // A damaged head is a cache: it is rewritten from the index, which is what it was made from.
      this.#headStore = undefined;
      return undefined;
    }
    const { version, total, logBytes, snapshotBytes, entries } = value;
    if (version !== 1 || typeof total !== 'number' || !Array.isArray(entries) || !entries.every(isIndexEntry))
      return undefined;
    // The index changed since (a crash between its write and this one, or an edit): not a view of it.
    if (logBytes !== fileSize(this.storage.resolve('history/index.log'))) return undefined;
    if (snapshotBytes !== fileSize(this.storage.resolve('history/index.json'))) return undefined;
    // A conversation that was streaming when Glimpse stopped is recovered before the list shows.
    if (entries.some((e) => e.streaming)) return undefined;
    return { entries, total };
  }

  #head$(): AnyStore {
    const path = this.storage.resolve(`${HEAD}.json`);
    this.#headStore ??= this.#storesOf({ cwd: dirname(path), name: 'index-head', ...JSON_STORE });
    return this.#headStore;
  }

  /** Rewrites index-head.json from the rows in memory (small: HEAD_MAX rows). */
  #writeHead(): void {
    const index = this.#index;
    if (!index) return;
    this.#head$().store = {
      version: 1,
      total: index.size,
      logBytes: index.logBytes,
      snapshotBytes: fileSize(this.storage.resolve('history/index.json')),
      entries: this.#head,
    };
  }

  /** The head from the whole index (after loading it, or when deletions emptied it). */
  #refillHead(): void {
    const index = this.#index;
    if (!index) return;
    this.#head = this.#sortedEntries().slice(0, HEAD_MAX);
    this.#total = index.size;
  }

  /** Keeps the head in step with one changed row (no scan of the index: a save's cost stays flat). */
  #headPut(entry: IndexEntry): void {
    const at = this.#head.findIndex((e) => e.id === entry.id);
    if (at !== -1) this.#head.splice(at, 1);
    const last = this.#head.at(-1);
    if (this.#head.length < HEAD_MAX || (last && newestFirst(entry, last) < 0)) {
      let i = 0;
      while (i < this.#head.length && newestFirst(this.#head[i]!, entry) < 0) i++;
      this.#head.splice(i, 0, entry);
      if (this.#head.length > HEAD_MAX) this.#head.pop();
    }
  }

  #headDelete(id: string): void {
    const at = this.#head.findIndex((e) => e.id === id);
    if (at !== -1) this.#head.splice(at, 1);
    if (this.#index && this.#head.length < HEAD_MAX / 2 && this.#index.size > this.#head.length)
      this.#refillHead();
  }

  /** The index, also while it is loading (recovery and reconciling write to it then). */
  async #indexNow(): Promise<Journal<IndexEntry>> {
    return this.#index ?? (await this.#indexReady);
  }

  async #indexPut(items: [string, IndexEntry][]): Promise<void> {
    const index = await this.#indexNow();
    if (items.length === 1) await index.put(items[0]![0], items[0]![1]);
    else await index.putMany(items);
    if (items.length > HEAD_MAX) this.#refillHead();
    else for (const [, entry] of items) this.#headPut(entry);
    this.#total = index.size;
    this.#writeHead();
  }

  async #indexDelete(id: string): Promise<void> {
    const index = await this.#indexNow();
    await index.delete(id);
    this.#headDelete(id);
    this.#total = index.size;
    this.#writeHead();
  }

  #report(problem: string | CoreMessage): void {
    const worded = typeof problem === 'string' ? { message: problem } : problem;
    this.problems.push(worded.message);
    this.worded.push(worded);
    this.options.onProblem?.(worded.message);
  }

  /** Runs a write; a refused write is reported (not twice in a row) and returned, not thrown. */
  async #quietly(write: () => Promise<void> | void): Promise<unknown> {
    try {
      await write();
      return undefined;
    } catch (error) {
      const worded = writeErrorMessage(error, this.storage.location);
      if (this.problems.at(-1) !== worded.message) this.#report(worded);
      return error ?? new Error('write failed');
    }
  }

  /**
   * Conversations the folder has and the index did not (added after opening; the app then tells
   * the windows to refresh their list). Resolves once the folder has been checked.
   */
  async reconciled(): Promise<number> {
    return this.#background;
  }

  /** Adds to the index any conversation file it does not know (a crash between the two writes). */
  async #reconcile(): Promise<number> {
    const index = this.#index!;
    const all = await this.storage.list(CONVERSATIONS);
    // Temporary files of writes a crash interrupted (ours: `.x.tmp-…`; the store's: `x.json.tmp-…`):
    // the target file is intact, these are not.
    for (const name of all.filter((n) => n.includes('.tmp-')))
      await this.#quietly(() => this.storage.remove(`${CONVERSATIONS}/${name}`));
    const names = all.filter((n) => /^[A-Za-z0-9_-]+\.json$/.test(n));
    if (names.length === index.size && names.every((n) => index.has(n.slice(0, -5)))) return 0;
    const missing: [string, IndexEntry][] = [];
    for (const name of names) {
      const id = name.slice(0, -5);
      if (index.has(id)) continue;
      const conversation = await this.#loadFile(id);
      if (conversation) missing.push([id, summaryOf(conversation)]);
    }
    // Index entries whose file is gone (deleted outside Glimpse) are dropped from the list only.
    const present = new Set(names.map((n) => n.slice(0, -5)));
    for (const [id] of [...index.entries()])
      if (!present.has(id)) await this.#quietly(() => this.#indexDelete(id));
    if (missing.length > 0) await this.#quietly(() => this.#indexPut(missing));
    const search = this.#search;
    if (search)
      for (const [id] of missing) {
        const conversation = this.#cache.get(id) ?? (await this.#loadFile(id));
        if (conversation)
          await this.#quietly(() => search.update(id, termsOf(conversationText(conversation)), undefined));
      }
    return missing.length;
  }

  /** Answers that were streaming when the app died: keep their text, mark them interrupted. */
  async #recoverStreaming(): Promise<void> {
    const crashed = [...this.#index!.values()].filter((e) => e.streaming).map((e) => e.id);
    for (const id of crashed) {
      const conversation = await this.#loadFile(id);
      if (!conversation) continue;
      for (const message of conversation.messages) {
        if (!message.streaming) continue;
        delete message.streaming;
        message.interrupted = true;
        message.error ??= 'Glimpse stopped before this answer was finished.';
      }
      // Its text since the last search update was never indexed: index it all again.
      this.#posted.delete(id);
      await this.#save(conversation, { index: true, search: false });
      this.#recovered.add(id);
    }
  }

  readonly #recovered = new Set<string>();
  /** The search index once open (the folder check indexes what it adds). */
  #search: SearchIndex | undefined;

  /** Opens the search index, rebuilding it from the conversation files when it is missing or damaged. */
  async #openSearch(): Promise<SearchIndex> {
    const index = this.#index!;
    let search: SearchIndex;
    try {
      search = await SearchIndex.open(this.storage);
    } catch (error) {
      if (!(error instanceof SearchIndexDamaged)) throw error;
      const hadOne = (await this.storage.list(SEARCH_DIR)).length > 0;
      const texts: [string, string][] = [];
      for (const entry of index.values()) {
        const conversation = this.#cache.get(entry.id) ?? (await this.#loadFile(entry.id));
        if (conversation) texts.push([entry.id, conversationText(conversation)]);
      }
      try {
        search = await SearchIndex.rebuild(this.storage, texts);
      } catch (writeError) {
        this.#report(writeErrorMessage(writeError, this.storage.location));
        throw writeError;
      }
      this.#search = search;
      if (hadOne)
        this.#report({
          message: `The search index was rebuilt from the conversations (${error.message}).`,
          ...searchDamage('storage.searchRebuilt', error),
        });
      // Earlier releases kept every conversation's text in search.json/search.log: no longer read.
      await this.#quietly(async () => {
        await this.storage.remove('history/search.json');
        await this.storage.remove('history/search.log');
      });
      return search;
    }
    this.#search = search;
    // Conversations the index has not seen (a crash between a save and its search update) and
    // answers recovered after a crash: indexed now.
    for (const entry of [...index.values()]) {
      if (search.has(entry.id) && !this.#recovered.has(entry.id)) continue;
      const conversation = this.#cache.get(entry.id) ?? (await this.#loadFile(entry.id));
      if (!conversation) continue;
      await this.#quietly(() => search.update(entry.id, termsOf(conversationText(conversation)), undefined));
    }
    this.#recovered.clear();
    return search;
  }

  /** The store of one conversation file (kept open for the most recently used ones). */
  #conversationStore(id: string): AnyStore {
    let store = this.#stores.get(id);
    if (store) {
      this.#stores.delete(id);
      this.#stores.set(id, store);
      return store;
    }
    store = this.#storesOf({ cwd: this.storage.resolve(CONVERSATIONS), name: id, ...JSON_STORE });
    this.#stores.set(id, store);
    for (const key of this.#stores.keys()) {
      if (this.#stores.size <= STORES_MAX) break;
      this.#stores.delete(key);
    }
    return store;
  }

  /** Reads and checks a conversation file; a bad one is moved aside and reported. */
  async #loadFile(id: string): Promise<Conversation | undefined> {
    const path = conversationPath(id);
    if (!existsSync(this.storage.resolve(path))) return undefined;
    let parsed: unknown;
    try {
      parsed = this.#conversationStore(id).store;
    } catch {
      // Not JSON: the store refuses to open (clearInvalidConfig: false), the file is untouched.
      this.#stores.delete(id);
      parsed = undefined;
    }
    const checked = conversationSchema.safeParse(parsed);
    if (checked.success && checked.data.id === id) return checked.data;
    this.#stores.delete(id);
    const version = (parsed as { version?: unknown } | undefined)?.version;
    if (typeof version === 'number' && version > HISTORY_VERSION) {
      // Written by a newer Glimpse: not damaged, just not ours to read. Left exactly where it is.
      this.#report({
        message: `A conversation was saved by a newer version of Glimpse and is left untouched: ${this.storage.resolve(path)}`,
        code: 'storage.conversationNewer',
        fields: { where: this.storage.resolve(path) },
      });
      return undefined;
    }
    let where = this.storage.resolve(path);
    try {
      where = this.storage.resolve(await this.storage.moveAside(path));
    } catch {
      // Cannot move it (read-only folder): leave it where it is, still reported.
    }
    this.#report({
      message: `A saved conversation could not be read and was set aside, not deleted: ${where}`,
      code: 'storage.conversationSetAside',
      fields: { where },
    });
    if (this.#index?.has(id)) await this.#quietly(() => this.#indexDelete(id));
    return undefined;
  }

  /** A conversation's text for search, read without keeping it (search reads many). */
  async #textOf(id: string): Promise<string | undefined> {
    const cached = this.#cache.get(id);
    if (cached) return conversationText(cached);
    const bytes = await this.storage.read(conversationPath(id));
    if (bytes === undefined) return undefined;
    try {
      const checked = conversationSchema.safeParse(JSON.parse(Buffer.from(bytes).toString('utf8')));
      return checked.success ? conversationText(checked.data) : undefined;
    } catch {
      return undefined;
    }
  }

  // ---- reading ----

  #sortedEntries(): IndexEntry[] {
    const index = this.#index!;
    if (!this.#sorted || this.#sortedVersion !== index.version) {
      this.#sorted = [...index.values()].sort(newestFirst);
      this.#sortedVersion = index.version;
    }
    return this.#sorted;
  }

  /** Whether `list` can answer this page now (from the head, before the index has loaded). */
  #canList(offset: number, limit: number): boolean {
    return (
      this.#index !== undefined || offset + limit <= this.#head.length || this.#head.length >= this.#total
    );
  }

  /**
   * Newest first. Answers at once for the first pages (the head); further pages need the whole
   * index, which loads right after open: use `page`, which waits for it when needed.
   */
  list({ offset = 0, limit = 50 }: { offset?: number; limit?: number } = {}): HistoryPage {
    if (this.#index === undefined) {
      if (!this.#canList(offset, limit)) throw new Error('The history index is still loading: use page().');
      return {
        items: this.#head.slice(offset, offset + limit).map(publicSummary),
        total: this.#total,
        offset,
      };
    }
    const all = this.#sortedEntries();
    return { items: all.slice(offset, offset + limit).map(publicSummary), total: all.length, offset };
  }

  /** `list`, waiting for the index when the page lies beyond the head. */
  async page(args: { offset?: number; limit?: number } = {}): Promise<HistoryPage> {
    if (!this.#canList(args.offset ?? 0, args.limit ?? 50)) await this.#indexReady;
    return this.list(args);
  }

  /** A row of the list; undefined when unknown (or, before the index loads, not among the newest). */
  summary(id: string): ConversationSummary | undefined {
    const entry = this.#index ? this.#index.get(id) : this.#head.find((e) => e.id === id);
    return entry && publicSummary(entry);
  }

  /** A row of the list, once the index has loaded. */
  async find(id: string): Promise<ConversationSummary | undefined> {
    const entry = (await this.#indexReady).get(id);
    return entry && publicSummary(entry);
  }

  async get(id: string): Promise<Conversation> {
    const cached = this.#cache.get(id);
    if (cached) return cached;
    const index = await this.#indexReady;
    const loaded = index.has(id) ? await this.#loadFile(id) : undefined;
    if (!loaded)
      throw new UserFacingError('That conversation is no longer in the history.', 'not-found', {
        code: 'history.conversationGone',
      });
    this.#remember(loaded);
    this.#posted.set(id, termsOf(conversationText(loaded)));
    return loaded;
  }

  #remember(conversation: Conversation): void {
    this.#cache.delete(conversation.id);
    this.#cache.set(conversation.id, conversation);
    for (const id of this.#cache.keys()) {
      if (this.#cache.size <= CACHE_MAX) break;
      if (!this.#unsaved.has(id) && !this.#queues.has(id)) {
        this.#cache.delete(id);
        this.#posted.delete(id);
      }
    }
  }

  /** Finished loading the search index (the first search waits for it). */
  async searchReady(): Promise<void> {
    await this.#searchReady;
  }

  /**
   * Case-insensitive text search over titles and every message; newest first. A hit is a
   * conversation whose lower-cased text contains the lower-cased, trimmed query, as before; the
   * index on disk says which conversations can hold it, their files confirm it and give snippets.
   */
  async search(
    query: string,
    { offset = 0, limit = 50, actionId }: { offset?: number; limit?: number; actionId?: string } = {},
  ): Promise<HistorySearchPage> {
    // `actionId`: only conversations that action asked in (issue 17).
    const byAction = (entry: IndexEntry): boolean =>
      actionId === undefined || (entry.actions?.includes(actionId) ?? false);
    let search: SearchIndex;
    try {
      search = await this.#searchReady;
    } catch {
      throw new UserFacingError('Search is not available: the history could not be read.', 'search-failed', {
        code: 'history.searchFailed',
      });
    }
    const index = await this.#indexReady;
    const plan = SearchIndex.plan(query);
    const needle = plan.needle;
    if (needle === '' && actionId !== undefined) {
      const matching = this.#sortedEntries().filter(byAction);
      return {
        items: matching.slice(offset, offset + limit).map((e) => ({ ...publicSummary(e), snippet: '' })),
        total: matching.length,
        offset,
      };
    }
    if (needle === '') {
      const page = this.list({ offset, limit });
      return { ...page, items: page.items.map((item) => ({ ...item, snippet: '' })) };
    }
    const checked = new Set<string>();
    let candidates: Set<string> | undefined;
    try {
      candidates = await search.candidates(plan, checked);
    } catch (error) {
      if (!(error instanceof SearchIndexDamaged)) throw error;
      // A shard went missing or bad: rebuild in the background, answer from the files now.
      this.#searchReady = this.#rebuildSearch(error);
      this.#searchReady.catch(() => {});
      candidates = undefined;
    }
    const all = candidates === undefined;
    const entries = all
      ? this.#sortedEntries()
      : [...candidates!]
          .map((id) => index.get(id))
          .filter((e): e is IndexEntry => e !== undefined)
          .sort(newestFirst);
    const hits: { entry: IndexEntry; text?: string }[] = [];
    for (const entry of entries) {
      if (!byAction(entry)) continue;
      if (!all && !checked.has(entry.id)) {
        hits.push({ entry });
        continue;
      }
      const text = await this.#textOf(entry.id);
      if (text !== undefined && text.toLowerCase().includes(needle)) hits.push({ entry, text });
    }
    const items = [];
    for (const hit of hits.slice(offset, offset + limit)) {
      const text = hit.text ?? (await this.#textOf(hit.entry.id)) ?? '';
      const at = text.toLowerCase().indexOf(needle);
      const start = Math.max(0, at - 40);
      const snippet =
        at === -1
          ? ''
          : `${start > 0 ? '…' : ''}${text.slice(start, at + needle.length + 80).replace(/\s+/g, ' ')}`;
      items.push({ ...publicSummary(hit.entry), snippet });
    }
    return { items, total: hits.length, offset };
  }

  async #rebuildSearch(reason: SearchIndexDamaged): Promise<SearchIndex> {
    await this.storage.writeAtomic(`${SEARCH_DIR}/meta.json`, '{}').catch(() => {});
    this.#report({
      message: `The search index is being rebuilt from the conversations (${reason.message}).`,
      ...searchDamage('storage.searchRebuilding', reason),
    });
    return this.#openSearch();
  }

  async readImage(hash: string): Promise<{ mime: ImagePart['mime']; bytes: Uint8Array }> {
    for (const [mime, ext] of Object.entries(EXT) as [ImagePart['mime'], string][]) {
      const bytes = await this.storage.read(`${IMAGES}/${hash}.${ext}`);
      if (bytes) return { mime, bytes };
    }
    throw new UserFacingError('That image is no longer in the history.', 'not-found', {
      code: 'history.imageGone',
    });
  }

  // ---- writing ----

  /** Serialises writes per conversation so a late streaming save never overtakes a later one. */
  #enqueue(id: string, work: () => Promise<void>): Promise<void> {
    const previous = this.#queues.get(id) ?? Promise.resolve();
    const next = previous.then(work, work);
    // The queue keeps order only; the caller gets (and handles) the outcome through `next`.
    const tracked: Promise<void> = next
      .catch(() => {})
      .finally(() => {
        if (this.#queues.get(id) === tracked) this.#queues.delete(id);
      });
    this.#queues.set(id, tracked);
    return next;
  }

  /**
   * Records the conversation's new words in the search index, then writes its file, then (when
   * asked) its index line. A refused write keeps everything in memory and reports; returns the
   * error of the file write, if any.
   */
  async #save(conversation: Conversation, what: { index: boolean; search: boolean }): Promise<unknown> {
    this.#remember(conversation);
    if (what.search) await this.#indexSearch(conversation);
    const failure = await this.#quietly(() => this.#writeConversation(conversation));
    if (failure === undefined) this.#unsaved.delete(conversation.id);
    else this.#unsaved.add(conversation.id);
    if (what.index) await this.#quietly(() => this.#indexPut([[conversation.id, summaryOf(conversation)]]));
    return failure;
  }

  /** Before the file: a crash in between leaves a word too many in the index, never one missing. */
  async #indexSearch(conversation: Conversation): Promise<void> {
    const terms = termsOf(conversationText(conversation));
    const previous = this.#posted.get(conversation.id);
    const failure = await this.#quietly(async () =>
      (await this.#searchReady).update(conversation.id, terms, previous),
    );
    if (failure === undefined) this.#posted.set(conversation.id, terms);
  }

  #writeConversation(conversation: Conversation): void {
    this.#conversationStore(conversation.id).store = conversation;
  }

  /** Stores an image by content hash (once) and returns its reference. */
  async putImage(image: ImageInput): Promise<ImagePart> {
    const hash = sha256(image.bytes);
    await this.storage.writeOnce(imagePath(hash, image.mime), image.bytes);
    return {
      type: 'image',
      hash,
      mime: image.mime,
      width: image.width,
      height: image.height,
      bytes: image.bytes.byteLength,
    };
  }

  newId(): string {
    return this.#newId();
  }

  /** A new, empty conversation (saved with its first message). */
  draft(title: string, id = this.#newId()): Conversation {
    const now = this.now();
    return {
      version: HISTORY_VERSION,
      id,
      title: titleFrom(title),
      createdAt: now,
      updatedAt: now,
      messages: [],
    };
  }

  /** Saves a conversation as it is now (new or changed); used by appends, recordings, import. */
  async commit(conversation: Conversation, what = { index: true, search: true }): Promise<void> {
    await this.#enqueue(conversation.id, async () => {
      await this.#save(conversation, what);
    });
  }

  /**
   * Saves many conversations with one index line batch (import, generated histories). Each file
   * is still written atomically; a refused file stays in memory, as with single saves.
   */
  async commitMany(conversations: readonly Conversation[]): Promise<void> {
    for (const conversation of conversations) {
      this.#remember(conversation);
      await this.#indexSearch(conversation);
      const failure = await this.#quietly(() => this.#writeConversation(conversation));
      if (failure === undefined) this.#unsaved.delete(conversation.id);
      else this.#unsaved.add(conversation.id);
    }
    await this.#quietly(() => this.#indexPut(conversations.map((c) => [c.id, summaryOf(c)])));
  }

  /** Appends a finished message and saves: the operation whose cost must not grow with history size. */
  async appendMessage(id: string, message: StoredMessage): Promise<Conversation> {
    const conversation = await this.get(id);
    conversation.messages.push(message);
    conversation.updatedAt = this.now();
    await this.commit(conversation);
    return conversation;
  }

  async rename(id: string, title: string): Promise<ConversationSummary> {
    const conversation = await this.get(id);
    const trimmed = title.trim();
    if (trimmed === '')
      throw new UserFacingError('A title cannot be empty.', 'invalid-title', { code: 'history.emptyTitle' });
    conversation.title = trimmed.slice(0, 500);
    await this.#enqueue(id, async () => {
      const failure = await this.#save(conversation, { index: true, search: true });
      if (failure !== undefined) throw writeFailed(failure, this.storage.location);
    });
    return publicSummary((await this.#indexReady).get(id)!);
  }

  /** Deletes a conversation and every image no other conversation uses. */
  async delete(id: string): Promise<{ deleted: boolean; imagesRemoved: number }> {
    const index = await this.#indexReady;
    const entry = index.get(id);
    if (!entry) return { deleted: false, imagesRemoved: 0 };
    let imagesRemoved = 0;
    await this.#enqueue(id, async () => {
      try {
        await this.storage.remove(conversationPath(id));
        this.#stores.delete(id);
        // The search index keeps its postings: a conversation not in the list is never a hit.
        await this.#indexDelete(id);
      } catch (error) {
        throw writeFailed(error, this.storage.location);
      }
      this.#cache.delete(id);
      this.#posted.delete(id);
      this.#unsaved.delete(id);
      const stillUsed = new Set<string>();
      for (const other of index.values()) for (const hash of imagesOf(other)) stillUsed.add(hash);
      for (const hash of imagesOf(entry)) {
        if (stillUsed.has(hash)) continue;
        for (const ext of Object.values(EXT)) await this.storage.remove(`${IMAGES}/${hash}.${ext}`);
        imagesRemoved++;
      }
    });
    return { deleted: true, imagesRemoved };
  }

  /** Waits for every pending write (tests, quitting), the search index's background build included. */
  async flush(): Promise<void> {
    while (this.#queues.size > 0) await Promise.allSettled([...this.#queues.values()]);
    // A build still writing its files when the folder is removed (web mode's temporary folder)
    // fails with ENOTEMPTY; a failed build is reported by search, not here.
    await this.#searchReady.catch(() => undefined);
  }

  /** Compacts the index journal and moves pending search postings into place (idle, quitting). */
  async compact(): Promise<void> {
    await this.flush();
    const index = await this.#indexReady;
    await this.#quietly(async () => {
      await index.compact();
      this.#writeHead();
    });
    const search = await this.#searchReady.catch(() => undefined);
    if (search) await this.#quietly(() => search.flushPending());
  }

  /** Conversations that are only in memory because the disk refused them. */
  get unsavedCount(): number {
    return this.#unsaved.size;
  }
}

/** A refused write as the page's error: the sentence, with its code and fields. */
function writeFailed(error: unknown, where: string): UserFacingError {
  const worded = writeErrorMessage(error, where);
  return new UserFacingError(worded.message, 'write-failed', worded);
}

/** The code and fields of "the search index is (being) rebuilt", its reason a message of its own. */
function searchDamage(code: string, damage: SearchIndexDamaged): Pick<CoreMessage, 'code' | 'fields'> {
  return {
    code,
    fields: { why: `storage.searchDamaged.${damage.why}`, ...(damage.where ? { where: damage.where } : {}) },
  };
}
