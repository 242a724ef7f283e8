/**
 * Your own actions in web mode (issue 17): the editor in Settings used with the keyboard only
 * (add, edit, reorder, remove), Alt+N in the panel sending the action's own question (and its
 * model), export then import (no key in the file; an action whose profile is not here falls back
 * to the active one and says so), French, and screenshots of the editor (EN/FR, light/dark) in
 * tests/.artifacts/actions/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { WebServer } from '../../electron/web/server';
import { fr } from '../../renderer/src/lib/i18n/fr';
import { sseFromTokens, tokenize } from '../support/markdown-answers';
import { startMockServer, type MockServer } from '../support/mock-openai-server';
import { ARTIFACTS, dropImage, startTestWebServer } from './helpers';

let mock: MockServer;
let web: WebServer;

test.beforeEach(async () => {
  mock = await startMockServer((req) => {
    if (req.path.endsWith('/chat/completions'))
      return { kind: 'sse', chunks: sseFromTokens(tokenize('It is a **sales table** and a build error.')) };
    return undefined;
  });
  web = await startTestWebServer();
});

test.afterEach(async () => {
  await web.close();
  await mock.close();
});

const KEY = 'sk-test-secret-key-98765';

async function configure(page: Page): Promise<void> {
  await page.goto(web.url);
  await page.evaluate(
    ({ url, key }) => window.glimpse.settings.update({ baseUrl: url, model: 'gpt-4o-mini', apiKey: key }),
    { url: mock.baseUrl, key: KEY },
  );
}

async function storedActions(page: Page): Promise<{ id: string; name: string; question: object }[]> {
  return page.evaluate(async () => (await window.glimpse.settings.get()).settings.actions);
}

function chatBodies(): { model: string; messages: { content: unknown }[]; temperature?: number }[] {
  return mock.requests
    .filter((r) => r.path.endsWith('/chat/completions'))
    .map((r) => r.body as { model: string; messages: { content: unknown }[]; temperature?: number });
}

function firstText(body: { messages: { content: unknown }[] }): string {
  const content = body.messages[0]!.content as { type: string; text?: string }[];
  return content.find((part) => part.type === 'text')!.text!;
}

test('the editor with the keyboard only: add, edit, reorder, remove', async ({ page }) => {
  await configure(page);
  await page.goto(`${web.url}#/settings/actions`);
  await expect(page.getByRole('tab', { name: 'Actions' })).toHaveAttribute('aria-selected', 'true');
  const rows = page.getByTestId('action-row');
  await expect(rows).toHaveText([/Explain/, /Translate/, /Extract text/, /Debug this error/]);

  // Add: Tab to the button, Enter; the new action's name field has the focus.
  await page.getByTestId('action-add').focus();
  await page.keyboard.press('Enter');
  await expect(rows).toHaveCount(5);
  const name = page.locator('input[name="action-name"]');
  await expect(name).toBeFocused();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Turn into CSV');
  await page.keyboard.press('Tab'); // the English question tab
  await expect(page.getByRole('tab', { name: 'English' })).toBeFocused();
  await page.keyboard.press('ArrowRight'); // French
  await expect(page.getByRole('tab', { name: /Français/ })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Transforme ce tableau en CSV.');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('ArrowLeft'); // back to English
  await page.keyboard.press('Tab');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Turn this table into CSV.');
  // The model override, then Save with Enter in a field (the card is a form).
  await page.locator('input[name="action-model"]').focus();
  await page.keyboard.type('gpt-4o');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('actions-outcome')).toHaveText('Saved.');
  let actions = await storedActions(page);
  expect(actions.at(-1)).toMatchObject({
    name: 'Turn into CSV',
    question: { en: 'Turn this table into CSV.', fr: 'Transforme ce tableau en CSV.' },
    model: 'gpt-4o',
    profileId: null,
  });

  // The shortcut recorder: Enter starts it, the keys pressed become the shortcut, saved at once.
  await page.getByTestId('action-hotkey').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('action-hotkey')).toHaveText(/Press the new shortcut/);
  await page.keyboard.press('Control+Alt+K');
  await expect(page.getByTestId('action-hotkey').getByTestId('keycaps')).toHaveAttribute(
    'aria-label',
    'Ctrl+Alt+K',
  );
  expect((await storedActions(page)).at(-1)).toMatchObject({ hotkey: 'CommandOrControl+Alt+K' });
  // One already taken is refused, naming who has it; the action keeps its own.
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+Shift+E');
  await expect(page.getByTestId('actions-outcome')).toHaveText(
    'Ctrl+Shift+E is already the shortcut for “Capture a region”; the action keeps its own.',
  );
  expect((await storedActions(page)).at(-1)).toMatchObject({ hotkey: 'CommandOrControl+Alt+K' });

  // Reorder: "Move up" twice with Enter; the focus stays on the button, which moved with its row.
  const up = page.getByRole('button', { name: 'Move up — Turn into CSV' });
  await up.focus();
  await page.keyboard.press('Enter');
  await expect(rows.nth(3)).toHaveText(/Turn into CSV/);
  await expect(page.getByRole('button', { name: 'Move up — Turn into CSV' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(rows.nth(2)).toHaveText(/Turn into CSV/);
  // Alt+↓ on a row moves it down again.
  await rows.nth(2).focus();
  await page.keyboard.press('Alt+ArrowDown');
  await expect(rows.nth(3)).toHaveText(/Turn into CSV/);
  actions = await storedActions(page);
  expect(actions.map((a) => a.name)).toEqual([
    'Explain',
    'Translate',
    'Extract text',
    'Turn into CSV',
    'Debug this error',
  ]);

  // Remove "Translate": pick its row with Enter, then Remove.
  await rows.nth(1).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('input[name="action-name"]')).toHaveValue('Translate');
  await page.getByRole('button', { name: 'Remove' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('actions-outcome')).toHaveText('“Translate” removed.');
  await expect(rows).toHaveCount(4);
  actions = await storedActions(page);
  expect(actions.map((a) => a.id)).not.toContain('translate');
  // Undo puts it back where it was; removed again for what follows.
  await page.getByTestId('actions-undo').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('actions-outcome')).toHaveText('“Translate” is back.');
  await expect(rows.nth(1)).toHaveText(/Translate/);
  await page.getByRole('button', { name: 'Remove' }).click();
  await expect(rows).toHaveCount(4);

  // Nothing to ask: refused in words, nothing saved.
  await rows.first().click();
  await page.locator('#action-question').fill('');
  await page.getByRole('tab', { name: /Français/ }).click();
  await page.locator('#action-question').fill('');
  await page
    .getByRole('button', { name: 'Enregistrer' })
    .or(page.getByRole('button', { name: 'Save' }))
    .click();
  await expect(page.getByTestId('actions-outcome')).toHaveText('Check the fields marked in red.');
  await expect(page.locator('#action-question')).toHaveAttribute('aria-invalid', 'true');
});

test('Alt+N in the panel sends that action’s question with its model, and says which action asked', async ({
  page,
}) => {
  await configure(page);
  await page.evaluate(async () => {
    const { settings } = await window.glimpse.settings.get();
    await window.glimpse.settings.update({
      actions: [
        ...settings.actions,
        {
          id: 'csv',
          name: 'Turn into CSV',
          question: { en: 'Turn this table into CSV.' },
          profileId: null,
          model: 'gpt-4o',
          parameters: { temperature: 0.2 },
          capture: 'region',
          askAtOnce: true,
          engine: 'model',
          hotkey: '',
        },
      ],
    });
  });
  await page.goto(web.url);
  await dropImage(page);
  await expect(page.getByTestId('panel-action')).toHaveText([
    /Explain/,
    /Translate/,
    /Extract text/,
    /Debug this error/,
    /Turn into CSV/,
  ]);
  // Alt+5: the fifth action asks at once, with its own model and temperature.
  await page.keyboard.press('Alt+5');
  await expect(page.getByTestId('status')).toHaveText(/Done/, { timeout: 30_000 });
  await expect(page.getByTestId('asked-by')).toHaveText('Asked by Turn into CSV');
  // The profile chip shows the profile's model; the action says it answers with its own.
  await expect(page.getByTestId('panel-action-uses')).toHaveText('answers with gpt-4o');
  await page.screenshot({ path: join(ARTIFACTS, 'actions', 'panel-override-en-light.png') });
  let bodies = chatBodies();
  expect(bodies).toHaveLength(1);
  expect(firstText(bodies[0]!)).toBe('Turn this table into CSV.');
  expect(bodies[0]!.model).toBe('gpt-4o');
  expect(bodies[0]!.temperature).toBe(0.2);

  // Alt+2 (Translate): its question, with the profile's model.
  await page.keyboard.press('Alt+2');
  await expect(page.getByTestId('asked-by')).toHaveText('Asked by Translate');
  await expect.poll(() => chatBodies().length).toBe(2);
  bodies = chatBodies();
  expect(firstText(bodies[1]!)).toBe('Translate the text in this image into English, keeping its layout.');
  expect(bodies[1]!.model).toBe('gpt-4o-mini');
});

test('history: filter by the action that asked, with and without words; the detail says which asked', async ({
  page,
}) => {
  await configure(page);
  await page.goto(web.url);
  // Two conversations: one asked by Explain (Alt+1), one by Translate (Alt+2), each on its own image.
  await dropImage(page);
  await page.keyboard.press('Alt+1');
  await expect(page.getByTestId('status')).toHaveText(/Done/, { timeout: 30_000 });
  await expect.poll(() => chatBodies().length).toBe(1);
  await dropImage(page);
  // The second image is a new conversation once it has arrived (the first answer is cleared).
  await expect(page.getByTestId('status')).not.toHaveText(/Done/);
  await page.keyboard.press('Alt+2');
  await expect(page.getByTestId('asked-by')).toHaveText('Asked by Translate');
  await expect(page.getByTestId('status')).toHaveText(/Done/, { timeout: 30_000 });
  await expect.poll(() => chatBodies().length).toBe(2);

  await page.goto(`${web.url}#/history`);
  const items = page.getByTestId('history-list').getByRole('button');
  await expect(items).toHaveCount(2);
  const filter = page.getByRole('combobox', { name: 'Action' });
  await expect(filter.locator('option')).toHaveText([
    'All actions',
    'Explain',
    'Translate',
    'Extract text',
    'Debug this error',
  ]);
  // With the keyboard: focus the filter and pick Translate.
  await filter.focus();
  await filter.selectOption({ label: 'Translate' });
  await expect(items).toHaveCount(1);
  await expect(page.getByTestId('history-count')).toHaveText('1 conversation');
  await items.first().click();
  await expect(page.getByTestId('history-asked-by')).toHaveText('· Asked by Translate');
  await expect(page.getByTestId('message').first()).toContainText(
    'Translate the text in this image into English, keeping its layout.',
  );

  // Words too: "image" is in both questions, only Translate's conversation is kept.
  const search = page.getByRole('searchbox', { name: 'Search conversations' });
  await search.fill('image');
  await expect(page.getByTestId('snippet')).toHaveCount(1);
  await expect(items).toHaveCount(1);
  // Words only Explain's question holds: nothing, and the page says with which action.
  await search.fill('Explain what');
  await expect(page.getByTestId('history-empty')).toHaveText(
    'No conversation asked with “Translate” matches “Explain what”.',
  );
  await filter.selectOption({ label: 'Explain' });
  await expect(items).toHaveCount(1);
  await filter.selectOption({ label: 'All actions' });
  await search.fill('');
  await expect(items).toHaveCount(2);
  await filter.selectOption({ label: 'Debug this error' });
  await expect(page.getByTestId('history-empty')).toHaveText(
    'No conversation was asked with “Debug this error”.',
  );
  await page.screenshot({ path: join(ARTIFACTS, 'actions', 'history-filter-en-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(ARTIFACTS, 'actions', 'history-filter-en-dark.png') });
});

test('web mode: running an action (tray or shortcut) says there is no screen to capture, and takes the next image', async ({
  page,
}) => {
  await configure(page);
  await page.goto(web.url);
  await expect(page.getByTestId('drop-zone')).toBeVisible();
  // Web mode has no screen: the region capture fails clearly, and the action waits for an image.
  expect(await web.runUserAction('translate')).toEqual({ started: false });
  await expect(page.getByTestId('error')).toHaveText(
    'Region capture is not available here: drop, paste or pick an image instead. ' +
      'The next image you drop, paste or pick goes to “Translate”.',
  );
  await expect(page.getByTestId('panel-action').nth(1)).toHaveAttribute('aria-pressed', 'true');
  await page.screenshot({ path: join(ARTIFACTS, 'actions', 'web-run-en-light.png') });
  // Translate asks at once: the dropped image is asked about with its question.
  await dropImage(page);
  await expect(page.getByTestId('asked-by')).toHaveText('Asked by Translate');
  await expect.poll(() => chatBodies().length).toBe(1);
  expect(firstText(chatBodies()[0]!)).toBe(
    'Translate the text in this image into English, keeping its layout.',
  );
  // The page's actions:run goes the same way (no longer "Actions cannot be run here.").
  expect(await page.evaluate(() => window.glimpse.actions.run('explain'))).toEqual({ started: false });
  await expect(page.getByTestId('error')).toContainText('goes to “Explain”');

  // In French, the same words in French.
  await page.evaluate(() => window.glimpse.settings.update({ language: 'fr' }));
  await page.reload();
  await expect(page.getByTestId('drop-zone')).toBeVisible();
  await web.runUserAction('explain');
  await expect(page.getByTestId('error')).toHaveText(
    'La capture d’une zone n’est pas disponible ici : déposez, collez ou choisissez plutôt une image. ' +
      'La prochaine image que vous déposerez, collerez ou choisirez ira à « Expliquer ».',
  );
  await page.screenshot({ path: join(ARTIFACTS, 'actions', 'web-run-fr-light.png') });
});

test('export, then import: no key in the file, and a missing profile is named', async ({ page }) => {
  await configure(page);
  await page.goto(`${web.url}#/settings/actions`);
  await expect(page.getByTestId('action-row')).toHaveCount(4);
  const download = page.waitForEvent('download');
  await page.getByTestId('actions-export').click();
  const file = await download;
  const text = readFileSync(await file.path(), 'utf8');
  await expect(page.getByTestId('actions-outcome')).toHaveText(/Exported 4 actions/);
  // The file holds the actions, never the key nor the endpoint.
  expect(text).not.toContain(KEY);
  expect(text).not.toContain(mock.baseUrl);
  expect(text).not.toContain('127.0.0.1');
  const exported = JSON.parse(text) as { actions: Record<string, unknown>[] };
  expect(exported.actions.map((a) => a.name)).toEqual([
    'Explain',
    'Translate',
    'Extract text',
    'Debug this error',
  ]);

  // Someone else's action: it names a profile that does not exist here.
  const shared = {
    ...exported,
    actions: [
      {
        ...exported.actions[0],
        id: 'review',
        name: 'Review code',
        question: { en: 'Review this code.' },
        profileId: 'work',
        profileName: 'Work laptop',
      },
    ],
  };
  await page.getByTestId('actions-import-file').setInputFiles({
    name: 'review.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(shared)),
  });
  await expect(page.getByTestId('actions-outcome')).toHaveText('Imported 1 action.');
  await expect(page.getByTestId('actions-import-notes')).toContainText(
    '“Review code” names the profile “Work laptop”, which does not exist here: it uses the active profile.',
  );
  await expect(page.getByTestId('action-row')).toHaveCount(5);
  await expect(page.locator('input[name="action-name"]')).toHaveValue('Review code');
  await expect(page.locator('select[name="action-profile"]')).toHaveValue('');
  await page.locator('.share').screenshot({ path: join(ARTIFACTS, 'actions', 'import-notes-en-light.png') });
  const actions = await storedActions(page);
  expect(actions.at(-1)).toMatchObject({ name: 'Review code', profileId: null });

  // Reset to defaults asks first; Cancel keeps everything.
  await page.getByTestId('actions-reset').click();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('action-row')).toHaveCount(5);
  await page.getByTestId('actions-reset').click();
  await page.getByTestId('actions-reset-yes').click();
  await expect(page.getByTestId('actions-outcome')).toHaveText('Actions reset to the defaults.');
  await expect(page.getByTestId('action-row')).toHaveCount(4);
});

test('Test on a sample image asks the action about the made-up screen and shows the answer', async ({
  page,
}) => {
  await configure(page);
  await page.goto(`${web.url}#/settings/actions`);
  // Extract text is read offline: no profile, model or parameters to pick for it.
  await page.getByTestId('action-row').nth(2).click();
  await expect(page.getByTestId('action-offline')).toBeVisible();
  await expect(page.locator('select[name="action-profile"]')).toHaveCount(0);
  await page
    .getByTestId('action-editor')
    .screenshot({ path: join(ARTIFACTS, 'actions', 'offline-action-en-light.png') });
  await page.getByTestId('action-row').nth(3).click(); // Debug this error
  await expect(page.locator('select[name="action-profile"]')).toBeVisible();
  await page.getByRole('button', { name: 'Test on a sample image' }).click();
  await expect(page.getByTestId('action-test-answer')).toHaveText(/sales table/, { timeout: 30_000 });
  await page
    .getByTestId('action-test')
    .screenshot({ path: join(ARTIFACTS, 'actions', 'sample-test-en-light.png') });
  const bodies = chatBodies();
  expect(bodies).toHaveLength(1);
  expect(firstText(bodies[0]!)).toBe('Explain this error message, its likely cause, and how to fix it.');
  const image = (bodies[0]!.messages[0]!.content as { type: string; image_url?: { url: string } }[]).find(
    (part) => part.type === 'image_url',
  );
  expect(image?.image_url?.url).toMatch(/^data:image\/(png|jpeg);base64,/);
});

test('French: the editor, default names and Alt+1 asking in French', async ({ page }) => {
  await configure(page);
  await page.evaluate(() => window.glimpse.settings.update({ language: 'fr' }));
  await page.goto(`${web.url}#/settings/actions`);
  await expect(page.getByRole('tab', { name: 'Actions' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('action-row')).toHaveText([
    /Expliquer/,
    /Traduire/,
    /Extraire le texte/,
    /Déboguer cette erreur/,
  ]);
  await expect(page.getByRole('button', { name: fr['actions.add'] })).toBeVisible();
  // The question tab of the page's language comes first; the name shown in French is stored as is.
  await expect(page.getByRole('tab', { name: 'Français' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('#action-question')).toHaveValue('Explique ce que montre cette image.');
  await page.getByRole('button', { name: fr['settings.save'] }).click();
  await expect(page.getByTestId('actions-outcome')).toHaveText(fr['settings.saved'] ?? 'Enregistré.');
  expect((await storedActions(page))[0]!.name).toBe('Explain');

  // Import notes in French: an id already here, and a profile that is not.
  const exported = await page.evaluate(() => window.glimpse.actions.export({ to: 'text' }));
  const file = JSON.parse(exported.text!) as { actions: Record<string, unknown>[] };
  const shared = {
    ...file,
    actions: [{ ...file.actions[0], name: 'Relire', profileId: 'work', profileName: 'Portable du travail' }],
  };
  await page.getByTestId('actions-import-file').setInputFiles({
    name: 'relire.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(shared)),
  });
  await expect(page.getByTestId('actions-outcome')).toHaveText(
    (fr['actions.importedOne'] ?? '').replace('{count}', '1'),
  );
  const notes = page.getByTestId('actions-import-notes');
  await expect(notes).toContainText(
    '« Relire » nomme le profil « Portable du travail », qui n’existe pas ici : elle utilise le profil actif.',
  );
  await expect(notes).toContainText('« Relire » a le même identifiant qu’une des vôtres');
  await expect(notes).not.toContainText(/does not exist|same id/);
  await page.locator('.share').screenshot({ path: join(ARTIFACTS, 'actions', 'import-notes-fr-light.png') });

  await page.goto(web.url);
  await dropImage(page);
  await page.keyboard.press('Alt+1');
  await expect(page.getByTestId('asked-by')).toHaveText('Demandé par Expliquer');
  await expect.poll(() => chatBodies().length).toBe(1);
  expect(firstText(chatBodies()[0]!)).toBe('Explique ce que montre cette image.');

  // The history's action filter and the question's asker, in French.
  await page.goto(`${web.url}#/history`);
  const filter = page.getByRole('combobox', { name: 'Action' });
  await expect(filter.locator('option').first()).toHaveText('Toutes les actions');
  await filter.selectOption({ label: 'Traduire' });
  await expect(page.getByTestId('history-empty')).toHaveText(
    'Aucune conversation n’a été demandée avec « Traduire ».',
  );
  await filter.selectOption({ label: 'Expliquer' });
  await page.getByTestId('history-list').getByRole('button').first().click();
  await expect(page.getByTestId('history-asked-by')).toHaveText('· Demandé par Expliquer');
  await page.screenshot({ path: join(ARTIFACTS, 'actions', 'history-filter-fr-light.png') });
});

test('screenshots of the editor: English and French, light and dark', async ({ page }) => {
  test.setTimeout(120_000);
  // Tall enough for the whole editor: the Save bar sticks to the window's bottom.
  await page.setViewportSize({ width: 900, height: 1500 });
  await configure(page);
  await page.evaluate(async () => {
    const { settings } = await window.glimpse.settings.get();
    const [first, ...rest] = settings.actions;
    await window.glimpse.settings.update({
      actions: [{ ...first!, hotkey: 'CommandOrControl+Alt+X', parameters: { temperature: 0.3 } }, ...rest],
    });
  });
  for (const language of ['en', 'fr'] as const) {
    await page.evaluate((l) => window.glimpse.settings.update({ language: l }), language);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`${web.url}#/settings/actions`);
      await page.reload(); // a new page each time: the same hash alone would keep the last one
      await expect(page.getByTestId('action-editor')).toBeVisible();
      await page.locator('details.params summary').click();
      await page.screenshot({
        path: join(ARTIFACTS, 'actions', `editor-${language}-${scheme}.png`),
      });
    }
  }
  // The panel with its actions, light.
  await page.emulateMedia({ colorScheme: 'light' });
  await page.evaluate(() => window.glimpse.settings.update({ language: 'en' }));
  await page.setViewportSize({ width: 560, height: 720 });
  await page.goto(web.url);
  await dropImage(page);
  await page.keyboard.press('Alt+4');
  await expect(page.getByTestId('status')).toHaveText(/Done/, { timeout: 30_000 });
  await page.screenshot({ path: join(ARTIFACTS, 'actions', 'panel-en-light.png') });
});
