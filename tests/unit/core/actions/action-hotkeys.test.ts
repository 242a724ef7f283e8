/**
 * A shortcut per action (issue 17) goes through the same manager as the built-in ones: the
 * conflict is named, a refused shortcut keeps the old binding, pause holds them, a rebinding
 * frees the old key, a removed action frees its key.
 */
import { describe, expect, it, vi } from 'vitest';
import { HotkeyService, hotkeyBindings, hotkeyLabel } from '../../../../electron/core/app/hotkey-service';
import type { ShortcutRegistrar } from '../../../../electron/core/capture/hotkeys';
import { defaultActions, settingsSchema, type Settings } from '../../../../shared/settings-schema';

/** Accepts everything but `refused`; keeps each callback so a test can press the key. */
function registrar(refused: string[] = []) {
  const callbacks = new Map<string, () => void>();
  const r: ShortcutRegistrar & { callbacks: Map<string, () => void>; press(a: string): void } = {
    callbacks,
    register: (a, callback) => {
      if (refused.includes(a)) return false;
      callbacks.set(a, callback);
      return true;
    },
    unregister: (a) => void callbacks.delete(a),
    // A portal-like desktop would still deliver an unregistered key: press() calls whatever was last bound.
    press: (a) => callbacks.get(a)?.(),
  };
  return r;
}

function settingsWith(hotkeys: Record<string, string>): Settings {
  const actions = defaultActions().map((a) => ({ ...a, hotkey: hotkeys[a.id] ?? '' }));
  return settingsSchema.parse({ actions });
}

function start(settings: () => Settings, reg = registrar()) {
  const ran: string[] = [];
  const service = new HotkeyService({
    registrar: reg,
    handlers: {
      captureRegion: () => ran.push('captureRegion'),
      captureScreen: () => ran.push('captureScreen'),
      toggleWindow: () => ran.push('toggleWindow'),
      userAction: (id) => ran.push(`action:${id}`),
    },
    platform: 'linux',
    bindings: () => hotkeyBindings(settings()),
    label: hotkeyLabel(() => settings().actions),
  });
  return { service, ran, reg };
}

