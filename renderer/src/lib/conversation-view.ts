/**
 * How a stored message is shown: its text, JSON answers pretty-printed as a code block, and the
 * turns a follow-up resends. Pure, so it is tested in Node.
 */
import type { StoredMessage } from '../../../shared/history-schema';

export function messageText(message: Pick<StoredMessage, 'parts'>): string {
  return message.parts
    .filter((part) => part.type === 'text')
    .map((part) => part.text)
    .join('\n\n');
}

/**
 * A JSON-mode answer (a whole object or array, possibly inside one ```json fence) as a
 * pretty-printed Markdown code block; any other text unchanged.
 */
export function prettyJsonAnswer(text: string): { markdown: string; json: boolean } {
  const trimmed = text.trim();
  const fenced = /^```(?:json)?\s*\n([\s\S]*)\n```$/.exec(trimmed);
  const candidate = fenced ? fenced[1]!.trim() : trimmed;
  if (!/^[[{]/.test(candidate)) return { markdown: text, json: false };
  try {
    const value: unknown = JSON.parse(candidate);
    if (typeof value !== 'object' || value === null) return { markdown: text, json: false };
    return { markdown: `\`\`\`json\n${JSON.stringify(value, null, 2)}\n\`\`\``, json: true };
  } catch {
    return { markdown: text, json: false };
  }
}

/**
 * The turns of a conversation as chat:ask's history wants them (text only, in order). Of a
 * question answered several times (Regenerate), only the newest answer with text goes on (a
 * regenerated answer that failed empty does not hide the good one before it).
 */
export function toTurns(
  messages: readonly StoredMessage[],
): { role: 'user' | 'assistant'; content: string }[] {
  const turns: { role: 'user' | 'assistant'; content: string }[] = [];
  for (const message of messages) {
    const content = messageText(message);
    if (content.trim() === '') continue;
    const last = turns.at(-1);
    if (message.role === 'assistant' && last?.role === 'assistant') last.content = content;
    else turns.push({ role: message.role, content });
  }
  return turns;
}
