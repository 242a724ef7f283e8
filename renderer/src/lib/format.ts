/**
 * Numbers, units, sizes and dates in the page's language, all through Intl: "2,9 s", "12,3 ko",
 * "12 345" and "6 déc. 2026, 14:05" in French; "2.9 s", "12.3 kB", "12,345" in English. Every
 * function reads `locale.current`, so a template that calls one re-renders when the language
 * changes. Never write a number with toFixed() or a unit by hand in the page: use these. (The
 * functions themselves are in ./intl.ts, language first, where Node tests can reach them.)
 */
import { locale } from './i18n/locale.svelte';
import * as intl from './intl';

export type { DayGroup } from './intl';
export { daysAgo, dayGroup } from './intl';

type Value = number | string | Date;

/** 12,345.6 / 12 345,6; four-digit numbers ungrouped (1920 × 1080). At most `digits` decimals. */
export const formatNumber = (value: number, digits = 0): string =>
  intl.formatNumber(locale.current, value, digits);
/** Exactly `digits` decimals (what toFixed did, in the page's language). */
export const formatFixed = (value: number, digits: number): string =>
  intl.formatFixed(locale.current, value, digits);
/** 0.42 → "42 %" (fr) / "42%" (en). */
export const formatPercent = (ratio: number, digits = 0): string =>
  intl.formatPercent(locale.current, ratio, digits);
/** Seconds: "2.9 s" / "2,9 s"; from two minutes on, "3 min". */
export const formatSeconds = (seconds: number, digits = 1): string =>
  intl.formatSeconds(locale.current, seconds, digits);
/** Milliseconds: under a second "450 ms", else as formatSeconds. */
export const formatDuration = (ms: number): string => intl.formatDuration(locale.current, ms);
/** B/kB/MB in English, o/ko/Mo in French (1 kB = 1024 B). */
export const formatBytes = (bytes: number): string => intl.formatBytes(locale.current, bytes);
/** "Dec 6, 2026, 2:05 PM" / "6 déc. 2026, 14:05". */
export const formatDateTime = (value: Value): string => intl.formatDateTime(locale.current, value);
/** "Dec 6, 2026" / "6 déc. 2026". */
export const formatDate = (value: Value): string => intl.formatDate(locale.current, value);
/** "2:05 PM" / "14:05". */
export const formatTime = (value: Value): string => intl.formatTime(locale.current, value);
/** "Sunday" / "dimanche". */
export const formatWeekday = (value: Value): string => intl.formatWeekday(locale.current, value);
/** "Today", "Yesterday", "3 days ago" / "Aujourd’hui", "Hier", "Il y a 3 jours"; after a week, the date. */
export const formatRelativeDay = (value: Value, now: number | Date = Date.now()): string =>
  intl.formatRelativeDay(locale.current, value, now);
/** "a, b and c" / "a, b et c". */
export const formatList = (items: readonly string[]): string => intl.formatList(locale.current, items);
