/**
 * Global shortcuts: validation, registration and conflicts, over a registrar port (Electron's
 * globalShortcut in the app, a fake in the tests). A shortcut that is invalid, used twice, or
 * refused by the OS is reported with the conflict named, and the previous binding is kept.
 */
import { parseAccelerator, platformAccelerator } from '../../../shared/accelerator';
import type { ShortcutOwner } from '../../../shared/app-channels';

export type HotkeyAction = 'captureRegion' | 'captureScreen' | 'toggleWindow';

/**
 * Whose shortcut: a built-in action, or one of your own actions as `action:<id>` (issue 17). All
 * share one manager, so conflicts, the old binding kept, pause and the portal rules are the same.
 */
export type HotkeyKey = HotkeyAction | `action:${string}`;

/** What a shortcut runs: the built-in actions, and `userAction(id)` for `action:<id>` keys. */
export type HotkeyHandlers = Readonly<Record<HotkeyAction, () => void>> & {
  userAction?: (id: string) => void;
};

const userActionId = (key: HotkeyKey): string | undefined =>
  key.startsWith('action:') ? key.slice('action:'.length) : undefined;

export const HOTKEY_ACTIONS: readonly HotkeyAction[] = ['captureRegion', 'captureScreen', 'toggleWindow'];

export const DEFAULT_HOTKEYS: Readonly<Record<HotkeyAction, string>> = {
  captureRegion: 'CommandOrControl+Shift+E',
  captureScreen: 'CommandOrControl+Shift+F',
  toggleWindow: 'CommandOrControl+Shift+G',
};

export const HOTKEY_LABELS: Readonly<Record<HotkeyAction, string>> = {
  captureRegion: 'Explain a region',
  captureScreen: 'Explain the whole screen',
  toggleWindow: 'Show or hide Glimpse',
};

/**
 * Electron's globalShortcut, as far as we use it. In Wayland portal mode (see `portal` below) it
 * behaves differently: `register` returns true at once whatever the desktop decides later, and
 * `unregister` does nothing for a portal binding (electron_api_global_shortcut.cc).
 */
export interface ShortcutRegistrar {
  /** False when the OS or another application refused it (never false in portal mode). */
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
  /**
   * Electron's globalShortcut.setSuspended: stops (true) or restarts the OS's delivery of every
   * registered shortcut; registering fails while suspended. Optional: web mode's stand-in and the
   * tests' fakes may lack it.
   */
  setSuspended?(suspended: boolean): void;
}

export type { ShortcutOwner };

export const SHORTCUT_OWNER_NAMES: Readonly<Record<ShortcutOwner, string>> = {
  'mac-screenshot-screen': 'macOS (screenshot of the screen)',
  'mac-screenshot-selection': 'macOS (screenshot of a selection)',
  'mac-screenshot-app': 'macOS (the Screenshot app)',
  'mac-spotlight': 'macOS (Spotlight)',
  'windows-snipping-tool': 'Windows (Snipping Tool)',
  'linux-screenshot-tool': 'the desktop’s screenshot tool',
};

/** Well-known shortcuts the desktop keeps for itself, to name the conflict when registration fails. */
const RESERVED: readonly { platform: string; accelerator: string; owner: ShortcutOwner }[] = [
  { platform: 'darwin', accelerator: 'Command+Shift+3', owner: 'mac-screenshot-screen' },
  { platform: 'darwin', accelerator: 'Command+Shift+4', owner: 'mac-screenshot-selection' },
  { platform: 'darwin', accelerator: 'Command+Shift+5', owner: 'mac-screenshot-app' },
  { platform: 'darwin', accelerator: 'Command+Space', owner: 'mac-spotlight' },
  { platform: 'win32', accelerator: 'Shift+Super+S', owner: 'windows-snipping-tool' },
  { platform: 'win32', accelerator: 'PrintScreen', owner: 'windows-snipping-tool' },
  { platform: 'linux', accelerator: 'PrintScreen', owner: 'linux-screenshot-tool' },
  { platform: 'linux', accelerator: 'Shift+PrintScreen', owner: 'linux-screenshot-tool' },
];

