import type { ShortcutRegistrar } from '../../../../electron/core/capture/hotkeys';

/** Grabs keys as X11, macOS and Windows do: suspended, nothing reaches us and registering fails. */
export class GrabbingRegistrar implements ShortcutRegistrar {
  readonly callbacks = new Map<string, () => void>();
  suspended = false;
  register(accelerator: string, callback: () => void): boolean {
    if (this.suspended) return false;
    this.callbacks.set(accelerator, callback);
    return true;
  }
  unregister(accelerator: string): void {
    this.callbacks.delete(accelerator);
  }
  setSuspended(suspended: boolean): void {
    this.suspended = suspended;
  }
  /** Suspended: the OS gives the keys to the focused app (the settings page), not to us. */
  press(accelerator: string): void {
    if (!this.suspended) this.callbacks.get(accelerator)?.();
  }
}
