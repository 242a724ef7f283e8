/**
 * The history repository: conversations on disk, over the storage port.
 *
 * Layout (under the data folder's `history/`):
 * - `conversations/<id>.json` — one file per conversation, rewritten atomically on each save, so
 *   saving a message costs the size of that conversation, never of the whole history;
 * - `index.json` + `index.log` — the list (id, title, dates, model, thumbnail, image hashes) as a
 *   journal: a save appends one line;
 * - `search.json` + `search.log` — each conversation's text, for search, loaded in the background
 *   after the list is shown;
 * - `images/<sha256>.<ext>` — captured images, written once, shared by every message that uses
 *   them and deleted with the last conversation that does.
 *
 * Conversation files are the truth; the index and the search text can be rebuilt from them.
 * Nothing that fails to load is deleted: it is moved aside as `…corrupt-<timestamp>` and reported.
 * A write the disk refuses keeps the conversation in memory (and in the list), is reported in
 * plain words, and is tried again at the next save.
 */
import { createHash, randomUUID } from 'node:crypto';
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
import { describeWriteError } from '../storage/atomic-file';
import type { StoragePort } from '../storage/port';
import { Journal } from './journal';
import { firstPlainLine } from './plain-title';

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

const EXT: Record<ImagePart['mime'], string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

export const conversationPath = (id: string): string => `${CONVERSATIONS}/${id}.json`;
export const imagePath = (hash: string, mime: ImagePart['mime']): string => `${IMAGES}/${hash}.${EXT[mime]}`;

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

const isString = (value: unknown): value is string => typeof value === 'string';

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
  let model: string | null = null;
  for (const message of conversation.messages) {
    for (const part of message.parts)
      if (part.type === 'image' && !images.includes(part.hash)) images.push(part.hash);
    if (message.model) model = message.model;
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
    ...(images.length > 1 ? { images } : {}),
    ...(conversation.messages.some((m) => m.streaming) ? { streaming: true } : {}),
  };
}

function imagesOf(entry: IndexEntry): string[] {
  return entry.images ?? (entry.thumbnail ? [entry.thumbnail] : []);
}

function publicSummary(entry: IndexEntry): ConversationSummary {
  const { id, title, createdAt, updatedAt, model, thumbnail, messageCount, interrupted } = entry;
  return { id, title, createdAt, updatedAt, model, thumbnail, messageCount, interrupted };
}

export class HistoryRepository {
  readonly problems: string[] = [];
  readonly #cache = new Map<string, Conversation>();
  /** Conversations the disk refused: kept here (never evicted) until a save succeeds. */
  readonly #unsaved = new Set<string>();
  readonly #queues = new Map<string, Promise<void>>();
  #sorted: IndexEntry[] | undefined;
  #sortedVersion = -1;
  #searchReady!: Promise<Journal<string>>;
  #background!: Promise<number>;
  /** Conversations whose streaming answer was recovered at open: their search text is refreshed. */
  readonly #recovered = new Set<string>();
  #searchLower = new Map<string, string>();
  #searchLowerVersion = -1;
  readonly now: () => number;
  readonly #newId: () => string;

  private constructor(
    readonly storage: StoragePort,
    readonly index: Journal<IndexEntry>,
    private readonly options: HistoryOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.#newId = options.newId ?? (() => randomUUID());
  }

