/**
 * The language the UI speaks, as reactive state: a component that calls t() re-renders when it
 * changes. It follows the OS language (navigator.languages) until the user picks one in settings.
 */
import { pickLanguage, UI_LANGUAGES, type UiLanguage } from '../../../../shared/ui-language';

export type Locale = UiLanguage;
export const LOCALES: readonly Locale[] = UI_LANGUAGES;

/** The OS language as main resolves it too (shared/ui-language.ts: one rule). */
export function systemLocale(languages: readonly string[] = navigator.languages): Locale {
  return pickLanguage('system', languages);
}

class LocaleState {
  current = $state<Locale>(systemLocale());
}

export const locale = new LocaleState();

/** 'system' (or anything unknown) follows the OS language. */
export function setLocale(choice: string): void {
  locale.current = pickLanguage(choice, navigator.languages);
  document.documentElement.lang = locale.current;
}
