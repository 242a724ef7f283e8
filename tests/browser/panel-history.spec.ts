/**
 * The answer panel and the history window, in web mode: each defect they had (a .txt ignored,
 * Retry for a missing endpoint, two messages for a broken stream, `model X · —`, a content
 * filter shown as Done, an empty bullet after Stop, a stale 401 after Extract text, tool calls
 * only at the end, raw Markdown snippets, rename without Cancel, a deleted conversation still
 * counted, the toast over "Exported to…", export with nothing to export), the profile chip,
 * "Add a capture", and day groups.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { WebServer } from '../../electron/web/server';
import { sseFromTokens, tokenize } from '../support/markdown-answers';
import { startMockServer, type MockReply, type MockServer } from '../support/mock-openai-server';
import { FIXTURE_IMAGE, dropImage, startTestWebServer } from './helpers';

let mock: MockServer;
let web: WebServer;
let replies: MockReply[];

test.beforeEach(async () => {
  replies = [];
  let served = 0;
  mock = await startMockServer((req) => {
    if (!req.path.endsWith('/chat/completions')) return undefined;
    return replies[Math.min(served++, replies.length - 1)];
  });
  web = await startTestWebServer();
});
test.afterEach(async () => {
  await web.close();
  await mock.close();
});

async function configure(page: Page, baseUrl = mock.baseUrl): Promise<void> {
  await page.evaluate(
    (url) => window.glimpse.settings.update({ baseUrl: url, model: 'gpt-4o-mini', apiKey: 'test-key-123' }),
    baseUrl,
  );
  await expect(page.getByTestId('first-run-guide')).toHaveCount(0);
}

/** A stream of chunks built by hand: content pieces, then a finish reason (or none: cut). */
function chunks(
  deltas: object[],
  finish: string | null,
  extra: { fingerprint?: string; done?: boolean } = {},
): string[] {
  const chunk = (delta: object, reason: string | null) =>
    `data: ${JSON.stringify({
      id: 'c1',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'gpt-4o-mini',
      ...(extra.fingerprint ? { system_fingerprint: extra.fingerprint } : {}),
      choices: [{ index: 0, delta, finish_reason: reason }],
    })}\n\n`;
  return [
    chunk({ role: 'assistant', content: '' }, null),
    ...deltas.map((delta) => chunk(delta, null)),
    ...(finish ? [chunk({}, finish)] : []),
    ...(extra.done === false ? [] : ['data: [DONE]\n\n']),
  ];
}

async function ask(page: Page): Promise<void> {
  await dropImage(page);
  await page.getByRole('button', { name: 'Ask' }).click();
}

test('a dropped .txt says it is not an image', async ({ page }) => {
  await page.goto(web.url);
  await configure(page);
  const dataTransfer = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['notes'], 'notes.txt', { type: 'text/plain' }));
    return transfer;
  });
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
  await expect(page.getByRole('alert')).toContainText('“notes.txt” is not an image');
  // Picked through the file dialog too.
  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'b.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
  await expect(page.getByRole('alert')).toContainText('“b.txt” is not an image');
});

test('"No endpoint is set up yet" offers the settings, not Retry', async ({ page }) => {
  await page.goto(web.url);
  await page.evaluate(() => window.glimpse.settings.update({ baseUrl: '', model: '' }));
  await page.goto(`${web.url}#/answer`);
  await ask(page);
  const error = page.getByTestId('error');
  await expect(error).toContainText(/set up/i);
  await expect(error.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  await expect(error.getByTestId('error-settings')).toBeVisible();
});

test('a stream that breaks midway: one message and one Retry, no Regenerate', async ({ page }) => {
  replies = [
    {
      kind: 'sse',
      chunks: chunks([{ content: 'The first half' }], null, { done: false }),
      destroyAfter: true,
    },
  ];
  await page.goto(web.url);
  await configure(page);
  await ask(page);
  const error = page.getByTestId('error');
  await expect(error).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(1);
  await expect(page.getByText('The answer was interrupted; what arrived is kept.')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Retry' })).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Regenerate' })).toHaveCount(0);
});

test('no fingerprint: "model X" alone, never "· —"', async ({ page }) => {
  replies = [{ kind: 'sse', chunks: chunks([{ content: 'Hi.' }], 'stop') }];
  await page.goto(web.url);
  await configure(page);
  await ask(page);
  await expect(page.getByTestId('fingerprint')).toHaveText('model gpt-4o-mini');
});

