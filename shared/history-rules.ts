/**
 * History rules the renderer needs as values, kept free of zod: importing zod into a page brings
 * its `new Function` probe, which the strict CSP refuses (and reports as a violation).
 */
import type { StoredMessage } from './history-schema';

/** Largest archive the renderer may hand over for import. */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;
/**
 * Largest archive a page sends in web mode: a WebSocket message is capped at 80 MB
 * (electron/web/server.ts) and bytes travel as Base64 (4/3), so 50 MB leaves room to spare.
 */
export const MAX_WEB_IMPORT_BYTES = 50 * 1024 * 1024;

/** Whether any of the answer arrived: text, reasoning, a refusal or a tool call, of any choice. */
export function answerArrived(message: StoredMessage): boolean {
  return (
    message.parts.some((p) => p.type === 'image' || p.text !== '') ||
    Boolean(message.reasoning) ||
    Boolean(message.refusal) ||
    (message.toolCalls?.length ?? 0) > 0 ||
    (message.alternatives ?? []).some((a) => a.text !== '')
  );
}

/**
 * How an answer ended, for the views and the Markdown export. A file written before `failed`
 * existed recorded a failed request as interrupted with nothing kept: read that as failed too.
 */
export function answerOutcome(message: StoredMessage): 'failed' | 'interrupted' | 'complete' {
  if (message.failed) return 'failed';
  if (message.interrupted) return answerArrived(message) ? 'interrupted' : 'failed';
  return 'complete';
}
