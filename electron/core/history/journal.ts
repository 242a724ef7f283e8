/**
 * A keyed journal: a snapshot store (`<name>.json`, a conf/electron-store file from the store
 * factory: `{"version":1,"entries":[[key,value],…]}`, the format earlier releases wrote) plus an
 * append-only log (`<name>.log`, one JSON line per change; hand-written, as a store has no append). Saving one entry appends one short line, so its cost does not depend on
 * how many entries exist; the snapshot is rewritten (atomically) only when compacting.
 *
 * After a crash the log may end in a half-written line: it is ignored, and the journal is
 * compacted at once so later appends never glue onto it. Lines that do not parse in the middle
 * of the log, or a snapshot that does not parse, are moved aside and reported, never dropped in
 * silence; the caller can rebuild what was lost from the conversation files.
 */
import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { StoragePort } from '../storage/port';
import { confStores, type Store, type StoreFactory } from '../storage/stores';
import type { CoreMessage } from '../../../shared/messages';

type LogLine<T> = { op: 'put'; key: string; value: T } | { op: 'del'; key: string };

export interface JournalLoad {
  /** What went wrong, for the user (files moved aside), with codes for the page's words. */
  problems: CoreMessage[];
  /** True when the snapshot or log was unreadable: entries may be missing. */
  damaged: boolean;
}

export class Journal<T> {
  readonly #entries = new Map<string, T>();
  #logLines = 0;
  #logBytes = 0;
  #version = 0;
  #snapshot: Store<Record<string, unknown>> | undefined;

  private constructor(
    private readonly storage: StoragePort,
    private readonly name: string,
    private readonly validate: (value: unknown) => value is T,
    private readonly stores: StoreFactory,
  ) {}

