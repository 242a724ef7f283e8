/**
 * Words the settings store in English because they were never the user's: the default question
 * ("Explain what is in this image.", shared DEFAULT_PROMPT, also the CLI's) and the first profile's
 * name ("Default"). The page shows them in its language and stores them back unchanged, so a
 * French page never shows "Default" beside "Par défaut", and an Ask from a French page asks in
 * French. A question or name the user typed is theirs and is shown as written.
 */
import { en } from './i18n/en';
import { t } from './i18n';

// shared/settings-schema.ts's values, repeated so the page does not bundle zod for three strings
// (tests/unit/renderer/defaults.test.ts checks they agree).
export const DEFAULT_PROMPT = 'Explain what is in this image.';
export const DEFAULT_PROFILE_ID = 'default';
export const DEFAULT_PROFILE_NAME = 'Default';

/** The default question in the page's language when `stored` is the untouched default. */
export function shownPrompt(stored: string): string {
  return stored.trim() === DEFAULT_PROMPT || stored.trim() === en['preset.explainPrompt']
    ? t('preset.explainPrompt')
    : stored;
}

/** What to store for a question shown with shownPrompt: the default stays the shared default. */
export function storedPrompt(shown: string): string {
  return shown.trim() === t('preset.explainPrompt').trim() ? DEFAULT_PROMPT : shown;
}

/** A profile's name as the page shows it: the first profile's default name in the page's language. */
export function shownProfileName(profile: { id: string; name: string } | undefined): string {
  if (!profile) return '';
  return profile.id === DEFAULT_PROFILE_ID && profile.name === DEFAULT_PROFILE_NAME
    ? t('settings.defaultProfileName')
    : profile.name;
}

/** What to store for a name shown with shownProfileName (the default name stays "Default"). */
export function storedProfileName(id: string, shown: string): string {
  return id === DEFAULT_PROFILE_ID && shown.trim() === t('settings.defaultProfileName')
    ? DEFAULT_PROFILE_NAME
    : shown;
}
