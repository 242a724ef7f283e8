/**
 * The answer panel's Markdown in web mode: hostile model output, long fast answers, links and
 * copy through main, follow-ups, themes and languages. Each answer comes from the local mock
 * server as an OpenAI-shaped stream.
 */
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { WebServer } from '../../electron/web/server';
import { longMarkdownAnswer, sseFromTokens, tokenize, xssCorpus } from '../support/markdown-answers';
import { startMockServer, type MockReply, type MockServer } from '../support/mock-openai-server';
import { startTestWebServer, ARTIFACTS, configureEndpoint, dropImage, watchPage } from './helpers';

let mock: MockServer;
let web: WebServer;
let clipboard: string[];
let opened: string[];
/** What the mock answers to the next chat request(s), in order; the last one repeats. */
let replies: MockReply[];

test.beforeEach(async () => {
  clipboard = [];
  opened = [];
  replies = [];
  let served = 0;
  mock = await startMockServer((req) => {
    if (!req.path.endsWith('/chat/completions')) return undefined;
    return replies[Math.min(served++, replies.length - 1)];
  });
  web = await startTestWebServer({
    writeClipboard: (text) => clipboard.push(text),
    openExternal: (url) => {
      opened.push(url);
      return Promise.resolve();
    },
  });
});

test.afterEach(async () => {
  await web.close();
  await mock.close();
});

function streamOf(text: string, ratePerSecond = 400): MockReply {
  return { kind: 'sse', chunks: sseFromTokens(tokenize(text)), ratePerSecond };
}

async function askAndWait(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Ask' }).click();
  await expect(page.getByTestId('status')).toHaveText(/Done/, { timeout: 40_000 });
}

test('hostile model output runs nothing, loads nothing and breaks no CSP rule', async ({ page }) => {
  const canary = `${mock.url}/canary`;
  replies = [streamOf(xssCorpus(canary), 2_000)];
  const watch = await watchPage(page);
  await page.goto(web.url);
  await configureEndpoint(page, mock.baseUrl);
  await dropImage(page);
  await askAndWait(page);

  const answer = page.getByTestId('answer');
  // The text arrived: the raw HTML is shown as text, the unterminated fence as code.
  await expect(answer).toContainText('<script>window.__xss = "script-tag"</script>');
  await expect(answer.locator('pre').last()).toContainText('the fence never closes');
  await expect(answer.locator('table tr')).toHaveCount(401);

  const findings = await page.evaluate(() => {
    const root = document.querySelector('[data-testid="answer"]')!;
    const bad: string[] = [];
    for (const el of root.querySelectorAll('*')) {
      const name = el.localName;
      if (
        [
          'script',
          'iframe',
          'img',
          'svg',
          'style',
          'object',
          'embed',
          'form',
          'input',
          'link',
          'meta',
        ].includes(name)
      )
        bad.push(`element <${name}>`);
      for (const attr of el.attributes) {
        if (attr.name.startsWith('on')) bad.push(`${name}[${attr.name}]`);
        if (['style', 'src', 'srcset', 'action', 'formaction', 'xlink:href'].includes(attr.name))
          bad.push(`${name}[${attr.name}]`);
        if (attr.name === 'href' && !/^https?:\/\//.test(attr.value)) bad.push(`${name}[href=${attr.value}]`);
      }
    }
    return { bad, xss: (window as unknown as { __xss?: unknown }).__xss ?? null, url: location.href };
  });
  expect(findings.bad).toEqual([]);
  expect(findings.xss).toBeNull();

  // Images were shown as links and never fetched; the page asked nothing of anyone but web mode.
  await expect(answer.locator('.image-link', { hasText: 'remote image' })).toHaveAttribute(
    'href',
    `${canary}/remote-image.png`,
  );
  expect(mock.requests.filter((r) => r.path.includes('canary'))).toEqual([]);
  expect(watch.requests.filter((url) => !url.startsWith(web.origin))).toEqual([]);
  expect(await watch.violations()).toEqual([]);

  // Clicking links: javascript:/data: ones are plain text and do nothing; an http(s) one goes to
  // main, and the page itself never navigates.
  await answer.getByText('click me').click();
  await answer.getByText('data link').click();
  await answer.getByRole('link', { name: 'a fine link' }).click();
  await expect.poll(() => opened).toEqual(['https://example.com/docs?q=1']);
  expect(await page.evaluate(() => location.href)).toBe(findings.url);
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss ?? null)).toBeNull();

  await page.screenshot({ path: join(ARTIFACTS, 'answer-xss-light.png'), fullPage: false });
});

