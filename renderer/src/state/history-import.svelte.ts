/**
 * Import of a JSON export into the history (components/HistoryImport.svelte shows it). In the app,
 * main shows the open dialog and reads the file: the page never handles a path. In web mode a
 * file input picks it and its bytes are sent, size-checked first; a file dropped on the list is
 * sent the same way in either mode. The core's outcome becomes one message: how many came in,
 * how many were already there, or, for a bad file, its name and why (nothing is written then).
 */
import { MAX_IMPORT_BYTES, MAX_WEB_IMPORT_BYTES } from '../../../shared/history-rules';
import type { ImportResult } from '../../../shared/history-schema';
import { api, isWebMode } from '../lib/api';
import { formatBytes, plural, t } from '../lib/i18n';
import type { MessageKey } from '../lib/i18n/en';
import { locale } from '../lib/i18n/locale.svelte';

/** The translation of each refusal the core names by kind (electron/core/history/transfer.ts). */
const REFUSALS: Record<string, MessageKey> = {
  'archive-not-json': 'history.importNotJson',
  'archive-not-ours': 'history.importNotOurs',
  'archive-newer': 'history.importNewer',
  'archive-damaged': 'history.importDamaged',
  'archive-unreadable': 'history.importUnreadable',
};

const fileLabel = (name: string | undefined): string =>
  name ? t('history.file', { name }) : t('history.thisFile');

export function describeImport(result: ImportResult, name?: string): string {
  const file = fileLabel(result.file ?? name);
  const total = result.imported + result.skipped;
  let text: string;
  if (result.imported > 0) {
    text = plural('history.importedOne', 'history.imported', result.imported).replace('{file}', file);
    if (result.skipped > 0)
      text += ` ${plural('history.importSkippedOne', 'history.importSkipped', result.skipped)}`;
  } else if (total > 0) {
    text = t(total === 1 ? 'history.importNothingNewOne' : 'history.importNothingNew', {
      file,
      count: total,
    });
  } else {
    text = t('history.importNone', { file });
  }
  if (result.rejected > 0)
    text += ` ${plural('history.importRejectedOne', 'history.importRejected', result.rejected)}`;
  return text;
}

/** The core's own sentence in English (it names the file and why); a translation by kind otherwise. */
function refusal(error: unknown, name: string | undefined): string {
  const { message, kind } = error as { message?: unknown; kind?: unknown };
  const key = typeof kind === 'string' ? REFUSALS[kind] : undefined;
  if (locale.current !== 'en' && key) return t(key, { file: fileLabel(name) });
  return typeof message === 'string' ? message : t('history.importFailed', { message: String(error) });
}

export class HistoryImporter {
  busy = $state(false);
  outcome = $state.raw<{ ok: boolean; text: string } | null>(null);

  async #run(send: () => Promise<ImportResult>, name?: string): Promise<void> {
    this.busy = true;
    this.outcome = null;
    try {
      this.outcome = { ok: true, text: describeImport(await send(), name) };
    } catch (error) {
      // The user closed the dialog: nothing to say.
      if ((error as { kind?: unknown }).kind !== 'cancelled')
        this.outcome = { ok: false, text: refusal(error, name) };
    } finally {
      this.busy = false;
    }
  }

  /** The app: main's open dialog picks and reads the file. */
  pick(): Promise<void> {
    return this.#run(() => api().history.import({ pick: true }));
  }

  /** A file the page holds (web mode's picker, or a drop on the list): its bytes are sent. */
  async send(file: File): Promise<void> {
    const max = isWebMode() ? MAX_WEB_IMPORT_BYTES : MAX_IMPORT_BYTES;
    const label = fileLabel(file.name);
    if (file.size === 0) {
      this.outcome = { ok: false, text: t('history.importEmpty', { file: label }) };
      return;
    }
    if (file.size > max) {
      const size = formatBytes(file.size);
      this.outcome = {
        ok: false,
        text: t('history.importTooLarge', { file: label, size, max: formatBytes(max) }),
      };
      return;
    }
    await this.#run(
      async () => api().history.import({ bytes: new Uint8Array(await file.arrayBuffer()), name: file.name }),
      file.name,
    );
  }

  dismiss(): void {
    this.outcome = null;
  }
}
