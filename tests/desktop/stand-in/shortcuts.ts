/**
 * globalShortcut (shell/browser/api/electron_api_global_shortcut.cc, docs/api/global-shortcut.md).
 *
 * Every method throws "globalShortcut cannot be used before the app is ready" before ready.
 *
 * OS grab (macOS, Windows, X11): register returns false when another app holds the accelerator,
 * when this app already registered it (one observer per accelerator), or while handling is
 * suspended ("New shortcut registrations will fail while handling is suspended"); unregister
 * releases it.
 *
 * Wayland portal (IsRegistrationHandledExternally): register hands the command to the
 * GlobalShortcuts portal and returns true, always — whether the desktop binds it is never
 * reported. unregister only looks at accelerator_callback_map_, so it is a no-op for portal
 * bindings: the old callback keeps firing. unregisterAll clears both maps (the portal's command
 * then finds no callback). GNOME denies every bind, silently, unless the app's desktop name
 * names an installed .desktop file; KDE binds without asking.
 *
 * setSuspended(true) → GlobalAcceleratorListener::SetShortcutHandlingSuspended: the OS grabs
 * (accelerator_map_) stop until setSuspended(false). Portal commands are not in that map: the
 * portal keeps delivering them while suspended (a Chromium detail, not in Electron's tree: the
 * stand-in follows the listener's structure, and the app must not rely on suspension there).
 */
import { runtime } from './runtime';

const NOT_READY = 'globalShortcut cannot be used before the app is ready';

/** The canonical form of an accelerator (modifier order and case do not matter). */
export function normalizeAccelerator(accelerator: string): string {
  const parts = accelerator.split('+').map((p) => p.trim().toLowerCase());
  const key = parts.pop() ?? '';
  const mods = parts.map((m) => {
    if (m === 'commandorcontrol' || m === 'cmdorctrl')
      return runtime.platform === 'darwin' ? 'command' : 'control';
    if (m === 'cmd') return 'command';
    if (m === 'ctrl') return 'control';
    if (m === 'option') return 'alt';
    return m;
  });
  return [...[...new Set(mods)].sort(), key].join('+');
}

export interface PortalBinding {
  accelerator: string;
  callback: () => void;
  /** Whether the desktop really bound it (GNOME refuses without a valid app id). */
  bound: boolean;
}

export class StandInGlobalShortcut implements Pick<
  Electron.GlobalShortcut,
  | 'register'
  | 'registerAll'
  | 'isRegistered'
  | 'unregister'
  | 'unregisterAll'
  | 'setSuspended'
  | 'isSuspended'
> {
  /** accelerator_callback_map_: keys grabbed from the OS. */
  readonly grabbed = new Map<string, () => void>();
  /** command_callback_map_: commands handed to the portal. */
  readonly portal = new Map<string, PortalBinding>();
  #suspended = false;

  get #usesPortal(): boolean {
    return runtime.profile.shortcuts === 'portal';
  }

  register(accelerator: string, callback: () => void): boolean {
    runtime.requireReady(NOT_READY);
    runtime.record('globalShortcut.register', accelerator);
    const key = normalizeAccelerator(accelerator);
    if (this.#usesPortal) {
      this.portal.set(key, { accelerator, callback, bound: portalBinds() });
      return true;
    }
    if (this.#suspended || this.grabbed.has(key)) return false;
    if (runtime.profile.takenShortcuts.some((t) => normalizeAccelerator(t) === key)) return false;
    this.grabbed.set(key, callback);
    return true;
  }

  registerAll(accelerators: string[], callback: () => void): void {
    runtime.requireReady(NOT_READY);
    const done: string[] = [];
    for (const accelerator of accelerators) {
      if (!this.register(accelerator, callback)) {
        for (const d of done) this.unregister(d);
        return;
      }
      done.push(accelerator);
    }
  }

  isRegistered(accelerator: string): boolean {
    const key = normalizeAccelerator(accelerator);
    return this.grabbed.has(key) || this.portal.has(key);
  }

  unregister(accelerator: string): void {
    runtime.requireReady(NOT_READY);
    runtime.record('globalShortcut.unregister', accelerator);
    // Only the OS-grab map is looked at: a portal binding stays (and keeps firing).
    this.grabbed.delete(normalizeAccelerator(accelerator));
  }

  unregisterAll(): void {
    runtime.requireReady(NOT_READY);
    runtime.record('globalShortcut.unregisterAll');
    this.grabbed.clear();
    this.portal.clear();
  }

  setSuspended(suspended: boolean): void {
    runtime.requireReady(NOT_READY);
    runtime.record('globalShortcut.setSuspended', suspended);
    this.#suspended = suspended;
  }

  isSuspended(): boolean {
    runtime.requireReady(NOT_READY);
    return this.#suspended;
  }

  /**
   * The user presses a key combination anywhere on the desktop. Returns whether one of the app's
   * callbacks ran.
   */
  press(accelerator: string): boolean {
    const key = normalizeAccelerator(accelerator);
    const grabbed = this.#suspended ? undefined : this.grabbed.get(key);
    if (grabbed) {
      grabbed();
      return true;
    }
    const binding = this.portal.get(key);
    if (binding?.bound) {
      binding.callback();
      return true;
    }
    return false;
  }

  /** The accelerators a press would reach now. */
  active(): string[] {
    return [
      ...(this.#suspended ? [] : [...this.grabbed.keys()]),
      ...[...this.portal.entries()].filter(([, b]) => b.bound).map(([k]) => k),
    ];
  }
}

/** GNOME's portal binds only for an app id naming an installed .desktop file; KDE binds anyway. */
function portalBinds(): boolean {
  const desktop = runtime.profile.env.XDG_CURRENT_DESKTOP ?? '';
  if (!desktop.includes('GNOME')) return true;
  return runtime.profile.installedDesktopFiles.includes(runtime.desktopName);
}

export const globalShortcut = new StandInGlobalShortcut();
