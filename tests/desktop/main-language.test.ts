/**
 * What main draws through the OS (the history's open dialogs, the tray menu, the failed-start
 * box) speaks the UI's language (issue 16.5, "French everywhere"): the settings' language, or
 * with 'system' the OS's languages, by the same rule as the page (shared/ui-language.ts).
 * Before this, the dialogs were English whatever the language.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { GlimpseApiError } from '../../shared/api';
import { boot, unusableDataDir, waitFor, type Desktop } from './harness';
import { answerPanel } from './pages';
import { PROFILE_NAMES } from './stand-in/profiles';

let desktop: Desktop | undefined;
const folders: string[] = [];
afterEach(async () => {
  await desktop?.dispose();
  desktop = undefined;
});
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function lastOpenDialog(d: Desktop): Electron.OpenDialogOptions {
  const call = d.electron.runtime.calls('dialog.showOpenDialog').at(-1);
  if (!call) throw new Error('no open dialog was shown');
  return call[0] as Electron.OpenDialogOptions;
}

describe.each(PROFILE_NAMES)('%s', (name) => {
  it('with the language set to French, the export dialog and the tray menu are French on an English OS', async () => {
    desktop = await boot(name, { profile: { locale: 'en-US' } });
    const panel = await answerPanel(desktop);
    await panel.page.glimpse.settings.update({ language: 'fr' });
    // The user cancels the folder picker: only its words matter here.
    desktop.electron.dialogAnswers.openDialog.push('cancel');
    await panel.page.glimpse.history.export({ format: 'json' }).catch(() => undefined);
    const options = lastOpenDialog(desktop);
    expect(options.title).toBe('Exporter l’historique dans…');
    expect(options.buttonLabel).toBe('Exporter ici');
    const tray = desktop.electron.Tray.all.at(-1)!;
    const labels = tray.menu?.items.map((item) => item.label) ?? [];
    expect(labels).toContain('Quitter Glimpse');
    expect(labels).not.toContain('Quit Glimpse');
  });
});

describe('your actions’ dialogs', () => {
  it('name your actions, not the history (they showed the history’s titles)', async () => {
    desktop = await boot('linux-x11', { profile: { locale: 'fr-FR' } });
    const panel = await answerPanel(desktop);
    desktop.electron.dialogAnswers.openDialog.push('cancel', 'cancel');
    await panel.page.glimpse.actions.export({ to: 'file' });
    expect(lastOpenDialog(desktop).title).toBe('Exporter vos actions dans…');
    await panel.page.glimpse.actions.import({ pick: true });
    expect(lastOpenDialog(desktop).title).toBe('Importer des actions Glimpse');
    expect(lastOpenDialog(desktop).filters?.[0]?.name).toBe('Actions Glimpse (JSON)');
  });
});

describe('refusals main words itself', () => {
  it('opening System Settings off macOS carries its message code, so the page words it (was English only)', async () => {
    desktop = await boot('windows');
    const panel = await answerPanel(desktop);
    const error = await panel.page.glimpse.app.openSystemSettings().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GlimpseApiError);
    expect((error as GlimpseApiError).code).toBe('app.macOnly');
  });
});

describe('language "system"', () => {
  it('follows the OS language: the import dialog is French on a French OS, English on a German one', async () => {
    desktop = await boot('linux-x11', { profile: { locale: 'fr-FR' } });
    let panel = await answerPanel(desktop);
    await panel.page.glimpse.settings.update({ language: 'system' });
    desktop.electron.dialogAnswers.openDialog.push('cancel');
    await panel.page.glimpse.history.import({ pick: true }).catch(() => undefined);
    expect(lastOpenDialog(desktop).title).toBe('Importer un export d’historique Glimpse');
    expect(lastOpenDialog(desktop).filters?.[0]?.name).toBe('Export d’historique Glimpse (JSON)');
    await desktop.dispose();

    // No language Glimpse has: English, as the page does.
    desktop = await boot('linux-x11', { profile: { locale: 'de-DE' } });
    panel = await answerPanel(desktop);
    desktop.electron.dialogAnswers.openDialog.push('cancel');
    await panel.page.glimpse.history.import({ pick: true }).catch(() => undefined);
    expect(lastOpenDialog(desktop).title).toBe('Import a Glimpse history export');
  });

  it('a start that fails before the settings load words its box in the OS language', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'glimpse-lang-'));
    folders.push(parent);
    desktop = await boot('windows', { ...unusableDataDir(parent), profile: { locale: 'fr-FR' } });
    await waitFor(() => desktop!.electron.runtime.ended, 'the process to exit');
    const [title, content] = desktop.electron.runtime.calls('dialog.showErrorBox')[0] as [string, string];
    expect(title).toBe('Glimpse n’a pas pu démarrer');
    expect(content).toContain('Relancez Glimpse');
  });
});
