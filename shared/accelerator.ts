/**
 * Electron accelerators ("CommandOrControl+Shift+E"): parsing, validation and the key recorder's
 * translation of a keyboard event. Pure, in shared/ so the settings page validates as the user
 * types and main validates again before registering (electron/core/capture/hotkeys.ts).
 * Key names follow https://www.electronjs.org/docs/latest/api/accelerator.
 */

export type Modifier = 'CommandOrControl' | 'Command' | 'Control' | 'Alt' | 'AltGr' | 'Shift' | 'Super';

/** Modifier spellings Electron accepts → one canonical name. */
const MODIFIERS: Record<string, Modifier> = {
  commandorcontrol: 'CommandOrControl',
  cmdorctrl: 'CommandOrControl',
  command: 'Command',
  cmd: 'Command',
  control: 'Control',
  ctrl: 'Control',
  alt: 'Alt',
  option: 'Alt',
  altgr: 'AltGr',
  shift: 'Shift',
  super: 'Super',
  meta: 'Super',
};

const MODIFIER_ORDER: readonly Modifier[] = [
  'CommandOrControl',
  'Command',
  'Control',
  'Alt',
  'AltGr',
  'Shift',
  'Super',
];

const NAMED_KEYS = [
  'Plus',
  'Space',
  'Tab',
  'Capslock',
  'Numlock',
  'Scrolllock',
  'Backspace',
  'Delete',
  'Insert',
  'Return',
  'Up',
  'Down',
  'Left',
  'Right',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'Escape',
  'VolumeUp',
  'VolumeDown',
  'VolumeMute',
  'MediaNextTrack',
  'MediaPreviousTrack',
  'MediaStop',
  'MediaPlayPause',
  'PrintScreen',
  'numdec',
  'numadd',
  'numsub',
  'nummult',
  'numdiv',
  ...Array.from({ length: 10 }, (_, n) => `num${n}`),
  ...Array.from({ length: 24 }, (_, n) => `F${n + 1}`),
];
const KEY_BY_LOWER = new Map<string, string>(NAMED_KEYS.map((k) => [k.toLowerCase(), k]));
KEY_BY_LOWER.set('enter', 'Return');
KEY_BY_LOWER.set('esc', 'Escape');
const PUNCTUATION = new Set(')!@#$%^&*(:;<,_->.?/~`{][|\\}"=\''.split(''));

/** Keys that make a global shortcut on their own, without a modifier. */
const STANDALONE = /^(F\d{1,2}|PrintScreen|Media\w+|Volume\w+)$/;

export interface Accelerator {
  modifiers: Modifier[];
  key: string;
  /** The canonical spelling: modifiers in a fixed order, then the key. */
  text: string;
}

/**
 * `error` is English (the log); `code` and `fields` let the page word it in its language
 * (accelerator.<code> in renderer/src/lib/i18n/core-messages.ts).
 */
export type AcceleratorResult =
  | { ok: true; value: Accelerator }
  | { ok: false; error: string; code: string; fields?: Record<string, string> };

export function parseAccelerator(input: string): AcceleratorResult {
  const text = input.trim();
  if (text === '') return { ok: false, error: 'The shortcut is empty.', code: 'accelerator.empty' };
  // "Plus" is how a + key is written; a literal "+" can only be a separator.
  const parts = text.split('+').map((p) => p.trim());
  if (parts.some((p) => p === ''))
    return {
      ok: false,
      error: `"${text}" has an empty part.`,
      code: 'accelerator.emptyPart',
      fields: { text },
    };
  const modifiers = new Set<Modifier>();
  for (const part of parts.slice(0, -1)) {
    const modifier = MODIFIERS[part.toLowerCase()];
    if (!modifier)
      return {
        ok: false,
        error: `"${part}" is not a modifier (use Ctrl, Alt, Shift, Cmd, Super).`,
        code: 'accelerator.notModifier',
        fields: { part },
      };
    if (modifiers.has(modifier))
      return { ok: false, error: `"${part}" appears twice.`, code: 'accelerator.twice', fields: { part } };
    modifiers.add(modifier);
  }
  const last = parts[parts.length - 1]!;
  if (MODIFIERS[last.toLowerCase()])
    return { ok: false, error: 'The shortcut needs a key after its modifiers.', code: 'accelerator.noKey' };
  const key = normaliseKey(last);
  if (!key)
    return {
      ok: false,
      error: `"${last}" is not a key Electron knows.`,
      code: 'accelerator.unknownKey',
      fields: { part: last },
    };
  const onlyShift = modifiers.size === 0 || (modifiers.size === 1 && modifiers.has('Shift'));
  if (onlyShift && !STANDALONE.test(key)) {
    return {
      ok: false,
      error:
        'A global shortcut needs Ctrl, Alt, Cmd or Super, or a function key: otherwise it would take that key from every app.',
      code: 'accelerator.needsModifier',
    };
  }
  const ordered = MODIFIER_ORDER.filter((m) => modifiers.has(m));
  return { ok: true, value: { modifiers: ordered, key, text: [...ordered, key].join('+') } };
}

