/**
 * The pure side of ./defaults.ts (language first, no reactive locale, so Node tests reach it):
 * the words the settings store in English because they were never the user's — the default
 * question and the first profile's name — shown in the page's language and stored back as they were.
 */
import { en, type MessageKey } from './i18n/en';
import { fr } from './i18n/fr';

// shared/settings-schema.ts's values, repeated so the page does not bundle zod for three strings
// (tests/unit/renderer/defaults.test.ts checks they agree).
export const DEFAULT_PROMPT = 'Explain what is in this image.';
export const DEFAULT_PROFILE_ID = 'default';
export const DEFAULT_PROFILE_NAME = 'Default';

const CATALOGS: Record<string, Partial<Record<MessageKey, string>>> = { en, fr };
const word = (lang: string, key: MessageKey): string => CATALOGS[lang]?.[key] ?? en[key];

/** The default question in `lang` when `stored` is the untouched default. */
export function shownPrompt(lang: string, stored: string): string {
  return stored.trim() === DEFAULT_PROMPT ? word(lang, 'preset.explainPrompt') : stored;
}

/** What to store for a question shown with shownPrompt: the default stays the shared default. */
export function storedPrompt(lang: string, shown: string): string {
  return shown.trim() === word(lang, 'preset.explainPrompt').trim() ? DEFAULT_PROMPT : shown;
}

/** A profile's name as shown: the first profile's default name in `lang`. */
export function shownProfileName(lang: string, profile: { id: string; name: string } | undefined): string {
  if (!profile) return '';
  return profile.id === DEFAULT_PROFILE_ID && profile.name === DEFAULT_PROFILE_NAME
    ? word(lang, 'settings.defaultProfileName')
    : profile.name;
}

/** What to store for a name shown with shownProfileName (the default name stays "Default"). */
export function storedProfileName(lang: string, id: string, shown: string): string {
  return id === DEFAULT_PROFILE_ID && shown.trim() === word(lang, 'settings.defaultProfileName')
    ? DEFAULT_PROFILE_NAME
    : shown;
}
