/**
 * electron/main/ozone.ts and overlay.ts against stand-ins for `electron` and child_process: the
 * XWayland relaunch spawns the planned command detached, lets go of the single-instance lock and
 * exits; a failed spawn takes the lock back and carries on; overlays are full screen only on
 * native Wayland.
 */
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DisplayInfo } from '../../../electron/core/capture';

const calls: string[] = [];
const spawned: { command: string; args: string[]; options: Record<string, unknown> }[] = [];
let spawnPid: number | undefined = 4242;
let lockAvailable = true;
let ozoneSwitch = '';

vi.mock('node:child_process', () => ({
  spawn: (command: string, args: string[], options: Record<string, unknown>) => {
    spawned.push({ command, args, options });
    const child = Object.assign(new EventEmitter(), {
      pid: spawnPid,
      unref: () => void calls.push('unref'),
    });
    return child;
  },
}));

interface FakeWindow {
  options: Record<string, unknown>;
  calls: string[];
  /** Emits 'ready-to-show'. */
  ready: () => void;
}
const windows: FakeWindow[] = [];

vi.mock('electron', () => ({
  app: {
    releaseSingleInstanceLock: () => void calls.push('release'),
    requestSingleInstanceLock: () => (calls.push('request'), lockAvailable),
    exit: (code: number) => void calls.push(`exit ${code}`),
    quit: () => void calls.push('quit'),
    commandLine: { getSwitchValue: (name: string) => (name === 'ozone-platform' ? ozoneSwitch : '') },
  },
  screen: {
    getCursorScreenPoint: () => ({ x: 2000, y: 10 }),
    getDisplayNearestPoint: () => ({ id: 2 }),
  },
}));

vi.mock('../../../electron/main/windows', () => ({
  createAppWindow: (_kind: string, options: Record<string, unknown>) => {
    const events = new EventEmitter();
    const record: FakeWindow = { options, calls: [], ready: () => void events.emit('ready-to-show') };
    windows.push(record);
    return {
      once: (event: string, listener: () => void) => events.once(event, listener),
      setBounds: () => void record.calls.push('setBounds'),
      setFullScreen: (on: boolean) => void record.calls.push(`setFullScreen ${on}`),
      setAlwaysOnTop: () => {},
      setVisibleOnAllWorkspaces: () => {},
      show: () => void record.calls.push('show'),
      focus: () => void record.calls.push('focus'),
      getContentSize: () => [1920, 1080],
      isDestroyed: () => false,
      destroy: () => void record.calls.push('destroy'),
    };
  },
}));

const { relaunchUnderXWayland, displayBackend } = await import('../../../electron/main/ozone');
const { electronOverlayHost } = await import('../../../electron/main/overlay');

const saved = { argv: process.argv, env: { ...process.env } };

beforeEach(() => {
  calls.length = 0;
  spawned.length = 0;
  windows.length = 0;
  spawnPid = 4242;
  lockAvailable = true;
  process.argv = ['/opt/Glimpse/glimpse', '--capture'];
  for (const name of [
    'APPIMAGE',
    'ELECTRON_RENDERER_URL',
    'GLIMPSE_NATIVE_WAYLAND',
    'GLIMPSE_XWAYLAND_RELAUNCHED',
  ])
    delete process.env[name];
  process.env.XDG_SESSION_TYPE = 'wayland';
  process.env.DISPLAY = ':0';
});

afterEach(() => {
  process.argv = saved.argv;
  process.env = { ...saved.env };
});

