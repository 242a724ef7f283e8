/**
 * The pure side of ./format.ts: every function takes the language first, so Node tests and
 * tsconfig.node.json can use it without the page's reactive locale. Numbers, units, sizes and
 * dates through Intl: "2,9 s", "12,3 ko",
 * "12 345" and "6 déc. 2026, 14:05" in French; "2.9 s", "12.3 kB", "12,345" in English. The page calls
 * them through ./format.ts, which passes its current language.
 */

const cache = new Map<string, Intl.NumberFormat>();

function numberFormat(lang: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(lang, options);
    cache.set(key, format);
  }
  return format;
}

/**
 * A number with the language's separators: 12,345.6 / 12 345,6. `digits`: at most that many
 * decimals. Four-digit numbers stay ungrouped (1920 × 1080, not 1,920 × 1,080): 'min2' grouping.
 */
export function formatNumber(lang: string, value: number, digits = 0): string {
  return numberFormat(lang, { maximumFractionDigits: digits, useGrouping: 'min2' }).format(value);
}

/** A number with exactly `digits` decimals (what toFixed did, in the page's language). */
export function formatFixed(lang: string, value: number, digits: number): string {
  return numberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** A percentage from a ratio: 0.42 → "42 %" (fr) / "42%" (en). */
export function formatPercent(lang: string, ratio: number, digits = 0): string {
  return numberFormat(lang, { style: 'percent', maximumFractionDigits: digits }).format(ratio);
}

type Unit = 'second' | 'millisecond' | 'minute' | 'hour' | 'byte' | 'kilobyte' | 'megabyte' | 'gigabyte';

function unit(lang: string, value: number, name: Unit, digits: number): string {
  // 'short' keeps "s" and "ms" as people write them; Intl's English short second is "sec", which
  // the catalogs never used, so English seconds are written "2.9 s" like the rest of the UI.
  const text = numberFormat(lang, {
    style: 'unit',
    unit: name,
    unitDisplay: 'short',
    maximumFractionDigits: digits,
  }).format(value);
  return name === 'second' ? text.replace(/\s?sec$/, ' s') : text;
}

/** A duration given in seconds: "2.9 s" / "2,9 s"; from two minutes on, "3 min". */
export function formatSeconds(lang: string, seconds: number, digits = 1): string {
  if (seconds >= 120) return unit(lang, Math.round(seconds / 60), 'minute', 0);
  return unit(lang, seconds, 'second', seconds >= 10 ? 0 : digits);
}

/** A duration given in milliseconds: under a second "450 ms", else as formatSeconds. */
export function formatDuration(lang: string, ms: number): string {
  if (ms < 1000) return unit(lang, Math.round(ms), 'millisecond', 0);
  return formatSeconds(lang, ms / 1000);
}

/** A byte size in the language's units (B/kB/MB in English, o/ko/Mo in French), 1 kB = 1024 B as before. */
export function formatBytes(lang: string, bytes: number): string {
  if (bytes < 1024) return unit(lang, bytes, 'byte', 0);
  if (bytes < 1024 * 1024) return unit(lang, bytes / 1024, 'kilobyte', 0);
  if (bytes < 1024 * 1024 * 1024) return unit(lang, bytes / 1024 / 1024, 'megabyte', 1);
  return unit(lang, bytes / 1024 / 1024 / 1024, 'gigabyte', 1);
}

function toDate(value: number | string | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

/** "Dec 6, 2026, 2:05 PM" / "6 déc. 2026, 14:05". */
export function formatDateTime(lang: string, value: number | string | Date): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(toDate(value));
}

/** "Dec 6, 2026" / "6 déc. 2026". */
export function formatDate(lang: string, value: number | string | Date): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }).format(toDate(value));
}

/** "2:05 PM" / "14:05". */
export function formatTime(lang: string, value: number | string | Date): string {
  return new Intl.DateTimeFormat(lang, { timeStyle: 'short' }).format(toDate(value));
}

/** "Sunday" / "dimanche". */
export function formatWeekday(lang: string, value: number | string | Date): string {
  return new Intl.DateTimeFormat(lang, { weekday: 'long' }).format(toDate(value));
}

/** Whole calendar days from `value` to `now`, in local time (0 today, 1 yesterday). */
export function daysAgo(value: number | string | Date, now: number | Date = Date.now()): number {
  const a = toDate(value);
  const b = toDate(now);
  const startA = new Date(a.getFullYear(), a.getMonth(), a.getDate()).getTime();
  const startB = new Date(b.getFullYear(), b.getMonth(), b.getDate()).getTime();
  return Math.round((startB - startA) / 86_400_000);
}

function capitalise(lang: string, text: string): string {
  return text.charAt(0).toLocaleUpperCase(lang) + text.slice(1);
}

/** "Today", "Yesterday", "3 days ago" / "Aujourd’hui", "Hier", "Il y a 3 jours"; after a week, the date. */
export function formatRelativeDay(
  lang: string,
  value: number | string | Date,
  now: number | Date = Date.now(),
): string {
  const days = daysAgo(value, now);
  if (days < 0 || days >= 7) return formatDate(lang, value);
  return capitalise(lang, new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }).format(-days, 'day'));
}

/** A history group for a date: today, yesterday, this week (last 7 days), this month (30), older. */
export type DayGroup = 'today' | 'yesterday' | 'week' | 'month' | 'older';

export function dayGroup(value: number | string | Date, now: number | Date = Date.now()): DayGroup {
  const days = daysAgo(value, now);
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days < 7) return 'week';
  if (days < 30) return 'month';
  return 'older';
}

/** A list in the language's words: "a, b and c" / "a, b et c". */
export function formatList(lang: string, items: readonly string[]): string {
  return new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' }).format(items);
}
