/**
 * The IPC handler table, the same in the app and in web mode: only the services differ
 * (desktop capture vs. none, safeStorage vs. memory, net.fetch vs. Node's fetch).
 */
import type { CaptureInfo } from '../../../shared/ipc-contract';
import { overlayHandlers, OverlaySession, type FrozenDisplay } from '../capture';
import type { RawImage } from '../image';
import { UserFacingError, type EventSink, type HandlerTable } from '../ipc/dispatch';
import type { SettingsService } from '../settings/settings';
import { createDataHandlers, type DataServices } from '../history/handlers';
import { toSafeExternalUrl } from '../security';
import { ChatError } from '../chat';
import { ProxyConfigError } from '../net/proxy-fetch';
import {
  extractText,
  withPrivacyShield,
  type CaptureShield,
  type OcrReader,
  type PrivacyShield,
} from '../privacy';
import type { CaptureOrigin, CaptureStore } from './captures';
import type { ChatController } from './chat-controller';
import { createLifeHandlers, type AppLifeServices } from './life-handlers';
import { createActionHandlers } from './action-handlers';

export interface AppServices extends Pick<DataServices, 'history' | 'exportDir' | 'importFile'> {
  settings: SettingsService;
  captures: CaptureStore;
  chat: ChatController;
  events: EventSink;
  /**
   * Captures the display under the cursor, with its pixels per DIP; undefined where there is no
   * desktop (web mode).
   */
  captureScreen?: () => Promise<{ image: RawImage; scaleFactor: number }>;
  /** The region overlay's state; one is made here when not given (no windows to open). */
  overlay?: OverlaySession;
  /** Freezes every display for the overlay (one desktopCapturer call); web mode: a fixture screen. */
  captureDisplays?: () => Promise<FrozenDisplay[]>;
  /** The privacy shield: reads the frozen screens offline and proposes boxes (issue 7). */
  privacy?: PrivacyShield;
  /**
   * The shield for captures that skip the overlay (whole-screen hotkey, dropped images): scans
   * them on arrival, holds sends back until it has read them (issue 7).
   */
  captureShield?: CaptureShield;
  /** Offline OCR for "Extract text"; undefined: not available here. */
  ocr?: OcrReader;
  /** Opens a checked http(s) URL in the user's browser (shell.openExternal in the app). */
  openExternal?: (url: string) => Promise<void>;
  /** Puts text on the system clipboard (Electron's clipboard in the app). */
  writeClipboard?: (text: string) => void | Promise<void>;
  /** Tray actions, shortcuts, diagnostics (electron/core/app/life-handlers.ts); undefined: not here. */
  life?: AppLifeServices;
  /**
   * The image on the system clipboard as encoded bytes (PNG), undefined when it holds none: what
   * an action capturing "the clipboard" sends. Absent where there is no clipboard to read.
   */
  readClipboardImage?: () => Promise<Uint8Array | undefined> | Uint8Array | undefined;
}

/**
 * Announces a capture as every path does: kept in the store, `capture:ready` to the windows, and
 * handed to the shield to read (captures that skip the overlay).
 */
export async function announceCapture(
  services: Pick<AppServices, 'captures' | 'events' | 'captureShield'>,
  source: RawImage | Uint8Array,
  autoAsk: boolean,
  origin: CaptureOrigin = {},
): Promise<CaptureInfo> {
  const { captures, events } = services;
  const info = await captures.add(source, autoAsk, {}, origin);
  events.emit('capture:ready', info);
  const { sourceWidth, sourceHeight } = captures.get(info.captureId);
  services.captureShield?.scan(info.captureId, source, { width: sourceWidth, height: sourceHeight });
  return info;
}

/**
 * The capture an action asks for, announced (arming the store happens before, in AppActions):
 * the display under the pointer (as `capture:screen`) or the clipboard's image. The region
 * overlay is `capture:region`, run by AppActions itself.
 */
