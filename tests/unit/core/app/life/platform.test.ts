import { describe, expect, it } from 'vitest';
import {
  CAPTURE_FAILED_MESSAGE,
  describeRejection,
  dockIconVisible,
  MAC_PERMISSION_MESSAGE,
  errorKindOf,
  isCaptureHelpKind,
  isWaylandSession,
  loginItemPlan,
  nothingCapturedError,
  screenPermissionBlocks,
  sourcesFailedError,
  type LoginItemEnv,
} from '../../../../../electron/core/app/platform';

describe('Wayland and the macOS permission', () => {
  it('detects a Wayland session from either variable, on Linux only', () => {
    expect(isWaylandSession({ platform: 'linux', XDG_SESSION_TYPE: 'wayland' })).toBe(true);
    expect(isWaylandSession({ platform: 'linux', WAYLAND_DISPLAY: 'wayland-0' })).toBe(true);
    expect(isWaylandSession({ platform: 'linux', XDG_SESSION_TYPE: 'x11' })).toBe(false);
    expect(isWaylandSession({ platform: 'darwin', XDG_SESSION_TYPE: 'wayland' })).toBe(false);
  });

  it('never blocks before capturing: only a capture makes macOS ask; after it, anything but granted blocks', () => {
    // getMediaAccessStatus('screen') is never 'not-determined' (electron#28540): a fresh Mac
    // says 'denied'. There is no "before" check left to refuse it.
    expect(screenPermissionBlocks.length).toBe(2);
    expect(screenPermissionBlocks('darwin', 'denied')).toBe(true);
    expect(screenPermissionBlocks('darwin', 'restricted')).toBe(true);
    expect(screenPermissionBlocks('darwin', 'not-determined')).toBe(true);
    expect(screenPermissionBlocks('darwin', 'granted')).toBe(false);
    expect(screenPermissionBlocks('win32', 'denied')).toBe(false);
  });

  it('turns a rejected getSources (a bare string) into the help for this platform', () => {
    const mac = sourcesFailedError({ platform: 'darwin' }, 'denied');
    expect([mac.kind, mac.message]).toEqual(['screen-permission', MAC_PERMISSION_MESSAGE]);
    expect(sourcesFailedError({ platform: 'darwin' }, 'granted').kind).toBe('capture-failed');
    expect(sourcesFailedError({ platform: 'linux', XDG_SESSION_TYPE: 'wayland' }).kind).toBe(
      'wayland-portal',
    );
    const other = sourcesFailedError({ platform: 'win32' });
    expect(other.kind).toBe('capture-failed');
    expect(other.message).toBe(CAPTURE_FAILED_MESSAGE);
    expect(describeRejection('Failed to get sources.')).toBe('"Failed to get sources."');
    expect(describeRejection(new TypeError('bad'))).toBe('TypeError: bad');
    expect(describeRejection(undefined)).toBe('undefined');
  });

  it('the permission help names the pane, the dialog macOS may have just shown, and the relaunch', () => {
    expect(MAC_PERMISSION_MESSAGE).toMatch(/System Settings › Privacy & Security › Screen Recording/);
    expect(MAC_PERMISSION_MESSAGE).toMatch(/If macOS has just asked/);
    expect(MAC_PERMISSION_MESSAGE).toMatch(/relaunch/);
  });

  it('names why nothing was captured with a kind the panel explains', () => {
    expect(errorKindOf(nothingCapturedError({ platform: 'darwin' }))).toBe('screen-permission');
    const wayland = nothingCapturedError({ platform: 'linux', XDG_SESSION_TYPE: 'wayland' });
    expect(errorKindOf(wayland)).toBe('wayland-portal');
    expect(wayland.message).toMatch(/xdg-desktop-portal/);
    expect(errorKindOf(nothingCapturedError({ platform: 'linux', XDG_SESSION_TYPE: 'x11' }))).toBe(
      'capture-failed',
    );
    expect(errorKindOf(new Error('x'))).toBe('error');
    expect(isCaptureHelpKind('screen-permission')).toBe(true);
    expect(isCaptureHelpKind('capture-failed')).toBe(false);
    expect(isCaptureHelpKind(undefined)).toBe(false);
  });
});