test('a 20,000-token answer streamed at 2,000 tokens/s renders completely and correctly', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const long = longMarkdownAnswer(20_000);
  expect(long.tokens.length).toBeGreaterThanOrEqual(20_000);
  replies = [{ kind: 'sse', chunks: sseFromTokens(long.tokens), ratePerSecond: 2_000 }];
  const watch = await watchPage(page);
  await page.goto(web.url);
  await configureEndpoint(page, mock.baseUrl);
  await dropImage(page);
  await page.getByRole('button', { name: 'Ask' }).click();
  await expect(page.getByTestId('status')).toHaveText(/Writing/, { timeout: 10_000 });
  await expect(page.getByTestId('status')).toHaveText(/Done/, { timeout: 60_000 });

  const answer = page.getByTestId('answer');
  await expect(answer.locator('h2')).toHaveCount(long.counts.headings);
  await expect(answer.locator('.code-block')).toHaveCount(long.counts.codeBlocks);
  await expect(answer.locator('table')).toHaveCount(long.counts.tables);
  await expect(answer.locator('tr')).toHaveCount(long.counts.tableRows);
  await expect(answer.locator('li')).toHaveCount(long.counts.listItems);
  // Finished code is highlighted (every block, the last one included) and math is MathML.
  await expect(answer.locator('.code-block:not(:has(.hljs-keyword))')).toHaveCount(0);
  expect(await answer.locator('math').count()).toBeGreaterThan(0);
  await expect(answer.locator('h2').last()).toHaveText(`Part ${long.counts.headings}: what the screen shows`);

  await page.getByRole('button', { name: 'Copy Markdown' }).click();
  await expect.poll(() => clipboard.length).toBe(1);
  expect(clipboard[0]).toBe(long.text);
  expect(await watch.violations()).toEqual([]);
});

test('code copy buttons and "Copy text" go through main', async ({ page }) => {
  const text = [
    'Run this:',
    '',
    '```bash',
    'npm config set prefix ~/.npm-global',
    '```',
    '',
    'Then **restart** the shell.',
  ].join('\n');
  replies = [streamOf(text)];
  await page.goto(web.url);
  await configureEndpoint(page, mock.baseUrl);
  await dropImage(page);
  await askAndWait(page);
  await page.getByTestId('answer').getByRole('button', { name: 'Copy' }).click();
  await expect(page.getByTestId('answer').getByRole('button', { name: 'Copied' })).toBeVisible();
  await page.getByRole('button', { name: 'Copy text' }).click();
  await expect.poll(() => clipboard.length).toBe(2);
  expect(clipboard[0]).toBe('npm config set prefix ~/.npm-global\n');
  expect(clipboard[1]).toContain('Then restart the shell.');
  expect(clipboard[1]).not.toContain('**');
});

test('"Copy text" of a long answer copies every block once, the ones never scrolled into view too', async ({
  page,
}) => {
  // Blocks off screen skip layout (content-visibility), and their innerText reads as empty.
  const paragraphs = Array.from(
    { length: 80 },
    (_, i) => `Paragraph ${i + 1} of the answer, with **bold** words.`,
  );
  replies = [streamOf(paragraphs.join('\n\n'), 300)];
  await page.goto(web.url);
  await configureEndpoint(page, mock.baseUrl);
  await dropImage(page);
  await askAndWait(page);
  // Jump to the end, as End does: the blocks in between are never laid out.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.getByRole('button', { name: 'Copy text' }).click();
  await expect.poll(() => clipboard.length).toBe(1);
  expect(clipboard[0]).toBe(paragraphs.map((p) => p.replaceAll('**', '')).join('\n\n'));
});

