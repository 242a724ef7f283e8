/**
 * Your own actions, the settings side (issue 17): which profile, model and parameters an action
 * asks with; the shareable file (export: never a key, a profile named by id and name only;
 * import: checked whole before anything changes, a missing profile falls back to the active one
 * and says so). No Electron here: the app, web mode and the CLI use the same functions.
 */
import { z } from 'zod';
import type { ActionImportNote } from '../../../shared/action-channels';
import {
  actionSchema,
  ACTION_ID,
  MAX_ACTIONS,
  type Action,
  type Profile,
  type ProfileParameters,
  type Settings,
} from '../../../shared/settings-schema';
import { UserFacingError } from '../ipc/dispatch';

/** What the user reads when an action's profile is gone (an import, or a profile deleted since). */
export interface ProfileFallback {
  code: 'action.profileMissing';
  fields: { action: string; profile: string };
  message: string;
}

export interface ResolvedAction {
  action: Action;
  /** The profile it asks with: its own, or the active one (null profileId, or a missing one). */
  profile: Profile;
  /** The profile's model, unless the action names one. */
  model: string;
  /** The profile's parameters with the action's merged over them. */
  parameters: ProfileParameters;
  /** Set when the action names a profile that does not exist here. */
  fallback?: ProfileFallback;
}

/** The profile, model and parameters `action` asks with under `settings`. */
export function resolveAction(settings: Settings, action: Action): ResolvedAction {
  const active = settings.profiles.find((p) => p.id === settings.activeProfileId) ?? settings.profiles[0]!;
  const own =
    action.profileId === null ? undefined : settings.profiles.find((p) => p.id === action.profileId);
  const profile = own ?? active;
  const resolved: ResolvedAction = {
    action,
    profile,
    model: action.model ?? profile.model,
    parameters: mergeParameters(profile.parameters, action.parameters),
  };
  if (action.profileId !== null && !own)
    resolved.fallback = {
      code: 'action.profileMissing',
      fields: { action: action.name, profile: action.profileId },
      message: `The profile “${action.profileId}” of the action “${action.name}” does not exist here: the active profile “${active.name}” is used.`,
    };
  return resolved;
}

/**
 * The action's parameters over the profile's. tool_choice without tools of the same request is
 * refused by the API: an action that sets tools brings its tool_choice (or none) with them.
 */
export function mergeParameters(profile: ProfileParameters, action: ProfileParameters): ProfileParameters {
  const merged: ProfileParameters = { ...profile, ...action };
  if (action.tools !== undefined && action.tool_choice === undefined) delete merged.tool_choice;
  return merged;
}

/** The shareable file's format name and version (bump the version when its shape changes). */
export const ACTIONS_FILE_FORMAT = 'glimpse-actions';
export const ACTIONS_FILE_VERSION = 1;

/** One action as the file carries it: its own fields, its profile by id and name only. */
const sharedActionSchema = actionSchema.extend({
  /** The profile's name when exported (a note names it if it is missing where imported). */
  profileName: z.string().max(100).nullable().optional(),
});

export const actionsFileSchema = z
  .object({
    format: z.literal(ACTIONS_FILE_FORMAT, { error: 'this is not a Glimpse actions file' }),
    version: z.literal(ACTIONS_FILE_VERSION, {
      error: `this file was written by a newer Glimpse (only version ${ACTIONS_FILE_VERSION} is read)`,
    }),
    exportedAt: z.number().optional(),
    actions: z.array(sharedActionSchema).max(MAX_ACTIONS, `at most ${MAX_ACTIONS} actions`),
  })
  .strict();

export type ActionsFile = z.output<typeof actionsFileSchema>;

/**
 * The actions (all, or `ids`, in the list's order) as the shareable JSON text. Built field by
 * field from the schema's own fields: nothing of a profile but its id and name goes in, so no
 * key, header or proxy password can ride along.
 */
