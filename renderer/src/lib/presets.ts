/**
 * Prompt presets, one key away in the answer panel (Alt+1 … Alt+4). Their words live in the
 * catalogs, so each language asks in its own.
 */
import type { MessageKey } from './i18n/en';

export interface PromptPreset {
  id: string;
  label: MessageKey;
  prompt: MessageKey;
}

export const PROMPT_PRESETS: readonly PromptPreset[] = [
  { id: 'explain', label: 'preset.explain', prompt: 'preset.explainPrompt' },
  { id: 'translate', label: 'preset.translate', prompt: 'preset.translatePrompt' },
  { id: 'extract', label: 'preset.extract', prompt: 'preset.extractPrompt' },
  { id: 'debug', label: 'preset.debug', prompt: 'preset.debugPrompt' },
];

/**
 * The preset index an Alt+digit key press picks, or null. Matched on the physical key (`code`),
 * so it works on layouts where the digits need Shift (AZERTY).
 */
export function presetForKey(
  event: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'code'>,
): number | null {
  if (!event.altKey || event.ctrlKey || event.metaKey) return null;
  const match = /^(?:Digit|Numpad)([1-9])$/.exec(event.code);
  if (!match) return null;
  const index = Number(match[1]) - 1;
  return index < PROMPT_PRESETS.length ? index : null;
}
