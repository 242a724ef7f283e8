/**
 * Main's OS-drawn texts (electron/core/i18n/main-texts.ts) exist in every UI language, and the
 * language main picks is the page's (shared/ui-language.ts): one rule for both.
 */
import { describe, expect, it } from 'vitest';
import { MAIN_TEXTS, mainTexts, pickLanguage } from '../../../../electron/core/i18n/main-texts';
import { UI_LANGUAGES } from '../../../../shared/ui-language';
import { startFailure } from '../../../../electron/core/app/startup';

/** Every text of a table as plain strings: functions called with sample values, per-subject ones flattened. */
function strings(language: (typeof UI_LANGUAGES)[number]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(MAIN_TEXTS[language])) {
    if (typeof value === 'function') out[key] = (value as (...a: string[]) => string)('1.2.3', '/l/main.log');
    else if (typeof value === 'string') out[key] = value;
    else
      for (const [sub, text] of Object.entries(value as Record<string, string>)) out[`${key}.${sub}`] = text;
  }
  return out;
}

describe('main texts', () => {
  it('every key is in every language, none empty, and French is not English', () => {
    const keys = Object.keys(MAIN_TEXTS.en).sort();
    for (const language of UI_LANGUAGES) {
      expect(Object.keys(MAIN_TEXTS[language]).sort()).toEqual(keys);
      for (const text of Object.values(strings(language))) expect(text.trim()).not.toBe('');
    }
    const en = strings('en');
    for (const [key, text] of Object.entries(strings('fr'))) expect(text, key).not.toBe(en[key]);
  });

  it('French follows the catalogs’ typography: no plain space before : ; ! ? or inside « »', () => {
    for (const [key, text] of Object.entries(strings('fr'))) expect(text, key).not.toMatch(/ [:;!?»]|« /);
  });

  it('a failed start is worded in the language given, its log line stays English', () => {
    const fr = startFailure(new Error('EACCES'), undefined, 'fr');
    expect(fr.title).toBe(mainTexts('fr').startFailedTitle);
    expect(fr.content).toContain('EACCES');
    expect(fr.content).toContain('Aucun fichier journal');
    expect(fr.line).toBe('start failed: EACCES');
    expect(startFailure('', '/l', 'fr').line).toBe('start failed: an unknown error');
    expect(startFailure('', '/l', 'fr').content).toContain('une erreur inconnue');
  });
});

describe('pickLanguage', () => {
  it('a language chosen in the settings wins over the OS', () => {
    expect(pickLanguage('fr', ['en-US'])).toBe('fr');
    expect(pickLanguage('en', ['fr-FR'])).toBe('en');
  });

  it("'system' takes the first OS language Glimpse has, else English", () => {
    // docs/api/app.md's examples: Windows ['fr-CA', 'en-US', …], macOS the same list.
    expect(pickLanguage('system', ['fr-CA', 'en-US', 'zh-Hans-CN', 'fi', 'es-419'])).toBe('fr');
    expect(pickLanguage('system', ['de', 'fr-FR', 'en-US'])).toBe('fr');
    expect(pickLanguage('system', ['de-DE', 'it'])).toBe('en');
    expect(pickLanguage('system', [])).toBe('en');
    // Linux: g_get_language_names canonicalised by Chromium, or raw POSIX names.
    expect(pickLanguage('system', ['fr_FR.UTF-8', 'en'])).toBe('fr');
    expect(pickLanguage('system', ['FR'])).toBe('fr');
  });

  it('settings not loaded yet, or an unknown value, follow the OS', () => {
    expect(pickLanguage(undefined, ['fr-BE'])).toBe('fr');
    expect(pickLanguage('de', ['fr-BE'])).toBe('fr');
    expect(pickLanguage(undefined, ['es'])).toBe('en');
  });
});
