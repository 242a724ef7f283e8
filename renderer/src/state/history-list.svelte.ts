/**
 * The main window's conversation list: a page of summaries (or search hits), thumbnails loaded on
 * demand, and deletion with undo. A deletion waits a few seconds before it reaches main, so
 * "Undo" only has to show the conversation again.
 */
import type { ConversationSummary } from '../../../shared/history-schema';
import { api } from '../lib/api';
import { errorText } from '../lib/messages';

export const UNDO_MS = 6_000;
const PAGE = 100;

export interface PendingDelete {
  summary: ConversationSummary;
  timer: ReturnType<typeof setTimeout>;
}

export class HistoryList {
  items = $state.raw<ConversationSummary[]>([]);
  total = $state(0);
  query = $state('');
  /** Only the conversations this action asked in (issue 17); null: every conversation. */
  actionId = $state<string | null>(null);
  /**
   * Every action id seen in the unfiltered list so far, so an action since removed can still be
   * picked in the filter (the summaries name actions by id only).
   */
  seenActions = $state.raw<string[]>([]);
  loading = $state(false);
  error = $state<string | null>(null);
  snippets = $state.raw<Record<string, string>>({});
  thumbnails = $state.raw<Record<string, string>>({});
  pendingDelete = $state.raw<PendingDelete | null>(null);
  #generation = 0;

  visible = $derived(this.items.filter((item) => item.id !== this.pendingDelete?.summary.id));
  /** The list is narrowed (words or an action): exports take what it shows. */
  narrowed = $derived(this.query.trim() !== '' || this.actionId !== null);
  /** The count the list shows: a deletion waiting for its undo is already gone from it. */
  shownTotal = $derived(
    Math.max(
      0,
      this.total -
        (this.pendingDelete && this.items.some((item) => item.id === this.pendingDelete?.summary.id) ? 1 : 0),
    ),
  );

  /** Loads the first page for the current query; a slower earlier load never overwrites it. */
  async refresh(): Promise<void> {
    const generation = ++this.#generation;
    this.loading = true;
    try {
      const query = this.query.trim();
      const actionId = this.actionId;
      if (query || actionId !== null) {
        // history:search takes the action with or without words (query '' lists its conversations).
        const page = await api().history.search({
          query,
          ...(actionId !== null ? { actionId } : {}),
          limit: PAGE,
        });
        if (generation !== this.#generation) return;
        this.items = page.items;
        this.total = page.total;
        this.snippets = Object.fromEntries(page.items.map((hit) => [hit.id, hit.snippet]));
      } else {
        const page = await api().history.list({ limit: PAGE });
        if (generation !== this.#generation) return;
        this.items = page.items;
        this.total = page.total;
        this.snippets = {};
        const added = page.items
          .flatMap((item) => item.actions ?? [])
          .filter((id, index, all) => !this.seenActions.includes(id) && all.indexOf(id) === index);
        if (added.length > 0) this.seenActions = [...this.seenActions, ...added];
      }
      this.error = null;
      void this.#loadThumbnails();
    } catch (error) {
      if (generation === this.#generation) this.error = errorText(error);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  async #loadThumbnails(): Promise<void> {
    for (const item of this.items) {
      const hash = item.thumbnail;
      if (!hash || this.thumbnails[hash]) continue;
      try {
        const image = await api().history.image(hash);
        this.thumbnails = { ...this.thumbnails, [hash]: image.dataUrl };
      } catch {
        // A missing image file shows no thumbnail; the conversation is still there.
      }
    }
  }

  async rename(id: string, title: string): Promise<void> {
    const summary = await api().history.rename(id, title);
    this.items = this.items.map((item) => (item.id === id ? summary : item));
  }

  /** Hides the conversation now and deletes it when the undo time is over. */
  delete(summary: ConversationSummary): void {
    this.commitPendingDelete();
    const timer = setTimeout(() => this.commitPendingDelete(), UNDO_MS);
    this.pendingDelete = { summary, timer };
  }

  undoDelete(): void {
    if (!this.pendingDelete) return;
    clearTimeout(this.pendingDelete.timer);
    this.pendingDelete = null;
  }

  /** Sends the waiting deletion to main (also when the window goes away). */
  commitPendingDelete(): void {
    const pending = this.pendingDelete;
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pendingDelete = null;
    this.items = this.items.filter((item) => item.id !== pending.summary.id);
    this.total = Math.max(0, this.total - 1);
    api()
      .history.delete(pending.summary.id)
      .catch((error: unknown) => (this.error = errorText(error)));
  }
}
