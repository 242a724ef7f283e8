/**
 * History import through main's open dialog (issue 14), on each desktop: the History page in the
 * main window asks `history:import {pick: true}`, main shows the open dialog (the stand-in answers
 * as Electron's dialog does: `{canceled, filePaths}`), reads the chosen file and imports it. An
 * export made by `history:export` (its folder chosen in the same dialog) comes back whole in a
 * fresh Glimpse; a cancelled dialog writes nothing.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GlimpseApiError } from '../../shared/api';
import { boot, waitFor, type Desktop, type Page } from './harness';
import { answerOf, answerPanel, configureEndpoint, selectRegion, streamingServer } from './pages';
import { PROFILE_NAMES, type ProfileName } from './stand-in/profiles';
import type { MockServer } from '../support/mock-openai-server';

let server: MockServer;
let desktop: Desktop | undefined;
const folders: string[] = [];
beforeAll(async () => {
  server = await streamingServer();
});
afterAll(async () => {
  await server.close();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
afterEach(async () => {
  await desktop?.dispose();
  desktop = undefined;
});

function folder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  folders.push(dir);
  return dir;
}

/**
 * Every file under a folder with its size and modification time: what "nothing written" compares.
 * The search index (history/search) is left out: it is built in the background after start,
 * whatever the page does, and an import that writes adds conversations, images and index lines,
 * all outside it.
 */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    if (name.startsWith(join('history', 'search'))) continue;
    const stat = statSync(join(dir, name));
    if (stat.isFile()) files[name] = `${stat.size}@${stat.mtimeMs}`;
  }
  return files;
}

/** Boots set up on a data folder and opens the History page in the main window. */
async function historyPage(name: ProfileName, dataDir: string): Promise<Page> {
  desktop = await boot(name, { dataDir, profile: { macScreenPermission: 'granted' } });
  const panel = await answerPanel(desktop);
  await configureEndpoint(panel.page, server.baseUrl);
  await panel.page.glimpse.app.action({ action: 'openHistory' });
  return desktop.page(await desktop.window('history'));
}

describe.each(PROFILE_NAMES)('%s', (name) => {
  it('an export made by history:export is imported whole through the open dialog', async () => {
    // A conversation to export: one capture and its answer.
    const source = folder('glimpse-import-src-');
    desktop = await boot(name, { dataDir: source, profile: { macScreenPermission: 'granted' } });
    const panel = await answerPanel(desktop);
    await configureEndpoint(panel.page, server.baseUrl);
    desktop.press('CommandOrControl+Shift+E');
    const overlay = await waitFor(() => desktop!.windows('overlay').at(-1), 'an overlay');
    await selectRegion(desktop, overlay);
    const answer = await answerOf(panel);
    await panel.page.glimpse.app.action({ action: 'openHistory' });
    const history = await desktop.page(await desktop.window('history'));
    // The answer is saved once it has finished: the list shows it then.
    let exported = await history.glimpse.history.list();
    while (exported.items.length === 0) {
      await new Promise((r) => setTimeout(r, 10));
      exported = await history.glimpse.history.list();
    }
    expect(exported.items).toHaveLength(1);
    const exportDir = folder('glimpse-export-');
    desktop.electron.dialogAnswers.openDialog.push([exportDir]);
    const { path } = await history.glimpse.history.export({ format: 'json' });
    await desktop.dispose();

    const page = await historyPage(name, folder('glimpse-import-dst-'));
    expect((await page.glimpse.history.list()).items).toEqual([]);
    desktop.electron.dialogAnswers.openDialog.push([path]);
    const result = await page.glimpse.history.import({ pick: true });
    expect(result).toMatchObject({ imported: 1, skipped: 0, rejected: 0 });
    // Main showed its open dialog for a JSON file; the page never named a path.
    const [options] = desktop.electron.runtime.calls('dialog.showOpenDialog').at(-1) as [
      Electron.OpenDialogOptions,
    ];
    expect(options.properties).toContain('openFile');
    const list = await page.glimpse.history.list();
    expect(list.items.map((i) => [i.id, i.title])).toEqual(exported.items.map((i) => [i.id, i.title]));
    const conversation = await page.glimpse.history.get(list.items[0]!.id);
    expect(JSON.stringify(conversation)).toContain(answer.trim());
  });

  it('a cancelled dialog imports nothing and writes nothing', async () => {
    const dataDir = folder('glimpse-import-cancel-');
    const page = await historyPage(name, dataDir);
    // Let the start-up writes settle: the history's files as they are before the import.
    await page.glimpse.history.list();
    const before = snapshot(dataDir);
    desktop!.electron.dialogAnswers.openDialog.push('cancel');
    const error = await page.glimpse.history.import({ pick: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GlimpseApiError);
    expect((error as GlimpseApiError).kind).toBe('cancelled');
    expect(desktop!.electron.runtime.calls('dialog.showOpenDialog')).toHaveLength(1);
    expect((await page.glimpse.history.list()).items).toEqual([]);
    expect(snapshot(dataDir)).toEqual(before);
  });
});