export function actionCaptures(
  services: Pick<
    AppServices,
    'captures' | 'events' | 'captureShield' | 'captureScreen' | 'readClipboardImage'
  >,
): {
  screen: () => Promise<CaptureInfo>;
  clipboard: () => Promise<CaptureInfo>;
} {
  return {
    screen: async () => {
      if (!services.captureScreen) throw screenUnavailable();
      const { image, scaleFactor } = await services.captureScreen();
      return announceCapture(services, image, true, { scaleFactor });
    },
    clipboard: async () => {
      if (!services.readClipboardImage)
        throw new UserFacingError(
          'The clipboard cannot be read here: paste the image into the panel instead.',
          'unsupported',
          {
            code: 'capture.clipboardUnavailable',
          },
        );
      const bytes = await services.readClipboardImage();
      if (!bytes || bytes.byteLength === 0)
        throw new UserFacingError(
          'There is no image on the clipboard: copy an image (or take a screenshot to the clipboard) and run the action again.',
          'clipboard-empty',
          { code: 'capture.clipboardEmpty' },
        );
      return announceCapture(services, bytes, true);
    },
  };
}

function screenUnavailable(): UserFacingError {
  return new UserFacingError(
    'Screen capture is not available here: drop, paste or pick an image instead.',
    'unsupported',
    { code: 'capture.unavailable' },
  );
}

