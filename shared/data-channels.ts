/**
 * The IPC channels of settings profiles and history (spread into shared/ipc-contract.ts).
 *
 * Invokes (renderer → main), each payload parsed with its schema below:
 * - `settings:profile-save` {profile, apiKey?, activate?} → PublicSettings. Creates a profile
 *   (no id) or replaces one; the whole settings are validated before anything is written.
 * - `settings:profile-delete` {id} → PublicSettings (the last profile cannot be deleted; its key goes too).
 * - `history:list` {offset?, limit?} → HistoryPage, newest first.
 * - `history:search` {query, actionId?, offset?, limit?} → HistorySearchPage (case-insensitive, titles
 *   and all text; `actionId`: only conversations that action asked in).
 * - `history:get` {id} → Conversation (every message, image references by hash).
 * - `history:image` {hash} → {mime, dataUrl} for thumbnails and opened conversations.
 * - `history:rename` {id, title} → ConversationSummary.
 * - `history:delete` {id} → {deleted, imagesRemoved} (images no other conversation uses go too).
 * - `history:reopen` {id} → CaptureInfo: the conversation's first image, ready for a follow-up
 *   `chat:ask` with `conversationId` (after a restart the capture is no longer in memory).
 * - `history:export` {format: 'json'|'markdown', ids?} → {path} of the file or folder written
 *   (main chooses the folder: a dialog in the app, the data folder's exports/ in web mode).
 * - `history:import` {pick: true} | {bytes, name?} → ImportResult (a JSON archive; ids already
 *   present are skipped). In the app main shows the open dialog and reads the file itself (the
 *   page never handles paths); in web mode, or for a file dropped on the page, the page sends
 *   the file's bytes and name (the name only appears in messages). A bad file throws, naming it.
 * - `history:problems` → {problems} what went wrong with the stored files since start.
 *
 * Events (main → renderer):
 * - `settings:changed` PublicSettings, after any change (from any window).
 * - `history:changed` {conversationId} (null: many changed, e.g. an import) — refresh the list.
 * - `storage:problem` {message}: a file was set aside, the disk is full or read-only; show it.
 */
import { z } from 'zod';
import type { CaptureInfo } from './ipc-contract';
import type { CoreMessage } from './messages';
import type { PublicSettings } from './settings-schema';
import { profileSaveSchema } from './settings-schema';
import {
  conversationIdSchema,
  imageHashSchema,
  type Conversation,
  type ConversationSummary,
  type HistoryPage,
  type HistorySearchPage,
  type ImportResult,
} from './history-schema';
import { MAX_IMPORT_BYTES } from './history-rules';

export { MAX_IMPORT_BYTES, MAX_WEB_IMPORT_BYTES } from './history-rules';

const paging = {
  offset: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(500).optional(),
};

export const dataInvokeSchemas = {
  'settings:profile-save': profileSaveSchema,
  'settings:profile-delete': z.object({ id: z.string().min(1).max(64) }).strict(),
  'history:list': z.object(paging).strict().optional(),
  'history:search': z
    .object({
      query: z.string().max(1000),
      /** Only conversations one of whose questions this action asked (issue 17); query may be ''. */
      actionId: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,64}$/)
        .optional(),
      ...paging,
    })
    .strict(),
  'history:get': z.object({ id: conversationIdSchema }).strict(),
  'history:image': z.object({ hash: imageHashSchema }).strict(),
  'history:rename': z.object({ id: conversationIdSchema, title: z.string().trim().min(1).max(500) }).strict(),
  'history:delete': z.object({ id: conversationIdSchema }).strict(),
  'history:reopen': z.object({ id: conversationIdSchema }).strict(),
  'history:export': z
    .object({
      format: z.enum(['json', 'markdown']),
      ids: z.array(conversationIdSchema).max(100_000).optional(),
    })
    .strict(),
  'history:import': z.union([
    z.object({ pick: z.literal(true) }).strict(),
    z
      .object({ bytes: z.instanceof(Uint8Array), name: z.string().min(1).max(255).optional() })
      .strict()
      .refine((v) => v.bytes.byteLength > 0 && v.bytes.byteLength <= MAX_IMPORT_BYTES, {
        message: 'the file is empty or too large',
        path: ['bytes'],
      }),
  ]),
  'history:problems': z.undefined(),
} as const;

export interface DataInvokeResults {
  'settings:profile-save': PublicSettings;
  'settings:profile-delete': PublicSettings;
  'history:list': HistoryPage;
  'history:search': HistorySearchPage;
  'history:get': Conversation;
  'history:image': { mime: string; dataUrl: string };
  'history:rename': ConversationSummary;
  'history:delete': { deleted: boolean; imagesRemoved: number };
  'history:reopen': CaptureInfo;
  'history:export': { path: string };
  'history:import': ImportResult;
  /** Each with its code and fields, for the page to word in its language (shared/messages.ts). */
  'history:problems': { problems: CoreMessage[] };
}

export interface DataEventPayloads {
  'settings:changed': PublicSettings;
  'history:changed': { conversationId: string | null };
  'storage:problem': { message: string };
}
