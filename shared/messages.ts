/**
 * What a core message carries across IPC besides its English `message`: a stable `code` and the
 * `fields` it was made from, so the page can word it in its own language. `message` stays the
 * English sentence for the CLI, the log and any page that does not know the code yet.
 */
export type MessageFields = Record<string, string | number>;

export interface CoreMessage {
  /** The English sentence (CLI, log, fallback). */
  message: string;
  /** e.g. 'chat.http', 'chat.refused', 'hotkey.taken'; absent on messages that have none yet. */
  code?: string;
  fields?: MessageFields;
}

/** Only the code and fields that are plain strings and numbers (what a catalog can fill in). */
export function cleanFields(fields: Record<string, unknown> | undefined): MessageFields | undefined {
  if (!fields) return undefined;
  const out: MessageFields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) out[key] = value;
  }
  return out;
}
