/** Numbers, units and dates in the page's language (issue 16.5: French wrote "2.9 s" and "KB"). */
import { describe, expect, it } from 'vitest';
import * as intl from '../../../renderer/src/lib/intl';

// Intl puts a narrow no-break space (U+202F) or a no-break space (U+00A0) inside French numbers.
const plain = (text: string): string => text.replace(/[\u00a0\u202f]/g, ' ');

describe('format in French', () => {
  it('writes decimals with a comma and seconds as "s"', () => {
    expect(plain(intl.formatSeconds('fr', 2.94))).toBe('2,9 s');
    expect(plain(intl.formatDuration('fr', 450))).toBe('450 ms');
    expect(plain(intl.formatDuration('fr', 180_000))).toBe('3 min');
  });

  it('writes byte sizes in octets', () => {
    expect(plain(intl.formatBytes('fr', 300))).toBe('300 o');
    expect(plain(intl.formatBytes('fr', 12 * 1024))).toBe('12 ko');
    expect(plain(intl.formatBytes('fr', 2.5 * 1024 * 1024))).toBe('2,5 Mo');
  });

  it('groups thousands with a space (not four digits) and words relative days', () => {
    expect(plain(intl.formatNumber('fr', 12345))).toBe('12 345');
    expect(intl.formatNumber('fr', 1920)).toBe('1920');
    const now = new Date(2026, 11, 6, 14, 0);
    expect(intl.formatRelativeDay('fr', new Date(2026, 11, 6, 9, 0), now)).toBe('Aujourd’hui');
    expect(intl.formatRelativeDay('fr', new Date(2026, 11, 5, 23, 0), now)).toBe('Hier');
    expect(intl.dayGroup(new Date(2026, 11, 2), now)).toBe('week');
    expect(plain(intl.formatDate('fr', new Date(2026, 11, 1)))).toBe('1 déc. 2026');
  });
});

describe('format in English', () => {
  it('keeps the English forms the catalogs used ("2.9 s", "12 kB")', () => {
    expect(intl.formatSeconds('en', 2.94)).toBe('2.9 s');
    expect(intl.formatBytes('en', 12 * 1024)).toBe('12 kB');
    expect(intl.formatNumber('en', 12345)).toBe('12,345');
    expect(intl.formatRelativeDay('en', new Date(2026, 11, 5), new Date(2026, 11, 6))).toBe('Yesterday');
  });
});