export function exportActions(settings: Settings, ids?: readonly string[], now = Date.now()): string {
  const chosen = ids ? settings.actions.filter((a) => ids.includes(a.id)) : settings.actions;
  if (ids) {
    const unknown = ids.find((id) => !settings.actions.some((a) => a.id === id));
    if (unknown !== undefined)
      throw new UserFacingError(`There is no action “${unknown}”.`, 'not-found', {
        code: 'action.unknown',
        fields: { action: unknown },
      });
  }
  const file: ActionsFile = {
    format: ACTIONS_FILE_FORMAT,
    version: ACTIONS_FILE_VERSION,
    exportedAt: now,
    actions: chosen.map((a) => {
      const parsed = actionSchema.parse(a);
      const profile =
        parsed.profileId === null ? undefined : settings.profiles.find((p) => p.id === parsed.profileId);
      return { ...parsed, profileName: profile ? profile.name : null };
    }),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** The file's name for an export on `date`. */
export function actionsFileName(date = new Date()): string {
  const day = date.toISOString().slice(0, 10);
  return `glimpse-actions-${day}.json`;
}

/** Reads an actions file, or throws what is wrong with it (naming the file). */
export function parseActionsFile(bytes: Uint8Array, name?: string): ActionsFile {
  const label = name ? `“${name}”` : 'The file';
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new UserFacingError(`${label} is not JSON. Nothing was imported.`, 'invalid-file', {
      code: 'action.import.notJson',
      fields: { name: name ?? '' },
    });
  }
  const parsed = actionsFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.map(String).join('.');
    const reason = where ? `${where}: ${issue.message}` : issue.message;
    throw new UserFacingError(
      `${label} cannot be imported: ${reason}. Nothing was imported.`,
      'invalid-file',
      {
        code: 'action.import.invalid',
        fields: { name: name ?? '', reason },
      },
    );
  }
  return parsed.data;
}

/**
 * The settings' action list with the file's actions added after the current ones, and a note for
 * each thing the user should know: a profile that is not here (the action then uses the active
 * one), a shortcut already taken here (dropped), an id already taken (a new one).
 */
export function mergeImportedActions(
  settings: Settings,
  file: ActionsFile,
  newId: () => string,
): { actions: Action[]; notes: ActionImportNote[]; imported: number } {
  const actions = [...settings.actions];
  const notes: ActionImportNote[] = [];
  if (actions.length + file.actions.length > MAX_ACTIONS)
    throw new UserFacingError(
      `Importing ${file.actions.length} actions would make more than ${MAX_ACTIONS}. Remove some first. Nothing was imported.`,
      'too-many',
      {
        code: 'action.import.tooMany',
        fields: { count: String(file.actions.length), max: String(MAX_ACTIONS) },
      },
    );
  const takenKeys = new Set(
    [...Object.values(settings.hotkeys), ...actions.map((a) => a.hotkey)]
      .filter((h) => h !== '')
      .map((h) => h.toLowerCase()),
  );
  for (const shared of file.actions) {
    const { profileName, ...fields } = shared;
    const action: Action = { ...fields };
    if (actions.some((a) => a.id === action.id)) {
      const free = (id: string): boolean => ACTION_ID.test(id) && !actions.some((a) => a.id === id);
      let id = newId();
      // A few fresh ids, then a numbered one: never a loop, whatever newId gives.
      for (let tries = 0; !free(id) && tries < 8; tries++) id = newId();
      for (let n = 2; !free(id); n++) id = `${action.id.slice(0, 56)}-${n}`;
      notes.push({
        actionId: id,
        actionName: action.name,
        code: 'action.import.renamedId',
        fields: { action: action.name, id: action.id },
        message: `“${action.name}”: an action with its id is already here; it was imported as a new one.`,
      });
      action.id = id;
    }
    if (action.profileId !== null && !settings.profiles.some((p) => p.id === action.profileId)) {
      const named = profileName ?? action.profileId;
      notes.push({
        actionId: action.id,
        actionName: action.name,
        code: 'action.import.profileMissing',
        fields: { action: action.name, profile: named },
        message: `“${action.name}” used the profile “${named}”, which is not here: it uses the active profile.`,
      });
      action.profileId = null;
    }
    if (action.hotkey !== '') {
      const key = action.hotkey.toLowerCase();
      if (takenKeys.has(key)) {
        notes.push({
          actionId: action.id,
          actionName: action.name,
          code: 'action.import.hotkeyTaken',
          fields: { action: action.name, hotkey: action.hotkey },
          message: `“${action.name}”: its shortcut ${action.hotkey} is already used here; it has none.`,
        });
        action.hotkey = '';
      } else takenKeys.add(key);
    }
    actions.push(action);
  }
  return { actions, notes, imported: file.actions.length };
}
