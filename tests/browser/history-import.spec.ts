/**
 * Issue 14, points 5 and 6, in web mode: a JSON export imported from the history window (button
 * and drop), with the core's messages (how many, duplicates skipped, a bad file named and why),
 * in English and French; and a request the server refused (401) shown as failed in History.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { WebServer } from '../../electron/web/server';
import { sseFromTokens, tokenize } from '../support/markdown-answers';
import { startMockServer, type MockReply, type MockServer } from '../support/mock-openai-server';
import { ARTIFACTS, configureEndpoint, dropImage, startTestWebServer, watchPage } from './helpers';

let mock: MockServer;
let servers: WebServer[];
let reply: () => MockReply;

test.beforeEach(async () => {
  servers = [];
  reply = () => ({ kind: 'sse', chunks: sseFromTokens(tokenize('A **login form** with two fields.')) });
  mock = await startMockServer((req) => (req.path.endsWith('/chat/completions') ? reply() : undefined));
});

test.afterEach(async () => {
  for (const server of servers) await server.close();
  await mock.close();
});

async function server(): Promise<WebServer> {
  const web = await startTestWebServer();
  servers.push(web);
  return web;
}

/** Picks a file in the Import button's chooser (web mode: a file input, opened from the button). */
async function importFile(page: Page, name: string, buffer: Buffer): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: /^(Import JSON…|Importer un JSON…)$/ }).click();
  await (await chooser).setFiles({ name, mimeType: 'application/json', buffer });
}

/** Drops a file on the history list the way a file manager does. */
async function dropFile(page: Page, name: string, buffer: Buffer): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, base64 }) => {
      const transfer = new DataTransfer();
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], name, { type: 'application/json' }));
      return transfer;
    },
    { name, base64: buffer.toString('base64') },
  );
  const list = page.getByRole('complementary', { name: 'History' });
  await list.dispatchEvent('dragover', { dataTransfer });
  await list.dispatchEvent('drop', { dataTransfer });
}

