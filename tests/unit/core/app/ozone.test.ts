import { describe, expect, it } from 'vitest';
import {
  commandLineOzonePlatform,
  debuggerAttached,
  ozoneBackend,
  relaunchFailed,
  xwaylandRelaunchPlan,
  xwaylandRequested,
  X11_SWITCH,
  type OzoneLaunch,
} from '../../../../electron/core/app/ozone';

const noDebugger: OzoneLaunch['debug'] = { chromiumSwitch: false, inspectorOpen: false, execArgv: [] };

/**
 * A packaged Glimpse started from the GNOME launcher in a Wayland session with XWayland, running
 * as a native Wayland client (Electron wrote the backend it picked), the opt-in set.
 */
function launch(over: Partial<OzoneLaunch> = {}, env: OzoneLaunch['env'] = {}): OzoneLaunch {
  return {
    platform: 'linux',
    argv: ['/opt/Glimpse/glimpse', '--capture'],
    execPath: '/opt/Glimpse/glimpse',
    ozoneSwitch: 'wayland',
    debug: noDebugger,
    ...over,
    env: { XDG_SESSION_TYPE: 'wayland', DISPLAY: ':0', GLIMPSE_XWAYLAND: '1', ...env },
  };
}

describe('xwaylandRelaunchPlan', () => {
  it('stays native by default: XWayland is opt-in', () => {
    expect(xwaylandRelaunchPlan(launch({}, { GLIMPSE_XWAYLAND: undefined }))).toEqual({
      kind: 'stay',
      reason: 'native Wayland is the default; GLIMPSE_XWAYLAND=1 asks for XWayland',
    });
    expect(xwaylandRelaunchPlan(launch({}, { GLIMPSE_XWAYLAND: '0' })).kind).toBe('stay');
    expect(xwaylandRelaunchPlan(launch({}, { GLIMPSE_XWAYLAND: 'true' })).kind).toBe('relaunch');
  });

  it('with GLIMPSE_XWAYLAND=1, relaunches under XWayland, the switch first and the arguments kept', () => {
    expect(xwaylandRelaunchPlan(launch())).toEqual({
      kind: 'relaunch',
      command: '/opt/Glimpse/glimpse',
      args: [X11_SWITCH, '--capture'],
      env: { GLIMPSE_XWAYLAND_RELAUNCHED: '1' },
    });
  });

  it('starts the AppImage file when this process runs inside that AppImage’s mount', () => {
    const plan = xwaylandRelaunchPlan(
      launch(
        { argv: ['/tmp/.mount_GlimpXY/glimpse'], execPath: '/tmp/.mount_GlimpXY/glimpse' },
        { APPIMAGE: '/home/me/Glimpse-1.0.0-x86_64.AppImage', APPDIR: '/tmp/.mount_GlimpXY' },
      ),
    );
    expect(plan).toMatchObject({
      kind: 'relaunch',
      command: '/home/me/Glimpse-1.0.0-x86_64.AppImage',
      args: [X11_SWITCH],
    });
  });

  it('ignores an $APPIMAGE inherited from another AppImage (a terminal inside an AppImage editor)', () => {
    const leaked = { APPIMAGE: '/home/me/Code.AppImage', APPDIR: '/tmp/.mount_CodeAB' };
    expect(xwaylandRelaunchPlan(launch({}, leaked))).toMatchObject({ command: '/opt/Glimpse/glimpse' });
    expect(xwaylandRelaunchPlan(launch({}, { APPIMAGE: '/home/me/Code.AppImage' }))).toMatchObject({
      command: '/opt/Glimpse/glimpse',
    });
  });

  it('keeps the app path of a development `electron .` launch', () => {
    const plan = xwaylandRelaunchPlan(
      launch({ argv: ['/dev/electron', '.', '--capture-full'], execPath: '/dev/electron' }),
    );
    expect(plan).toMatchObject({ args: [X11_SWITCH, '.', '--capture-full'] });
  });

  it.each([
    ['not Linux', launch({ platform: 'darwin' })],
    ['an X11 session', launch({ ozoneSwitch: 'x11' }, { XDG_SESSION_TYPE: 'x11' })],
    [
      'no session type and no backend written (Chromium stays on X11)',
      launch({ ozoneSwitch: '' }, { XDG_SESSION_TYPE: undefined }),
    ],
    ['already on X11 (Electron says so)', launch({ ozoneSwitch: 'x11' })],
    ['the user chose native Wayland', launch({ argv: ['glimpse', '--ozone-platform=wayland'] })],
    ['the user chose X11 already (the relaunched process)', launch({ argv: ['glimpse', X11_SWITCH] })],
    ['the loop guard', launch({}, { GLIMPSE_XWAYLAND_RELAUNCHED: '1' })],
    ['no XWayland', launch({}, { DISPLAY: '' })],
    [
      'Playwright drives this process (its loader took the switches out of argv)',
      launch({ argv: ['electron', 'main.js'], debug: { ...noDebugger, chromiumSwitch: true } }),
    ],
    ['Node’s inspector is open', launch({ debug: { ...noDebugger, inspectorOpen: true } })],
    ['the electron-vite dev server', launch({}, { ELECTRON_RENDERER_URL: 'http://localhost:5173' })],
  ])('stays when %s', (_name, input) => {
    const plan = xwaylandRelaunchPlan(input);
    expect(plan.kind).toBe('stay');
    expect(plan.kind === 'stay' && plan.reason.length).toBeGreaterThan(0);
  });

  it('says why it stays, naming the user’s choice', () => {
    expect(xwaylandRelaunchPlan(launch({ argv: ['glimpse', '--ozone-platform=Wayland'] }))).toEqual({
      kind: 'stay',
      reason: 'the command line chooses --ozone-platform=wayland',
    });
  });

  it('falls back on the session type when Electron wrote no backend', () => {
    expect(xwaylandRelaunchPlan(launch({ ozoneSwitch: '' })).kind).toBe('relaunch');
  });
});