test('a follow-up continues the same conversation with the same image', async ({ page }) => {
  replies = [streamOf('The error is **EACCES**: a permission problem.'), streamOf('Use `nvm`, then retry.')];
  await page.goto(web.url);
  await configureEndpoint(page, mock.baseUrl);
  await dropImage(page);
  // Alt+4, the fourth action (Debug this error), asks its question at once.
  await page.keyboard.press('Alt+4');
  await expect(page.locator('#prompt')).toHaveValue(
    'Explain this error message, its likely cause, and how to fix it.',
  );
  await expect(page.getByTestId('status')).toHaveText(/Done/, { timeout: 40_000 });
  await page.getByLabel('Follow-up question').fill('How do I fix it without sudo?');
  await page.getByLabel('Follow-up question').press('Control+Enter');
  await expect(page.getByTestId('answer')).toHaveText(/Use nvm, then retry\./, { timeout: 20_000 });
  await expect(page.getByTestId('status')).toHaveText(/Done/);
  await expect(page.getByTestId('turn-answer')).toContainText('The error is EACCES');

  const chats = mock.requests.filter((r) => r.path.endsWith('/chat/completions'));
  expect(chats).toHaveLength(2);
  const second = chats[1]!.body as { messages: { role: string; content: unknown }[] };
  expect(second.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
  const first = second.messages[0]!.content as { type: string; text?: string; image_url?: { url: string } }[];
  expect(first[0]!.text).toBe('Explain this error message, its likely cause, and how to fix it.');
  expect(first[1]!.image_url!.url).toMatch(/^data:image\/png;base64,/);
  expect(second.messages[1]!.content).toBe('The error is **EACCES**: a permission problem.');
  expect(second.messages[2]!.content).toBe('How do I fix it without sudo?');
});

const SHOWCASE = [
  '## What the screenshot shows',
  '',
  'A **TypeScript** build failed: `tsc` cannot find the module [left-pad](https://www.npmjs.com/package/left-pad).',
  '',
  '| File | Line | Error |',
  '| --- | ---: | --- |',
  '| src/index.ts | 3 | TS2307 |',
  '| src/util.ts | 12 | TS7016 |',
  '',
  '```ts',
  "import leftPad from 'left-pad';",
  'export const id = (n: number): string => leftPad(String(n), 6, "0");',
  '```',
  '',
  'The padding grows as $\\lceil \\log_{10} n \\rceil$ digits:',
  '',
  '$$\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}$$',
  '',
  '1. Install the package',
  '2. Add `@types/left-pad`',
  '',
  '![the diagram](https://example.com/diagram.png)',
].join('\n');

for (const scheme of ['light', 'dark'] as const) {
  test(`the finished answer panel, ${scheme}`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    replies = [streamOf(SHOWCASE)];
    const watch = await watchPage(page);
    await page.goto(web.url);
    await configureEndpoint(page, mock.baseUrl);
    await dropImage(page);
    await askAndWait(page);
    await expect(page.getByTestId('fingerprint')).toHaveText('model gpt-4o-mini-2024-07-18 · fp_render_test');
    const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(bg).toBe(scheme === 'dark' ? 'rgb(23, 25, 29)' : 'rgb(255, 255, 255)');
    await expect(page.getByTestId('answer').locator('math')).toHaveCount(2);
    expect(await watch.violations()).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, `answer-done-${scheme}.png`), fullPage: true });
  });
}

test('the panel mid-answer, in French, with the waiting and writing states', async ({ page }) => {
  replies = [{ kind: 'sse', chunks: sseFromTokens(tokenize(SHOWCASE)), ratePerSecond: 20 }];
  await page.goto(web.url);
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('tab', { name: 'Appearance' }).click();
  await page.getByTestId('language').selectOption('fr');
  await expect(page.getByRole('heading', { name: 'Réglages' })).toBeVisible();
  await page.getByRole('tab', { name: 'Profils' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await page.getByLabel('URL de base').fill(mock.baseUrl);
  await page.getByLabel('Modèle').fill('gpt-4o-mini');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByRole('link', { name: 'Retour' }).click();
  await dropImage(page);
  // The first action asks at once, in French.
  await page.getByRole('button', { name: 'Expliquer' }).click();
  await expect(page.getByLabel('Question', { exact: true })).toHaveValue(
    'Explique ce que montre cette image.',
  );
  await expect(page.getByTestId('status')).toHaveText(/Rédaction… \d+ jetons\/s/, { timeout: 10_000 });
  await expect(page.getByRole('button', { name: 'Arrêter' })).toBeVisible();
  await page.screenshot({ path: join(ARTIFACTS, 'answer-streaming-fr.png'), fullPage: true });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('status')).toHaveText('Arrêté');
});