test('content_filter is marked in the panel and the history, not "Done"', async ({ page }) => {
  replies = [{ kind: 'sse', chunks: chunks([{ content: 'I can describe part' }], 'content_filter') }];
  await page.goto(web.url);
  await configure(page);
  await ask(page);
  await expect(page.getByTestId('content-filter')).toBeVisible();
  await expect(page.getByTestId('status')).not.toHaveText(/Done/);
  await page.getByRole('link', { name: 'History' }).click();
  await page.getByTestId('history-list').getByRole('button').first().click();
  await expect(page.getByTestId('answer-filtered')).toBeVisible();
});

test('an answer stopped inside a list ends without an empty bullet', async ({ page }) => {
  replies = [
    {
      kind: 'sse',
      chunks: [...chunks([{ content: 'Steps:\n\n- one\n- two\n- ' }], null, { done: false })],
      hangAfter: true,
    },
  ];
  await page.goto(web.url);
  await configure(page);
  await ask(page);
  await expect(page.locator('.answer li').filter({ hasText: 'two' })).toBeVisible();
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('status')).toHaveText('Stopped');
  // textContent: a finished block's innerText is empty until it is laid out (content-visibility).
  const items = await page.locator('.answer li').allTextContents();
  expect(items.map((text) => text.trim())).toEqual(['one', 'two']);
});

test('Extract text clears a stale 401', async ({ page }) => {
  replies = [{ kind: 'json', status: 401, body: { error: { message: 'Incorrect API key provided' } } }];
  await page.goto(web.url);
  await configure(page);
  await ask(page);
  await expect(page.getByTestId('error')).toContainText('401');
  await page.getByRole('button', { name: 'Extract text' }).click();
  await expect(page.getByTestId('error')).toHaveCount(0);
});

test('tool calls show while they stream', async ({ page }) => {
  replies = [
    {
      kind: 'sse',
      chunks: chunks(
        [
          {
            tool_calls: [
              { index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } },
            ],
          },
          { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] },
        ],
        null,
        { done: false },
      ),
      hangAfter: true,
    },
  ];
  await page.goto(web.url);
  await configure(page);
  await ask(page);
  await expect(page.getByTestId('tool-call')).toContainText('get_weather');
  await expect(page.getByTestId('status')).not.toHaveText(/Done/);
  await page.getByRole('button', { name: 'Stop' }).click();
});

