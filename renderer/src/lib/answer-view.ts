/**
 * Pure helpers for how answers and history rows read: a stopped answer without a dangling list
 * marker, search snippets as plain text with the hit found, and the conversation list grouped by
 * day. Pure, so they are tested in Node.
 */

/** Whole calendar days from `value` to `now`, in local time (0 today, 1 yesterday). */
function daysAgo(value: number, now: number): number {
  const a = new Date(value);
  const b = new Date(now);
  const startA = new Date(a.getFullYear(), a.getMonth(), a.getDate()).getTime();
  const startB = new Date(b.getFullYear(), b.getMonth(), b.getDate()).getTime();
  return Math.round((startB - startA) / 86_400_000);
}

/**
 * An answer stopped mid-stream can end inside a list ("…\n- " or "…\n2."), which renders as an
 * empty bullet under the text. The dangling marker (and the blank line before it) is dropped.
 */
export function withoutDanglingListItem(text: string): string {
  const dangling = /\n[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]*$/;
  return dangling.test(text) ? text.replace(dangling, '').trimEnd() : text;
}

/**
 * A search snippet (raw Markdown from the index) as plain text: link and image text without their
 * destinations, no emphasis, code, heading, quote, list or table marks, HTML tags dropped, one
 * line. The result is shown as text, never as HTML.
 */
export function plainSnippet(markdown: string): string {
  return (
    markdown
      .replace(/```[^\n]*\n?/g, ' ')
      // The index cuts snippets anywhere: a link may begin before the cut ("…text](https://…)").
      .replace(/^([^[\]()]*)\]\([^)\s]*\)?/, '$1')
      .replace(/!\[([^\]]*)\]\([^)]*\)?/g, '$1')
      .replace(/\[([^\]]*)\]\([^)]*\)?/g, '$1')
      .replace(/<\/?[A-Za-z][^>]*>/g, ' ')
      .replace(/^[ \t]*(?:#{1,6}|>+|[-*+]|\d{1,9}[.)])[ \t]+/gm, '')
      .replace(/^[ \t]*[|:\- ]{3,}$/gm, ' ')
      .replace(/\|/g, ' ')
      .replace(/(\*\*|__|~~)(?=\S)([\s\S]*?\S)\1/g, '$2')
      .replace(/(^|[^\w*])[*_](?=\S)([^*_\n]*?\S)[*_](?=[^\w*]|$)/g, '$1$2')
      .replace(/`+/g, '')
      .replace(/\\([\\`*_{}[\]()#+\-.!|>~])/g, '$1')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** Text split around every case-insensitive occurrence of the query, for <mark> in a template. */
export function highlightParts(text: string, query: string): { text: string; hit: boolean }[] {
  const words = query
    .trim()
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (words.length === 0) return [{ text, hit: false }];
  const pattern = new RegExp(`(${words.join('|')})`, 'giu');
  const parts: { text: string; hit: boolean }[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const start = match.index;
    if (start > last) parts.push({ text: text.slice(last, start), hit: false });
    parts.push({ text: match[0], hit: true });
    last = start + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), hit: false });
  return parts;
}

export type DayGroupKey = 'today' | 'yesterday' | 'week' | `month:${number}-${number}`;

/**
 * Which heading a conversation goes under: Today, Yesterday, the previous 7 days, then its
 * calendar month (year-month). Kept apart from its wording, which the page does in its language.
 */
export function dayGroupKey(updatedAt: number, now: number): DayGroupKey {
  const days = daysAgo(updatedAt, now);
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days < 7) return 'week';
  const date = new Date(updatedAt);
  return `month:${date.getFullYear()}-${date.getMonth() + 1}`;
}

/** Items (newest first) in consecutive groups by `dayGroupKey`, in their order. */
export function groupByDay<T extends { updatedAt: number }>(
  items: readonly T[],
  now: number,
): { key: DayGroupKey; items: T[] }[] {
  const groups: { key: DayGroupKey; items: T[] }[] = [];
  for (const item of items) {
    const key = dayGroupKey(item.updatedAt, now);
    const last = groups.at(-1);
    if (last?.key === key) last.items.push(item);
    else groups.push({ key, items: [item] });
  }
  return groups;
}
