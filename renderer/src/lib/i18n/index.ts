import { en, type MessageKey } from './en';
import { fr } from './fr';
import { locale } from './locale.svelte';
import { formatNumber } from '../format';

const catalogs: Record<string, Partial<Record<MessageKey, string>>> = { en, fr };

/** Placeholders whose numbers are identifiers, written as is (no "50 256" for a token id). */
const IDENTIFIERS = new Set(['token']);

/**
 * Looks a string up in the current language's catalog (English if missing) and fills its
 * {placeholders}. Numbers are written in the page's language ("12 345", "2,5" in French).
 */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = catalogs[locale.current]?.[key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in params)) return whole;
    const value = params[name];
    return typeof value === 'number' && !IDENTIFIERS.has(name) ? formatNumber(value, 2) : String(value);
  });
}

/** `one` or `other` by the current language's plural rules (French: 0 and 1 are singular). */
export function plural(one: MessageKey, other: MessageKey, count: number): string {
  const rule = new Intl.PluralRules(locale.current).select(count);
  return t(rule === 'one' ? one : other, { count });
}

/** Byte sizes in the page's language (kept here for existing imports; see ../format.ts). */
export { formatBytes } from '../format';