describe('debuggerAttached', () => {
  it('believes any of Chromium’s switches, the open inspector, execArgv or argv', () => {
    expect(debuggerAttached(noDebugger, ['glimpse'])).toBe(false);
    expect(debuggerAttached({ ...noDebugger, chromiumSwitch: true }, ['glimpse'])).toBe(true);
    expect(debuggerAttached({ ...noDebugger, inspectorOpen: true }, ['glimpse'])).toBe(true);
    expect(debuggerAttached({ ...noDebugger, execArgv: ['--inspect=0'] }, ['glimpse'])).toBe(true);
    expect(debuggerAttached({ ...noDebugger, execArgv: ['--inspect-brk'] }, ['glimpse'])).toBe(true);
    expect(debuggerAttached(noDebugger, ['electron', '--remote-debugging-port=0', 'main.js'])).toBe(true);
    expect(debuggerAttached(noDebugger, ['electron', '--remote-debugging-pipe'])).toBe(true);
  });

  it('does not take an unrelated switch for a debugger', () => {
    expect(debuggerAttached({ ...noDebugger, execArgv: ['--inspector-theme=dark'] }, ['glimpse'])).toBe(
      false,
    );
    expect(debuggerAttached(noDebugger, ['glimpse', '--remote-debugging-portal'])).toBe(false);
  });
});

describe('relaunchFailed', () => {
  it('counts an error code or a signal as a failed start, code 0 as a normal end', () => {
    expect(relaunchFailed(1, null)).toBe(true);
    expect(relaunchFailed(null, 'SIGTRAP')).toBe(true);
    expect(relaunchFailed(0, null)).toBe(false);
  });
});

describe('xwaylandRequested', () => {
  it('reads GLIMPSE_XWAYLAND as a yes/no', () => {
    expect(xwaylandRequested({ GLIMPSE_XWAYLAND: ' Yes ' })).toBe(true);
    expect(xwaylandRequested({ GLIMPSE_XWAYLAND: 'no' })).toBe(false);
    expect(xwaylandRequested({})).toBe(false);
  });
});

describe('commandLineOzonePlatform', () => {
  it('reads only the --name=value form, and nothing after a bare --', () => {
    expect(commandLineOzonePlatform(['glimpse', '--no-sandbox', '--ozone-platform=x11'])).toBe('x11');
    expect(commandLineOzonePlatform(['glimpse', '--ozone-platform', 'x11'])).toBeUndefined();
    expect(commandLineOzonePlatform(['glimpse', '--', '--ozone-platform=x11'])).toBeUndefined();
    expect(commandLineOzonePlatform(['glimpse', '--ozone-platformx=1'])).toBeUndefined();
    // argv[0] is the program, never a switch.
    expect(commandLineOzonePlatform(['--ozone-platform=x11'])).toBeUndefined();
  });

  it('ignores the removed --ozone-platform-hint (it chooses nothing any more)', () => {
    expect(commandLineOzonePlatform(['glimpse', '--ozone-platform-hint=x11'])).toBeUndefined();
  });
});

describe('ozoneBackend', () => {
  it('believes the switch Electron wrote, and otherwise applies the `auto` rule', () => {
    expect(ozoneBackend('linux', 'wayland', 'x11')).toBe('wayland');
    expect(ozoneBackend('linux', 'x11', 'wayland')).toBe('x11');
    expect(ozoneBackend('linux', '', 'wayland')).toBe('wayland');
    expect(ozoneBackend('linux', '', undefined)).toBe('x11');
    expect(ozoneBackend('linux', 'headless', 'wayland')).toBe('none');
    expect(ozoneBackend('win32', '', 'wayland')).toBe('none');
  });
});