function normaliseKey(key: string): string | undefined {
  if (/^[a-z0-9]$/i.test(key)) return key.toUpperCase();
  if (key.length === 1 && PUNCTUATION.has(key)) return key;
  return KEY_BY_LOWER.get(key.toLowerCase());
}

/** The canonical text of an accelerator, or undefined when it is not valid. */
export function canonicalAccelerator(input: string): string | undefined {
  const parsed = parseAccelerator(input);
  return parsed.ok ? parsed.value.text : undefined;
}

/**
 * What CommandOrControl means on a platform, so that "Ctrl+Shift+E" on Linux and
 * "CommandOrControl+Shift+E" are recognised as the same shortcut.
 */
export function platformAccelerator(input: string, platform: string): string | undefined {
  const parsed = parseAccelerator(input);
  if (!parsed.ok) return undefined;
  const mac = platform === 'darwin';
  const modifiers = parsed.value.modifiers.map((m): Modifier =>
    m === 'CommandOrControl' ? (mac ? 'Command' : 'Control') : m,
  );
  const ordered = MODIFIER_ORDER.filter((m) => modifiers.includes(m));
  return [...ordered, parsed.value.key].join('+');
}

export interface RecordedKey {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/**
 * The key recorder: a keydown event → an accelerator, or undefined while only modifiers are held.
 * Uses `code` (the physical key) for letters and digits, so Shift or a keyboard layout does not
 * turn Ctrl+Shift+2 into Ctrl+Shift+@. Ctrl on Linux/Windows and Cmd on macOS become
 * CommandOrControl, the portable spelling.
 */
export function acceleratorFromKey(event: RecordedKey, platform: string): string | undefined {
  const mac = platform === 'darwin';
  let key: string | undefined;
  const letter = /^Key([A-Z])$/.exec(event.code);
  const digit = /^Digit(\d)$/.exec(event.code);
  const numpad = /^Numpad(\d)$/.exec(event.code);
  if (letter) key = letter[1];
  else if (digit) key = digit[1];
  else if (numpad) key = `num${numpad[1]}`;
  else if (/^F\d{1,2}$/.test(event.key)) key = event.key;
  else {
    const named: Record<string, string> = {
      ' ': 'Space',
      ArrowUp: 'Up',
      ArrowDown: 'Down',
      ArrowLeft: 'Left',
      ArrowRight: 'Right',
      Enter: 'Return',
      Escape: 'Escape',
      Tab: 'Tab',
      Backspace: 'Backspace',
      Delete: 'Delete',
      Insert: 'Insert',
      Home: 'Home',
      End: 'End',
      PageUp: 'PageUp',
      PageDown: 'PageDown',
      PrintScreen: 'PrintScreen',
      '+': 'Plus',
    };
    key = named[event.key] ?? (event.key.length === 1 && PUNCTUATION.has(event.key) ? event.key : undefined);
  }
  if (!key) return undefined;
  const modifiers: string[] = [];
  const commandOrControl = mac ? event.metaKey : event.ctrlKey;
  if (commandOrControl) modifiers.push('CommandOrControl');
  if (mac && event.ctrlKey) modifiers.push('Control');
  if (event.altKey) modifiers.push('Alt');
  if (event.shiftKey) modifiers.push('Shift');
  if (!mac && event.metaKey) modifiers.push('Super');
  return [...modifiers, key].join('+');
}