describe('per-action shortcuts', () => {
  it('registers an action shortcut beside the built-in ones and runs that action', () => {
    const settings = settingsWith({ translate: 'Ctrl+Alt+T' });
    const { service, ran, reg } = start(() => settings);
    const status = service.apply();
    expect(status.problems).toEqual([]);
    expect(status.active['action:translate']).toBe('Control+Alt+T');
    reg.press('Control+Alt+T');
    reg.press(status.active.captureRegion!);
    expect(ran).toEqual(['action:translate', 'captureRegion']);
  });

  it('names the conflict with a built-in shortcut and with another action, by name', () => {
    // The settings schema refuses a clash; the manager still names one (e.g. a stale apply).
    const built = {
      ...settingsWith({}),
      hotkeys: { captureRegion: 'Ctrl+Shift+E', captureScreen: '', toggleWindow: '' },
    };
    const bindings = {
      ...hotkeyBindings(built),
      'action:explain': 'Ctrl+Shift+E',
      'action:translate': 'Ctrl+Alt+T',
      'action:debug': 'Ctrl+Alt+T',
    } as const;
    const reg = registrar();
    const service = new HotkeyService({
      registrar: reg,
      handlers: { captureRegion: () => {}, captureScreen: () => {}, toggleWindow: () => {} },
      platform: 'linux',
      bindings: () => bindings,
      label: hotkeyLabel(() => built.actions),
    });
    const problems = service.apply().problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatchObject({
      action: 'action:explain',
      kind: 'duplicate',
      takenBy: 'captureRegion',
      actionName: 'Explain',
    });
    expect(problems[0]?.message).toBe('Control+Shift+E is already the shortcut for “Explain a region”.');
    expect(problems[1]).toMatchObject({
      action: 'action:debug',
      kind: 'duplicate',
      takenBy: 'action:translate',
      takenByName: 'Translate',
    });
    expect(problems[1]?.message).toContain('“Translate”');
  });

  it('keeps the old binding when the desktop refuses the new one, and says so', () => {
    let settings = settingsWith({ explain: 'Ctrl+Alt+X' });
    const { service, reg } = start(() => settings, registrar(['Control+Alt+Y']));
    service.apply();
    settings = settingsWith({ explain: 'Ctrl+Alt+Y' });
    const status = service.apply();
    expect(status.problems[0]).toMatchObject({
      action: 'action:explain',
      kind: 'refused',
      kept: 'Control+Alt+X',
      actionName: 'Explain',
    });
    expect(status.problems[0]?.message).toContain('for “Explain”');
    expect(status.active['action:explain']).toBe('Control+Alt+X');
    expect(reg.callbacks.has('Control+Alt+X')).toBe(true);
  });

  it('pause holds every action shortcut; resume brings them back', () => {
    const settings = settingsWith({ debug: 'Ctrl+Alt+D' });
    const { service, ran, reg } = start(() => settings);
    service.apply();
    const callback = reg.callbacks.get('Control+Alt+D')!;
    service.pause();
    expect(reg.callbacks.has('Control+Alt+D')).toBe(false);
    // A portal binding Electron cannot remove still fires: the manager holds it.
    callback();
    expect(ran).toEqual([]);
    expect(service.resume().active['action:debug']).toBe('Control+Alt+D');
    reg.press('Control+Alt+D');
    expect(ran).toEqual(['action:debug']);
  });

  it('a rebinding frees the old key, and a removed action frees its key', () => {
    let settings = settingsWith({ extract: 'Ctrl+Alt+1' });
    const { service, ran, reg } = start(() => settings);
    service.apply();
    const old = reg.callbacks.get('Control+Alt+1')!;
    settings = settingsWith({ extract: 'Ctrl+Alt+2' });
    service.apply();
    expect(reg.callbacks.has('Control+Alt+1')).toBe(false);
    // The old key, were it still delivered (portal), no longer runs the action.
    old();
    expect(ran).toEqual([]);
    reg.press('Control+Alt+2');
    expect(ran).toEqual(['action:extract']);
    settings = { ...settings, actions: settings.actions.filter((a) => a.id !== 'extract') };
    const status = service.apply();
    expect(status.active['action:extract']).toBeUndefined();
    expect(reg.callbacks.has('Control+Alt+2')).toBe(false);
  });

  it('a refused shortcut is reported once, not at every apply', () => {
    const settings = settingsWith({ translate: 'Ctrl+Alt+T' });
    const onNewProblem = vi.fn();
    const service = new HotkeyService({
      registrar: registrar(['Control+Alt+T']),
      handlers: { captureRegion: () => {}, captureScreen: () => {}, toggleWindow: () => {} },
      platform: 'linux',
      bindings: () => hotkeyBindings(settings),
      label: hotkeyLabel(() => settings.actions),
      onNewProblem,
    });
    service.apply();
    service.apply();
    expect(onNewProblem).toHaveBeenCalledTimes(1);
  });
});

describe('the tray lists the actions', () => {
  it('after the capture items, in order, in the menu’s language, with their shortcuts unless paused', async () => {
    const { trayMenuModel } = await import('../../../../electron/core/app/actions');
    const state = {
      language: 'fr',
      active: {},
      hotkeysPaused: false,
      updatesAvailable: true,
      actions: [...defaultActions(), { id: 'csv', name: 'Table to CSV' }],
      actionHotkeys: { csv: 'Control+Alt+C' },
    };
    const items = trayMenuModel(state);
    const at = items.findIndex((i) => i.type === 'user-action');
    expect(items[at - 1]).toEqual({ type: 'separator' });
    expect(items[at - 2]).toMatchObject({ type: 'action', id: 'captureScreen' });
    expect(items.filter((i) => i.type === 'user-action')).toEqual([
      { type: 'user-action', actionId: 'explain', label: 'Expliquer', enabled: true },
      { type: 'user-action', actionId: 'translate', label: 'Traduire', enabled: true },
      { type: 'user-action', actionId: 'extract', label: 'Extraire le texte', enabled: true },
      { type: 'user-action', actionId: 'debug', label: 'Déboguer cette erreur', enabled: true },
      {
        type: 'user-action',
        actionId: 'csv',
        label: 'Table to CSV',
        accelerator: 'Control+Alt+C',
        enabled: true,
      },
    ]);
    const paused = trayMenuModel({ ...state, hotkeysPaused: true });
    expect(paused.find((i) => i.type === 'user-action' && i.actionId === 'csv')).not.toHaveProperty(
      'accelerator',
    );
    expect(trayMenuModel({ ...state, actions: [] }).some((i) => i.type === 'user-action')).toBe(false);
  });
});
