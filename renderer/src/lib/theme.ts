/**
 * Light, dark, or the system's choice. The page's colours are CSS variables (styles.css); an
 * explicit choice is a data-theme attribute on <html> (setting color-scheme, which picks each
 * colour's light-dark() side); "system" removes it and the OS's preference decides.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';

export function applyTheme(choice: string, root: HTMLElement = document.documentElement): ThemeChoice {
  if (choice === 'light' || choice === 'dark') {
    root.dataset.theme = choice;
    return choice;
  }
  delete root.dataset.theme;
  return 'system';
}
