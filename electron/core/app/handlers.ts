/**
 * The IPC handler table, the same in the app and in web mode: only the services differ
 * (desktop capture vs. none, safeStorage vs. memory, net.fetch vs. Node's fetch).
 */
import type { CaptureInfo } from '../../../shared/ipc-contract';
import type { RawImage } from '../image';
import { UserFacingError, type EventSink, type HandlerTable } from '../ipc/dispatch';
import type { SettingsService } from '../settings/settings';
import type { CaptureStore } from './captures';
import type { ChatController } from './chat-controller';

export interface AppServices {
  settings: SettingsService;
  captures: CaptureStore;
  chat: ChatController;
  events: EventSink;
  /** Captures the display under the cursor; undefined where there is no desktop (web mode). */
  captureScreen?: () => Promise<RawImage>;
}

export function createHandlerTable(services: AppServices): HandlerTable {
  const { settings, captures, chat, events } = services;

  async function announce(source: RawImage | Uint8Array, autoAsk: boolean): Promise<CaptureInfo> {
    const info = await captures.add(source, autoAsk);
    events.emit('capture:ready', info);
    return info;
  }

  return {
    'settings:get': () => Promise.resolve(settings.toPublic()),
    'settings:update': (patch) => Promise.resolve(settings.update(patch)),
    'capture:screen': async () => {
      if (!services.captureScreen) {
        throw new UserFacingError(
          'Screen capture is not available here: drop, paste or pick an image instead.',
          'unsupported',
        );
      }
      return announce(await services.captureScreen(), true);
    },
    'capture:image': ({ bytes }) => announce(bytes, false),
    'chat:ask': ({ requestId, captureId, prompt }) =>
      Promise.resolve(chat.ask(requestId, captures.get(captureId), prompt)),
    'chat:stop': ({ requestId }) => Promise.resolve({ stopped: chat.stop(requestId) }),
  };
}
