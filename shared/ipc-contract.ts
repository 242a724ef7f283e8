/**
 * The IPC contract: every channel between the renderer and main, once. Main (and the web-mode
 * server) parse what the renderer sends with these schemas; the renderer only imports types.
 */
import { z } from 'zod';
import { dataInvokeSchemas, type DataEventPayloads, type DataInvokeResults } from './data-channels';
import {
  overlayInvokeSchemas,
  type OverlayEventPayloads,
  type OverlayInvokeResults,
} from './overlay-channels';
import {
  privacyInvokeSchemas,
  type PrivacyEventPayloads,
  type PrivacyInvokeResults,
} from './privacy-channels';
import { settingsPatchSchema, type PublicSettings } from './settings-schema';
import type { MessageFields } from './messages';
import { appInvokeSchemas, type AppEventPayloads, type AppInvokeResults } from './app-channels';
import { actionInvokeSchemas, type ActionInvokeResults, type CaptureAction } from './action-channels';
import { MAX_IMAGE_UPLOAD_BYTES } from './upload-limits';

export { eventChannels, IPC_INVOKE_CHANNEL } from './ipc-names';
export { MAX_IMAGE_UPLOAD_BYTES };

const id = z.string().min(1).max(64);

/** Longest text the renderer may put on the clipboard (a whole long answer fits). */
export const MAX_CLIPBOARD_CHARS = 4 * 1024 * 1024;

/** Follow-ups resend the conversation: its length and each turn's are capped. */
export const MAX_HISTORY_TURNS = 64;
export const MAX_TURN_CHARS = 400_000;

/** Settings changes: the schema lives with the settings schema (shared/settings-schema.ts). */
export const settingsUpdateSchema = settingsPatchSchema;