  static async open(storage: StoragePort, options: HistoryOptions = {}): Promise<HistoryRepository> {
    const { journal, load } = await Journal.open(storage, 'history/index', isIndexEntry);
    const repo = new HistoryRepository(storage, journal, options);
    for (const problem of load.problems) repo.#report(problem);
    await repo.#recoverStreaming();
    // Checking the index against the folder (a crash between a file and its index line) reads
    // the whole folder: do it first only when the index is empty or was damaged, else after the
    // list is shown. Search text loads after that.
    let reconciled: Promise<number>;
    if (load.damaged || journal.size === 0) reconciled = Promise.resolve(await repo.#reconcile());
    else reconciled = repo.#reconcile();
    repo.#background = reconciled.then(async (added) => {
      if (added > 0) await repo.#recoverStreaming();
      if (journal.wantsCompaction) await repo.#quietly(() => journal.compact());
      return added;
    });
    repo.#searchReady = repo.#background.then(() => repo.#openSearch());
    // Search loads in the background; a failure is reported when someone searches.
    repo.#searchReady.catch(() => {});
    return repo;
  }

  #report(message: string): void {
    this.problems.push(message);
    this.options.onProblem?.(message);
  }

  /** Runs a write; a refused write is reported (not twice in a row) and returned, not thrown. */
  async #quietly(write: () => Promise<void>): Promise<unknown> {
    try {
      await write();
      return undefined;
    } catch (error) {
      const message = describeWriteError(error, this.storage.location);
      if (this.problems.at(-1) !== message) this.#report(message);
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
    const all = await this.storage.list(CONVERSATIONS);
    // Temporary files of writes a crash interrupted: the target file is intact, these are not.
    for (const name of all.filter((n) => n.startsWith('.') && n.includes('.tmp-')))
      await this.#quietly(() => this.storage.remove(`${CONVERSATIONS}/${name}`));
    const names = all.filter((n) => /^[A-Za-z0-9_-]+\.json$/.test(n));
    if (names.length === this.index.size && names.every((n) => this.index.has(n.slice(0, -5)))) return 0;
    const missing: [string, IndexEntry][] = [];
    for (const name of names) {
      const id = name.slice(0, -5);
      if (this.index.has(id)) continue;
      const conversation = await this.#loadFile(id);
      if (conversation) missing.push([id, summaryOf(conversation)]);
    }
    // Index entries whose file is gone (deleted outside Glimpse) are dropped from the list only.
    const present = new Set(names.map((n) => n.slice(0, -5)));
    for (const [id] of [...this.index.entries()])
      if (!present.has(id)) await this.#quietly(() => this.index.delete(id));
    await this.#quietly(() => this.index.putMany(missing));
    return missing.length;
  }

  /** Answers that were streaming when the app died: keep their text, mark them interrupted. */
  async #recoverStreaming(): Promise<void> {
    const crashed = [...this.index.values()].filter((e) => e.streaming).map((e) => e.id);
    for (const id of crashed) {
      const conversation = await this.#loadFile(id);
      if (!conversation) continue;
      for (const message of conversation.messages) {
        if (!message.streaming) continue;
        delete message.streaming;
        message.interrupted = true;
        message.error ??= 'Glimpse stopped before this answer was finished.';
      }
      this.#recovered.add(id);
      await this.#save(conversation, { index: true, search: false });
    }
  }

  async #openSearch(): Promise<Journal<string>> {
    const { journal, load } = await Journal.open(this.storage, 'history/search', isString);
    for (const problem of load.problems) this.#report(problem);
    // Any conversation without its text (damaged journal, older files, a crash): read it once.
    const missing: [string, string][] = [];
    for (const entry of this.index.values()) {
      if (journal.has(entry.id) && !this.#recovered.has(entry.id)) continue;
      const conversation = this.#cache.get(entry.id) ?? (await this.#loadFile(entry.id));
      if (conversation) missing.push([entry.id, conversationText(conversation)]);
    }
    for (const [id] of [...journal.entries()]) if (!this.index.has(id)) missing.push([id, '']);
    try {
      await journal.putMany(missing);
      if (journal.wantsCompaction) await journal.compact();
    } catch (error) {
      this.#report(describeWriteError(error, this.storage.location));
    }
    return journal;
  }

  /** Reads and checks a conversation file; a bad one is moved aside and reported. */
  async #loadFile(id: string): Promise<Conversation | undefined> {
    const path = conversationPath(id);
    const bytes = await this.storage.read(path);
    if (bytes === undefined) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
    } catch {
      parsed = undefined;
    }
    const checked = conversationSchema.safeParse(parsed);
    if (checked.success && checked.data.id === id) return checked.data;
    const version = (parsed as { version?: unknown } | undefined)?.version;
    if (typeof version === 'number' && version > HISTORY_VERSION) {
      // Written by a newer Glimpse: not damaged, just not ours to read. Left exactly where it is.
      this.#report(
        `A conversation was saved by a newer version of Glimpse and is left untouched: ${this.storage.resolve(path)}`,
      );
      return undefined;
    }
    let where = this.storage.resolve(path);
    try {
      where = this.storage.resolve(await this.storage.moveAside(path));
    } catch {
      // Cannot move it (read-only folder): leave it where it is, still reported.
    }
    this.#report(`A saved conversation could not be read and was set aside, not deleted: ${where}`);
    if (this.index.has(id)) await this.#quietly(() => this.index.delete(id));
    return undefined;
  }

  // ---- reading ----

  #sortedEntries(): IndexEntry[] {
    if (!this.#sorted || this.#sortedVersion !== this.index.version) {
      this.#sorted = [...this.index.values()].sort(
        (a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1),
      );
      this.#sortedVersion = this.index.version;
    }
    return this.#sorted;
  }

  /** Newest first. */
  list({ offset = 0, limit = 50 }: { offset?: number; limit?: number } = {}): HistoryPage {
    const all = this.#sortedEntries();
    return { items: all.slice(offset, offset + limit).map(publicSummary), total: all.length, offset };
  }

  summary(id: string): ConversationSummary | undefined {
    const entry = this.index.get(id);
    return entry && publicSummary(entry);
  }

  async get(id: string): Promise<Conversation> {
    const cached = this.#cache.get(id);
    if (cached) return cached;
    const loaded = this.index.has(id) ? await this.#loadFile(id) : undefined;
    if (!loaded) throw new UserFacingError('That conversation is no longer in the history.', 'not-found');
    this.#remember(loaded);
    return loaded;
  }

  #remember(conversation: Conversation): void {
    this.#cache.delete(conversation.id);
    this.#cache.set(conversation.id, conversation);
    for (const id of this.#cache.keys()) {
      if (this.#cache.size <= CACHE_MAX) break;
      if (!this.#unsaved.has(id) && !this.#queues.has(id)) this.#cache.delete(id);
    }
  }

  /** Finished loading the search text (the first search waits for it). */
  async searchReady(): Promise<void> {
    await this.#searchReady;
  }

  /** Case-insensitive text search over titles and every message; newest first. */
  async search(
    query: string,
    { offset = 0, limit = 50 }: { offset?: number; limit?: number } = {},
  ): Promise<HistorySearchPage> {
    let journal: Journal<string>;
    try {
      journal = await this.#searchReady;
    } catch {
      throw new UserFacingError('Search is not available: the history could not be read.', 'search-failed');
    }
    const needle = query.trim().toLowerCase();
    if (needle === '') {
      const page = this.list({ offset, limit });
      return { ...page, items: page.items.map((item) => ({ ...item, snippet: '' })) };
    }
    if (this.#searchLowerVersion !== journal.version) {
      this.#searchLower = new Map([...journal.entries()].map(([id, text]) => [id, text.toLowerCase()]));
      this.#searchLowerVersion = journal.version;
    }
    const hits: { entry: IndexEntry; at: number }[] = [];
    for (const entry of this.#sortedEntries()) {
      const text = this.#searchLower.get(entry.id);
      const at = text === undefined ? -1 : text.indexOf(needle);
      if (at !== -1) hits.push({ entry, at });
    }
    const items = hits.slice(offset, offset + limit).map(({ entry, at }) => {
      const text = journal.get(entry.id) ?? '';
      const start = Math.max(0, at - 40);
      const snippet = `${start > 0 ? '…' : ''}${text.slice(start, at + needle.length + 80).replace(/\s+/g, ' ')}`;
      return { ...publicSummary(entry), snippet };
    });
    return { items, total: hits.length, offset };
  }

  async readImage(hash: string): Promise<{ mime: ImagePart['mime']; bytes: Uint8Array }> {
    for (const [mime, ext] of Object.entries(EXT) as [ImagePart['mime'], string][]) {
      const bytes = await this.storage.read(`${IMAGES}/${hash}.${ext}`);
      if (bytes) return { mime, bytes };
    }
    throw new UserFacingError('That image is no longer in the history.', 'not-found');
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
   * Writes the conversation file, then (when asked) its index line and search text. A refused
   * write keeps everything in memory and reports; returns the error of the file write, if any.
   */
  async #save(conversation: Conversation, what: { index: boolean; search: boolean }): Promise<unknown> {
    this.#remember(conversation);
    const failure = await this.#quietly(() =>
      this.storage.writeAtomic(conversationPath(conversation.id), JSON.stringify(conversation)),
    );
    if (failure === undefined) this.#unsaved.delete(conversation.id);
    else this.#unsaved.add(conversation.id);
    if (what.index) await this.#quietly(() => this.index.put(conversation.id, summaryOf(conversation)));
    if (what.search) {
      const text = conversationText(conversation);
      await this.#quietly(async () => (await this.#searchReady).put(conversation.id, text));
    }
    return failure;
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
      const failure = await this.#quietly(() =>
        this.storage.writeAtomic(conversationPath(conversation.id), JSON.stringify(conversation)),
      );
      if (failure === undefined) this.#unsaved.delete(conversation.id);
      else this.#unsaved.add(conversation.id);
    }
    await this.#quietly(() => this.index.putMany(conversations.map((c) => [c.id, summaryOf(c)])));
    const texts: [string, string][] = conversations.map((c) => [c.id, conversationText(c)]);
    await this.#quietly(async () => (await this.#searchReady).putMany(texts));
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
    if (trimmed === '') throw new UserFacingError('A title cannot be empty.', 'invalid-title');
    conversation.title = trimmed.slice(0, 500);
    await this.#enqueue(id, async () => {
      const failure = await this.#save(conversation, { index: true, search: true });
      if (failure !== undefined)
        throw new UserFacingError(describeWriteError(failure, this.storage.location), 'write-failed');
    });
    return publicSummary(this.index.get(id)!);
  }

  /** Deletes a conversation and every image no other conversation uses. */
  async delete(id: string): Promise<{ deleted: boolean; imagesRemoved: number }> {
    const entry = this.index.get(id);
    if (!entry) return { deleted: false, imagesRemoved: 0 };
    let imagesRemoved = 0;
    await this.#enqueue(id, async () => {
      try {
        await this.storage.remove(conversationPath(id));
        await this.index.delete(id);
        await (await this.#searchReady.catch(() => undefined))?.delete(id);
      } catch (error) {
        throw new UserFacingError(describeWriteError(error, this.storage.location), 'write-failed');
      }
      this.#cache.delete(id);
      this.#unsaved.delete(id);
      const stillUsed = new Set<string>();
      for (const other of this.index.values()) for (const hash of imagesOf(other)) stillUsed.add(hash);
      for (const hash of imagesOf(entry)) {
        if (stillUsed.has(hash)) continue;
        for (const ext of Object.values(EXT)) await this.storage.remove(`${IMAGES}/${hash}.${ext}`);
        imagesRemoved++;
      }
    });
    return { deleted: true, imagesRemoved };
  }

  /** Waits for every pending write (tests, quitting). */
  async flush(): Promise<void> {
    while (this.#queues.size > 0) await Promise.allSettled([...this.#queues.values()]);
  }

  /** Compacts the journals (call when idle or before quitting). */
  async compact(): Promise<void> {
    await this.flush();
    await this.#quietly(() => this.index.compact());
    const search = await this.#searchReady.catch(() => undefined);
    if (search) await this.#quietly(() => search.compact());
  }

  /** Conversations that are only in memory because the disk refused them. */
  get unsavedCount(): number {
    return this.#unsaved.size;
  }
}
