/** Shortcuts as each OS writes them: never the accelerator string "CommandOrControl+Shift+E". */
import { describe, expect, it } from 'vitest';
import {
  formatShortcut,
  pagePlatform,
  shortcutKeys,
  type KeyWords,
} from '../../../renderer/src/lib/shortcut-keys';

describe('formatShortcut', () => {
  it('writes macOS glyphs in Apple’s order (⌃ ⌥ ⇧ ⌘, then the key)', () => {
    expect(formatShortcut('CommandOrControl+Shift+E', 'mac')).toBe('⇧⌘E');
    expect(formatShortcut('Shift+Alt+Control+Command+K', 'mac')).toBe('⌃⌥⇧⌘K');
    expect(formatShortcut('Cmd+Up', 'mac')).toBe('⌘↑');
    expect(formatShortcut('CmdOrCtrl+Return', 'mac')).toBe('⌘↩');
  });

  it('writes Ctrl+Shift+E on Windows and Linux, with the Windows key named per OS', () => {
    expect(formatShortcut('CommandOrControl+Shift+E', 'linux')).toBe('Ctrl+Shift+E');
    expect(formatShortcut('Shift+CommandOrControl+E', 'windows')).toBe('Ctrl+Shift+E');
    expect(formatShortcut('Super+Alt+Space', 'windows')).toBe('Alt+Win+Space');
    expect(formatShortcut('Super+Alt+Space', 'linux')).toBe('Alt+Super+Space');
    expect(formatShortcut('CommandOrControl+Plus', 'linux')).toBe('Ctrl++');
    expect(formatShortcut('F5', 'linux')).toBe('F5');
  });

  it('uses the language’s key words (French keyboards say Maj and Espace)', () => {
    const fr: KeyWords = {
      shift: 'Maj',
      space: 'Espace',
      enter: 'Entrée',
      escape: 'Échap',
      backspace: 'Retour arrière',
      delete: 'Suppr',
      tab: 'Tab',
    };
    expect(formatShortcut('CommandOrControl+Shift+Space', 'linux', fr)).toBe('Ctrl+Maj+Espace');
    expect(formatShortcut('CommandOrControl+Shift+Space', 'mac', fr)).toBe('⇧⌘Espace');
  });

  it('gives one keycap per key, and leaves an invalid accelerator as it is', () => {
    expect(shortcutKeys('CommandOrControl+Shift+E', 'mac')).toEqual(['⇧', '⌘', 'E']);
    expect(shortcutKeys('CommandOrControl+Shift+E', 'linux')).toEqual(['Ctrl', 'Shift', 'E']);
    expect(shortcutKeys('Nope+', 'linux')).toBeUndefined();
    expect(formatShortcut('', 'linux')).toBe('');
  });
});

describe('pagePlatform', () => {
  it('reads the platform from userAgentData, then navigator.platform and the user agent', () => {
    expect(pagePlatform({ userAgentData: { platform: 'macOS' } })).toBe('mac');
    expect(pagePlatform({ platform: 'MacIntel' })).toBe('mac');
    expect(pagePlatform({ userAgentData: { platform: 'Windows' }, platform: 'Win32' })).toBe('windows');
    expect(pagePlatform({ platform: 'Linux x86_64', userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' })).toBe(
      'linux',
    );
  });
});