describe('launch at login', () => {
  const linux: LoginItemEnv = {
    platform: 'linux',
    execPath: '/opt/Glimpse/glimpse',
    configHome: '/home/ann/.config/',
    packaged: true,
  };

  it('uses login items on macOS and Windows', () => {
    expect(loginItemPlan(true, { ...linux, platform: 'darwin' })).toEqual({
      kind: 'electron',
      openAtLogin: true,
    });
    expect(loginItemPlan(false, { ...linux, platform: 'win32' })).toEqual({
      kind: 'electron',
      openAtLogin: false,
    });
  });

  it('writes an XDG autostart entry on Linux, for the AppImage file when there is one', () => {
    const plan = loginItemPlan(true, {
      ...linux,
      execPath: '/tmp/.mount_GlimpQ1/glimpse',
      appImage: '/home/ann/Apps/Glimpse 1.0 $x.AppImage',
      appDir: '/tmp/.mount_GlimpQ1/',
    });
    expect(plan).toMatchObject({ kind: 'xdg', path: '/home/ann/.config/autostart/glimpse.desktop' });
    const content = plan.kind === 'xdg' ? plan.content : null;
    expect(content).toContain('[Desktop Entry]\nType=Application\n');
    expect(content).toContain('Exec="/home/ann/Apps/Glimpse 1.0 \\$x.AppImage"\n');
    const plain = loginItemPlan(true, linux);
    expect(plain.kind === 'xdg' && plain.content).toContain('Exec=/opt/Glimpse/glimpse\n');
    const percent = loginItemPlan(true, { ...linux, execPath: '/opt/100%/glimpse' });
    expect(percent.kind === 'xdg' && percent.content).toContain('Exec="/opt/100%%/glimpse"');
  });

  it('never names an AppImage this Glimpse does not run from ($APPIMAGE inherited from another one)', () => {
    const exec = (env: Partial<LoginItemEnv>): string | null | undefined => {
      const plan = loginItemPlan(true, { ...linux, ...env });
      return plan.kind === 'xdg' ? plan.content?.split('\n').find((l) => l.startsWith('Exec=')) : undefined;
    };
    // A deb Glimpse started from a terminal inside a VS Code AppImage: both variables leak in.
    expect(exec({ appImage: '/home/ann/Code.AppImage', appDir: '/tmp/.mount_CodeZZ' })).toBe(
      'Exec=/opt/Glimpse/glimpse',
    );
    expect(exec({ appImage: '/home/ann/Code.AppImage' })).toBe('Exec=/opt/Glimpse/glimpse');
    // A mount whose name only starts like ours is not ours.
    expect(
      exec({
        execPath: '/tmp/.mount_Glimp2/glimpse',
        appImage: '/a/G.AppImage',
        appDir: '/tmp/.mount_Glimp',
      }),
    ).toBe('Exec=/tmp/.mount_Glimp2/glimpse');
  });

  it('starts Glimpse at login under XWayland when this one was started so (GLIMPSE_XWAYLAND=1)', () => {
    const plan = loginItemPlan(true, { ...linux, xwayland: true });
    expect(plan.kind === 'xdg' && plan.content).toContain(
      '\nExec=env GLIMPSE_XWAYLAND=1 /opt/Glimpse/glimpse\n',
    );
    const plain = loginItemPlan(true, { ...linux, xwayland: false });
    expect(plain.kind === 'xdg' && plain.content).toContain('\nExec=/opt/Glimpse/glimpse\n');
  });

  it('removes the entry when switched off, and never registers a development build', () => {
    expect(loginItemPlan(false, linux)).toEqual({
      kind: 'xdg',
      path: '/home/ann/.config/autostart/glimpse.desktop',
      content: null,
    });
    expect(loginItemPlan(true, { ...linux, packaged: false }).kind).toBe('none');
    expect(loginItemPlan(true, { ...linux, platform: 'freebsd' }).kind).toBe('none');
  });
});

describe('the macOS Dock icon', () => {
  it('shows only while a window other than an overlay is visible, unless set to always', () => {
    expect(dockIconVisible('with-windows', [])).toBe(false);
    expect(dockIconVisible('with-windows', ['overlay', 'overlay'])).toBe(false);
    expect(dockIconVisible('with-windows', ['overlay', 'window'])).toBe(true);
    expect(dockIconVisible('always', [])).toBe(true);
  });
});
