import { describe, expect, it, vi } from 'vitest';
import {
  APP_ACTION_IDS,
  AppActions,
  HOTKEY_ACTION_IDS,
  RENDERER_ACTION_IDS,
  historyRoute,
  trayMenuModel,
  type AppActionPorts,
  type TrayMenuState,
} from '../../../../../electron/core/app/actions';
import { UserFacingError } from '../../../../../electron/core/ipc/dispatch';
import { rendererActions } from '../../../../../shared/app-channels';
import { HOTKEY_ACTIONS } from '../../../../../electron/core/capture/hotkeys';

const state = (over: Partial<TrayMenuState> = {}): TrayMenuState => ({
  language: 'en',
  active: { captureRegion: 'CommandOrControl+Shift+E', captureScreen: 'CommandOrControl+Shift+F' },
  hotkeysPaused: false,
  updatesAvailable: true,
  ...over,
});

function ports(over: Partial<AppActionPorts> = {}) {
  const emitted: [string, unknown][] = [];
  let paused = false;
  const pause = vi.fn(() => void (paused = true));
  const resume = vi.fn(() => void (paused = false));
  const p = {
    captureRegion: vi.fn(() => Promise.resolve()),
    captureScreen: vi.fn(() => Promise.resolve()),
    showAnswer: vi.fn(),
    toggleAnswer: vi.fn(),
    openWindow: vi.fn(() => true),
    hotkeys: {
      paused: () => paused,
      pause,
      resume,
    },
    copyDiagnostics: vi.fn(() => Promise.resolve('report')),
    checkForUpdates: vi.fn(() => Promise.resolve()),
    quit: vi.fn(),
    events: { emit: (channel: string, payload: unknown) => void emitted.push([channel, payload]) },
    log: vi.fn(),
    ...over,
  } satisfies AppActionPorts;
  return { p, emitted, pause, resume };
}

describe('the tray menu model', () => {
  it('holds every app action exactly once, in groups split by separators', () => {
    const items = trayMenuModel(state());
    const ids = items.flatMap((i) => (i.type === 'action' ? [i.id] : []));
    expect([...ids].sort()).toEqual([...APP_ACTION_IDS].sort());
    expect(items[0]).toMatchObject({ type: 'action', id: 'captureRegion' });
    expect(items.at(-1)).toMatchObject({ type: 'action', id: 'quit', label: 'Quit Glimpse' });
    // never two separators in a row, none at either end
    items.forEach((item, i) => {
      if (item.type === 'separator') expect(items[i + 1]?.type).toBe('action');
    });
    expect(items.filter((i) => i.type === 'separator')).toHaveLength(4);
  });

  it('shows the registered shortcut beside its action, and none while shortcuts are paused', () => {
    const items = trayMenuModel(state());
    expect(items.find((i) => i.type === 'action' && i.id === 'captureRegion')).toMatchObject({
      accelerator: 'CommandOrControl+Shift+E',
    });
    // toggleWindow has no registered shortcut (e.g. refused): no accelerator shown
    expect(items.find((i) => i.type === 'action' && i.id === 'toggleWindow')).not.toHaveProperty(
      'accelerator',
    );
    const paused = trayMenuModel(state({ hotkeysPaused: true }));
    expect(paused.some((i) => i.type === 'action' && i.accelerator)).toBe(false);
    expect(paused.find((i) => i.type === 'action' && i.id === 'toggleHotkeys')).toMatchObject({
      label: 'Resume shortcuts',
    });
    expect(items.find((i) => i.type === 'action' && i.id === 'toggleHotkeys')).toMatchObject({
      label: 'Pause shortcuts',
    });
  });

  it('speaks French when the settings do, and disables the update check in development builds', () => {
    const items = trayMenuModel(state({ language: 'fr', updatesAvailable: false }));
    expect(items.find((i) => i.type === 'action' && i.id === 'quit')).toMatchObject({
      label: 'Quitter Glimpse',
    });
    expect(items.find((i) => i.type === 'action' && i.id === 'checkForUpdates')).toMatchObject({
      enabled: false,
    });
    expect(items.filter((i) => i.type === 'action' && !i.enabled)).toHaveLength(1);
  });

  it('shares one list with the shortcuts and the renderer', () => {
    expect([...HOTKEY_ACTION_IDS]).toEqual([...HOTKEY_ACTIONS]);
    expect([...rendererActions]).toEqual([...RENDERER_ACTION_IDS]);
    for (const id of RENDERER_ACTION_IDS) expect(APP_ACTION_IDS).toContain(id);
  });
});

