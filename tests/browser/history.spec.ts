/**
 * The main window (#/history) in web mode: conversations recorded by real asks and imported from
 * an archive (alternatives, reasoning, JSON answers, a long conversation), listed, searched,
 * opened, renamed, deleted with undo, exported and continued.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { WebServer } from '../../electron/web/server';
import { sseFromTokens, tokenize } from '../support/markdown-answers';
import { startMockServer, type MockServer } from '../support/mock-openai-server';
import {
  startTestWebServer,
  ARTIFACTS,
  configureEndpoint,
  dropImage,
  FIXTURE_IMAGE,
  watchPage,
} from './helpers';

let mock: MockServer;
let web: WebServer;
let answers: string[];

test.beforeEach(async () => {
  answers = [];
  let served = 0;
  mock = await startMockServer((req) => {
    if (!req.path.endsWith('/chat/completions')) return undefined;
    const text = answers[Math.min(served++, answers.length - 1)] ?? 'No answer.';
    return { kind: 'sse', chunks: sseFromTokens(tokenize(text)), ratePerSecond: 500 };
  });
  web = await startTestWebServer();
});

test.afterEach(async () => {
  await web.close();
  await mock.close();
});

/** A JSON archive as history:export writes it, with the shapes the main window must show. */
function archive(): Uint8Array {
  const png = readFileSync(FIXTURE_IMAGE);
  const hash = createHash('sha256').update(png).digest('hex');
  const image = { type: 'image', hash, mime: 'image/png', width: 640, height: 400, bytes: png.length };
  const at = Date.UTC(2026, 10, 20, 9, 30);
  const user = (id: string, text: string, withImage = false) => ({
    id,
    role: 'user',
    createdAt: at,
    parts: [{ type: 'text', text }, ...(withImage ? [image] : [])],
  });
  const assistant = (id: string, text: string, extra: Record<string, unknown> = {}) => ({
    id,
    role: 'assistant',
    createdAt: at + 1000,
    model: 'gpt-4o-2024-08-06',
    parts: [{ type: 'text', text }],
    ...extra,
  });
  const long = [];
  for (let i = 0; i < 150; i++) {
    long.push(
      user(`lu${i}`, `Question ${i}`, i === 0),
      assistant(`la${i}`, `Answer **${i}** with \`code\`.`),
    );
  }
  const conversations = [
    {
      version: 1,
      id: 'alternatives-and-json',
      title: 'Chart colours, three ways',
      createdAt: at,
      updatedAt: at + 2000,
      messages: [
        user('u1', 'Which colours does this chart use?', true),
        assistant('a1', 'Blue and **orange**.', {
          reasoning: 'The legend shows two series; the bars are blue and orange.',
          alternatives: [
            { choice: 1, text: 'It uses *blue* and *orange* bars.' },
            { choice: 2, text: 'Two colours: blue, orange.' },
          ],
        }),
        user('u2', 'As JSON please'),
        assistant('a2', '{"colours":["blue","orange"],"series":2}'),
      ],
    },
    {
      version: 1,
      id: 'long-one',
      title: 'A very long conversation',
      createdAt: at - 1e6,
      updatedAt: at - 1e6,
      messages: long,
    },
  ];
  const body = {
    format: 'glimpse-history',
    version: 1,
    exportedAt: at,
    conversations,
    images: { [hash]: { mime: 'image/png', base64: png.toString('base64') } },
  };
  return new TextEncoder().encode(JSON.stringify(body));
}

async function importArchive(page: Page): Promise<void> {
  const bytes = Array.from(archive());
  const result = await page.evaluate(
    (data) => window.glimpse.history.import({ bytes: new Uint8Array(data) }),
    bytes,
  );
  expect(result).toMatchObject({ imported: 2, rejected: 0 });
}

