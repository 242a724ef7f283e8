/**
 * French typography in every French text Glimpse shows (the page's catalogs, the core messages'
 * French wording, main's OS-drawn texts): a no-break space before : ; ! ? and inside « », never a
 * plain one, so that a line never breaks before the mark or inside the guillemets. The rule
 * (renderer/src/lib/i18n/fr.ts, top): U+202F before ; ! ?, U+00A0 before : and inside « ».
 */
import { describe, expect, it } from 'vitest';
import { fr } from '../../../renderer/src/lib/i18n/fr';
import { coreFr } from '../../../renderer/src/lib/i18n/core-messages';
import { MAIN_TEXTS } from '../../../electron/core/i18n/main-texts';
import { hotkeyNotice } from '../../../electron/core/app/hotkey-notice';

/**
 * A plain space before a mark, or inside guillemets. A mark right after a listed symbol is a
 * character being named ("écrivez # / ? @ : sous la forme %23…"), not punctuation.
 */
const PLAIN_SPACE = /(?<![#/?@:;!]) [:;!?]|« | »/;
/** The wrong no-break space for the mark (the rule above). */
const WRONG_SPACE = /\u00a0[;!?]|\u202f:|«\u202f|\u202f»/;

function check(texts: Record<string, string>): void {
  const plain = Object.entries(texts).filter(([, text]) => PLAIN_SPACE.test(text));
  const wrong = Object.entries(texts).filter(([, text]) => WRONG_SPACE.test(text));
  expect(plain).toEqual([]);
  expect(wrong).toEqual([]);
}

describe('French typography', () => {
  it('the page’s catalog', () => check(fr as Record<string, string>));

  it('the core messages’ French wording', () => check(coreFr));

  it('main’s dialogs and notifications', () => {
    const main = Object.fromEntries(
      Object.entries(MAIN_TEXTS.fr).flatMap(([key, value]): [string, string][] =>
        typeof value === 'function'
          ? [[key, (value as (...a: string[]) => string)('boom', '/l/main.log')]]
          : typeof value === 'string'
            ? [[key, value]]
            : Object.entries(value as Record<string, string>).map(([sub, text]) => [`${key}.${sub}`, text]),
      ),
    );
    check(main);
    const notices = (['duplicate', 'refused', 'invalid'] as const).map(
      (kind) =>
        hotkeyNotice(
          {
            kind,
            action: 'captureRegion',
            accelerator: 'Ctrl+Maj+E',
            message: '',
            takenBy: 'captureScreen',
            owner: 'linux-screenshot-tool',
          },
          'fr',
        ).body,
    );
    check(Object.fromEntries(notices.map((body, i) => [String(i), body])));
  });

  it('catches a plain space (the check itself)', () => {
    expect(PLAIN_SPACE.test('Tuiles prêtes : 3')).toBe(true);
    expect(PLAIN_SPACE.test('Que montre-t-il ?')).toBe(true);
    expect(PLAIN_SPACE.test('« x »')).toBe(true);
    expect(PLAIN_SPACE.test('Tuiles prêtes\u00a0: 3 ; «\u00a0x\u00a0»')).toBe(true);
    expect(PLAIN_SPACE.test('Tuiles prêtes\u00a0: 3\u202f; «\u00a0x\u00a0»')).toBe(false);
  });
});
