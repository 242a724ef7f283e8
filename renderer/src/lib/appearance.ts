/** Applies the theme and language stored in settings to this window. */
import { setLocale } from './i18n/locale.svelte';
import { applyTheme } from './theme';

interface AppearanceSource {
  settings?: { appearance?: { theme?: string }; language?: string };
}

export function applyAppearance(source: AppearanceSource): void {
  applyTheme(source.settings?.appearance?.theme ?? 'system');
  setLocale(source.settings?.language ?? 'system');
}
