/**
 * Words the settings store in English because they were never the user's: the default question
 * ("Explain what is in this image.", shared DEFAULT_PROMPT, also the CLI's) and the first profile's
 * name ("Default"). The page shows them in its language and stores them back unchanged, so a
 * French page never shows "Default" beside "Par défaut", and an Ask from a French page asks in
 * French. A question or name the user typed is theirs and is shown as written. (The logic is in
 * ./default-words.ts, language first; these pass the page's current language.)
 */
import { locale } from './i18n/locale.svelte';
import * as words from './default-words';

export const shownPrompt = (stored: string): string => words.shownPrompt(locale.current, stored);
export const storedPrompt = (shown: string): string => words.storedPrompt(locale.current, shown);
export const shownProfileName = (profile: { id: string; name: string } | undefined): string =>
  words.shownProfileName(locale.current, profile);
export const storedProfileName = (id: string, shown: string): string =>
  words.storedProfileName(locale.current, id, shown);
