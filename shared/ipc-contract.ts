/**
 * The IPC contract: every channel between the renderer and main, once. Main (and the web-mode
 * server) parse what the renderer sends with these schemas; the renderer only imports types.
 */
import { z } from 'zod';

/** The single Electron IPC channel that carries every invoke; the contract channel is its first argument. */
export const IPC_INVOKE_CHANNEL = 'glimpse:invoke';

/** Largest image a renderer may hand over (drop, paste, file picker). */
export const MAX_IMAGE_UPLOAD_BYTES = 50 * 1024 * 1024;

const id = z.string().min(1).max(64);

export const settingsUpdateSchema = z
  .object({
    baseUrl: z.string().max(2048),
    model: z.string().max(256),
    prompt: z.string().max(20_000),
    /** A new key, or null to remove it. The stored key never travels back to the renderer. */
    apiKey: z.string().max(8192).nullable(),
  })
  .partial()
  .strict();

export const invokeSchemas = {
  'settings:get': z.undefined(),
  'settings:update': settingsUpdateSchema,
  /** The same action as the capture hotkey: the whole display under the cursor. */
  'capture:screen': z.undefined(),
  /** An image the user dropped, pasted or picked (web mode, and drag-and-drop in the app). */
  'capture:image': z
    .object({ name: z.string().max(1024), bytes: z.instanceof(Uint8Array) })
    .strict()
    .refine((v) => v.bytes.byteLength > 0, { message: 'the file is empty', path: ['bytes'] })
    .refine((v) => v.bytes.byteLength <= MAX_IMAGE_UPLOAD_BYTES, {
      message: `the file is larger than ${MAX_IMAGE_UPLOAD_BYTES / 1024 / 1024} MB`,
      path: ['bytes'],
    }),
  /** The renderer names the request, so no event can arrive before it knows the id. */
  'chat:ask': z
    .object({ requestId: id, captureId: id, prompt: z.string().trim().min(1).max(20_000) })
    .strict(),
  'chat:stop': z.object({ requestId: id }).strict(),
} as const;

export type InvokeChannel = keyof typeof invokeSchemas;
export type InvokeArgs<C extends InvokeChannel> = z.input<(typeof invokeSchemas)[C]>;
export type ParsedInvokeArgs<C extends InvokeChannel> = z.output<(typeof invokeSchemas)[C]>;

export interface PublicSettings {
  baseUrl: string;
  model: string;
  prompt: string;
  /** Whether a key is stored; the key itself stays in main. */
  hasApiKey: boolean;
}

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
}

export interface InvokeResults {
  'settings:get': PublicSettings;
  'settings:update': PublicSettings;
  'capture:screen': CaptureInfo;
  'capture:image': CaptureInfo;
  'chat:ask': { requestId: string };
  'chat:stop': { stopped: boolean };
}

export interface ChatDeltaPart {
  choice: number;
  content?: string;
  reasoning?: string;
  refusal?: string;
}

export interface EventPayloads {
  'capture:ready': CaptureInfo;
  /** A capture started outside the renderer (hotkey, tray, --capture) failed. */
  'capture:failed': { message: string };
  /** Deltas coalesced per frame; `seq` increases by one per message of a request. */
  'chat:delta': { requestId: string; seq: number; parts: ChatDeltaPart[] };
  'chat:done': {
    requestId: string;
    finishReason: string | null;
    model: string | null;
    usage: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | null;
    systemFingerprint: string | null;
  };
  'chat:error': {
    requestId: string;
    /** One line the user can act on. */
    message: string;
    kind: string;
    status?: number;
    /** Part of the answer arrived before the failure and is kept. */
    interrupted: boolean;
  };
}

export type EventChannel = keyof EventPayloads;

export const eventChannels = [
  'capture:ready',
  'capture:failed',
  'chat:delta',
  'chat:done',
  'chat:error',
] as const satisfies readonly EventChannel[];

/** How every invoke travels back: errors as data, so no transport wraps or leaks them. */
export type InvokeReply<T> = { ok: true; value: T } | { ok: false; error: { message: string; kind: string } };