export function createHandlerTable(services: AppServices): HandlerTable {
  const { settings, captures, chat, events } = services;

  const announce = (source: RawImage | Uint8Array, autoAsk: boolean, origin: CaptureOrigin = {}) =>
    announceCapture(services, source, autoAsk, origin);

  // Every window hears about a settings change, whichever window made it.
  settings.onChange(() => events.emit('settings:changed', settings.toPublic()));

  return {
    ...createDataHandlers(services),
    ...createLifeHandlers(services.life, services.writeClipboard, events),
    ...createActionHandlers({
      settings,
      ...(services.life ? { actions: services.life.actions } : {}),
      ...(services.exportDir ? { exportDir: services.exportDir } : {}),
      ...(services.importFile ? { importFile: services.importFile } : {}),
    }),
    'settings:get': () => Promise.resolve(settings.toPublic()),
    'settings:update': (patch) => Promise.resolve(settings.update(patch)),
    'capture:screen': async () => {
      if (!services.captureScreen) throw screenUnavailable();
      const { image, scaleFactor } = await services.captureScreen();
      return announce(image, true, { scaleFactor });
    },
    'capture:image': ({ bytes }) => announce(bytes, false),
    'chat:ask': async ({
      requestId,
      captureId,
      prompt,
      history,
      conversationId,
      regenerate,
      addedCaptureId,
      actionId,
    }) => {
      // The shield may hold the send back, or burn its boxes in first (auto-asked captures).
      await services.captureShield?.beforeSend(captureId, captures);
      if (addedCaptureId !== undefined) await services.captureShield?.beforeSend(addedCaptureId, captures);
      // Tiles still being prepared (sharp text just turned on) go out with this ask.
      await captures.settled(captureId);
      if (addedCaptureId !== undefined) await captures.settled(addedCaptureId);
      // Captures added to earlier questions ("Add a capture") go again with those questions.
      const turns = history?.map(({ captureId: turnCapture, ...turn }) =>
        turnCapture !== undefined && turn.role === 'user'
          ? { ...turn, images: captures.images(turnCapture) }
          : turn,
      );
      return chat.ask(requestId, captures.images(captureId), prompt, {
        ...(turns ? { history: turns } : {}),
        ...(addedCaptureId !== undefined ? { added: captures.images(addedCaptureId) } : {}),
        ...(conversationId !== undefined ? { conversationId } : {}),
        ...(regenerate ? { regenerate } : {}),
        ...(actionId !== undefined ? { actionId } : {}),
      });
    },
    'capture:sharp-text': ({ captureId, enabled }) => captures.setSharpText(captureId, enabled),
    'capture:redact': async ({ captureId, boxes, reviewed }) => {
      const info = await captures.redact(captureId, boxes);
      services.captureShield?.review(captureId, reviewed ?? [], boxes);
      return info;
    },
    'chat:stop': ({ requestId }) => Promise.resolve({ stopped: chat.stop(requestId) }),
    'app:open-external': async ({ url }) => {
      // Security: only the canonical http(s) form of the link reaches the OS, never other schemes.
      const safe = toSafeExternalUrl(url);
      if (safe === null)
        throw new UserFacingError('Only web links (http or https) can be opened.', 'refused-url', {
          code: 'link.refused',
        });
      if (!services.openExternal)
        throw new UserFacingError('Links cannot be opened here.', 'unsupported', {
          code: 'link.unavailable',
        });
      await services.openExternal(safe);
      return { opened: true };
    },
    'endpoint:test': async ({ baseUrl, model, profileId, apiKey, headers }) => {
      // Security: as for endpoint:models, the stored key goes only to the base URL saved with it.
      const profile = settings.current.profiles.find((p) => p.id === profileId);
      const storedKey =
        profile && profile.baseUrl.trim() === baseUrl ? settings.apiKey(profile.id) : undefined;
      const key = apiKey ?? storedKey;
      try {
        return await chat.test(
          {
            baseUrl,
            ...(key ? { apiKey: key } : {}),
            ...(headers ? { headers: settings.resolveHeaders(profileId, baseUrl, headers) } : {}),
            ...(profile ? { compat: profile.compat } : {}),
            retry: { maxAttempts: 1 },
          },
          model,
          settings.proxyChoice(profile?.id),
        );
      } catch (error) {
        if (error instanceof ChatError) throw chatFacing(error);
        if (error instanceof ProxyConfigError) throw new UserFacingError(error.message, 'proxy', error);
        throw error;
      }
    },
    'endpoint:models': async ({ baseUrl, profileId, apiKey, headers }) => {
      // Security: a stored key only ever goes to the base URL saved with it, so a page cannot
      // send it to a server of its choosing.
      const profile = settings.current.profiles.find((p) => p.id === profileId);
      const storedKey =
        profile && profile.baseUrl.trim() === baseUrl ? settings.apiKey(profile.id) : undefined;
      const key = apiKey ?? storedKey;
      try {
        const models = await chat.models(
          {
            baseUrl,
            ...(key ? { apiKey: key } : {}),
            ...(headers ? { headers: settings.resolveHeaders(profileId, baseUrl, headers) } : {}),
            retry: { maxAttempts: 1 },
          },
          // The saved profile's proxy (password in place): a proxy typed into the form applies once saved.
          settings.proxyChoice(profile?.id),
        );
        return { models };
      } catch (error) {
        if (error instanceof ChatError) throw chatFacing(error);
        if (error instanceof ProxyConfigError) throw new UserFacingError(error.message, 'proxy', error);
        throw error;
      }
    },
    'clipboard:write': async ({ text }) => {
      if (!services.writeClipboard)
        throw new UserFacingError('Copying is not available here.', 'unsupported', {
          code: 'clipboard.unavailable',
        });
      await services.writeClipboard(text);
      return { written: true };
    },
    'privacy:extract-text': async ({ captureId }) => {
      if (!services.ocr)
        throw new UserFacingError('Text extraction is not available here.', 'unsupported', {
          code: 'ocr.unavailable',
        });
      const { image, region } = await captures.forOcr(captureId);
      return { text: await extractText(services.ocr, image, region ? { region } : {}) };
    },
    ...withOptionalShield(
      services.overlay ?? new OverlaySession({ captures, events }),
      services.captureDisplays,
      services.privacy,
    ),
  };
}

function withOptionalShield(
  session: OverlaySession,
  captureDisplays: AppServices['captureDisplays'],
  shield: PrivacyShield | undefined,
) {
  const handlers = overlayHandlers({ session, captureDisplays });
  return shield ? withPrivacyShield(handlers, { session, shield }) : handlers;
}

/** A chat failure as the page gets it: English message, kind, and the code and fields it words. */
function chatFacing(error: ChatError): UserFacingError {
  return new UserFacingError(error.message, error.kind, {
    ...(error.code !== undefined ? { code: error.code } : {}),
    ...(error.fields !== undefined ? { fields: error.fields } : {}),
  });
}
