/**
 * The global shortcuts as a service: HotkeyManager applied from the settings, pause/resume (the
 * tray's "Pause shortcuts"), the state the settings page shows (each problem with its conflict
 * named), and which problems are new since the last change (one notification each, not one per
 * save). Main gives it Electron's globalShortcut; web mode a stand-in registrar.
 *
 * Pause and key recording suspend the OS's delivery (globalShortcut.setSuspended) and hold every
 * action in the manager as well: on Wayland the portal keeps delivering shortcuts that Electron
 * can neither unregister nor suspend, so only the manager's check stops them.
 *
 * A recording belongs to the page that started it. A page that closes, reloads or crashes while
 * recording never says it has ended; the service then ends it itself when `watchOwner` reports
 * that page gone, or every shortcut would stay suspended until a pause and resume.
 */
import {
  HotkeyManager,
  type HotkeyBindings,
  type HotkeyHandlers,
  type HotkeyKey,
  type HotkeyProblem,
  type ShortcutRegistrar,
} from '../capture/hotkeys';

export interface HotkeyStatus {
  paused: boolean;
  /** What is registered now, per action (your own actions as `action:<id>`). */
  active: Partial<Record<HotkeyKey, string>>;
  /** Each with the conflict named; the settings page shows it beside its action. */
  problems: HotkeyProblem[];
  /** A Wayland session: shortcuts may not reach Glimpse; the settings page explains the workaround. */
  wayland: boolean;
}

export interface HotkeyServiceOptions {
  registrar: ShortcutRegistrar;
  handlers: HotkeyHandlers;
  platform: string;
  /** The built-in shortcuts and your own actions' (`action:<id>`, see hotkeyBindings). */
  bindings: () => HotkeyBindings;
  /** An action's name for messages (your own actions: their names). */
  label?: (key: HotkeyKey) => string | undefined;
  wayland?: boolean;
  /** Called once for each problem that was not there at the previous apply. */
  onNewProblem?: (problem: HotkeyProblem) => void;
  /**
   * Watches the page that started a recording (main: its webContents id) and calls `gone` once
   * that page can no longer end the recording itself: destroyed, navigating away, crashed, or
   * its window hidden. Returns the unsubscribe. Without it (web mode) only the page ends it.
   */
  watchOwner?: (owner: number, gone: () => void) => () => void;
}

export class HotkeyService {
  readonly #manager: HotkeyManager;
  #paused = false;
  /** The settings page is recording a new shortcut: the keys must reach it, not us. */
  #recording = false;
  /** A settings change arrived while recording: applied when recording ends. */
  #pendingApply = false;
  /** The page recording (its id), and how to stop watching it. */
  #owner: { id: number; unwatch: () => void } | undefined;
  #problems: HotkeyProblem[] = [];
  readonly #listeners = new Set<(status: HotkeyStatus) => void>();

  constructor(private readonly options: HotkeyServiceOptions) {
    this.#manager = new HotkeyManager(options.registrar, options.handlers, options.platform, options.label);
  }