export const invokeSchemas = {
  'settings:get': z.undefined(),
  'settings:update': settingsUpdateSchema,
  /** The same action as the capture hotkey: the whole display under the cursor. */
  'capture:screen': z.undefined(),
  /** An image the user dropped, pasted or picked (web mode, and drag-and-drop in the app). */
  'capture:image': z
    .object({ name: z.string().max(1024), bytes: z.instanceof(Uint8Array) })
    .strict()
    // Sentences for users, with the code the page words them by (electron/core/ipc/dispatch.ts).
    .refine((v) => v.bytes.byteLength > 0, {
      message: 'The image file is empty.',
      path: ['bytes'],
      params: { code: 'image.emptyFile' },
    })
    .refine((v) => v.bytes.byteLength <= MAX_IMAGE_UPLOAD_BYTES, {
      message: `The image file is larger than ${MAX_IMAGE_UPLOAD_BYTES / 1024 / 1024} MB: use a smaller image.`,
      path: ['bytes'],
      params: { code: 'image.uploadTooLarge', megabytes: MAX_IMAGE_UPLOAD_BYTES / 1024 / 1024 },
    }),
  /** The renderer names the request, so no event can arrive before it knows the id. */
  'chat:ask': z
    .object({
      requestId: id,
      captureId: id,
      prompt: z.string().trim().min(1).max(20_000),
      /**
       * Earlier turns of the same conversation, oldest first, starting with the user's first
       * question: the image goes with that first turn. Empty or absent for a new conversation.
       */
      history: z
        .array(
          z
            .object({
              role: z.enum(['user', 'assistant']),
              content: z.string().max(MAX_TURN_CHARS),
              /** A later question that came with its own capture ("Add a capture"). */
              captureId: id.optional(),
            })
            .strict(),
        )
        .max(MAX_HISTORY_TURNS)
        .optional(),
      /** Record the answer in this conversation (a follow-up); a new one is created otherwise. */
      conversationId: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,64}$/)
        .optional(),
      /**
       * A new answer to the conversation's last question (`prompt` is that question): recorded
       * in `conversationId` as a newer version of the answer, the earlier one kept.
       */
      regenerate: z.boolean().optional(),
      /**
       * "Add a capture": a new capture shown with this follow-up, sent in its own user message
       * (the conversation's first image stays with the first question).
       */
      addedCaptureId: id.optional(),
      /**
       * The question came from this action (issue 17): main asks with its profile, model and
       * parameter overrides, and the history records it. Unknown (removed meanwhile): asked
       * with the active profile, as without it.
       */
      actionId: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,64}$/)
        .optional(),
    })
    .strict(),
  'chat:stop': z.object({ requestId: id }).strict(),
  /** Sends the capture as sharp-text tiles as well (or no longer); only for a capture offered it. */
  'capture:sharp-text': z.object({ captureId: id, enabled: z.boolean() }).strict(),
  /**
   * The models a server lists (the settings' model picker, and "test connection"). The stored key
   * of `profileId` is used only when `baseUrl` is that profile's saved base URL; a key typed but
   * not saved yet comes as `apiKey`.
   */
  'endpoint:models': z
    .object({
      baseUrl: z.string().trim().min(1).max(2048),
      profileId: z.string().max(64).optional(),
      apiKey: z.string().max(8192).optional(),
      headers: z
        .record(z.string().max(256), z.string().max(8192))
        .refine((h) => Object.keys(h).length <= 32, 'at most 32 extra headers')
        .optional(),
    })
    .strict(),
  /**
   * "Test connection" with the model typed: the server's model list when it has one; when it has
   * no `GET /models` (many local and proxy servers), a one-line chat with that model instead.
   * The stored key follows the same rule as `endpoint:models`.
   */
  'endpoint:test': z
    .object({
      baseUrl: z.string().trim().min(1).max(2048),
      model: z.string().trim().min(1).max(256),
      profileId: z.string().max(64).optional(),
      apiKey: z.string().max(8192).optional(),
      headers: z
        .record(z.string().max(256), z.string().max(8192))
        .refine((h) => Object.keys(h).length <= 32, 'at most 32 extra headers')
        .optional(),
    })
    .strict(),
  /** A link the user clicked in an answer; main opens it in their browser if it is http(s). */
  'app:open-external': z.object({ url: z.string().min(1).max(8192) }).strict(),
  /** Copy goes through main: the renderer has no clipboard permission. */
  'clipboard:write': z.object({ text: z.string().max(MAX_CLIPBOARD_CHARS) }).strict(),
  /** Settings profiles and history: see shared/data-channels.ts. */
  ...dataInvokeSchemas,
  /** The region overlay: see shared/overlay-channels.ts. */
  ...overlayInvokeSchemas,
  /** Offline text extraction: see shared/privacy-channels.ts. */
  ...privacyInvokeSchemas,
  /** Tray actions, shortcuts' state, OS explanations, diagnostics: see shared/app-channels.ts. */
  ...appInvokeSchemas,
  /** Your own actions: see shared/action-channels.ts. */
  ...actionInvokeSchemas,
} as const;

export type InvokeChannel = keyof typeof invokeSchemas;
export type InvokeArgs<C extends InvokeChannel> = z.input<(typeof invokeSchemas)[C]>;
export type ParsedInvokeArgs<C extends InvokeChannel> = z.output<(typeof invokeSchemas)[C]>;

export type { PublicSettings, KeyStorageStatus, Settings, Profile } from './settings-schema';
export type { OverlayFrame, OverlayRectDip, ProposedRedaction } from './overlay-channels';
export type { CaptureProposal, CaptureScanState } from './privacy-channels';
export type { HotkeyStatusInfo, HotkeyProblemInfo, RendererAction } from './app-channels';
export type { CaptureAction, ActionImportNote, ActionImportResult } from './action-channels';

export interface CaptureInfo {
  captureId: string;
  width: number;
  height: number;
  /** Encoded size of what will be sent. */
  bytes: number;
  mime: string;
  /** A small preview for the panel (data: URI). */
  previewUrl: string;
  /** True when it came from the hotkey: the panel asks the default prompt at once. */
  autoAsk: boolean;
  /**
   * Offered when the provider would shrink this image so far that small text may be misread:
   * sending it as full-resolution tiles as well keeps that text sharp. Off until the user turns
   * it on (`capture:sharp-text`).
   */
  sharpText?: SharpTextInfo;
  /** The action that started this capture (its shortcut, the tray, `--action`, `actions:run`). */
  action?: CaptureAction;
}

