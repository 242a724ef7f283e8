/**
 * The handlers of the settings-profile and history channels (shared/data-channels.ts), and the
 * recorder that saves every answer while it streams. Spread into the app's handler table.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { MAX_IMPORT_BYTES, type DataInvokeResults } from '../../../shared/data-channels';
import type { ParsedInvokeArgs } from '../../../shared/ipc-contract';
import { DEFAULT_PROMPT, DEFAULT_PROMPTS } from '../../../shared/settings-schema';
import type { CaptureStore } from '../app/captures';
import type { AnswerSink, RecordedAsk } from '../app/chat-controller';
import { UserFacingError, type EventSink } from '../ipc/dispatch';
import type { TransferSubject } from '../i18n/main-texts';
import type { SettingsService } from '../settings/settings';
import { AnswerRecording } from './recorder';
import type { HistoryRepository } from './repository';
import { exportTo, importArchive, parseArchive } from './transfer';

export interface DataServices {
  settings: SettingsService;
  captures: CaptureStore;
  events: EventSink;
  /** Absent where no history is kept: its channels then say so. */
  history?: HistoryRepository;
  /**
   * The folder an export goes into; undefined when the user cancelled. `what` is exported (the
   * history, or your actions): main's dialog names it.
   */
  exportDir?: (what: TransferSubject) => Promise<string | undefined>;
  /**
   * The archive to import, chosen in main's open dialog; undefined when the user cancelled.
   * Absent in web mode: the page sends the file's bytes instead.
   */
  importFile?: (what: TransferSubject) => Promise<string | undefined>;
  newId?: () => string;
}

type DataTable = {
  [C in keyof DataInvokeResults]: (args: ParsedInvokeArgs<C>) => Promise<DataInvokeResults[C]>;
};

/** Records each answer in the history; follow-ups go to the conversation they continue. */
export function historyRecorder(
  history: HistoryRepository,
  settings: SettingsService,
  events: EventSink,
): (ask: RecordedAsk) => AnswerSink {
  return (ask) => {
    // An action's question was asked with the action's profile and parameters (chatProfile).
    const chosen = ask.action ? settings.chatProfile(ask.action.id) : undefined;
    const profile = chosen?.profile ?? settings.activeProfile();
    const parameters = chosen?.params ?? profile.parameters;
    const continuing = ask.conversationId !== undefined && history.summary(ask.conversationId) !== undefined;
    const recording = new AnswerRecording(history, {
      ...(continuing ? { conversationId: ask.conversationId } : {}),
      prompt: ask.prompt,
      // A follow-up asks about the image already in the conversation: it is not stored twice.
      // A capture added to the follow-up ("Add a capture") is stored with that question.
      ...(continuing && !ask.addedImage
        ? {}
        : {
            image: {
              bytes: (ask.addedImage ?? ask.image).bytes,
              mime: (ask.addedImage ?? ask.image).mime,
              width: (ask.addedImage ?? ask.image).width,
              height: (ask.addedImage ?? ask.image).height,
            },
          }),
      model: ask.model,
      ...(ask.sharpText ? { sharpText: ask.sharpText } : {}),
      ...(continuing && ask.regenerate ? { regenerate: true } : {}),
      profileId: profile.id,
      ...(Object.keys(parameters).length > 0 ? { parameters: { ...parameters } } : {}),
      ...(ask.action ? { action: { ...ask.action } } : {}),
      // The default question says nothing about the capture, in whichever language the page asked it.
      titleFromAnswer:
        ask.prompt.trim() === profile.prompt.trim() ||
        (profile.prompt.trim() === DEFAULT_PROMPT &&
          Object.values(DEFAULT_PROMPTS).includes(ask.prompt.trim())),
    });
    const changed = (): void => events.emit('history:changed', { conversationId: recording.conversationId });
    void recording.ready.then(changed, () => {});
    return {
      conversationId: recording.conversationId,
      append: (parts) => recording.append(parts),
      finish: (end) => recording.finish(end).then(changed),
      fail: (reason, detail) => recording.fail(reason, detail).then(changed),
    };
  };
}