describe.runIf(process.platform === 'linux')('relaunchUnderXWayland', () => {
  it('spawns itself with --ozone-platform=x11, detached, after letting go of the lock, then exits', () => {
    const said = vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(relaunchUnderXWayland()).toBe(true);
    expect(String(said.mock.calls[0]?.[0])).toContain('GLIMPSE_NATIVE_WAYLAND=1');
    said.mockRestore();
    expect(spawned).toHaveLength(1);
    expect(spawned[0]!.command).toBe(process.execPath);
    expect(spawned[0]!.args).toEqual(['--ozone-platform=x11', '--capture']);
    expect(spawned[0]!.options).toMatchObject({ detached: true, stdio: 'inherit' });
    expect((spawned[0]!.options['env'] as Record<string, string>)['GLIMPSE_XWAYLAND_RELAUNCHED']).toBe('1');
    expect(calls).toEqual(['release', 'unref', 'exit 0']);
  });

  it('carries on natively, holding the lock again, when the spawn fails', () => {
    spawnPid = undefined;
    const said = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(relaunchUnderXWayland()).toBe(false);
    said.mockRestore();
    expect(calls).toEqual(['release', 'request']);
    expect(displayBackend().line).toContain('not relaunched: the XWayland relaunch could not be started');
  });

  it('quits when another Glimpse took the lock meanwhile', () => {
    spawnPid = undefined;
    lockAvailable = false;
    expect(relaunchUnderXWayland()).toBe(true);
    expect(calls).toEqual(['release', 'request', 'quit']);
  });

  it('knows it is the relaunched process, and does not pass the loop guard on', () => {
    process.argv = ['/opt/Glimpse/glimpse', '--ozone-platform=x11', '--capture'];
    process.env.GLIMPSE_XWAYLAND_RELAUNCHED = '1';
    ozoneSwitch = 'x11';
    expect(relaunchUnderXWayland()).toBe(false);
    expect(process.env.GLIMPSE_XWAYLAND_RELAUNCHED).toBeUndefined();
    expect(displayBackend().line).toBe(
      'display backend: X11 (not relaunched: this is the XWayland relaunch)',
    );
    ozoneSwitch = '';
  });

  it('does nothing with the opt-out, and says so in the backend line', () => {
    process.env.GLIMPSE_NATIVE_WAYLAND = '1';
    ozoneSwitch = 'wayland';
    expect(relaunchUnderXWayland()).toBe(false);
    expect(spawned).toEqual([]);
    expect(calls).toEqual([]);
    expect(displayBackend()).toEqual({
      backend: 'wayland',
      line: 'display backend: native Wayland (not relaunched: GLIMPSE_NATIVE_WAYLAND=1 asks for native Wayland)',
    });
    ozoneSwitch = '';
  });
});

const display = (id: number, x: number): DisplayInfo => ({
  id,
  bounds: { x, y: 0, width: 1920, height: 1080 },
  scaleFactor: 1,
  rotation: 0,
});

describe('electronOverlayHost', () => {
  it('places one window per display at its bounds when positions are honoured', () => {
    electronOverlayHost(() => {}, { nativeWayland: false }).open([display(1, 0), display(2, 1920)]);
    expect(windows.map((w) => [w.options['x'], w.options['fullscreen']])).toEqual([
      [0, undefined],
      [1920, undefined],
    ]);
    expect(windows.every((w) => w.calls.includes('setBounds'))).toBe(true);
  });

  it('opens a single full-screen window on native Wayland, focused, never moved', () => {
    const lines: string[] = [];
    const host = electronOverlayHost(() => {}, { nativeWayland: true, log: (l) => lines.push(l) });
    host.open([display(1, 0), display(2, 1920)]);
    expect(windows).toHaveLength(1);
    const [window] = windows;
    expect(window!.options).toMatchObject({
      route: 'overlay?display=2',
      fullscreen: true,
      fullscreenable: true,
    });
    expect(window!.options['x']).toBeUndefined();
    window!.ready();
    expect(window!.calls).toEqual(['setFullScreen true', 'show', 'focus']);
    expect(lines).toEqual([
      'overlay: native Wayland, no window for display 1',
      'overlay: native Wayland, full screen 1920x1080 for display 2 (1920x1080)',
    ]);
    host.close();
    expect(window!.calls.at(-1)).toBe('destroy');
  });
});