test('an export imports into a fresh data folder; again, it reports duplicates; a bad file is named', async ({
  page,
}) => {
  const watch = await watchPage(page);
  // One conversation recorded in a first data folder, exported as JSON.
  const first = await server();
  await page.goto(first.url);
  await configureEndpoint(page, mock.baseUrl);
  await dropImage(page);
  await page.getByRole('button', { name: 'Ask' }).click();
  await expect(page.getByTestId('status')).toHaveText(/Done/);
  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.getByTestId('history-list').getByRole('button')).toHaveCount(1);
  await page.getByRole('button', { name: 'Export JSON' }).click();
  await expect(page.getByTestId('history-notice')).toHaveText(/^Exported to .+\.json$/);
  const path = (await page.getByTestId('history-notice').textContent())!.replace(/^Exported to /, '');
  const exported = readFileSync(path);
  const name = path.split(/[\\/]/).pop()!;

  // A fresh data folder: empty until the file is imported, then the conversation is there.
  const second = await server();
  await page.goto(`${second.url}#/history`);
  await expect(page.getByTestId('history-empty')).toBeVisible();
  await importFile(page, name, exported);
  const outcome = page.getByTestId('import-outcome');
  await expect(outcome).toHaveText(`Imported 1 conversation from “${name}”.`);
  await expect(outcome).toHaveAttribute('role', 'status');
  const list = page.getByTestId('history-list');
  await expect(list.getByRole('button')).toHaveCount(1);
  await list.getByRole('button').first().click();
  await expect(page.getByTestId('stored-answer')).toHaveText(/A login form with two fields\./);
  await expect(page.locator('img.shot')).toHaveCount(1); // its image came along

  // The same file again: nothing is duplicated, and the message says why.
  await importFile(page, name, exported);
  await expect(outcome).toHaveText(`Nothing new in “${name}”: its conversation is already in your history.`);
  await expect(list.getByRole('button')).toHaveCount(1);

  // A bad file: named, with why; the history is unchanged.
  await importFile(page, 'notes.json', Buffer.from('{"notes": ["milk"]}'));
  await expect(page.getByRole('alert')).toHaveText(
    '“notes.json” is not a Glimpse history export: it is JSON, but not an export. Nothing was imported.',
  );
  await importFile(page, 'half.json', exported.subarray(0, 200));
  await expect(page.getByRole('alert')).toHaveText(
    /^“half\.json” is not a Glimpse history export: it is not JSON\./,
  );
  await expect(list.getByRole('button')).toHaveCount(1);
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(outcome).toBeHidden();

  // Keyboard: the button is reached with Tab (after the search box and the action filter) and
  // opened with Enter.
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('history-action-filter').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Import JSON…' })).toBeFocused();
  await page.keyboard.press('Enter');
  await (await chooser).setFiles({ name, mimeType: 'application/json', buffer: exported });
  await expect(outcome).toHaveText(/^Nothing new/);

  // Dropped on the list of yet another fresh data folder: imported the same way.
  const third = await server();
  await page.goto(`${third.url}#/history`);
  await expect(page.getByTestId('history-empty')).toBeVisible();
  await dropFile(page, name, exported);
  await expect(outcome).toHaveText(`Imported 1 conversation from “${name}”.`);
  await expect(list.getByRole('button')).toHaveCount(1);
  await list.getByRole('button').first().click();
  await expect(page.getByTestId('stored-answer')).toHaveText(/A login form with two fields\./);

  await page.screenshot({ path: join(ARTIFACTS, 'history-import-light.png') });
  await importFile(page, 'notes.json', Buffer.from('{"notes": ["milk"]}'));
  await expect(page.getByRole('alert')).toBeVisible();
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(ARTIFACTS, 'history-import-error-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: join(ARTIFACTS, 'history-import-error-light.png') });

  // French: the button, the counts and the refusal.
  await page.evaluate(() => window.glimpse.settings.update({ language: 'fr' }));
  await expect(page.getByRole('button', { name: 'Importer un JSON…' })).toBeVisible();
  await importFile(page, name, exported);
  await expect(outcome).toHaveText(
    `Rien de nouveau dans «\u00a0${name}\u00a0»\u00a0: sa conversation est déjà dans votre historique.`,
  );
  await importFile(page, 'notes.json', Buffer.from('[1, 2]'));
  await expect(page.getByRole('alert')).toHaveText(
    '« notes.json » n’est pas un export de l’historique de Glimpse : c’est du JSON, mais pas un export. Rien n’a été importé.',
  );
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(ARTIFACTS, 'history-import-fr-dark.png') });
  expect(await watch.violations()).toEqual([]);
});

test('a request the server refused (401) reads as failed in History, with its message and no key', async ({
  page,
}) => {
  reply = () => ({
    kind: 'json',
    status: 401,
    body: { error: { message: 'Incorrect API key provided: test-key-123.', type: 'invalid_request_error' } },
  });
  const web = await server();
  await page.goto(web.url);
  await configureEndpoint(page, mock.baseUrl);
  await dropImage(page);
  await page.getByRole('button', { name: 'Ask' }).click();
  await expect(page.getByRole('alert').first()).toContainText('401');
  await expect
    .poll(async () => (await page.evaluate(() => window.glimpse.history.list())).items.length)
    .toBe(1);

  await page.getByRole('link', { name: 'History' }).click();
  await page.getByTestId('history-list').getByRole('button').first().click();
  const failed = page.getByTestId('answer-failed');
  await expect(failed).toContainText('No answer: the request failed.');
  await expect(failed).toContainText('401');
  await expect(failed).toContainText('Incorrect API key provided');
  await expect(page.getByTestId('answer-interrupted')).toHaveCount(0);
  await expect(page.getByText('what arrived is kept')).toHaveCount(0);
  await expect(page.getByTestId('stored-answer')).toHaveCount(0);
  // The chat client scrubs the key the server echoed; the history keeps it scrubbed.
  expect(await page.content()).not.toContain('test-key-123');
  await page.screenshot({ path: join(ARTIFACTS, 'history-failed-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(ARTIFACTS, 'history-failed-dark.png') });
});
