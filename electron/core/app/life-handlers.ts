/**
 * Handlers of the app-life channels (shared/app-channels.ts): the renderer's buttons run the same
 * AppActions as the tray and the shortcuts; the shortcuts' state with its conflicts; the fixed
 * System Settings URL; "Copy diagnostics" through the injected clipboard writer.
 */
import type { AboutInfo, AppInvokeResults, HotkeyStatusInfo } from '../../../shared/app-channels';
import type { ParsedInvokeArgs } from '../../../shared/ipc-contract';
import { UserFacingError, type EventSink } from '../ipc/dispatch';
import type { AppActions } from './actions';
import type { HotkeyService } from './hotkey-service';
import { MAC_SCREEN_RECORDING_SETTINGS } from './platform';

export interface AppLifeServices {
  actions: AppActions;
  hotkeys: HotkeyService;
  /** The redacted diagnostics report (electron/core/diagnostics diagnosticsText). */
  diagnosticsReport: () => Promise<string> | string;
  /**
   * Opens an OS settings URL; undefined where there is none (not macOS, web mode). Only ever
   * called with MAC_SCREEN_RECORDING_SETTINGS.
   */
  openSystemSettings?: (url: string) => Promise<void>;
  /**
   * The page whose request is being handled (main: its webContents id; undefined in web mode): a
   * shortcut recording belongs to the page that started it (HotkeyService.recording).
   */
  requester?: () => number | undefined;
  /** Settings → About: the version, the runtime's versions (in the app), the data folder. */
  about?: () => AboutInfo;
}

type Handlers = {
  [C in keyof AppInvokeResults]: (args: ParsedInvokeArgs<C>) => Promise<AppInvokeResults[C]>;
};

export function createLifeHandlers(
  life: AppLifeServices | undefined,
  writeClipboard: ((text: string) => void | Promise<void>) | undefined,
  events: EventSink,
): Handlers {
  const need = (): AppLifeServices => {
    if (!life)
      throw new UserFacingError('This is not available here.', 'unsupported', { code: 'app.unavailable' });
    return life;
  };
  life?.hotkeys.onChange((status) => events.emit('hotkeys:changed', status satisfies HotkeyStatusInfo));
  return {
    'app:action': async ({ action, conversationId }) =>
      need().actions.run(action, conversationId === undefined ? {} : { conversationId }),
    'app:open-system-settings': async () => {
      const { openSystemSettings } = need();
      if (!openSystemSettings)
        throw new UserFacingError('System Settings can only be opened on macOS.', 'unsupported', {
          code: 'app.macOnly',
        });
      // Security: the page cannot choose the URL; this one pane is all it can open.
      await openSystemSettings(MAC_SCREEN_RECORDING_SETTINGS);
      return { opened: true };
    },
    'hotkeys:state': () => Promise.resolve(need().hotkeys.status()),
    'hotkeys:recording': ({ recording }) => {
      const services = need();
      return Promise.resolve(services.hotkeys.recording(recording, services.requester?.()));
    },
    'app:about': () => {
      const { about } = need();
      if (!about)
        throw new UserFacingError('This is not available here.', 'unsupported', { code: 'app.unavailable' });
      return Promise.resolve(about());
    },
    'diagnostics:copy': async () => {
      const services = need();
      if (!writeClipboard)
        throw new UserFacingError('Copying is not available here.', 'unsupported', {
          code: 'clipboard.unavailable',
        });
      const text = await services.diagnosticsReport();
      await writeClipboard(text);
      return { written: true, chars: text.length };
    },
  };
}