test('the profile chip shows what answers and switches profile by keyboard', async ({ page }) => {
  await page.goto(web.url);
  await configure(page);
  await page.evaluate(
    (url) =>
      window.glimpse.settings.saveProfile({ profile: { name: 'Local', baseUrl: url, model: 'llava:13b' } }),
    mock.baseUrl,
  );
  const chip = page.getByTestId('profile-chip');
  await expect(chip).toContainText('gpt-4o-mini');
  await chip.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu');
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitemradio', { checked: true })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitemradio', { name: /Local/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(menu).toHaveCount(0);
  await expect(chip).toBeFocused();
  await expect(chip).toContainText('llava:13b');
  const settings = await page.evaluate(() => window.glimpse.settings.get());
  expect(settings.model).toBe('llava:13b');
  // Esc closes the menu, not the panel.
  await chip.click();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expect(chip).toBeVisible();
});

test('Add a capture: the follow-up carries the new image in its own message', async ({ page }) => {
  replies = [
    { kind: 'sse', chunks: sseFromTokens(tokenize('A terminal.')) },
    { kind: 'sse', chunks: sseFromTokens(tokenize('Now an editor.')) },
  ];
  await page.goto(web.url);
  await configure(page);
  await ask(page);
  await expect(page.getByTestId('status')).toHaveText(/Done/);
  await page.getByTestId('add-capture-file').setInputFiles(FIXTURE_IMAGE);
  await expect(page.getByTestId('added-capture')).toBeVisible();
  // The first capture stays: the conversation goes on.
  await expect(page.getByTestId('current-question')).toHaveCount(0);
  await page.getByLabel('Follow-up question').fill('And this next screen?');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByTestId('current-question')).toHaveText('And this next screen?');
  await expect(page.getByTestId('current-question-capture')).toBeVisible();
  await expect(page.getByTestId('status')).toHaveText(/Done/);
  const body = mock.requests.at(-1)!.body as {
    messages: { role: string; content: string | { type: string }[] }[];
  };
  const images = body.messages.map((m) =>
    typeof m.content === 'string' ? 0 : m.content.filter((p) => p.type === 'image_url').length,
  );
  expect(body.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
  expect(images).toEqual([1, 0, 1]);
  // The history keeps one conversation, the added image with the question it came with.
  await expect
    .poll(async () => {
      const { items } = await page.evaluate(() => window.glimpse.history.list());
      if (items.length !== 1) return `${items.length} conversations`;
      const stored = await page.evaluate((id) => window.glimpse.history.get(id), items[0]!.id);
      return stored.messages
        .filter((m) => m.role === 'user')
        .map((m) => m.parts.filter((p) => p.type === 'image').length);
    })
    .toEqual([1, 1]);
});

/** Three conversations through the import: today, yesterday, and last month. */
async function importThree(page: Page): Promise<void> {
  const png = readFileSync(FIXTURE_IMAGE);
  const now = Date.now();
  const day = 86_400_000;
  const conversation = (id: string, title: string, at: number, answer: string) => ({
    version: 1,
    id,
    title,
    createdAt: at,
    updatedAt: at,
    messages: [
      { id: `${id}u`, role: 'user', createdAt: at, parts: [{ type: 'text', text: 'What is this?' }] },
      { id: `${id}a`, role: 'assistant', createdAt: at + 1, parts: [{ type: 'text', text: answer }] },
    ],
  });
  const body = {
    format: 'glimpse-history',
    version: 1,
    exportedAt: now,
    conversations: [
      conversation(
        'c-today',
        'Docker build',
        now - 60_000,
        'Run **`docker build`** and see [the docs](https://docs.example/x).',
      ),
      conversation(
        'c-yesterday',
        'Chart colours',
        now - day,
        'Blue and <img src=x onerror="window.__pwned=1"> orange docker.',
      ),
      conversation('c-old', 'Old invoice', now - 45 * day, 'An invoice.'),
    ],
    images: {},
  };
  void png;
  const result = await page.evaluate(
    (data) => window.glimpse.history.import({ bytes: new TextEncoder().encode(data) }),
    JSON.stringify(body),
  );
  expect(result).toMatchObject({ imported: 3 });
}

test('history: grouped by day, plain-text snippets with the hit marked', async ({ page }) => {
  await page.goto(web.url);
  await importThree(page);
  await page.goto(`${web.url}#/history`);
  const groups = page.getByTestId('history-group');
  await expect(groups).toHaveCount(3);
  await expect(groups.nth(0)).toHaveText('Today');
  await expect(groups.nth(1)).toHaveText('Yesterday');
  await page.getByRole('searchbox').fill('docker');
  const snippets = page.getByTestId('snippet');
  await expect(snippets).toHaveCount(2);
  const first = await snippets.first().innerText();
  expect(first).not.toMatch(/\*\*|`|\]\(|https:/);
  await expect(snippets.first().locator('mark').first()).toHaveText(/docker/i);
  // The model's words are text: a tag in them is shown, never run.
  await expect(page.locator('[data-testid="snippet"] img')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('history: rename cancels with Esc or Cancel and closes on switching conversation', async ({ page }) => {
  await page.goto(web.url);
  await importThree(page);
  await page.goto(`${web.url}#/history`);
  const list = page.getByTestId('history-list');
  await list.getByRole('button', { name: /Docker build/ }).click();
  await page.getByRole('button', { name: 'Rename' }).click();
  const field = page.getByRole('textbox', { name: 'Rename' });
  await field.fill('Something else');
  await field.press('Escape');
  await expect(field).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Docker build' })).toBeVisible();
  await page.getByRole('button', { name: 'Rename' }).click();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('textbox', { name: 'Rename' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Rename' }).click();
  await list.getByRole('button', { name: /Chart colours/ }).click();
  await expect(page.getByRole('heading', { name: 'Chart colours' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Rename' })).toHaveCount(0);
});

test('history: a deletion is not counted, and the undo toast does not cover "Exported to…"', async ({
  page,
}) => {
  await page.goto(web.url);
  await importThree(page);
  await page.goto(`${web.url}#/history`);
  await expect(page.getByTestId('history-count')).toHaveText('3 conversations');
  await page
    .getByTestId('history-list')
    .getByRole('button', { name: /Docker build/ })
    .click();
  await page.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('undo-toast')).toBeVisible();
  await expect(page.getByTestId('history-count')).toHaveText('2 conversations');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  const notice = page.getByTestId('history-notice');
  await expect(notice).toHaveText(/^Exported to /);
  const a = (await notice.boundingBox())!;
  const b = (await page.getByTestId('undo-toast').boundingBox())!;
  const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  expect(overlap).toBe(false);
});

test('history: export is disabled when the list has nothing', async ({ page }) => {
  await page.goto(`${web.url}#/history`);
  await expect(page.getByTestId('history-empty')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Export Markdown' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Export JSON' })).toBeDisabled();
});
