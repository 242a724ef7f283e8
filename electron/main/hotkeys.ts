/**
 * Global shortcuts (thin adapter): Electron's globalShortcut behind the core's HotkeyManager,
 * re-applied whenever the settings change. A refused shortcut is logged and shown to the user
 * with the conflict named; the previous binding stays (see electron/core/capture/hotkeys.ts).
 */
import { globalShortcut, Notification } from 'electron';
import { HotkeyManager, type HotkeyAction, type HotkeyState } from '../core/capture';

export interface HotkeySettings {
  current: { hotkeys: Partial<Record<HotkeyAction, string>> };
  onChange(listener: () => void): () => void;
}

export function startHotkeys(
  settings: HotkeySettings,
  actions: Record<HotkeyAction, () => void>,
  log: (line: string) => void,
): { manager: HotkeyManager; state: () => HotkeyState } {
  const manager = new HotkeyManager(globalShortcut, actions, process.platform);
  let state: HotkeyState = { active: {}, problems: [] };
  let shown = new Set<string>();
  const apply = (): void => {
    state = manager.apply(settings.current.hotkeys);
    const now = new Set<string>();
    for (const problem of state.problems) {
      log(`hotkey: ${problem.message}`);
      now.add(problem.message);
      // Once per problem, not at every settings change.
      if (!shown.has(problem.message) && Notification.isSupported()) {
        new Notification({ title: 'Glimpse shortcut not available', body: problem.message }).show();
      }
    }
    shown = now;
  };
  apply();
  settings.onChange(apply);
  return { manager, state: () => state };
}
