/**
 * Finding 5 of issue 13: global shortcuts through the Wayland GlobalShortcuts portal. The
 * registrar below behaves as Electron does there (shell/browser/api/electron_api_global_shortcut.cc,
 * portal path, and Chromium's portal listener):
 * - register() returns true at once, whatever the desktop decides, even while suspended;
 * - unregister() does nothing for a portal binding (it only looks in the non-portal map), so the
 *   callback stays and the desktop keeps delivering the shortcut;
 * - setSuspended() does not stop portal deliveries (the listener's Start/StopListening are no-ops);
 * - the desktop's bindings are never removed: the portal has no unbind.
 * A second registrar behaves as X11, macOS and Windows do: setSuspended releases the keys, and
 * registering fails while suspended (docs/api/global-shortcut.md).
 */
import { describe, expect, it } from 'vitest';
import { HotkeyService } from '../../../../electron/core/app/hotkey-service';
import type { ShortcutRegistrar } from '../../../../electron/core/capture/hotkeys';
import { GrabbingRegistrar } from './grabbing-registrar';

class PortalRegistrar implements ShortcutRegistrar {
  /** Electron's command map: accelerator → callback. */
  readonly callbacks = new Map<string, () => void>();
  /** What the desktop has bound for the app: nothing ever leaves it. */
  readonly bound = new Set<string>();
  suspended = false;
  register(accelerator: string, callback: () => void): boolean {
    this.callbacks.set(accelerator, callback);
    this.bound.add(accelerator);
    return true;
  }
  unregister(): void {}
  setSuspended(suspended: boolean): void {
    this.suspended = suspended;
  }
  /** The user presses a shortcut the desktop delivers to the app. */
  press(accelerator: string): void {
    if (this.bound.has(accelerator)) this.callbacks.get(accelerator)?.();
  }
}

function service(registrar: ShortcutRegistrar) {
  const ran: string[] = [];
  let bindings: Record<string, string> = {
    captureRegion: 'Ctrl+Shift+E',
    captureScreen: 'Ctrl+Shift+F',
    toggleWindow: 'Ctrl+Shift+G',
  };
  const hotkeys = new HotkeyService({
    registrar,
    handlers: {
      captureRegion: () => ran.push('region'),
      captureScreen: () => ran.push('screen'),
      toggleWindow: () => ran.push('toggle'),
    },
    platform: 'linux',
    bindings: () => bindings,
    wayland: true,
  });
  hotkeys.apply();
  return {
    ran,
    hotkeys,
    rebind: (action: string, accelerator: string): void => {
      bindings = { ...bindings, [action]: accelerator };
      hotkeys.apply();
    },
  };
}

describe('Wayland portal shortcuts', () => {
  it('pause stops them, although the portal keeps them bound; resume brings them back', () => {
    const portal = new PortalRegistrar();
    const { ran, hotkeys } = service(portal);
    portal.press('Control+Shift+E');
    expect(ran).toEqual(['region']);
    hotkeys.pause();
    expect(portal.suspended).toBe(true);
    portal.press('Control+Shift+E');
    portal.press('Control+Shift+F');
    expect(ran).toEqual(['region']);
    hotkeys.resume();
    expect(portal.suspended).toBe(false);
    portal.press('Control+Shift+F');
    expect(ran).toEqual(['region', 'screen']);
  });

  it('a rebinding stops the old shortcut, which the portal still delivers, and the new one works', () => {
    const portal = new PortalRegistrar();
    const { ran, hotkeys, rebind } = service(portal);
    rebind('captureRegion', 'Ctrl+Alt+R');
    expect(hotkeys.status().active.captureRegion).toBe('Control+Alt+R');
    expect(portal.bound.has('Control+Shift+E')).toBe(true);
    portal.press('Control+Shift+E');
    expect(ran).toEqual([]);
    portal.press('Control+Alt+R');
    expect(ran).toEqual(['region']);
  });

  it('a shortcut moved to another action runs that action only', () => {
    const portal = new PortalRegistrar();
    const { ran, rebind } = service(portal);
    rebind('toggleWindow', '');
    rebind('captureScreen', 'Ctrl+Shift+G');
    portal.press('Control+Shift+G');
    portal.press('Control+Shift+F');
    expect(ran).toEqual(['screen']);
  });

  it('while the settings page records a key, no shortcut runs; a change saved meanwhile applies after', () => {
    const portal = new PortalRegistrar();
    const { ran, hotkeys, rebind } = service(portal);
    hotkeys.recording(true);
    expect(portal.suspended).toBe(true);
    portal.press('Control+Shift+E');
    // The page saves the recorded key before it says recording has ended.
    rebind('captureRegion', 'Ctrl+Alt+R');
    portal.press('Control+Alt+R');
    expect(ran).toEqual([]);
    hotkeys.recording(false);
    expect(portal.suspended).toBe(false);
    portal.press('Control+Shift+E');
    portal.press('Control+Alt+R');
    expect(ran).toEqual(['region']);
  });
});

describe('suspending where the OS grabs the keys (X11, macOS, Windows)', () => {
  it('recording suspends the shortcuts, so the keys reach the page; a change is registered once it ends', () => {
    const os = new GrabbingRegistrar();
    const { ran, hotkeys, rebind } = service(os);
    hotkeys.recording(true);
    expect(os.suspended).toBe(true);
    os.press('Control+Shift+E');
    expect(ran).toEqual([]);
    // Registering now would fail (suspended): the change waits for the end of the recording.
    rebind('captureRegion', 'Ctrl+Alt+R');
    expect(hotkeys.status().problems).toEqual([]);
    hotkeys.recording(false);
    expect(hotkeys.status()).toMatchObject({ problems: [], active: { captureRegion: 'Control+Alt+R' } });
    os.press('Control+Alt+R');
    expect(ran).toEqual(['region']);
  });

  it('resume unsuspends before registering again, and ends a recording the page never ended', () => {
    const os = new GrabbingRegistrar();
    const { ran, hotkeys } = service(os);
    hotkeys.recording(true);
    hotkeys.pause();
    const status = hotkeys.resume();
    expect(os.suspended).toBe(false);
    expect(status.problems).toEqual([]);
    expect(status.active.captureRegion).toBe('Control+Shift+E');
    os.press('Control+Shift+E');
    expect(ran).toEqual(['region']);
  });
});