  /** The snapshot's store, opened on first use (opening reads the file; a bad one throws). */
  #snapshotStore(): Store<Record<string, unknown>> {
    const path = this.storage.resolve(this.snapshotPath);
    this.#snapshot ??= this.stores({
      cwd: dirname(path),
      name: basename(path, '.json'),
      accessPropertiesByDotNotation: false,
      // Compact, as earlier releases wrote it (conf indents by default).
      serialize: (value) => JSON.stringify(value),
    });
    return this.#snapshot;
  }

  /** Bytes in the log (what a cached view of the journal compares against). */
  get logBytes(): number {
    return this.#logBytes;
  }

  get snapshotPath(): string {
    return `${this.name}.json`;
  }

  get logPath(): string {
    return `${this.name}.log`;
  }

  /** Bumped on every change (for caches built on the entries). */
  get version(): number {
    return this.#version;
  }

  static async open<T>(
    storage: StoragePort,
    name: string,
    validate: (value: unknown) => value is T,
    stores: StoreFactory = confStores,
  ): Promise<{ journal: Journal<T>; load: JournalLoad }> {
    const journal = new Journal(storage, name, validate, stores);
    const load = await journal.#load();
    return { journal, load };
  }

  async #load(): Promise<JournalLoad> {
    const problems: CoreMessage[] = [];
    let damaged = false;
    let needsCompaction = false;

    if (existsSync(this.storage.resolve(this.snapshotPath))) {
      let entries: [string, unknown][] | undefined;
      try {
        entries = parseSnapshot(this.#snapshotStore().store);
      } catch {
        // Not JSON: the store refuses to open (clearInvalidConfig: false), it never clears the file.
        entries = undefined;
      }
      if (entries) {
        for (const [key, value] of entries) if (this.validate(value)) this.#entries.set(key, value);
      } else {
        this.#snapshot = undefined;
        const aside = await this.storage.moveAside(this.snapshotPath);
        const where = this.storage.resolve(this.snapshotPath);
        problems.push({
          message: `${where} could not be read and was moved to ${this.storage.resolve(aside)}.`,
          code: 'storage.unreadableMoved',
          fields: { where, aside: this.storage.resolve(aside) },
        });
        damaged = true;
        needsCompaction = true;
      }
    }

    const log = await this.storage.read(this.logPath);
    this.#logBytes = log?.byteLength ?? 0;
    if (log !== undefined && log.byteLength > 0) {
      const text = Buffer.from(log).toString('utf8');
      const lines = text.split('\n');
      const complete = text.endsWith('\n');
      // The last element is '' after a final newline, or a half-written line after a crash.
      const tail = lines.pop() ?? '';
      if (!complete && tail !== '') needsCompaction = true;
      let bad = 0;
      for (const line of lines) {
        if (line === '') continue;
        const parsed = parseLine<T>(line);
        if (!parsed || (parsed.op === 'put' && !this.validate(parsed.value))) {
          bad++;
          continue;
        }
        if (parsed.op === 'put') this.#entries.set(parsed.key, parsed.value);
        else this.#entries.delete(parsed.key);
        this.#logLines++;
      }
      if (bad > 0) {
        const aside = await this.storage.moveAside(this.logPath);
        const where = this.storage.resolve(this.logPath);
        problems.push({
          message: `${bad} damaged line(s) in ${where}; the file was moved to ${this.storage.resolve(aside)}.`,
          code: 'storage.damagedLines',
          fields: { count: bad, where, aside: this.storage.resolve(aside) },
        });
        damaged = true;
        needsCompaction = true;
      }
    }
    if (needsCompaction) await this.compact();
    return { problems, damaged };
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): T | undefined {
    return this.#entries.get(key);
  }

  has(key: string): boolean {
    return this.#entries.has(key);
  }

  values(): IterableIterator<T> {
    return this.#entries.values();
  }

  entries(): IterableIterator<[string, T]> {
    return this.#entries.entries();
  }

  /** Applies in memory first, then appends; a failed append leaves memory updated (and throws). */
  async put(key: string, value: T): Promise<void> {
    this.#entries.set(key, value);
    this.#version++;
    await this.#append({ op: 'put', key, value });
  }

  async delete(key: string): Promise<void> {
    if (!this.#entries.delete(key)) return;
    this.#version++;
    await this.#append({ op: 'del', key });
  }

  /** Sets many entries with one append (import, rebuild). */
  async putMany(items: [string, T][]): Promise<void> {
    if (items.length === 0) return;
    for (const [key, value] of items) this.#entries.set(key, value);
    this.#version++;
    await this.#appendText(
      items.map(([key, value]) => JSON.stringify({ op: 'put', key, value })).join('\n') + '\n',
      items.length,
    );
  }

  /** Whether the log has grown enough that compacting is worth it. */
  get wantsCompaction(): boolean {
    return this.#logLines > 500 && this.#logLines > this.#entries.size / 2;
  }

  /** Writes the snapshot (atomically), then empties the log. A crash between is harmless: replay is idempotent. */
  async compact(): Promise<void> {
    this.#snapshotStore().store = { version: 1, entries: [...this.#entries] };
    await this.storage.writeAtomic(this.logPath, '');
    this.#logLines = 0;
    this.#logBytes = 0;
  }

  async #append(line: LogLine<T>): Promise<void> {
    await this.#appendText(`${JSON.stringify(line)}\n`, 1);
  }

  async #appendText(text: string, lines: number): Promise<void> {
    await this.storage.append(this.logPath, text);
    this.#logLines += lines;
    this.#logBytes += Buffer.byteLength(text);
  }
}

function parseSnapshot(parsed: unknown): [string, unknown][] | undefined {
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const entries = (parsed as { entries?: unknown }).entries;
  if (!Array.isArray(entries)) return undefined;
  return entries.filter(
    (e): e is [string, unknown] => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string',
  );
}

function parseLine<T>(line: string): LogLine<T> | undefined {
  try {
    const parsed = JSON.parse(line) as { op?: unknown; key?: unknown; value?: unknown };
    if (typeof parsed.key !== 'string') return undefined;
    if (parsed.op === 'put' && 'value' in parsed) return parsed as LogLine<T>;
    if (parsed.op === 'del') return parsed as LogLine<T>;
    return undefined;
  } catch {
    return undefined;
  }
}
