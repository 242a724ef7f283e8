/** The actions editor's pure side: the form's draft and back, moves, fresh ids, Alt+digit. */
import { describe, expect, it } from 'vitest';
import {
  actionIndexForKey,
  actionOf,
  draftOf,
  draftProblems,
  duplicateOf,
  freshActionId,
  moved,
  newAction,
} from '../../../renderer/src/lib/actions-editor';
import { actionSchema, defaultActions, type Action } from '../../../shared/settings-schema';

const [explain] = defaultActions() as [Action, ...Action[]];

describe('action drafts', () => {
  it('round-trips a stored action through the form unchanged', () => {
    const stored = actionSchema.parse({
      id: 'csv',
      name: 'Turn into CSV',
      question: { en: 'Turn this table into CSV.' },
      profileId: 'work',
      model: 'gpt-4o',
      parameters: { temperature: 0.2 },
      capture: 'clipboard',
      askAtOnce: false,
      hotkey: 'CommandOrControl+Alt+C',
    });
    expect(actionOf(draftOf(stored), stored.parameters)).toEqual(stored);
  });

  it('stores empty choices as "the active one" and leaves an empty language out', () => {
    const draft = {
      ...draftOf(explain),
      profileId: '',
      model: '  ',
      question: { en: ' Explain it. ', fr: '' },
    };
    const action = actionOf(draft, {});
    expect(action.profileId).toBeNull();
    expect(action.model).toBeNull();
    expect(action.question).toEqual({ en: 'Explain it.' });
    // What the form sends is what the schema accepts (an empty French text would be refused).
    expect(actionSchema.safeParse(action).success).toBe(true);
  });

  it('names what the schema would refuse: no name, no question in any language', () => {
    expect(draftProblems(draftOf(explain))).toEqual([]);
    expect(draftProblems({ ...draftOf(explain), name: ' ', question: { en: '', fr: ' ' } })).toEqual([
      'name',
      'question',
    ]);
    expect(draftProblems({ ...draftOf(explain), question: { en: '', fr: 'Explique.' } })).toEqual([]);
  });
});

describe('the list', () => {
  it('moves an item up or down, and not past either end', () => {
    expect(moved(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moved(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moved(['a', 'b', 'c'], 0, -1)).toBeNull();
    expect(moved(['a', 'b', 'c'], 2, 1)).toBeNull();
  });

  it('makes readable ids that are not taken', () => {
    expect(freshActionId('Review code', [])).toBe('review-code');
    expect(freshActionId('Review code', ['review-code', 'Review-Code-2'])).toBe('review-code-3');
    expect(freshActionId('Résumé rapide', [])).toBe('resume-rapide');
    expect(freshActionId('→ ?', [])).toBe('action');
  });

  it('adds a valid action once its question is written, and duplicates without the shortcut', () => {
    const added = newAction('New action', ['explain']);
    expect(added.id).toBe('new-action');
    expect(actionSchema.safeParse({ ...added, question: { en: 'What is this?' } }).success).toBe(true);
    const copy = duplicateOf({ ...explain, hotkey: 'Alt+E' }, 'Explain (copy)', ['explain']);
    expect(copy).toMatchObject({ id: 'explain-copy', name: 'Explain (copy)', hotkey: '' });
    expect(copy.question).toEqual(explain.question);
  });
});

describe('Alt+digit in the panel', () => {
  const key = (code: string, mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean }> = {}) =>
    actionIndexForKey({ code, altKey: false, ctrlKey: false, metaKey: false, ...mods }, 5);
  it('Alt+1…9 pick an action by physical key, up to the number of actions', () => {
    expect(key('Digit1', { altKey: true })).toBe(0);
    expect(key('Numpad5', { altKey: true })).toBe(4);
    expect(key('Digit6', { altKey: true })).toBeNull();
    expect(key('Digit1')).toBeNull();
    expect(key('Digit1', { altKey: true, ctrlKey: true })).toBeNull();
    expect(actionIndexForKey({ code: 'Digit9', altKey: true, ctrlKey: false, metaKey: false }, 12)).toBe(8);
  });
});
