/**
 * The shortcuts as main registered them (with each conflict named) and the app's actions the
 * settings page offers: pause/resume (the tray's action), copy diagnostics.
 */
import type { HotkeyProblemInfo, HotkeyStatusInfo } from '../../../shared/ipc-contract';
import { errorText } from '../lib/messages';
import { follow } from '../lib/follow';
import { api } from '../lib/api';

export class AppLifeState {
  status = $state.raw<HotkeyStatusInfo | null>(null);
  /** A result line for the last button pressed (diagnostics copied, or an error). */
  message = $state<{ text: string; error: boolean } | null>(null);

  /** Loads the state and follows its changes; returns the clean-up. */
  connect(): () => void {
    return follow(
      () => api().hotkeys.state(),
      api().hotkeys.onChanged,
      (status) => (this.status = status),
    );
  }

  problemFor(action: HotkeyProblemInfo['action']): HotkeyProblemInfo | undefined {
    return this.status?.problems.find((p) => p.action === action);
  }

  async toggleHotkeys(): Promise<void> {
    try {
      await api().app.action({ action: 'toggleHotkeys' });
    } catch (error) {
      this.message = { text: errorText(error), error: true };
    }
  }

  /** Copies the redacted report; `done` builds the line to show from its length. */
  async copyDiagnostics(done: (chars: number) => string): Promise<void> {
    try {
      const { chars } = await api().diagnostics.copy();
      this.message = { text: done(chars), error: false };
    } catch (error) {
      this.message = { text: errorText(error), error: true };
    }
  }
}
