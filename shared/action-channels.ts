/**
 * The IPC channels of your own actions (issue 17), joined into the contract by
 * shared/ipc-contract.ts. Handlers: electron/core/app/action-handlers.ts.
 *
 * The list itself is part of the settings: read with `settings:get` (`settings.actions`), heard
 * with `settings:changed`, saved whole with `settings:update {actions: [...]}`.
 *
 * Invokes (renderer → main):
 * - `actions:run` {id} → {started}: runs it as its shortcut does (capture, then the panel; the
 *   `capture:ready` it leads to carries `action`, see CaptureInfo). Unknown id: an error naming it.
 * - `actions:export` {ids?, to: 'file' | 'text'} → {path?} | {text?}: the actions (all, or `ids`)
 *   as a versioned JSON file (ActionsFile), without any key or secret: a profile is named by id
 *   and name only. 'file': main chooses where (a save dialog in the app, the data folder's
 *   exports/ in web mode) and answers the path ('' when the dialog was cancelled); 'text': the
 *   JSON itself, for the page to offer as a download.
 * - `actions:import` {pick: true} | {bytes, name?} → ActionImportResult: adds the file's actions
 *   after the current ones (an id already present gets a fresh one; a shortcut already taken is
 *   dropped, noted). An action whose profile does not exist here runs with the active one: its
 *   profileId becomes null and a note says so. A bad file throws, naming what is wrong.
 * - `actions:reset` → PublicSettings: the four default actions (Explain, Translate, Extract
 *   text, Debug this error) replace the list; nothing else changes.
 *
 * `chat:ask` takes `actionId` (the panel's question came from that action): main asks with the
 * action's profile, model and parameter overrides, and the history records {id, name}.
 */
import { z } from 'zod';
import type { PublicSettings } from './settings-schema';
import { ACTION_ID } from './settings-schema';
import { MAX_IMPORT_BYTES } from './history-rules';

const actionId = z.string().regex(ACTION_ID);

export const actionInvokeSchemas = {
  'actions:run': z.object({ id: actionId }).strict(),
  'actions:export': z
    .object({
      ids: z.array(actionId).max(100).optional(),
      to: z.enum(['file', 'text']),
    })
    .strict(),
  'actions:import': z.union([
    z.object({ pick: z.literal(true) }).strict(),
    z
      .object({ bytes: z.instanceof(Uint8Array), name: z.string().min(1).max(255).optional() })
      .strict()
      .refine((v) => v.bytes.byteLength > 0 && v.bytes.byteLength <= MAX_IMPORT_BYTES, {
        message: 'the file is empty or too large',
        path: ['bytes'],
      }),
  ]),
  'actions:reset': z.undefined(),
} as const;

/** Something the user should read about one imported action (in English; the page words it from code). */
export interface ActionImportNote {
  /** The action's id after the import. */
  actionId: string;
  actionName: string;
  /**
   * 'profile-missing': its profile (fields.profile, by name) is not here; it runs with the active one.
   * 'hotkey-taken': its shortcut (fields.hotkey) is already used here; it has none.
   * 'renamed-id': its id was taken; it got a new one.
   */
  code: 'action.import.profileMissing' | 'action.import.hotkeyTaken' | 'action.import.renamedId';
  fields: Record<string, string>;
  message: string;
}

export interface ActionImportResult {
  /** False when the open dialog was cancelled (nothing changed). */
  picked: boolean;
  imported: number;
  notes: ActionImportNote[];
  settings: PublicSettings;
}

export interface ActionInvokeResults {
  'actions:run': { started: boolean };
  'actions:export': { path?: string; text?: string };
  'actions:import': ActionImportResult;
  'actions:reset': PublicSettings;
}

/**
 * What a capture started by an action carries (CaptureInfo.action): the panel picks the question
 * in its language (shared/actions.ts actionQuestion), asks at once when `askAtOnce` (then
 * CaptureInfo.autoAsk is true too), and sends `chat:ask {actionId: id}`.
 */
export interface CaptureAction {
  id: string;
  name: string;
  question: { en?: string; fr?: string };
  askAtOnce: boolean;
  engine: 'model' | 'local-ocr';
  /**
   * Something to tell the user about this run, e.g. the action's profile does not exist and the
   * active one is used (code 'action.profileMissing', fields {action, profile}).
   */
  notice?: { code: string; fields: Record<string, string>; message: string };
}
