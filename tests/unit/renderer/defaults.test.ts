/**
 * The default question and the first profile's name follow the page's language (issue 16.4: a
 * French page asked "Explain what is in this image." and showed "Default" beside "Par défaut").
 */
import { describe, expect, it } from 'vitest';
import * as schema from '../../../shared/settings-schema';
import * as words from '../../../renderer/src/lib/default-words';
import { en } from '../../../renderer/src/lib/i18n/en';
import { fr } from '../../../renderer/src/lib/i18n/fr';

describe('defaults in the page language', () => {
  it("the shared default questions are the catalogs' Explain preset", () => {
    expect(schema.DEFAULT_PROMPTS).toEqual({
      en: en['preset.explainPrompt'],
      fr: fr['preset.explainPrompt'],
    });
  });

  it('agree with the stored defaults', () => {
    const settings = schema.settingsSchema.parse({});
    expect(words.DEFAULT_PROMPT).toBe(schema.DEFAULT_PROMPT);
    expect(settings.profiles[0]?.id).toBe(words.DEFAULT_PROFILE_ID);
    expect(settings.profiles[0]?.name).toBe(words.DEFAULT_PROFILE_NAME);
    expect(settings.profiles[0]?.prompt).toBe(words.DEFAULT_PROMPT);
  });

  it('French shows the default question and name in French and stores them back unchanged', () => {
    expect(words.shownPrompt('fr', schema.DEFAULT_PROMPT)).toBe('Explique ce que montre cette image.');
    expect(words.storedPrompt('fr', words.shownPrompt('fr', schema.DEFAULT_PROMPT))).toBe(
      schema.DEFAULT_PROMPT,
    );
    expect(words.shownProfileName('fr', { id: 'default', name: 'Default' })).toBe('Par défaut');
    expect(words.storedProfileName('fr', 'default', 'Par défaut')).toBe('Default');
  });

  it("the user's own question and names are shown as written", () => {
    expect(words.shownPrompt('fr', 'What colour is the car?')).toBe('What colour is the car?');
    expect(words.shownProfileName('fr', { id: 'default', name: 'Work' })).toBe('Work');
    expect(words.shownProfileName('fr', { id: 'p2', name: 'Default' })).toBe('Default');
    expect(words.storedProfileName('fr', 'p2', 'Par défaut')).toBe('Par défaut');
  });

  it('English shows them as stored', () => {
    expect(words.shownPrompt('en', schema.DEFAULT_PROMPT)).toBe(schema.DEFAULT_PROMPT);
    expect(words.shownProfileName('en', { id: 'default', name: 'Default' })).toBe('Default');
  });
});