describe('AppActions', () => {
  it('a failed capture becomes capture:failed with its kind, and shows the panel', async () => {
    const { p, emitted } = ports({
      captureRegion: () =>
        Promise.reject(new UserFacingError('May not record the screen.', 'screen-permission')),
    });
    await new AppActions(p).run('captureRegion');
    expect(emitted).toEqual([
      ['capture:failed', { message: 'May not record the screen.', kind: 'screen-permission' }],
    ]);
    expect(p.showAnswer).toHaveBeenCalledTimes(1);
  });

  it('an unexpected capture error gets a plain sentence, not its internals', async () => {
    const { p, emitted } = ports({ captureScreen: () => Promise.reject(new Error('EPERM /secret/path')) });
    await new AppActions(p).run('captureScreen');
    expect(emitted[0]?.[1]).toEqual({
      message: 'Could not capture the screen. Please try again.',
      kind: 'error',
      code: 'capture.unexpected',
    });
  });

  it('the whole-screen capture shows the panel; the region capture leaves it to the overlay', async () => {
    const { p, emitted } = ports();
    const actions = new AppActions(p);
    await actions.run('captureRegion');
    expect(p.captureRegion).toHaveBeenCalledTimes(1);
    expect(p.showAnswer).not.toHaveBeenCalled();
    await actions.run('captureScreen');
    expect(p.showAnswer).toHaveBeenCalledTimes(1);
    expect(emitted).toEqual([]);
  });

  it('opens history on a conversation, settings, and refuses a route that is not a conversation id', async () => {
    const { p } = ports();
    const actions = new AppActions(p);
    expect(await actions.run('openHistory', { conversationId: 'c_12-ab' })).toEqual({ opened: true });
    expect(p.openWindow).toHaveBeenLastCalledWith('history?conversation=c_12-ab');
    await actions.run('openHistory');
    expect(p.openWindow).toHaveBeenLastCalledWith('history');
    await actions.run('openSettings');
    expect(p.openWindow).toHaveBeenLastCalledWith('settings');
    expect(() => historyRoute('../settings')).toThrow();
    expect(() => historyRoute('a&b=c')).toThrow();
  });

  it('pause and resume alternate; the shortcut handlers run the same actions', async () => {
    const { p, pause, resume } = ports();
    const actions = new AppActions(p);
    await actions.run('toggleHotkeys');
    expect(pause).toHaveBeenCalledTimes(1);
    await actions.run('toggleHotkeys');
    expect(resume).toHaveBeenCalledTimes(1);
    const handlers = actions.hotkeyHandlers();
    // The built-in ones, and your own actions' (issue 17) through userAction.
    expect(Object.keys(handlers).sort()).toEqual([...HOTKEY_ACTIONS, 'userAction'].sort());
    handlers.captureScreen();
    handlers.toggleWindow();
    await vi.waitFor(() => expect(p.captureScreen).toHaveBeenCalledTimes(1), { timeout: 15_000 });
    expect(p.toggleAnswer).toHaveBeenCalledTimes(1);
  });

  it('diagnostics, updates and quit go to their ports; a failing check is logged, not thrown', async () => {
    const { p } = ports({ checkForUpdates: () => Promise.reject(new Error('offline')) });
    const actions = new AppActions(p);
    await actions.run('copyDiagnostics');
    expect(p.copyDiagnostics).toHaveBeenCalledTimes(1);
    await expect(actions.run('checkForUpdates')).resolves.toEqual({});
    expect(p.log).toHaveBeenCalledWith(expect.stringContaining('offline'));
    await actions.run('quit');
    expect(p.quit).toHaveBeenCalledTimes(1);
  });
});