/** Reads the archive the user picked in main's dialog, refusing one too large to hold in memory. */
async function pickedArchive(
  choose: DataServices['importFile'],
): Promise<{ bytes: Uint8Array; name: string }> {
  if (!choose)
    throw new UserFacingError('There is no file dialog here: choose the file in the page.', 'unsupported', {
      code: 'history.noDialog',
    });
  const path = await choose('history');
  if (!path) throw new UserFacingError('Import cancelled.', 'cancelled', { code: 'history.importCancelled' });
  const name = basename(path);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new UserFacingError(`“${name}” could not be read. Nothing was imported.`, 'archive-unreadable', {
      code: 'history.archiveUnreadable',
      fields: { name },
    });
  }
  if (size > MAX_IMPORT_BYTES)
    throw new UserFacingError(
      `“${name}” is too large to import (${Math.round(size / 1024 / 1024)} MB; at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB). Nothing was imported.`,
      'archive-too-large',
      {
        code: 'history.archiveTooLarge',
        fields: { name, megabytes: Math.round(size / 1024 / 1024), max: MAX_IMPORT_BYTES / 1024 / 1024 },
      },
    );
  try {
    return { bytes: await readFile(path), name };
  } catch {
    throw new UserFacingError(`“${name}” could not be read. Nothing was imported.`, 'archive-unreadable', {
      code: 'history.archiveUnreadable',
      fields: { name },
    });
  }
}

export function createDataHandlers(services: DataServices): DataTable {
  const { settings, events, captures } = services;
  const history = (): HistoryRepository => {
    if (!services.history)
      throw new UserFacingError('History is not available here.', 'unsupported', {
        code: 'history.unavailable',
      });
    return services.history;
  };
  const newId = services.newId ?? (() => crypto.randomUUID());

  return {
    'settings:profile-save': (args) => Promise.resolve(settings.saveProfile(args, newId)),
    'settings:profile-delete': ({ id }) => Promise.resolve(settings.deleteProfile(id)),
    'history:list': (args) => history().page(args ?? {}),
    'history:search': ({ query, ...paging }) => history().search(query, paging),
    'history:get': ({ id }) => history().get(id),
    'history:image': async ({ hash }) => {
      const { mime, bytes } = await history().readImage(hash);
      return { mime, dataUrl: `data:${mime};base64,${Buffer.from(bytes).toString('base64')}` };
    },
    'history:rename': async ({ id, title }) => {
      const summary = await history().rename(id, title);
      events.emit('history:changed', { conversationId: id });
      return summary;
    },
    'history:delete': async ({ id }) => {
      const result = await history().delete(id);
      events.emit('history:changed', { conversationId: id });
      return result;
    },
    'history:reopen': async ({ id }) => {
      const repo = history();
      const conversation = await repo.get(id);
      const first = conversation.messages.flatMap((m) => m.parts).find((p) => p.type === 'image');
      if (!first)
        throw new UserFacingError('This conversation has no image to ask about.', 'no-image', {
          code: 'history.noImage',
        });
      const { bytes } = await repo.readImage(first.hash);
      return captures.add(bytes, false);
    },
    'history:export': async ({ format, ids }) => {
      const dir = await services.exportDir?.('history');
      if (!dir)
        throw new UserFacingError('Export cancelled.', 'cancelled', { code: 'history.exportCancelled' });
      return { path: await exportTo(history(), { format, dir, ...(ids ? { ids } : {}) }) };
    },
    'history:import': async (args) => {
      const repo = history();
      const file = 'pick' in args ? await pickedArchive(services.importFile) : args;
      // The whole file parses before anything is written: a bad file changes nothing.
      const result = await importArchive(repo, parseArchive(file.bytes, file.name));
      if (result.imported > 0) events.emit('history:changed', { conversationId: null });
      return { ...result, ...(file.name ? { file: file.name } : {}) };
    },
    'history:problems': () =>
      Promise.resolve({
        problems: [...settings.problems, ...(services.history?.worded ?? [])],
      }),
  };
}