export interface SharpTextInfo {
  enabled: boolean;
  rows: number;
  columns: number;
  /** The selected region, in physical pixels. */
  regionWidth: number;
  regionHeight: number;
  /** The size the provider reduces the single image to before its model sees it. */
  receivedWidth: number;
  receivedHeight: number;
  /** Tokens the tiles add, where the provider documents what an image costs. */
  extraTokens?: number;
  /** Encoded size of the tiles, once they are prepared (enabled). */
  tileBytes?: number;
  /** Why sharp text was turned off by itself (the tiles would not fit the provider's limits). */
  error?: string;
  /** The same reason's code and fields, for the page to word it (shared/messages.ts). */
  errorCode?: string;
  errorFields?: MessageFields;
}

export interface InvokeResults
  extends
    DataInvokeResults,
    OverlayInvokeResults,
    PrivacyInvokeResults,
    AppInvokeResults,
    ActionInvokeResults {
  'settings:get': PublicSettings;
  'settings:update': PublicSettings;
  'capture:screen': CaptureInfo;
  'capture:image': CaptureInfo;
  'capture:sharp-text': CaptureInfo;
  /** `conversationId`: where the answer is recorded in the history (absent when not recorded). */
  'chat:ask': { requestId: string; conversationId?: string };
  'chat:stop': { stopped: boolean };
  'app:open-external': { opened: boolean };
  'clipboard:write': { written: boolean };
  'endpoint:models': { models: string[] };
  /** `via: 'chat'`: the server lists no models, and a chat with the model answered (`models` empty). */
  'endpoint:test': { models: string[]; via: 'models' | 'chat' };
}

export interface ChatDeltaPart {
  choice: number;
  content?: string;
  reasoning?: string;
  refusal?: string;
  /** Tool-call fragments by call index, as they stream (the assembled calls come with chat:done). */
  toolCalls?: { index: number; id?: string; name?: string; arguments?: string }[];
}

export interface EventPayloads
  extends DataEventPayloads, OverlayEventPayloads, PrivacyEventPayloads, AppEventPayloads {
  'capture:ready': CaptureInfo;
  /** A capture started outside the renderer (hotkey, tray, --capture) failed. */
  /** `kind`: 'screen-permission' and 'wayland-portal' come with an explanation in the panel. */
  /**
   * `action`: the failed capture was this action's (issue 17; e.g. web mode, which has no screen
   * to capture): the panel keeps it for the next image the user gives, which it then asks about.
   */
  'capture:failed': {
    message: string;
    kind?: string;
    code?: string;
    fields?: MessageFields;
    action?: CaptureAction;
  };
  /** Deltas coalesced per frame; `seq` increases by one per message of a request. */
  'chat:delta': { requestId: string; seq: number; parts: ChatDeltaPart[] };
  'chat:done': {
    requestId: string;
    finishReason: string | null;
    model: string | null;
    usage: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | null;
    systemFingerprint: string | null;
    /** Function calls of the first choice (name and the JSON arguments as written); absent if none. */
    toolCalls?: { id: string; name: string; arguments: string }[];
  };
  'chat:error': {
    requestId: string;
    /** One line the user can act on, in English (the log, the CLI). */
    message: string;
    /** What the page words it from, in its language (shared/messages.ts). */
    code?: string;
    fields?: MessageFields;
    kind: string;
    status?: number;
    /** Part of the answer arrived before the failure and is kept. */
    interrupted: boolean;
  };
}

export type EventChannel = keyof EventPayloads;

/** How every invoke travels back: errors as data, so no transport wraps or leaks them. */
/** `code` and `fields`: what the page words the error from (shared/messages.ts); `message` is English. */
export type InvokeReply<T> =
  | { ok: true; value: T }
  | { ok: false; error: { message: string; kind: string; code?: string; fields?: MessageFields } };
