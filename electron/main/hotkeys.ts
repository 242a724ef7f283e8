/**
 * Global shortcuts (thin adapter): Electron's globalShortcut behind the core's HotkeyService,
 * re-applied whenever the settings change. A refused shortcut is logged, shown once as a
 * Notification, and reaches the settings page as `hotkeys:changed` (see electron/core/app).
 */
import { globalShortcut, Notification } from 'electron';
import type { HotkeyAction } from '../core/capture';
import { HotkeyService } from '../core/app/hotkey-service';
import { hotkeyNotice } from '../core/app/hotkey-notice';

export interface HotkeySettings {
  current: { hotkeys: Partial<Record<HotkeyAction, string>> };
  onChange(listener: () => void): () => void;
}

export function startHotkeys(
  settings: HotkeySettings,
  handlers: Record<HotkeyAction, () => void>,
  wayland: boolean,
  log: (line: string) => void,
  /** The app's language now ('en', 'fr'): the notification speaks it. */
  language: () => string = () => 'en',
): HotkeyService {
  const service = new HotkeyService({
    registrar: globalShortcut,
    handlers,
    platform: process.platform,
    bindings: () => settings.current.hotkeys,
    wayland,
    onNewProblem: (problem) => {
      log(`hotkey: ${problem.message}`);
      if (Notification.isSupported()) new Notification(hotkeyNotice(problem, language())).show();
    },
  });
  service.apply();
  settings.onChange(() => service.apply());
  return service;
}
