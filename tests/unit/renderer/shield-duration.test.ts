/**
 * The privacy shield's "Scan took …" line writes its duration as every other duration in the
 * page (format.ts / intl.ts): "7,4 s" in French rather than "Lecture faite en 7374 ms".
 */
import { describe, expect, it } from 'vitest';
import { en } from '../../../renderer/src/lib/i18n/en';
import { fr } from '../../../renderer/src/lib/i18n/fr';
import * as intl from '../../../renderer/src/lib/intl';

// Intl puts a no-break space between a French number and its unit.
const plain = (text: string): string => text.replace(/[\u00a0\u202f]/g, ' ');
/** The line as RedactablePreview builds it: t('shield.took', { duration: formatDuration(ms) }). */
const line = (catalog: Partial<Record<keyof typeof en, string>>, lang: string, ms: number): string =>
  plain((catalog['shield.took'] ?? '').replace('{duration}', intl.formatDuration(lang, ms)));

describe('shield scan duration', () => {
  it('the catalogs take the formatted duration, not a count of milliseconds with its unit', () => {
    for (const catalog of [en, fr]) {
      expect(catalog['shield.took']).toContain('{duration}');
      expect(catalog['shield.took']).not.toMatch(/\bms\b/);
    }
  });

  it('reads "7,4 s" / "7.4 s" over a second and "850 ms" under it', () => {
    expect(line(fr, 'fr', 7374)).toBe('Lecture faite en 7,4 s.');
    expect(line(en, 'en', 7374)).toBe('Scan took 7.4 s.');
    expect(line(fr, 'fr', 850)).toBe('Lecture faite en 850 ms.');
    expect(line(en, 'en', 850.4)).toBe('Scan took 850 ms.');
  });
});
