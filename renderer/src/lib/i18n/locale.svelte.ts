/**
 * The language the UI speaks, as reactive state: a component that calls t() re-renders when it
 * changes. It follows the OS language (navigator.languages) until the user picks one in settings.
 */
export type Locale = 'en' | 'fr';
export const LOCALES: readonly Locale[] = ['en', 'fr'];

export function systemLocale(languages: readonly string[] = navigator.languages): Locale {
  for (const language of languages) {
    const base = language.toLowerCase().split('-')[0];
    if (base === 'fr' || base === 'en') return base;
  }
  return 'en';
}

class LocaleState {
  current = $state<Locale>(systemLocale());
}

export const locale = new LocaleState();

/** 'system' (or anything unknown) follows the OS language. */
export function setLocale(choice: string): void {
  locale.current = (LOCALES as readonly string[]).includes(choice) ? (choice as Locale) : systemLocale();
  document.documentElement.lang = locale.current;
}
