/** Every string the UI shows is in both catalogs, with the same placeholders. */
import { describe, expect, it } from 'vitest';
import { en } from '../../../renderer/src/lib/i18n/en';
import { fr } from '../../../renderer/src/lib/i18n/fr';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

describe('catalogs', () => {
  it('French translates every English key', () => {
    expect(Object.keys(en).filter((key) => !(key in fr))).toEqual([]);
  });

  it('keeps the placeholders of each string', () => {
    for (const [key, text] of Object.entries(fr)) {
      expect([key, placeholders(text)]).toEqual([key, placeholders(en[key as keyof typeof en])]);
    }
  });
});
