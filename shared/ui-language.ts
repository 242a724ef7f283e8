/**
 * Which language the UI speaks: one rule for the page (renderer/src/lib/i18n/locale.svelte.ts)
 * and for what main draws through the OS (dialogs, notifications, the tray menu;
 * electron/core/i18n/main-texts.ts). The setting wins when it names a language Glimpse has;
 * 'system' (or anything else) takes the first of the OS's preferred languages Glimpse has,
 * else English.
 */
export type UiLanguage = 'en' | 'fr';
export const UI_LANGUAGES: readonly UiLanguage[] = ['en', 'fr'];

function known(tag: string): UiLanguage | undefined {
  // 'fr-CA', 'fr_FR.UTF-8', 'FR' → 'fr' (Linux names come from LANGUAGE/LC_*/LANG).
  const base = tag.toLowerCase().split(/[-_.@]/)[0];
  return (UI_LANGUAGES as readonly string[]).includes(base ?? '') ? (base as UiLanguage) : undefined;
}

/**
 * `setting`: the settings' `language` ('system', 'en', 'fr'), or undefined before they load.
 * `preferred`: the OS's languages, most preferred first — navigator.languages in the page;
 * in main the same list the page gets (app.getLocale() then app.getPreferredSystemLanguages()).
 */
export function pickLanguage(setting: string | undefined, preferred: readonly string[]): UiLanguage {
  if ((UI_LANGUAGES as readonly (string | undefined)[]).includes(setting)) return setting as UiLanguage;
  for (const tag of preferred) {
    const language = known(tag);
    if (language) return language;
  }
  return 'en';
}
