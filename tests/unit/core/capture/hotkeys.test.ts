import { describe, expect, it } from 'vitest';
import {
  acceleratorFromKey,
  DEFAULT_HOTKEYS,
  HotkeyManager,
  parseAccelerator,
  platformAccelerator,
  type ShortcutRegistrar,
} from '../../../../electron/core/capture';

/** globalShortcut as the OS behaves: some accelerators belong to someone else. */
class FakeRegistrar implements ShortcutRegistrar {
  readonly registered = new Map<string, () => void>();
  constructor(private readonly taken: Set<string> = new Set()) {}
  register(accelerator: string, callback: () => void): boolean {
    if (this.taken.has(accelerator) || this.registered.has(accelerator)) return false;
    this.registered.set(accelerator, callback);
    return true;
  }
  unregister(accelerator: string): void {
    this.registered.delete(accelerator);
  }
}

function manager(taken: string[] = [], platform = 'linux') {
  const calls: string[] = [];
  const registrar = new FakeRegistrar(new Set(taken));
  const hotkeys = new HotkeyManager(
    registrar,
    {
      captureRegion: () => calls.push('region'),
      captureScreen: () => calls.push('screen'),
      toggleWindow: () => calls.push('toggle'),
    },
    platform,
  );
  return { calls, registrar, hotkeys };
}

