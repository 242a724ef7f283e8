import { en, type MessageKey } from './en';
import { fr } from './fr';
import { locale } from './locale.svelte';

const catalogs: Record<string, Partial<Record<MessageKey, string>>> = { en, fr };

/** Looks a string up in the current language's catalog (English if missing) and fills its {placeholders}. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = catalogs[locale.current]?.[key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** `one` or `other` by the current language's plural rules (French: 0 and 1 are singular). */
export function plural(one: MessageKey, other: MessageKey, count: number): string {
  const rule = new Intl.PluralRules(locale.current).select(count);
  return t(rule === 'one' ? one : other, { count });
}

/** Byte sizes in the page's language (kept here for existing imports; see ../format.ts). */
export { formatBytes } from '../format';
