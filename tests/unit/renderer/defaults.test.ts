/**
 * The default question and the first profile's name follow the page's language (issue 16.4: a
 * French page asked "Explain what is in this image." and showed "Default" beside "Par défaut").
 */
import { describe, expect, it, vi } from 'vitest';
import * as schema from '../../../shared/settings-schema';

const state = vi.hoisted(() => ({ current: 'fr' }));
vi.mock('../../../renderer/src/lib/i18n/locale.svelte', () => ({ locale: state }));

const defaults = await import('../../../renderer/src/lib/defaults');

describe('defaults in the page language', () => {
  it("the shared default questions are the catalogs' Explain preset", async () => {
    const { fr } = await import('../../../renderer/src/lib/i18n/fr');
    const { en } = await import('../../../renderer/src/lib/i18n/en');
    expect(schema.DEFAULT_PROMPTS).toEqual({
      en: en['preset.explainPrompt'],
      fr: fr['preset.explainPrompt'],
    });
  });

  it('agree with the stored defaults', () => {
    const settings = schema.settingsSchema.parse({});
    expect(defaults.DEFAULT_PROMPT).toBe(schema.DEFAULT_PROMPT);
    expect(settings.profiles[0]?.id).toBe(defaults.DEFAULT_PROFILE_ID);
    expect(settings.profiles[0]?.name).toBe(defaults.DEFAULT_PROFILE_NAME);
    expect(settings.profiles[0]?.prompt).toBe(defaults.DEFAULT_PROMPT);
  });

  it('French shows the default question and name in French and stores them back unchanged', () => {
    state.current = 'fr';
    expect(defaults.shownPrompt(schema.DEFAULT_PROMPT)).toBe('Explique ce que montre cette image.');
    expect(defaults.storedPrompt(defaults.shownPrompt(schema.DEFAULT_PROMPT))).toBe(schema.DEFAULT_PROMPT);
    expect(defaults.shownProfileName({ id: 'default', name: 'Default' })).toBe('Par défaut');
    expect(defaults.storedProfileName('default', 'Par défaut')).toBe('Default');
  });

  it("the user's own question and names are shown as written", () => {
    state.current = 'fr';
    expect(defaults.shownPrompt('What colour is the car?')).toBe('What colour is the car?');
    expect(defaults.shownProfileName({ id: 'default', name: 'Work' })).toBe('Work');
    expect(defaults.shownProfileName({ id: 'p2', name: 'Default' })).toBe('Default');
    expect(defaults.storedProfileName('p2', 'Par défaut')).toBe('Par défaut');
  });

  it('English shows them as stored', () => {
    state.current = 'en';
    expect(defaults.shownPrompt(schema.DEFAULT_PROMPT)).toBe(schema.DEFAULT_PROMPT);
    expect(defaults.shownProfileName({ id: 'default', name: 'Default' })).toBe('Default');
  });
});
