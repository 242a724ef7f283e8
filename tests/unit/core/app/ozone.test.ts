import { describe, expect, it } from 'vitest';
import {
  commandLineOzonePlatform,
  ozoneBackend,
  xwaylandRelaunchPlan,
  X11_SWITCH,
  type OzoneLaunch,
} from '../../../../electron/core/app/ozone';

/** A packaged Glimpse started from the GNOME launcher in a Wayland session with XWayland. */
function launch(over: Partial<OzoneLaunch> = {}, env: OzoneLaunch['env'] = {}): OzoneLaunch {
  return {
    platform: 'linux',
    argv: ['/opt/Glimpse/glimpse', '--capture'],
    execPath: '/opt/Glimpse/glimpse',
    ...over,
    env: { XDG_SESSION_TYPE: 'wayland', DISPLAY: ':0', ...env },
  };
}

describe('xwaylandRelaunchPlan', () => {
  it('relaunches a Wayland session under XWayland, the switch first and the arguments kept', () => {
    expect(xwaylandRelaunchPlan(launch())).toEqual({
      kind: 'relaunch',
      command: '/opt/Glimpse/glimpse',
      args: [X11_SWITCH, '--capture'],
      env: { GLIMPSE_XWAYLAND_RELAUNCHED: '1' },
    });
  });

  it('starts the AppImage file, not the binary inside its temporary mount', () => {
    const plan = xwaylandRelaunchPlan(
      launch(
        { argv: ['/tmp/.mount_GlimpXY/glimpse'], execPath: '/tmp/.mount_GlimpXY/glimpse' },
        { APPIMAGE: '/home/me/Glimpse-1.0.0-x86_64.AppImage' },
      ),
    );
    expect(plan).toMatchObject({
      kind: 'relaunch',
      command: '/home/me/Glimpse-1.0.0-x86_64.AppImage',
      args: [X11_SWITCH],
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
    ['an X11 session', launch({}, { XDG_SESSION_TYPE: 'x11' })],
    ['no session type (Chromium stays on X11 too)', launch({}, { XDG_SESSION_TYPE: undefined })],
    ['the user chose native Wayland', launch({ argv: ['glimpse', '--ozone-platform=wayland'] })],
    ['the user chose X11 already (the relaunched process)', launch({ argv: ['glimpse', X11_SWITCH] })],
    ['an old hint switch', launch({ argv: ['glimpse', '--ozone-platform-hint=auto'] })],
    ['the opt-out variable', launch({}, { GLIMPSE_NATIVE_WAYLAND: '1' })],
    ['the opt-out variable spelled true', launch({}, { GLIMPSE_NATIVE_WAYLAND: 'true' })],
    ['the loop guard', launch({}, { GLIMPSE_XWAYLAND_RELAUNCHED: '1' })],
    ['no XWayland', launch({}, { DISPLAY: '' })],
    [
      'Playwright drives this process',
      launch({ argv: ['electron', '--inspect=0', '--remote-debugging-port=0', 'main.js'] }),
    ],
    ['a debugger waits', launch({ argv: ['electron', '--inspect-brk', '.'] })],
    ['the electron-vite dev server', launch({}, { ELECTRON_RENDERER_URL: 'http://localhost:5173' })],
  ])('stays when %s', (_name, input) => {
    const plan = xwaylandRelaunchPlan(input);
    expect(plan.kind).toBe('stay');
    expect(plan.kind === 'stay' && plan.reason.length).toBeGreaterThan(0);
  });

  it('does not take an unrelated switch for a debugger, nor GLIMPSE_NATIVE_WAYLAND=0 for the opt-out', () => {
    expect(xwaylandRelaunchPlan(launch({ argv: ['glimpse', '--inspector-theme=dark'] })).kind).toBe(
      'relaunch',
    );
    expect(xwaylandRelaunchPlan(launch({}, { GLIMPSE_NATIVE_WAYLAND: '0' })).kind).toBe('relaunch');
  });

  it('says why it stays, naming the user’s choice', () => {
    expect(xwaylandRelaunchPlan(launch({ argv: ['glimpse', '--ozone-platform=Wayland'] }))).toEqual({
      kind: 'stay',
      reason: 'the command line chooses --ozone-platform=wayland',
    });
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
