/**
 * Accelerators as people read them: the keycaps of "CommandOrControl+Shift+E" are ⇧ ⌘ E on macOS
 * (Apple's modifier order ⌃ ⌥ ⇧ ⌘, then the key) and Ctrl Shift E elsewhere. Every place that
 * shows a shortcut uses this; the accelerator string itself is never shown. Pure: tested in Node.
 */
import { parseAccelerator } from '../../../shared/accelerator';

export type KeyPlatform = 'mac' | 'windows' | 'linux';

/** Words that change with the language ("Maj" for Shift on French keyboards): given by the page. */
export interface KeyWords {
  shift: string;
  space: string;
  enter: string;
  escape: string;
  backspace: string;
  delete: string;
  tab: string;
}

export const ENGLISH_KEY_WORDS: KeyWords = {
  shift: 'Shift',
  space: 'Space',
  enter: 'Enter',
  escape: 'Esc',
  backspace: 'Backspace',
  delete: 'Delete',
  tab: 'Tab',
};

/** The platform the page runs on, from what the browser says (Electron's Chromium says the same). */
export function pagePlatform(
  nav: { userAgentData?: { platform?: string }; platform?: string; userAgent?: string } = navigator,
): KeyPlatform {
  const name = `${nav.userAgentData?.platform ?? ''} ${nav.platform ?? ''} ${nav.userAgent ?? ''}`;
  if (/mac/i.test(name)) return 'mac';
  if (/win/i.test(name)) return 'windows';
  return 'linux';
}

const MAC_MODIFIERS: Record<string, string> = {
  Control: '⌃',
  Alt: '⌥',
  AltGr: '⌥',
  Shift: '⇧',
  Command: '⌘',
  CommandOrControl: '⌘',
  Super: '⌘',
};
/** Apple's order for modifier glyphs. */
const MAC_ORDER = ['⌃', '⌥', '⇧', '⌘'];
const OTHER_ORDER: readonly string[] = ['Control', 'Alt', 'AltGr', 'Shift', 'Super'];

function keyName(key: string, mac: boolean, words: KeyWords): string {
  const arrows: Record<string, string> = { Up: '↑', Down: '↓', Left: '←', Right: '→' };
  if (arrows[key]) return arrows[key];
  if (key === 'Plus') return '+';
  if (key === 'Space') return words.space;
  if (/^num\d$/.test(key)) return `Num ${key.slice(3)}`;
  const macGlyphs: Record<string, string> = {
    Return: '↩',
    Escape: '⎋',
    Backspace: '⌫',
    Delete: '⌦',
    Tab: '⇥',
    PageUp: '⇞',
    PageDown: '⇟',
  };
  if (mac && macGlyphs[key]) return macGlyphs[key];
  const named: Record<string, string> = {
    Return: words.enter,
    Escape: words.escape,
    Backspace: words.backspace,
    Delete: words.delete,
    Tab: words.tab,
    PageUp: 'PgUp',
    PageDown: 'PgDn',
    PrintScreen: 'PrtSc',
  };
  return named[key] ?? key;
}

/** The keycaps of an accelerator, in the platform's order; undefined when it is not valid. */
export function shortcutKeys(
  accelerator: string,
  platform: KeyPlatform,
  words: KeyWords = ENGLISH_KEY_WORDS,
): string[] | undefined {
  const parsed = parseAccelerator(accelerator);
  if (!parsed.ok) return undefined;
  const { modifiers, key } = parsed.value;
  const mac = platform === 'mac';
  if (mac) {
    const glyphs = new Set(modifiers.map((m) => MAC_MODIFIERS[m]!));
    return [...MAC_ORDER.filter((g) => glyphs.has(g)), keyName(key, true, words)];
  }
  const names = new Set<string>(
    modifiers.map((m) => (m === 'CommandOrControl' ? 'Control' : m === 'Command' ? 'Super' : m)),
  );
  const label = (m: string): string =>
    m === 'Control'
      ? 'Ctrl'
      : m === 'Shift'
        ? words.shift
        : m === 'Super'
          ? platform === 'windows'
            ? 'Win'
            : 'Super'
          : m;
  return [...OTHER_ORDER.filter((m) => names.has(m)).map(label), keyName(key, false, words)];
}

/** One line of text: "⇧⌘E" on macOS, "Ctrl+Shift+E" elsewhere; the input as is when invalid. */
export function formatShortcut(
  accelerator: string,
  platform: KeyPlatform,
  words: KeyWords = ENGLISH_KEY_WORDS,
): string {
  const keys = shortcutKeys(accelerator, platform, words);
  if (!keys) return accelerator;
  return keys.join(platform === 'mac' ? '' : '+');
}