describe('parseAccelerator', () => {
  it('accepts Electron spellings and writes them one way', () => {
    expect(parseAccelerator('shift+cmdorctrl+e')).toMatchObject({
      ok: true,
      value: { text: 'CommandOrControl+Shift+E' },
    });
    expect(parseAccelerator('Ctrl+Alt+PageUp')).toMatchObject({
      ok: true,
      value: { text: 'Control+Alt+PageUp' },
    });
    expect(parseAccelerator('Option+Super+plus')).toMatchObject({
      ok: true,
      value: { text: 'Alt+Super+Plus' },
    });
    expect(parseAccelerator('F13')).toMatchObject({ ok: true, value: { text: 'F13' } });
    expect(parseAccelerator('Shift+PrintScreen')).toMatchObject({ ok: true });
    expect(parseAccelerator('Ctrl+Enter')).toMatchObject({ ok: true, value: { key: 'Return' } });
  });

  it.each([
    ['', 'empty'],
    ['Ctrl+', 'empty part'],
    ['Ctrl+Shift', 'needs a key'],
    ['Hyper+E', 'not a modifier'],
    ['Ctrl+Ctrl+E', 'twice'],
    ['Ctrl+Banana', 'not a key'],
    ['E', 'needs Ctrl'],
    ['Shift+E', 'needs Ctrl'],
  ])('refuses %j (%s)', (input, reason) => {
    const result = parseAccelerator(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(reason);
  });

  it('knows that CommandOrControl is Control on Linux and Command on macOS', () => {
    expect(platformAccelerator('CmdOrCtrl+Shift+E', 'linux')).toBe(
      platformAccelerator('Ctrl+Shift+E', 'linux'),
    );
    expect(platformAccelerator('CmdOrCtrl+Shift+E', 'darwin')).toBe('Command+Shift+E');
    expect(platformAccelerator('CmdOrCtrl+Shift+E', 'darwin')).not.toBe(
      platformAccelerator('Ctrl+Shift+E', 'darwin'),
    );
  });
});

describe('the key recorder', () => {
  const key = (over: Partial<Parameters<typeof acceleratorFromKey>[0]>) => ({
    key: 'e',
    code: 'KeyE',
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...over,
  });

  it('records the physical key, portable modifiers', () => {
    expect(acceleratorFromKey(key({ ctrlKey: true, shiftKey: true, key: 'E' }), 'linux')).toBe(
      'CommandOrControl+Shift+E',
    );
    expect(acceleratorFromKey(key({ metaKey: true, shiftKey: true }), 'darwin')).toBe(
      'CommandOrControl+Shift+E',
    );
    // Shift+2 types "@" on a US layout: the recorder keeps the key, 2.
    expect(
      acceleratorFromKey(key({ key: '@', code: 'Digit2', ctrlKey: true, shiftKey: true }), 'win32'),
    ).toBe('CommandOrControl+Shift+2');
    expect(acceleratorFromKey(key({ key: 'F9', code: 'F9' }), 'linux')).toBe('F9');
    expect(acceleratorFromKey(key({ key: 'ArrowUp', code: 'ArrowUp', altKey: true }), 'linux')).toBe(
      'Alt+Up',
    );
  });

  it('waits while only modifiers are held', () => {
    expect(
      acceleratorFromKey(key({ key: 'Control', code: 'ControlLeft', ctrlKey: true }), 'linux'),
    ).toBeUndefined();
  });
});

describe('HotkeyManager', () => {
  it('registers the three defaults and runs each action', () => {
    const { calls, registrar, hotkeys } = manager();
    const state = hotkeys.apply(DEFAULT_HOTKEYS);
    expect(state.problems).toEqual([]);
    expect([...registrar.registered.keys()].sort()).toEqual([
      'CommandOrControl+Shift+E',
      'CommandOrControl+Shift+F',
      'CommandOrControl+Shift+G',
    ]);
    registrar.registered.get('CommandOrControl+Shift+F')!();
    registrar.registered.get('CommandOrControl+Shift+E')!();
    expect(calls).toEqual(['screen', 'region']);
  });

  it('reports a shortcut the OS refuses, naming it, and keeps the previous binding', () => {
    const { registrar, hotkeys } = manager(['Control+Alt+X']);
    hotkeys.apply(DEFAULT_HOTKEYS);
    const problem = hotkeys.bind('captureRegion', 'Ctrl+Alt+X');
    expect(problem).toMatchObject({ action: 'captureRegion', kind: 'refused', accelerator: 'Control+Alt+X' });
    expect(problem?.message).toContain('Control+Alt+X');
    expect(problem?.message).toContain('CommandOrControl+Shift+E is kept');
    // The fields the settings page words in its own language.
    expect(problem).toMatchObject({ kept: 'CommandOrControl+Shift+E' });
    expect(problem?.owner).toBeUndefined();
    expect(hotkeys.active().captureRegion).toBe('CommandOrControl+Shift+E');
    expect(registrar.registered.has('CommandOrControl+Shift+E')).toBe(true);
  });

  it('names the desktop when a well-known system shortcut is refused', () => {
    const { hotkeys } = manager(['Command+Shift+4'], 'darwin');
    const problem = hotkeys.bind('captureRegion', 'Cmd+Shift+4');
    expect(problem?.message).toContain('macOS (screenshot of a selection)');
    expect(problem).toMatchObject({ owner: 'mac-screenshot-selection' });
    // Nothing was bound before: nothing is said to be kept.
    expect(problem?.kept).toBeUndefined();
    expect(problem?.message).not.toContain('is kept');
  });

  it('refuses a shortcut another action already has, naming that action', () => {
    const { registrar, hotkeys } = manager();
    hotkeys.apply(DEFAULT_HOTKEYS);
    const problem = hotkeys.bind('toggleWindow', 'Ctrl+Shift+E');
    expect(problem).toMatchObject({ kind: 'duplicate', takenBy: 'captureRegion' });
    expect(problem?.message).toContain('Explain a region');
    expect(registrar.registered.has('CommandOrControl+Shift+G')).toBe(true);
  });

  it('an invalid shortcut keeps the old one and says why', () => {
    const { hotkeys } = manager();
    hotkeys.apply(DEFAULT_HOTKEYS);
    const state = hotkeys.apply({ ...DEFAULT_HOTKEYS, captureScreen: 'Shift+Q' });
    expect(state.problems).toHaveLength(1);
    expect(state.problems[0]).toMatchObject({ action: 'captureScreen', kind: 'invalid' });
    expect(state.problems[0]!.reason).toMatch(/\S/);
    expect(state.problems[0]!.message).toContain(state.problems[0]!.reason);
    expect(state.active.captureScreen).toBe('CommandOrControl+Shift+F');
  });

  it('rebinding frees the old accelerator; unregisterAll frees everything', () => {
    const { registrar, hotkeys } = manager();
    hotkeys.apply(DEFAULT_HOTKEYS);
    expect(hotkeys.bind('captureScreen', 'Alt+F1')).toBeUndefined();
    expect(registrar.registered.has('CommandOrControl+Shift+F')).toBe(false);
    expect(registrar.registered.has('Alt+F1')).toBe(true);
    // An empty binding means "no shortcut" (the settings allow it).
    expect(hotkeys.bind('toggleWindow', '')).toBeUndefined();
    expect(registrar.registered.has('CommandOrControl+Shift+G')).toBe(false);
    expect(hotkeys.active().toggleWindow).toBeUndefined();
    hotkeys.unregisterAll();
    expect(registrar.registered.size).toBe(0);
    expect(hotkeys.active()).toEqual({});
  });
});
