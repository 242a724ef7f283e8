/**
 * The search of the previous release, kept as the baseline of `history.search-memory-10k`: every
 * conversation's text held in memory (the search journal), plus a lower-cased copy to compare
 * against, scanned with indexOf on each search.
 */
import { conversationText } from '../electron/core/history/repository';
import type { Conversation } from '../shared/history-schema';

export class InMemorySearch {
  readonly texts = new Map<string, string>();
  readonly lower = new Map<string, string>();

  constructor(conversations: Iterable<Conversation>) {
    for (const conversation of conversations) {
      // As it was read back from the journal file: a string of its own, not a slice of another.
      const text = JSON.parse(JSON.stringify(conversationText(conversation))) as string;
      this.texts.set(conversation.id, text);
      this.lower.set(conversation.id, text.toLowerCase());
    }
  }

  count(query: string): number {
    const needle = query.trim().toLowerCase();
    let hits = 0;
    for (const text of this.lower.values()) if (text.includes(needle)) hits++;
    return hits;
  }
}