  /** Registers the settings' shortcuts (at start and after every settings change); nothing while paused. */
  apply(): HotkeyStatus {
    // While recording, the OS refuses new registrations (suspended): apply once it ends.
    if (this.#recording) this.#pendingApply = true;
    else if (!this.#paused) {
      const before = new Set(this.#problems.map((p) => p.message));
      this.#problems = this.#manager.apply(this.options.bindings()).problems;
      for (const problem of this.#problems)
        if (!before.has(problem.message)) this.options.onNewProblem?.(problem);
    }
    return this.#changed();
  }

  pause(): HotkeyStatus {
    if (this.#paused) return this.status();
    this.#paused = true;
    // The tray's pause or resume also ends a recording the page never ended.
    this.#recording = false;
    this.#forgetOwner();
    this.#suspend(true);
    this.#manager.unregisterAll();
    this.#problems = [];
    return this.#changed();
  }

  resume(): HotkeyStatus {
    if (!this.#paused) return this.status();
    this.#paused = false;
    this.#recording = false;
    this.#forgetOwner();
    // Unsuspend first: a suspended globalShortcut refuses every registration.
    this.#suspend(false);
    return this.apply();
  }

  /**
   * The settings page starts (true) or stops recording a shortcut: meanwhile no shortcut of ours
   * may take the keys the user presses (the OS would give them to us, not to the page). `owner`
   * is the page asking (main: its webContents id): the recording is that page's, and only it
   * (or its going away, see watchOwner) ends it.
   */
  recording(on: boolean, owner?: number): HotkeyStatus {
    // Paused: already suspended, and resume ends any recording.
    if (this.#paused) return this.status();
    if (on) {
      if (!this.#recording) {
        this.#recording = true;
        this.#pendingApply = false;
        this.#suspend(true);
      }
      // A page starting while another records takes the recording over (one settings page at a time).
      if (owner !== this.#owner?.id) this.#watch(owner);
      return this.status();
    }
    // Another page cannot end this page's recording.
    if (!this.#recording || (owner !== undefined && this.#owner && owner !== this.#owner.id))
      return this.status();
    return this.#endRecording();
  }

  #watch(owner: number | undefined): void {
    this.#forgetOwner();
    if (owner === undefined || !this.options.watchOwner) return;
    const entry = { id: owner, unwatch: (): void => {} };
    this.#owner = entry;
    entry.unwatch = this.options.watchOwner(owner, () => {
      // Its page is gone: end its recording (and apply what changed meanwhile).
      if (this.#owner === entry && this.#recording) this.#endRecording();
    });
  }

  #forgetOwner(): void {
    const owner = this.#owner;
    this.#owner = undefined;
    owner?.unwatch();
  }

  #endRecording(): HotkeyStatus {
    this.#recording = false;
    this.#forgetOwner();
    this.#suspend(false);
    if (!this.#pendingApply) return this.status();
    this.#pendingApply = false;
    return this.apply();
  }

  paused(): boolean {
    return this.#paused;
  }

  status(): HotkeyStatus {
    return {
      paused: this.#paused,
      active: this.#manager.active(),
      problems: this.#problems.map((p) => ({ ...p })),
      wayland: this.options.wayland ?? false,
    };
  }

  /** Every change of status; returns the unsubscribe. */
  onChange(listener: (status: HotkeyStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #suspend(suspended: boolean): void {
    this.#manager.hold(suspended);
    this.options.registrar.setSuspended?.(suspended);
  }

  /** Whether a page is recording a shortcut now (the shortcuts are then suspended). */
  isRecording(): boolean {
    return this.#recording;
  }

  dispose(): void {
    this.#forgetOwner();
    this.#manager.unregisterAll();
    this.#listeners.clear();
  }

  #changed(): HotkeyStatus {
    const status = this.status();
    for (const listener of this.#listeners) listener(status);
    return status;
  }
}

/**
 * Every shortcut the settings ask for: the built-in ones, and each action's that has one, keyed
 * `action:<id>` (an action without a shortcut is left out, so a removed one is unbound).
 */
export function hotkeyBindings(settings: {
  hotkeys: Readonly<Record<string, string>>;
  actions?: readonly { id: string; hotkey: string }[];
}): HotkeyBindings {
  const bindings: Partial<Record<HotkeyKey, string>> = { ...settings.hotkeys };
  for (const action of settings.actions ?? [])
    if (action.hotkey !== '') bindings[`action:${action.id}`] = action.hotkey;
  return bindings;
}

/** The name messages give a shortcut's action: your own actions by their names. */
export function hotkeyLabel(
  actions: () => readonly { id: string; name: string }[],
): (key: HotkeyKey) => string | undefined {
  return (key) =>
    key.startsWith('action:') ? actions().find((a) => `action:${a.id}` === key)?.name : undefined;
}