test('recorded and imported conversations are listed, searched, opened, renamed, deleted with undo', async ({
  page,
}) => {
  answers = ['The terminal shows an **EACCES** error.'];
  const watch = await watchPage(page);
  await page.goto(web.url);
  await configureEndpoint(page, mock.baseUrl);
  await dropImage(page);
  await page.getByRole('button', { name: 'Ask' }).click();
  await expect(page.getByTestId('status')).toHaveText(/Done/);
  await importArchive(page);

  await page.getByRole('link', { name: 'History' }).click();
  const list = page.getByTestId('history-list');
  await expect(list.getByRole('button')).toHaveCount(3);
  await expect(list.locator('img')).toHaveCount(3); // every thumbnail loaded
  await expect(list.getByRole('button').first()).toContainText('gpt-4o-mini');

  // Search narrows the list, and says so when nothing matches.
  await page.getByRole('searchbox').fill('orange');
  await expect(list.getByRole('button')).toHaveCount(1);
  await expect(list.getByRole('button')).toContainText('Chart colours, three ways');
  await page.getByRole('searchbox').fill('zebra crossing');
  await expect(page.getByTestId('history-empty')).toHaveText('No conversation matches “zebra crossing”.');
  await page.getByRole('searchbox').fill('');
  await expect(list.getByRole('button')).toHaveCount(3);

  // Alternatives as tabs, reasoning collapsed, JSON pretty-printed.
  await list.getByRole('button', { name: /Chart colours/ }).click();
  const conversation = page.getByRole('region', { name: 'Chart colours, three ways' });
  await expect(conversation.getByRole('tab')).toHaveText(['Choice 1', 'Choice 2', 'Choice 3']);
  await expect(conversation.getByTestId('stored-answer').first()).toHaveText(/Blue and orange\./);
  await conversation.getByRole('tab', { name: 'Choice 2' }).click();
  await expect(conversation.getByRole('tab', { name: 'Choice 2' })).toHaveAttribute('aria-selected', 'true');
  await expect(conversation.getByTestId('stored-answer').first()).toHaveText(
    /It uses blue and orange bars\./,
  );
  await expect(conversation.locator('details.reasoning')).not.toHaveAttribute('open');
  await expect(conversation.getByText('The legend shows two series')).toBeHidden();
  await conversation.getByText('Reasoning').click();
  await expect(conversation.getByText('The legend shows two series')).toBeVisible();
  await expect(conversation.getByTestId('stored-answer').last().locator('code')).toHaveText(
    '{\n  "colours": [\n    "blue",\n    "orange"\n  ],\n  "series": 2\n}\n',
  );
  await page.screenshot({ path: join(ARTIFACTS, 'history-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(ARTIFACTS, 'history-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });

  // Rename.
  await conversation.getByRole('button', { name: 'Rename' }).click();
  await page.getByRole('textbox', { name: 'Rename' }).fill('Chart colours (renamed)');
  await page.getByRole('button', { name: 'Save title' }).click();
  await expect(list.getByRole('button', { name: /Chart colours \(renamed\)/ })).toBeVisible();

  // Delete, undo, delete for good.
  await page.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('undo-toast')).toContainText('“Chart colours (renamed)” was deleted.');
  await expect(list.getByRole('button')).toHaveCount(2);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(list.getByRole('button')).toHaveCount(3);
  await list.getByRole('button', { name: /Chart colours/ }).click();
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('link', { name: 'New question' }).click(); // leaving commits the deletion
  await expect
    .poll(async () =>
      (await page.evaluate(() => window.glimpse.history.list())).items.map((item) => item.title),
    )
    .toEqual(['The terminal shows an EACCES error.', 'A very long conversation']);
  expect(await watch.violations()).toEqual([]);
});

