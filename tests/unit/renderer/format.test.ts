/** Numbers, units and dates in the page's language (issue 16.5: French wrote "2.9 s" and "KB"). */
import { beforeEach, describe, expect, it, vi } from 'vitest';

// The page's language is reactive state ($state) in the app; here a plain object stands in for it.
const state = vi.hoisted(() => ({ current: 'fr' }));
vi.mock('../../../renderer/src/lib/i18n/locale.svelte', () => ({ locale: state }));

const format = await import('../../../renderer/src/lib/format');

// Intl puts a narrow no-break space (U+202F) or a no-break space (U+00A0) inside French numbers.
const plain = (text: string): string => text.replace(/[\u00a0\u202f]/g, ' ');

describe('format in French', () => {
  beforeEach(() => (state.current = 'fr'));

  it('writes decimals with a comma and seconds as "s"', () => {
    expect(plain(format.formatSeconds(2.94))).toBe('2,9 s');
    expect(plain(format.formatDuration(450))).toBe('450 ms');
    expect(plain(format.formatDuration(180_000))).toBe('3 min');
  });

  it('writes byte sizes in octets', () => {
    expect(plain(format.formatBytes(300))).toBe('300 o');
    expect(plain(format.formatBytes(12 * 1024))).toBe('12 ko');
    expect(plain(format.formatBytes(2.5 * 1024 * 1024))).toBe('2,5 Mo');
  });

  it('groups thousands with a space and words relative days', () => {
    expect(plain(format.formatNumber(12345))).toBe('12 345');
    const now = new Date(2026, 11, 6, 14, 0);
    expect(format.formatRelativeDay(new Date(2026, 11, 6, 9, 0), now)).toBe('Aujourd’hui');
    expect(format.formatRelativeDay(new Date(2026, 11, 5, 23, 0), now)).toBe('Hier');
    expect(format.dayGroup(new Date(2026, 11, 2), now)).toBe('week');
    expect(plain(format.formatDate(new Date(2026, 11, 1)))).toBe('1 déc. 2026');
  });
});

describe('format in English', () => {
  beforeEach(() => (state.current = 'en'));

  it('keeps the English forms the catalogs used ("2.9 s", "12 kB")', () => {
    expect(format.formatSeconds(2.94)).toBe('2.9 s');
    expect(format.formatBytes(12 * 1024)).toBe('12 kB');
    expect(format.formatNumber(12345)).toBe('12,345');
    expect(format.formatRelativeDay(new Date(2026, 11, 5), new Date(2026, 11, 6))).toBe('Yesterday');
  });
});

describe('catalog placeholders', () => {
  it('numbers are written in the page language, token ids as they are', async () => {
    const { t } = await import('../../../renderer/src/lib/i18n/index');
    state.current = 'fr';
    expect(plain(t('status.doneUsage', { tokens: 12345 }))).toBe('Terminé · 12 345 jetons');
    expect(t('form.notTokenId', { token: 50256 })).toContain('50256');
    state.current = 'en';
    expect(t('status.doneUsage', { tokens: 12345 })).toBe('Done · 12,345 tokens');
  });
});
