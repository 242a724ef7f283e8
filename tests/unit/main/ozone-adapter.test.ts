/**
 * electron/main/ozone.ts and overlay.ts against stand-ins for `electron` and child_process. With
 * GLIMPSE_XWAYLAND=1 the relaunch spawns the planned command detached, lets go of the
 * single-instance lock and waits: the XWayland process still running after the grace time → this
 * one exits; that one failing at once → this one takes the lock back and starts natively. Without
 * the opt-in, or with a test driver attached, this one starts at once. Overlays are full screen
 * only on native Wayland.
 */
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DisplayInfo } from '../../../electron/core/capture';
import { RELAUNCH_GRACE_MS } from '../../../electron/core/app/ozone';

const calls: string[] = [];
const spawned: { command: string; args: string[]; options: Record<string, unknown> }[] = [];
let spawnPid: number | undefined = 4242;
let child: EventEmitter | undefined;
let lockAvailable = true;
let ozoneSwitch = 'wayland';
/** Chromium switches on the stand-in command line (Playwright's survive there, not in argv). */
let chromiumSwitches: string[] = [];

vi.mock('node:child_process', () => ({
  spawn: (command: string, args: string[], options: Record<string, unknown>) => {
    spawned.push({ command, args, options });
    child = Object.assign(new EventEmitter(), { pid: spawnPid });
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
    commandLine: {
      getSwitchValue: (name: string) => (name === 'ozone-platform' ? ozoneSwitch : ''),
      hasSwitch: (name: string) => chromiumSwitches.includes(name),
    },
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

const { startOrRelaunch, displayBackend, ignoreClosedConsole } = await import('../../../electron/main/ozone');
const { electronOverlayHost } = await import('../../../electron/main/overlay');

const saved = { argv: process.argv, env: { ...process.env } };
const startHere = (): void => void calls.push('start here');

beforeEach(() => {
  calls.length = 0;
  spawned.length = 0;
  windows.length = 0;
  spawnPid = 4242;
  child = undefined;
  lockAvailable = true;
  ozoneSwitch = 'wayland';
  chromiumSwitches = [];
  process.argv = ['/opt/Glimpse/glimpse', '--capture'];
  for (const name of ['APPIMAGE', 'APPDIR', 'ELECTRON_RENDERER_URL', 'GLIMPSE_XWAYLAND_RELAUNCHED'])
    delete process.env[name];
  process.env.XDG_SESSION_TYPE = 'wayland';
  process.env.DISPLAY = ':0';
  process.env.GLIMPSE_XWAYLAND = '1';
  vi.spyOn(console, 'log').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  process.argv = saved.argv;
  process.env = { ...saved.env };
});

describe.runIf(process.platform === 'linux')('startOrRelaunch', () => {
  it('starts here, natively, without GLIMPSE_XWAYLAND: the default', () => {
    delete process.env.GLIMPSE_XWAYLAND;
    startOrRelaunch(startHere);
    expect(spawned).toEqual([]);
    expect(calls).toEqual(['start here']);
    expect(displayBackend()).toEqual({
      backend: 'wayland',
      line: 'display backend: native Wayland (not relaunched: native Wayland is the default; GLIMPSE_XWAYLAND=1 asks for XWayland)',
    });
  });

  it('spawns itself with --ozone-platform=x11, detached, after letting go of the lock; exits once it runs', () => {
    vi.useFakeTimers();
    startOrRelaunch(startHere);
    expect(spawned).toHaveLength(1);
    expect(spawned[0]!.command).toBe(process.execPath);
    expect(spawned[0]!.args).toEqual(['--ozone-platform=x11', '--capture']);
    expect(spawned[0]!.options).toMatchObject({ detached: true, stdio: 'inherit' });
    const env = spawned[0]!.options['env'] as Record<string, string>;
    expect([env['GLIMPSE_XWAYLAND_RELAUNCHED'], env['GLIMPSE_XWAYLAND']]).toEqual(['1', '1']);
    expect(calls).toEqual(['release']);
    vi.advanceTimersByTime(RELAUNCH_GRACE_MS);
    expect(calls).toEqual(['release', 'exit 0']);
    // A later end of the XWayland Glimpse changes nothing here.
    child!.emit('exit', 1, null);
    expect(calls).toEqual(['release', 'exit 0']);
  });

  it('carries on natively, holding the lock again, when the XWayland Glimpse fails at once', () => {
    vi.useFakeTimers();
    startOrRelaunch(startHere);
    child!.emit('exit', 1, null);
    expect(calls).toEqual(['release', 'request', 'start here']);
    expect(displayBackend().line).toBe(
      'display backend: native Wayland (not relaunched: the XWayland Glimpse exited at once (code 1); carrying on natively)',
    );
    vi.advanceTimersByTime(RELAUNCH_GRACE_MS);
    expect(calls).not.toContain('exit 0');
  });

  it('exits with it when the XWayland Glimpse ends normally at once (it handed over to a running one)', () => {
    startOrRelaunch(startHere);
    child!.emit('exit', 0, null);
    expect(calls).toEqual(['release', 'exit 0']);
  });

  it('carries on natively when the spawn fails', () => {
    spawnPid = undefined;
    startOrRelaunch(startHere);
    expect(calls).toEqual(['release', 'request', 'start here']);
    expect(displayBackend().line).toContain('not relaunched: the XWayland relaunch could not be started');
    // The reason arrives later as an event; it must not throw.
    expect(() => child!.emit('error', new Error('spawn ENOENT'))).not.toThrow();
  });

  it('quits when another Glimpse took the lock meanwhile', () => {
    spawnPid = undefined;
    lockAvailable = false;
    startOrRelaunch(startHere);
    expect(calls).toEqual(['release', 'request', 'quit']);
  });

  it('stays when Playwright drives it, though its loader took the switches out of argv', () => {
    process.argv = ['/dev/electron', '/repo/out/main/index.js'];
    chromiumSwitches = ['remote-debugging-port', 'inspect'];
    startOrRelaunch(startHere);
    expect(spawned).toEqual([]);
    expect(calls).toEqual(['start here']);
  });

  it('knows it is the relaunched process, and does not pass the loop guard on', () => {
    process.argv = ['/opt/Glimpse/glimpse', '--ozone-platform=x11', '--capture'];
    process.env.GLIMPSE_XWAYLAND_RELAUNCHED = '1';
    ozoneSwitch = 'x11';
    startOrRelaunch(startHere);
    expect(calls).toEqual(['start here']);
    expect(process.env.GLIMPSE_XWAYLAND_RELAUNCHED).toBeUndefined();
    expect(displayBackend().line).toBe(
      'display backend: X11 (not relaunched: this is the XWayland relaunch)',
    );
  });
});

describe('ignoreClosedConsole', () => {
  it('keeps a write error on a closed terminal from becoming an uncaught exception', () => {
    const before = process.stdout.listenerCount('error');
    ignoreClosedConsole();
    expect(() => process.stdout.emit('error', new Error('write EIO'))).not.toThrow();
    expect(() => process.stderr.emit('error', new Error('write EPIPE'))).not.toThrow();
    expect(process.stdout.listenerCount('error')).toBe(before + 1);
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
