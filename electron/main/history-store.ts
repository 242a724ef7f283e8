/**
 * Electron-side wiring of the history: the repository over the data folder, its problems sent to
 * every window, the folder picker for exports and the file picker for imports.
 */
import { dialog } from 'electron';
import { HistoryRepository } from '../core/history/repository';
import { mainTexts, type TransferSubject, type UiLanguage } from '../core/i18n/main-texts';
import type { EventSink } from '../core/ipc/dispatch';
import { nodeStorage } from '../core/storage/port';
import { electronStores } from './stores';

export async function openHistory(
  dataDir: string,
  events: EventSink,
  log: (line: string) => void,
): Promise<HistoryRepository> {
  const history = await HistoryRepository.open(nodeStorage(dataDir), {
    // The index, its head and every conversation file are electron-store files.
    stores: electronStores,
    onProblem: (message) => {
      log(`history: ${message}`);
      events.emit('storage:problem', { message });
    },
  });
  // Conversations found after the list was first shown (a crash before their index line).
  void history.reconciled().then((added) => {
    if (added > 0) events.emit('history:changed', { conversationId: null });
  });
  return history;
}

/** `language`: the UI's (ui-language.ts); the OS draws the dialog, outside the page. */
export async function chooseExportDir(
  language: UiLanguage,
  what: TransferSubject,
): Promise<string | undefined> {
  const texts = mainTexts(language);
  const result = await dialog.showOpenDialog({
    title: texts.exportTitle[what],
    buttonLabel: texts.exportButton,
    properties: ['openDirectory', 'createDirectory'],
  });
  return result.canceled ? undefined : result.filePaths[0];
}

/**
 * The archive to import. Main shows the dialog and the core reads the file, so the page never
 * names a path (a compromised page could otherwise ask main to read any file).
 */
export async function chooseImportFile(
  language: UiLanguage,
  what: TransferSubject,
): Promise<string | undefined> {
  const texts = mainTexts(language);
  const result = await dialog.showOpenDialog({
    title: texts.importTitle[what],
    buttonLabel: texts.importButton,
    properties: ['openFile'],
    filters: [{ name: texts.importFilter[what], extensions: ['json'] }],
  });
  return result.canceled ? undefined : result.filePaths[0];
}
