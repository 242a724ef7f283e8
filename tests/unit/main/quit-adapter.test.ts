/**
 * electron/main/quit.ts against a stand-in `electron` whose globalShortcut throws before 'ready'
 * as Electron's does (electron_api_global_shortcut.cc). A quit before 'ready' — the XWayland
 * relaunch handing over, a second instance — must not throw in 'will-quit'; after 'ready' the
 * shortcuts are released.
 */
import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

let ready = false;
const unregistered: string[] = [];
const app = Object.assign(new EventEmitter(), {
  isReady: () => ready,
  whenReady: () => new Promise<void>(() => {}),
  quit: () => {},
});

vi.mock('electron', () => ({
  app,
  globalShortcut: {
    unregisterAll: () => {
      if (!ready) throw new Error('globalShortcut cannot be used before the app is ready');
      unregistered.push('all');
    },
  },
  powerMonitor: new EventEmitter(),
}));

const { installQuitHandling } = await import('../../../electron/main/quit');
installQuitHandling();

beforeEach(() => {
  unregistered.length = 0;
});

describe("quit.ts 'will-quit'", () => {
  it('does not touch globalShortcut when quitting before ready', () => {
    ready = false;
    expect(() => app.emit('will-quit', { preventDefault: () => {} })).not.toThrow();
    expect(unregistered).toEqual([]);
  });

  it('releases every global shortcut when quitting after ready', () => {
    ready = true;
    app.emit('will-quit', { preventDefault: () => {} });
    expect(unregistered).toEqual(['all']);
  });
});
