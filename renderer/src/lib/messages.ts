/**
 * Words a message from the core (an error reply, a `chat:error` or `capture:failed` event, a
 * warning) in the page's language from its `code` and `fields`; the core's English `message` when
 * the code is unknown. Use `errorText(error)` wherever a page showed `(error as Error).message`,
 * and `wordMessage(payload)` for an event payload that carries `message`/`code`/`fields`.
 */
import type { CoreMessage, MessageFields } from '../../../shared/messages';
import { CORE_CATALOGS, coreEn, wordCoreMessage, type Formatters } from './i18n/core-messages';
import { locale } from './i18n/locale.svelte';
import { formatBytes, formatDuration, formatList, formatNumber } from './format';

const FORMAT: Formatters = {
  number: (value) => formatNumber(value, 2),
  duration: formatDuration,
  bytes: formatBytes,
  list: formatList,
};

/** A core message in the page's language. */
export function wordMessage(m: CoreMessage): string {
  return wordCoreMessage(m, CORE_CATALOGS[locale.current] ?? coreEn, FORMAT);
}

/** The code and fields of anything thrown or sent by the core (GlimpseApiError, event payloads). */
export function messageOf(error: unknown): CoreMessage {
  if (typeof error === 'string') return { message: error };
  if (typeof error !== 'object' || error === null) return { message: String(error) };
  const record = error as { message?: unknown; code?: unknown; fields?: unknown };
  const message = typeof record.message === 'string' ? record.message : 'Something went wrong.';
  const code = typeof record.code === 'string' ? record.code : undefined;
  const fields =
    typeof record.fields === 'object' && record.fields !== null
      ? (record.fields as MessageFields)
      : undefined;
  return { message, ...(code ? { code } : {}), ...(fields ? { fields } : {}) };
}

/** What to show for a caught error: its code worded in the page's language, else its message. */
export function errorText(error: unknown): string {
  return wordMessage(messageOf(error));
}

/**
 * What the privacy shield found ("API key or token"), in the page's language: by its category when
 * the proposal carries one, else by main's English label (overlay proposals carry only that).
 */
export function proposalLabel(proposal: { label: string; category?: string }): string {
  const catalog = CORE_CATALOGS[locale.current] ?? coreEn;
  const category =
    proposal.category ??
    Object.keys(coreEn)
      .find((key) => key.startsWith('privacy.category.') && coreEn[key] === proposal.label)
      ?.slice('privacy.category.'.length);
  return (category !== undefined ? catalog[`privacy.category.${category}`] : undefined) ?? proposal.label;
}
