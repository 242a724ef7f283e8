/**
 * Conversations as stored on disk and shown to the renderer: one JSON file per conversation,
 * images referenced by the SHA-256 of their bytes (stored once, in history/images/). Base64
 * exists only in request bodies and in `history:image` replies.
 */
import { z } from 'zod';

export const HISTORY_VERSION = 1;

const SHA256 = /^[0-9a-f]{64}$/;
export const conversationIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a conversation id');
export const imageHashSchema = z.string().regex(SHA256, 'not an image hash');

export const textPartSchema = z.object({ type: z.literal('text'), text: z.string() });
export const imagePartSchema = z.object({
  type: z.literal('image'),
  hash: imageHashSchema,
  mime: z.enum(['image/png', 'image/jpeg', 'image/webp', 'image/gif']),
  width: z.number().int().nonnegative(),
  height: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
});
export const messagePartSchema = z.discriminatedUnion('type', [textPartSchema, imagePartSchema]);

export const usageSchema = z
  .object({
    prompt_tokens: z.number().optional(),
    completion_tokens: z.number().optional(),
    total_tokens: z.number().optional(),
  })
  .passthrough();

export const messageSchema = z.object({
  id: z.string().min(1).max(64),
  role: z.enum(['user', 'assistant']),
  /** Epoch milliseconds. */
  createdAt: z.number(),
  parts: z.array(messagePartSchema),
  model: z.string().optional(),
  profileId: z.string().optional(),
  /**
   * User messages: the action that asked this question (issue 17), by id and its name then.
   * Added later: files without it load unchanged; search can filter on its id.
   */
  action: z.object({ id: z.string().min(1).max(64), name: z.string().max(100) }).optional(),
  /** The request parameters that produced this answer. */
  parameters: z.record(z.string(), z.unknown()).optional(),
  usage: usageSchema.nullable().optional(),
  finishReason: z.string().nullable().optional(),
  timings: z
    .object({ startedAt: z.number(), firstTokenAt: z.number().optional(), finishedAt: z.number().optional() })
    .optional(),
  /** Still being written by a running stream (only ever true in memory or after a crash). */
  streaming: z.boolean().optional(),
  /** The stream broke or was stopped: the text is what arrived before. */
  interrupted: z.boolean().optional(),
  /**
   * The request failed before any answer arrived (401, refused connection, …): `error` holds the
   * server's message. Added later: files without it load unchanged (see answerOutcome).
   */
  failed: z.boolean().optional(),
  /** Why it failed, in the user's words (English: the core's message). */
  error: z.string().optional(),
  /** What the page words `error` from in its language (shared/messages.ts); absent in older files. */
  errorCode: z.string().max(100).optional(),
  errorFields: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  reasoning: z.string().optional(),
  refusal: z.string().optional(),
  /** Function calls the model made (first choice): name and JSON arguments as it wrote them. */
  toolCalls: z
    .array(z.object({ id: z.string().max(256), name: z.string().max(256), arguments: z.string() }))
    .optional(),
  /** A newer answer to the same question (Regenerate): the earlier answer is the message before. */
  regenerated: z.boolean().optional(),
  /** A question sent with "sharp text": the image also went out as rows × columns tiles. */
  sharpText: z
    .object({ rows: z.number().int().min(1).max(64), columns: z.number().int().min(1).max(64) })
    .optional(),
  /** Other choices when the request asked for n > 1 (choice 0 is `parts`). */
  alternatives: z
    .array(
      z.object({
        choice: z.number().int(),
        text: z.string(),
        finishReason: z.string().nullable().optional(),
      }),
    )
    .optional(),
});

export const conversationSchema = z.object({
  version: z.literal(HISTORY_VERSION),
  id: conversationIdSchema,
  title: z.string().max(500),
  createdAt: z.number(),
  updatedAt: z.number(),
  messages: z.array(messageSchema),
});

export type MessagePart = z.output<typeof messagePartSchema>;
export type ImagePart = z.output<typeof imagePartSchema>;
export type StoredMessage = z.output<typeof messageSchema>;
export type Conversation = z.output<typeof conversationSchema>;

/** One row of the history list. */
export interface ConversationSummary {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  model: string | null;
  /** Hash of the first image (fetch it with `history:image`), or null. */
  thumbnail: string | null;
  messageCount: number;
  /** The last answer was cut short. */
  interrupted: boolean;
  /** The last request failed before any answer arrived (absent from older indexes). */
  failed?: boolean;
  /** Ids of the actions that asked its questions (absent when none, and from older indexes). */
  actions?: string[];
}

export interface HistoryPage {
  items: ConversationSummary[];
  total: number;
  offset: number;
}

export interface HistorySearchHit extends ConversationSummary {
  /** A short excerpt around the first match. */
  snippet: string;
}

export interface HistorySearchPage {
  items: HistorySearchHit[];
  total: number;
  offset: number;
}

/** The JSON archive: what `history:export` writes and `history:import` reads back. */
export const ARCHIVE_FORMAT = 'glimpse-history';
export const archiveSchema = z.object({
  format: z.literal(ARCHIVE_FORMAT),
  version: z.literal(1),
  exportedAt: z.number(),
  conversations: z.array(conversationSchema),
  /** Image hash → { mime, base64 }. */
  images: z.record(imageHashSchema, z.object({ mime: z.string(), base64: z.string() })),
});
export type HistoryArchive = z.output<typeof archiveSchema>;

export interface ImportResult {
  imported: number;
  /** Already present (same id): never overwritten. */
  skipped: number;
  /** Images whose bytes did not match their hash, or conversations that failed their schema. */
  rejected: number;
  /** The file's name, when one was given or picked (for the message). */
  file?: string;
}