export interface HotkeyProblem {
  action: HotkeyKey;
  /** What the user asked for. */
  accelerator: string;
  kind: 'invalid' | 'duplicate' | 'refused';
  /** One sentence naming the conflict, in English: the log (the page words it from the fields below). */
  message: string;
  /** invalid: what is wrong with it (English). */
  reason?: string;
  /** invalid: the code and fields the page words the reason from (accelerator.* codes). */
  reasonCode?: string;
  reasonFields?: Record<string, string>;
  /** duplicate: our action that already has it. */
  takenBy?: HotkeyKey;
  /** Your own actions' names (`action:<id>` keys), for messages in any language. */
  actionName?: string;
  takenByName?: string;
  /** refused: who keeps it, when it is a shortcut the desktop is known to keep. */
  owner?: ShortcutOwner;
  /** refused: the previous shortcut, registered again. */
  kept?: string;
}

export interface HotkeyState {
  /** What is registered now, per action (undefined: nothing). */
  active: Partial<Record<HotkeyKey, string>>;
  problems: HotkeyProblem[];
}

export type HotkeyBindings = Readonly<Partial<Record<HotkeyKey, string>>>;

export class HotkeyManager {
  readonly #active = new Map<HotkeyKey, string>();
  /** While true no shortcut runs its action (paused, or a key is being recorded). */
  #held = false;

  constructor(
    private readonly registrar: ShortcutRegistrar,
    private readonly handlers: HotkeyHandlers,
    private readonly platform: string,
    /** The name a message gives an action (your own actions: their names); built-ins have theirs. */
    private readonly label: (key: HotkeyKey) => string | undefined = () => undefined,
  ) {}

