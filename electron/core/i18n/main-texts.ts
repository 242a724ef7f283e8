/**
 * What main shows through the OS itself (dialogs, the failed-start box): drawn outside the page,
 * so outside the renderer's catalogs, and worded here in the language the UI speaks. Which
 * language that is follows the page's own rule (shared/ui-language.ts); electron/main only asks
 * Electron for the OS's languages and passes the words on. The log keeps English.
 * French typography as in renderer/src/lib/i18n/fr.ts: U+202F before ; ! ?, U+00A0 before : and
 * inside « ».
 */
import type { UiLanguage } from '../../../shared/ui-language';

export { pickLanguage, type UiLanguage } from '../../../shared/ui-language';

/** What an export or import moves: the history or your actions (the dialogs name it). */
export type TransferSubject = 'history' | 'actions';

export interface MainTexts {
  /** The folder picker of an export (dialog.showOpenDialog), per subject. */
  exportTitle: Record<TransferSubject, string>;
  exportButton: string;
  /** The file picker of an import, and its file filter's name. */
  importTitle: Record<TransferSubject, string>;
  importButton: string;
  importFilter: Record<TransferSubject, string>;
  /** The update that is downloaded and verified (dialog.showMessageBox). */
  updateTitle: string;
  updateReady: (version: string) => string;
  updateNoNotes: string;
  updateInstall: string;
  updateLater: string;
  /** A start that failed (dialog.showErrorBox); `reason` is the error as it was thrown. */
  startFailedTitle: string;
  startFailedContent: (reason: string | undefined, logFile: string | undefined) => string;
}

const NBSP = '\u00a0';

export const MAIN_TEXTS: Readonly<Record<UiLanguage, MainTexts>> = {
  en: {
    exportTitle: { history: 'Export the history into…', actions: 'Export your actions into…' },
    exportButton: 'Export here',
    importTitle: { history: 'Import a Glimpse history export', actions: 'Import Glimpse actions' },
    importButton: 'Import',
    importFilter: { history: 'Glimpse history export (JSON)', actions: 'Glimpse actions (JSON)' },
    updateTitle: 'Glimpse update',
    updateReady: (version) => `Glimpse ${version} is ready to install.`,
    updateNoNotes: 'No release notes.',
    updateInstall: 'Restart and install',
    updateLater: 'Later',
    startFailedTitle: 'Glimpse could not start',
    startFailedContent: (reason, logFile) =>
      `Glimpse stopped while starting: ${reason ?? 'an unknown error'}\n\n` +
      `${logFile ? `The log has the details: ${logFile}` : 'No log file could be written.'}\n\n` +
      'Start Glimpse again. If this keeps happening, report it with that log file.',
  },
  fr: {
    exportTitle: { history: 'Exporter l’historique dans…', actions: 'Exporter vos actions dans…' },
    exportButton: 'Exporter ici',
    importTitle: {
      history: 'Importer un export d’historique Glimpse',
      actions: 'Importer des actions Glimpse',
    },
    importButton: 'Importer',
    importFilter: { history: 'Export d’historique Glimpse (JSON)', actions: 'Actions Glimpse (JSON)' },
    updateTitle: 'Mise à jour de Glimpse',
    updateReady: (version) => `Glimpse ${version} est prêt à être installé.`,
    updateNoNotes: 'Aucune note de version.',
    updateInstall: 'Redémarrer et installer',
    updateLater: 'Plus tard',
    startFailedTitle: 'Glimpse n’a pas pu démarrer',
    startFailedContent: (reason, logFile) =>
      `Glimpse s’est arrêté au démarrage${NBSP}: ${reason ?? 'une erreur inconnue'}\n\n` +
      `${logFile ? `Le journal donne les détails${NBSP}: ${logFile}` : 'Aucun fichier journal n’a pu être écrit.'}\n\n` +
      'Relancez Glimpse. Si cela se reproduit, signalez-le avec ce fichier journal.',
  },
};

export function mainTexts(language: UiLanguage): MainTexts {
  return MAIN_TEXTS[language];
}
