/**
 * The actions editor's pure side (Settings → Actions, issue 17): an action as the form edits it
 * (every field a string or a choice) and back, list moves, fresh ids for added and duplicated
 * actions, and which action an Alt+digit picks in the panel. The schema is in
 * shared/settings-schema.ts (actionSchema); this file only shapes what is sent to it.
 */
import type { ActionCapture, ActionEngine, ActionLanguage } from '../../../shared/actions';
import { ACTION_LANGUAGES } from '../../../shared/actions';
import type { Action, ProfileParameters } from '../../../shared/settings-schema';

/** An action as the form holds it: '' stands for "not set" (null in the schema). */
export interface ActionDraft {
  id: string;
  name: string;
  question: Record<ActionLanguage, string>;
  /** '' for the active profile. */
  profileId: string;
  /** '' for the profile's model. */
  model: string;
  capture: ActionCapture;
  askAtOnce: boolean;
  engine: ActionEngine;
  hotkey: string;
}

export function draftOf(action: Action): ActionDraft {
  return {
    id: action.id,
    name: action.name,
    question: Object.fromEntries(ACTION_LANGUAGES.map((l) => [l, action.question[l] ?? ''])) as Record<
      ActionLanguage,
      string
    >,
    profileId: action.profileId ?? '',
    model: action.model ?? '',
    capture: action.capture,
    askAtOnce: action.askAtOnce,
    engine: action.engine,
    hotkey: action.hotkey,
  };
}

export type DraftProblem = 'name' | 'question';

/** What the schema would refuse, said before sending: no name, or no question in any language. */
export function draftProblems(draft: ActionDraft): DraftProblem[] {
  const problems: DraftProblem[] = [];
  if (draft.name.trim() === '') problems.push('name');
  if (ACTION_LANGUAGES.every((l) => draft.question[l].trim() === '')) problems.push('question');
  return problems;
}

/**
 * The action to store: an empty language is left out (the other one is asked), empty profile
 * and model become null ("the active one").
 */
export function actionOf(draft: ActionDraft, parameters: ProfileParameters): Action {
  const question: Action['question'] = {};
  for (const language of ACTION_LANGUAGES) {
    const text = draft.question[language].trim();
    if (text !== '') question[language] = text;
  }
  return {
    id: draft.id,
    name: draft.name.trim(),
    question,
    profileId: draft.profileId === '' ? null : draft.profileId,
    model: draft.model.trim() === '' ? null : draft.model.trim(),
    parameters,
    capture: draft.capture,
    askAtOnce: draft.askAtOnce,
    engine: draft.engine,
    hotkey: draft.hotkey,
  };
}

/** A copy of the list with the item at `index` moved by `delta`, or null when it cannot move. */
export function moved<T>(list: readonly T[], index: number, delta: -1 | 1): T[] | null {
  const to = index + delta;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return null;
  const copy = [...list];
  const [item] = copy.splice(index, 1);
  copy.splice(to, 0, item!);
  return copy;
}

/**
 * An id not yet taken, made from a name ("Review code" → "review-code", then "review-code-2"…):
 * readable in `glimpse --action` and in an exported file. Names without letters or digits give
 * "action".
 */
export function freshActionId(name: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((id) => id.toLowerCase()));
  const base =
    name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'action';
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** A new action: a name, an empty question to write, the active profile, a region, ask at once. */
export function newAction(name: string, taken: Iterable<string>): Action {
  return {
    id: freshActionId(name, taken),
    name,
    question: {},
    profileId: null,
    model: null,
    parameters: {},
    capture: 'region',
    askAtOnce: true,
    engine: 'model',
    hotkey: '',
  };
}

/** A copy of `action` under a new name and id; a shortcut stays with the original (one each). */
export function duplicateOf(action: Action, name: string, taken: Iterable<string>): Action {
  return { ...structuredClone(action), id: freshActionId(name, taken), name, hotkey: '' };
}

/**
 * The action index an Alt+digit key press picks in the panel (Alt+1 the first … Alt+9 the
 * ninth), or null. Matched on the physical key (`code`), so it works on layouts where the digits
 * need Shift (AZERTY).
 */
export function actionIndexForKey(
  event: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'code'>,
  count: number,
): number | null {
  if (!event.altKey || event.ctrlKey || event.metaKey) return null;
  const match = /^(?:Digit|Numpad)([1-9])$/.exec(event.code);
  if (!match) return null;
  const index = Number(match[1]) - 1;
  return index < count ? index : null;
}
