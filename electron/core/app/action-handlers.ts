/**
 * Handlers of your own actions' channels (shared/action-channels.ts): run one as its shortcut
 * does, export and import the shareable file, reset to the four defaults. The list itself is
 * part of the settings (settings:get / settings:update).
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ActionInvokeResults } from '../../../shared/action-channels';
import { MAX_IMPORT_BYTES } from '../../../shared/history-rules';
import type { ParsedInvokeArgs } from '../../../shared/ipc-contract';
import { UserFacingError } from '../ipc/dispatch';
import type { TransferSubject } from '../i18n/main-texts';
import { actionsFileName, exportActions, mergeImportedActions, parseActionsFile } from '../settings/actions';
import type { SettingsService } from '../settings/settings';
import type { AppActions } from './actions';

export interface ActionHandlerServices {
  settings: SettingsService;
  /** Runs an action as its shortcut does; absent where the app's actions are not wired (tests). */
  actions?: Pick<AppActions, 'runAction'>;
  /** The folder an export goes into (main's dialog; web mode: the data folder's exports/). */
  exportDir?: (what: TransferSubject) => Promise<string | undefined>;
  /** The file to import, chosen in main's open dialog; absent in web mode (the page sends bytes). */
  importFile?: (what: TransferSubject) => Promise<string | undefined>;
  newId?: () => string;
}

type Handlers = {
  [C in keyof ActionInvokeResults]: (args: ParsedInvokeArgs<C>) => Promise<ActionInvokeResults[C]>;
};

export function createActionHandlers(services: ActionHandlerServices): Handlers {
  const { settings } = services;
  const newId = services.newId ?? (() => `action-${crypto.randomUUID().slice(0, 8)}`);
  return {
    'actions:run': async ({ id }) => {
      if (!services.actions)
        throw new UserFacingError('Actions cannot be run here.', 'unsupported', {
          code: 'action.unavailable',
        });
      return services.actions.runAction(id);
    },
    'actions:export': async ({ ids, to }) => {
      const text = exportActions(settings.current, ids);
      if (to === 'text') return { text };
      const dir = await services.exportDir?.('actions');
      if (!dir) return { path: '' };
      const path = join(dir, actionsFileName());
      await writeFile(path, text, { encoding: 'utf8', mode: 0o644 });
      return { path };
    },
    'actions:import': async (args) => {
      let file: { bytes: Uint8Array; name?: string };
      if ('pick' in args) {
        const picked = await pickedFile(services.importFile);
        if (!picked) return { picked: false, imported: 0, notes: [], settings: settings.toPublic() };
        file = picked;
      } else file = args;
      // The whole file is checked before anything changes: a bad file changes nothing.
      const parsed = parseActionsFile(file.bytes, file.name);
      const merged = mergeImportedActions(settings.current, parsed, newId);
      const publicSettings = settings.replaceActions(merged.actions);
      return { picked: true, imported: merged.imported, notes: merged.notes, settings: publicSettings };
    },
    'actions:reset': () => Promise.resolve(settings.resetActions()),
  };
}

async function pickedFile(
  choose: ActionHandlerServices['importFile'],
): Promise<{ bytes: Uint8Array; name: string } | undefined> {
  if (!choose)
    throw new UserFacingError('There is no file dialog here: choose the file in the page.', 'unsupported', {
      code: 'history.noDialog',
    });
  const path = await choose('actions');
  if (!path) return undefined;
  const name = basename(path);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new UserFacingError(`“${name}” could not be read. Nothing was imported.`, 'file-unreadable', {
      code: 'action.import.unreadable',
      fields: { name },
    });
  }
  if (size > MAX_IMPORT_BYTES)
    throw new UserFacingError(
      `“${name}” is too large to be an actions file. Nothing was imported.`,
      'too-large',
      {
        code: 'action.import.tooLarge',
        fields: { name },
      },
    );
  return { bytes: new Uint8Array(await readFile(path)), name };
}