  #label(key: HotkeyKey): string {
    return (
      this.label(key) ?? (HOTKEY_LABELS as Partial<Record<string, string>>)[key] ?? userActionId(key) ?? key
    );
  }

  /**
   * Holds (true) or releases every shortcut's action. Portal bindings can be neither removed nor
   * reliably suspended (Chromium's portal listener delivers every bound shortcut), so each
   * callback checks this, and that it is still its action's shortcut, before it runs.
   */
  hold(held: boolean): void {
    this.#held = held;
  }

  /** Registers every binding (at start, or when settings change); each failure keeps what was there. */
  apply(bindings: HotkeyBindings): HotkeyState {
    const problems: HotkeyProblem[] = [];
    // An action removed from the settings (or its shortcut gone) frees its shortcut.
    for (const key of [...this.#active.keys()])
      if (userActionId(key) !== undefined && !bindings[key]) this.bind(key, '');
    // The built-in ones first, then your own actions in the settings' order: the first keeps a
    // shortcut asked for twice.
    const keys = [
      ...HOTKEY_ACTIONS,
      ...(Object.keys(bindings) as HotkeyKey[]).filter((k) => userActionId(k) !== undefined),
    ];
    const done = new Set<HotkeyKey>();
    for (const action of keys) {
      const wanted = bindings[action];
      if (wanted === undefined) continue;
      const problem = this.#named(action, this.#bind(action, wanted, bindings, done));
      done.add(action);
      if (problem) problems.push(problem);
    }
    return { active: this.active(), problems };
  }

  active(): Partial<Record<HotkeyKey, string>> {
    const active: Partial<Record<HotkeyKey, string>> = {};
    for (const [action, accelerator] of this.#active) active[action] = accelerator;
    return active;
  }

  unregisterAll(): void {
    for (const accelerator of this.#active.values()) this.registrar.unregister(accelerator);
    this.#active.clear();
  }

  /** Binds one action; on any problem the previous binding stays registered. */
  bind(action: HotkeyKey, wanted: string, others: HotkeyBindings = {}): HotkeyProblem | undefined {
    return this.#named(action, this.#bind(action, wanted, others));
  }

  /** Your own actions' names on a problem, for messages in any language. */
  #named(action: HotkeyKey, problem: HotkeyProblem | undefined): HotkeyProblem | undefined {
    if (problem && userActionId(action) !== undefined) problem.actionName = this.#label(action);
    if (problem?.takenBy !== undefined && userActionId(problem.takenBy) !== undefined)
      problem.takenByName = this.#label(problem.takenBy);
    return problem;
  }

  /**
   * `done` (an apply): the actions already bound in this change. Then one asked for twice goes to
   * the first in order, and the later one is the one told; one not bound yet blocks the key only
   * if it holds it now and keeps it.
   */
  #bind(
    action: HotkeyKey,
    wanted: string,
    others: HotkeyBindings,
    done?: ReadonlySet<HotkeyKey>,
  ): HotkeyProblem | undefined {
    if (wanted.trim() === '') {
      // No shortcut for this action (the settings allow it): free the old one.
      const previous = this.#active.get(action);
      if (previous !== undefined) this.registrar.unregister(previous);
      this.#active.delete(action);
      return undefined;
    }
    const parsed = parseAccelerator(wanted);
    if (!parsed.ok) {
      return {
        action,
        accelerator: wanted,
        kind: 'invalid',
        message: `${this.#label(action)}: ${parsed.error}`,
        reason: parsed.error,
        reasonCode: parsed.code,
        ...(parsed.fields ? { reasonFields: parsed.fields } : {}),
      };
    }
    const text = parsed.value.text;
    const previous = this.#active.get(action);
    if (previous !== undefined && this.same(previous, text)) return undefined;

    // Another action of ours already has it (registered, or asked for in the same change).
    const everyone = new Set<HotkeyKey>([
      ...HOTKEY_ACTIONS,
      ...(Object.keys(others) as HotkeyKey[]),
      ...this.#active.keys(),
    ]);
    for (const other of everyone) {
      if (other === action) continue;
      const held = this.#active.get(other);
      const theirs =
        done === undefined
          ? (others[other] ?? held)
          : done.has(other) ||
              others[other] === undefined ||
              (held !== undefined && this.same(held, others[other]))
            ? held
            : undefined;
      if (theirs !== undefined && this.same(theirs, text)) {
        return {
          action,
          accelerator: text,
          kind: 'duplicate',
          message: `${text} is already the shortcut for “${this.#label(other)}”.`,
          takenBy: other,
        };
      }
    }

    if (previous !== undefined) this.registrar.unregister(previous);
    this.#active.delete(action);
    if (this.registrar.register(text, this.#callback(action, text))) {
      this.#active.set(action, text);
      return undefined;
    }
    // Refused: put the old binding back.
    if (previous !== undefined && this.registrar.register(previous, this.#callback(action, previous))) {
      this.#active.set(action, previous);
    }
    const owner = this.reservedOwner(text);
    const kept = this.#active.get(action);
    return {
      action,
      accelerator: text,
      kind: 'refused',
      message:
        `${text} could not be registered for “${this.#label(action)}”: it is taken by ` +
        `${owner ? SHORTCUT_OWNER_NAMES[owner] : 'another application or the desktop'}.` +
        (kept !== undefined ? ` ${kept} is kept.` : ''),
      ...(owner ? { owner } : {}),
      ...(kept !== undefined ? { kept } : {}),
    };
  }

  /**
   * What the registrar calls. In portal mode an old or unregistered shortcut keeps firing (its
   * binding stays with the desktop and Electron keeps its callback), so the callback runs the
   * action only while this accelerator is still the action's shortcut and nothing holds them.
   */
  #callback(action: HotkeyKey, accelerator: string): () => void {
    return () => {
      if (this.#held || this.#active.get(action) !== accelerator) return;
      const id = userActionId(action);
      if (id !== undefined) this.handlers.userAction?.(id);
      else this.handlers[action as HotkeyAction]();
    };
  }

  private same(a: string, b: string): boolean {
    return platformAccelerator(a, this.platform) === platformAccelerator(b, this.platform);
  }

  private reservedOwner(accelerator: string): ShortcutOwner | undefined {
    const mine = platformAccelerator(accelerator, this.platform);
    return RESERVED.find(
      (r) => r.platform === this.platform && platformAccelerator(r.accelerator, this.platform) === mine,
    )?.owner;
  }
}
