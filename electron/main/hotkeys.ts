/**
 * Global shortcuts (thin adapter): Electron's globalShortcut behind the core's HotkeyService,
 * re-applied whenever the settings change. A refused shortcut is logged, shown once as a
 * Notification, and reaches the settings page as `hotkeys:changed` (see electron/core/app).
 */
import { BrowserWindow, globalShortcut, Notification, webContents } from 'electron';
import type { HotkeyAction, HotkeyHandlers } from '../core/capture/hotkeys';
import { HotkeyService, hotkeyBindings, hotkeyLabel } from '../core/app/hotkey-service';
import { hotkeyNotice } from '../core/app/hotkey-notice';

export interface HotkeySettings {
  current: {
    hotkeys: Record<HotkeyAction, string>;
    /** Your own actions: each one's shortcut is registered by the same manager. */
    actions?: readonly { id: string; name: string; hotkey: string }[];
  };
  onChange(listener: () => void): () => void;
}

export function startHotkeys(
  settings: HotkeySettings,
  handlers: HotkeyHandlers,
  wayland: boolean,
  log: (line: string) => void,
  /** The app's language now ('en', 'fr'): the notification speaks it. */
  language: () => string = () => 'en',
): HotkeyService {
  const service = new HotkeyService({
    registrar: globalShortcut,
    handlers,
    platform: process.platform,
    bindings: () => hotkeyBindings(settings.current),
    label: hotkeyLabel(() => settings.current.actions ?? []),
    wayland,
    watchOwner: watchRecordingPage,
    onNewProblem: (problem) => {
      log(`hotkey: ${problem.message}`);
      if (Notification.isSupported()) new Notification(hotkeyNotice(problem, language())).show();
    },
  });
  service.apply();
  settings.onChange(() => service.apply());
  return service;
}

/**
 * The page recording a shortcut can no longer end the recording itself once it is gone: its
 * webContents destroyed (window closed), a new document loading in its main frame (a reload:
 * did-start-navigation, not same-document), its renderer gone (a crash, render-process-gone), or
 * its window hidden (the user no longer sees the field). Calls `gone` then; returns the unsubscribe.
 */
function watchRecordingPage(webContentsId: number, gone: () => void): () => void {
  const contents = webContents.fromId(webContentsId);
  if (!contents || contents.isDestroyed()) {
    queueMicrotask(gone);
    return () => {};
  }
  const window = BrowserWindow.fromWebContents(contents);
  const onNavigation = (details: Electron.Event<Electron.WebContentsDidStartNavigationEventParams>): void => {
    // A same-document navigation (the page's own route change) unmounts the settings page, which
    // ends its recording itself.
    if (details.isMainFrame && !details.isSameDocument) gone();
  };
  const onGone = (): void => gone();
  contents.once('destroyed', onGone);
  contents.once('render-process-gone', onGone);
  contents.on('did-start-navigation', onNavigation);
  window?.once('hide', onGone);
  return () => {
    if (!contents.isDestroyed()) {
      contents.off('destroyed', onGone);
      contents.off('render-process-gone', onGone);
      contents.off('did-start-navigation', onNavigation);
    }
    if (window && !window.isDestroyed()) window.off('hide', onGone);
  };
}
