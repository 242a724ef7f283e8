/**
 * Your own actions (issue 17): helpers both sides use, without zod (the renderer imports this).
 * The schema is in shared/settings-schema.ts (`actionSchema`, the settings' `actions` list); the
 * channels in shared/action-channels.ts.
 *
 * An action is a question (one text per language, each falling back to the other), the profile
 * and model it asks (null: the active ones), parameter overrides merged over the profile's, what
 * it captures, whether it asks at once, and an optional global shortcut.
 */

export const ACTION_CAPTURES = ['region', 'screen', 'clipboard'] as const;
export type ActionCapture = (typeof ACTION_CAPTURES)[number];

/** Where an action's answer comes from: the model, or (Extract text) offline OCR on this machine. */
export const ACTION_ENGINES = ['model', 'local-ocr'] as const;
export type ActionEngine = (typeof ACTION_ENGINES)[number];

export const ACTION_LANGUAGES = ['en', 'fr'] as const;
export type ActionLanguage = (typeof ACTION_LANGUAGES)[number];

export type ActionQuestion = Partial<Record<ActionLanguage, string>>;

/** The four presets Glimpse had before actions, as the first four actions (and "reset to defaults"). */
export const DEFAULT_ACTION_SEEDS: readonly {
  id: string;
  name: ActionQuestion;
  question: Required<ActionQuestion>;
  engine: ActionEngine;
}[] = [
  {
    id: 'explain',
    name: { en: 'Explain', fr: 'Expliquer' },
    question: { en: 'Explain what is in this image.', fr: 'Explique ce que montre cette image.' },
    engine: 'model',
  },
  {
    id: 'translate',
    name: { en: 'Translate', fr: 'Traduire' },
    question: {
      en: 'Translate the text in this image into English, keeping its layout.',
      fr: 'Traduis le texte de cette image en français, en gardant sa mise en page.',
    },
    engine: 'model',
  },
  {
    id: 'extract',
    name: { en: 'Extract text', fr: 'Extraire le texte' },
    question: {
      en: 'Extract all the text in this image exactly as written, as Markdown.',
      fr: 'Extrais tout le texte de cette image tel qu’il est écrit, en Markdown.',
    },
    // Before actions, "Extract text" never left the machine: it stays offline.
    engine: 'local-ocr',
  },
  {
    id: 'debug',
    name: { en: 'Debug this error', fr: 'Déboguer cette erreur' },
    question: {
      en: 'Explain this error message, its likely cause, and how to fix it.',
      fr: 'Explique ce message d’erreur, sa cause probable et comment la corriger.',
    },
    engine: 'model',
  },
];

/** The page language an action question is picked for ('system' and others: English). */
export function actionLanguage(language: string | undefined): ActionLanguage {
  return language?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** The action's question in `language`, falling back to the other language's. */
export function actionQuestion(action: { question: ActionQuestion }, language: string | undefined): string {
  const wanted = actionLanguage(language);
  const other: ActionLanguage = wanted === 'fr' ? 'en' : 'fr';
  const text = action.question[wanted]?.trim() || action.question[other]?.trim();
  return text ?? '';
}

/**
 * The action `nameOrId` names (`glimpse --action`, `glimpse ask --action`): its id, else its
 * name, both case-insensitive and trimmed; undefined when none matches.
 */
export function findAction<A extends { id: string; name: string }>(
  actions: readonly A[],
  nameOrId: string,
): A | undefined {
  const wanted = nameOrId.trim().toLowerCase();
  if (wanted === '') return undefined;
  return (
    actions.find((a) => a.id.toLowerCase() === wanted) ??
    actions.find((a) => a.name.trim().toLowerCase() === wanted)
  );
}

/** The hotkey-manager key of an action's shortcut (the built-in ones keep their own names). */
export type ActionHotkeyKey = `action:${string}`;
export const actionHotkeyKey = (id: string): ActionHotkeyKey => `action:${id}`;
export function actionIdOfHotkey(key: string): string | undefined {
  return key.startsWith('action:') ? key.slice('action:'.length) : undefined;
}

/**
 * An action's name as a page or the tray shows it: a default action still carrying its English
 * default name is shown in the page's language (as defaults.ts does for "Default"); a name the
 * user typed is theirs.
 */
export function shownActionName(action: { id: string; name: string }, language: string | undefined): string {
  const seed = DEFAULT_ACTION_SEEDS.find((s) => s.id === action.id);
  if (seed && action.name === seed.name.en) return seed.name[actionLanguage(language)] ?? action.name;
  return action.name;
}