test('a stored conversation is continued with the same image, and exports are written', async ({ page }) => {
  answers = ['It is a **permission** error.', 'Use `nvm` so that no sudo is needed.'];
  await page.goto(web.url);
  await configureEndpoint(page, mock.baseUrl);
  await dropImage(page);
  await page.getByRole('button', { name: 'Ask' }).click();
  await expect(page.getByTestId('status')).toHaveText(/Done/);
  await importArchive(page);
  await page.getByRole('link', { name: 'History' }).click();

  // A long conversation opens, and only what is on screen is laid out.
  await page.getByRole('button', { name: /A very long conversation/ }).click();
  await expect(page.getByTestId('message')).toHaveCount(300);
  const skipped = await page.evaluate(
    () =>
      Array.from(document.querySelectorAll('[data-testid="message"]')).filter(
        // The message box itself is not skipped: what is inside it is.
        (el) => !el.firstElementChild!.checkVisibility({ contentVisibilityAuto: true }),
      ).length,
  );
  expect(skipped).toBeGreaterThan(200);

  await page.getByRole('button', { name: /permission/ }).click();
  await page.getByRole('button', { name: 'Continue this conversation' }).click();
  await page.getByLabel('Follow-up question').fill('How do I avoid it?');
  await page.getByRole('button', { name: 'Send' }).click();
  // It streams below the conversation, then stays there as the stored answer.
  const conversation = page.getByRole('region', { name: /permission/ });
  await expect(conversation).toContainText('How do I avoid it?');
  await expect(conversation).toContainText('Use nvm so that no sudo is needed.');

  const chats = mock.requests.filter((r) => r.path.endsWith('/chat/completions'));
  expect(chats).toHaveLength(2);
  const body = chats[1]!.body as { messages: { role: string; content: unknown }[] };
  expect(body.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
  const first = body.messages[0]!.content as { type: string; image_url?: { url: string } }[];
  expect(first.some((part) => part.image_url?.url.startsWith('data:image/png;base64,'))).toBe(true);
  // Recorded in the same conversation, not a new one.
  await expect.poll(async () => (await page.evaluate(() => window.glimpse.history.list())).total).toBe(3);

  await page.getByRole('button', { name: 'Export Markdown' }).click();
  await expect(page.getByTestId('history-notice')).toHaveText(/^Exported to .+/);
  await page.screenshot({ path: join(ARTIFACTS, 'history-continued-light.png') });
});

test('Regenerate keeps both answers in one conversation; a follow-up resends only the newer', async ({
  page,
}) => {
  answers = ['First try: a **permission** error.', 'Second try: npm wrote to a root folder.', 'Use nvm.'];
  await page.goto(web.url);
  await configureEndpoint(page, mock.baseUrl);
  await dropImage(page);
  await page.getByRole('button', { name: 'Ask' }).click();
  await expect(page.getByTestId('status')).toHaveText(/Done/);
  await page.getByRole('button', { name: 'Regenerate' }).click();
  await expect(page.getByTestId('answer')).toContainText('Second try');
  await expect(page.getByTestId('status')).toHaveText(/Done/);
  // "Done" shows before the recorder has saved the second answer: wait (generously, for a busy
  // machine) until history holds one conversation of three messages, then look at it.
  await expect
    .poll(
      async () => (await page.evaluate(() => window.glimpse.history.list())).items.map((c) => c.messageCount),
      { timeout: 30_000 },
    )
    .toEqual([3]);

  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.getByRole('button', { name: /permission/ })).toHaveCount(1);
  await page.getByRole('button', { name: /permission/ }).click();
  const conversation = page.getByRole('region', { name: /permission/ });
  await expect(conversation.getByTestId('message')).toHaveCount(3);
  await expect(conversation.getByTestId('regenerated')).toHaveCount(1);
  await expect(conversation.getByTestId('message').nth(2)).toContainText('Second try');
  await page.screenshot({ path: join(ARTIFACTS, 'history-regenerated-light.png') });

  await page.getByRole('button', { name: 'Continue this conversation' }).click();
  await page.getByLabel('Follow-up question').fill('How do I avoid it?');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(conversation).toContainText('Use nvm.');
  const chats = mock.requests.filter((r) => r.path.endsWith('/chat/completions'));
  const body = chats.at(-1)!.body as { messages: { role: string; content: unknown }[] };
  expect(body.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
  expect(body.messages[1]!.content).toContain('Second try');
  expect((await page.evaluate(() => window.glimpse.history.list())).total).toBe(1);
});
