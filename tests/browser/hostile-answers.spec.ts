/**
 * Answers that hurt (issue 16): shapes that froze the page or dropped text, and links that lied
 * about where they go. Each answer streams from the local mock server into the real answer
 * panel in web mode; every test also fails on any CSP violation report.
 */
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { WebServer } from '../../electron/web/server';
import { deepListAnswer, longLineAnswer, sseFromTokens, tokenize } from '../support/markdown-answers';
import { startMockServer, type MockReply, type MockServer } from '../support/mock-openai-server';
import { startTestWebServer, ARTIFACTS, configureEndpoint, dropImage, watchPage } from './helpers';

let mock: MockServer;
let web: WebServer;
let opened: string[];
let clipboard: string[];
let reply: MockReply;

test.beforeEach(async () => {
  opened = [];
  clipboard = [];
  mock = await startMockServer((req) => (req.path.endsWith('/chat/completions') ? reply : undefined));
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

/** Asks with the given stream as the answer; resolves when the panel says Done. */
async function ask(page: Page, tokens: string[], ratePerSecond: number, doneTimeout = 40_000) {
  reply = { kind: 'sse', chunks: sseFromTokens(tokens), ratePerSecond };
  const watch = await watchPage(page);
  await page.goto(web.url);
  await configureEndpoint(page, mock.baseUrl);
  await dropImage(page);
  await page.getByRole('button', { name: 'Ask' }).click();
  await expect(page.getByTestId('status')).toHaveText(/Done/, { timeout: doneTimeout });
  return watch;
}

test('a 50 kB line without spaces streams to the end, whole, wrapped inside the panel', async ({ page }) => {
  test.setTimeout(120_000);
  // Today's renderer re-parsed and re-laid out the whole line every frame: the page froze and
  // never reached Done. 12,500 tokens at 1,000 tokens/s take 12.5 s to arrive.
  const answer = longLineAnswer(50_000, 'That is the whole payload.');
  const watch = await ask(page, answer.tokens, 1_000, 60_000);
  const shown = page.getByTestId('answer');
  await expect(shown).toContainText('That is the whole payload.');
  const text = await shown.evaluate((el) => el.textContent ?? '');
  expect(text).toContain(answer.text.split('\n')[0]);
  // Finished, the line stays plain text: as Markdown it was one long task (a link for each of its
  // 500-odd URLs, sanitised and laid out as one paragraph). The sentence after it is Markdown.
  await expect(shown.locator('.md-committed .md-plain')).toHaveCount(25);
  await expect(shown.locator('a')).toHaveCount(0);
  await expect(shown.locator('p', { hasText: 'That is the whole payload.' })).toHaveCount(1);
  // The line wraps: the page never scrolls sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await page.getByRole('button', { name: 'Copy Markdown' }).click();
  await expect.poll(() => clipboard.length).toBe(1);
  expect(clipboard[0]).toBe(answer.text);
  expect(await watch.violations()).toEqual([]);
});

test('a list nested 1,000 deep shows every level and the closing sentence', async ({ page }) => {
  test.setTimeout(120_000);
  // markdown-it stops at maxNesting (100) and dropped the rest of the answer without a trace.
  const answer = deepListAnswer(1_000, 'The closing sentence after the outline.');
  const quote = `${'> '.repeat(1_000)}the deepest quote`;
  const watch = await ask(
    page,
    [...answer.tokens, ...tokenize(`\n\n${quote}\n\nThe very end.`)],
    1_000,
    60_000,
  );
  const shown = page.getByTestId('answer');
  await expect(shown).toContainText('The closing sentence after the outline.');
  await expect(shown).toContainText('level 1000');
  await expect(shown).toContainText('the deepest quote');
  await expect(shown).toContainText('The very end.');
  // Past the limit the levels are shown flat, not as a thousand nested boxes.
  expect(await shown.locator('ul').count()).toBeLessThan(100);
  expect(await watch.violations()).toEqual([]);
});

const LINKS = [
  'Sign in at [github.com](https://github.com.evil.example/login).',
  '',
  'Or at <https://github.com@evil.example/session> (a user name, then the real host).',
  '',
  'The [official docs](https://docs.github.com/en/get-started) need no warning.',
  '',
  'Look-alikes: [gіthub.com](https://gіthub.com/login) with a Cyrillic і,',
  '[gοogle.com](https://gοogle.com/) with a Greek ο, and [ｇｉｔｈｕｂ.com](https://evil.example/) in full width.',
  '',
  'Hidden controls: [invoice\u202Egpj.exe](https://exa\u200Bmple.com/files/inv\u202Eoice) and a file named `report\u202Efdp.exe` and doc\u2066u\u2069ment\u200B.txt.',
].join('\n');

test('links show the host they really open', async ({ page }) => {
  const watch = await ask(page, tokenize(LINKS), 400);
  const shown = page.getByTestId('answer');
  const host = (name: string | RegExp) => shown.getByRole('link', { name }).locator('.link-host');

  // A link whose text names another host, or hides the host behind user info.
  await expect(host(/^github\.com /)).toHaveText('github.com.evil.example');
  await expect(host(/github\.com@evil/)).toHaveText('evil.example');
  // Honest links carry no badge.
  await expect(shown.getByRole('link', { name: 'official docs' }).locator('.link-host')).toHaveCount(0);
  // Confusable letters: the real host in punycode, as the URL parser gives it.
  await expect(host(/^gіthub/)).toHaveText('xn--gthub-n2e.com');
  await expect(host(/^gοogle/)).toHaveText('xn--gogle-rce.com');
  await expect(host(/ｇｉｔｈｕｂ/)).toHaveText('evil.example');

  // Clicking still goes through main, to the real destination.
  await shown.getByRole('link', { name: /^github\.com / }).click();
  await expect.poll(() => opened).toEqual(['https://github.com.evil.example/login']);
  expect(await watch.violations()).toEqual([]);
});

test('bidi and zero-width controls are removed from links and marked in text', async ({ page }) => {
  await ask(page, tokenize(LINKS), 400);
  const shown = page.getByTestId('answer');
  const found = await shown.evaluate((root) => {
    const controls = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u200B-\u200D\u2060\uFEFF]/;
    const links = [...root.querySelectorAll('a')].map((a) => ({
      text: a.textContent ?? '',
      href: decodeURIComponent(a.getAttribute('href') ?? ''),
    }));
    return {
      linksWithControls: links.filter((l) => controls.test(l.text) || controls.test(l.href)),
      hrefs: links.map((l) => l.href),
      marks: [...root.querySelectorAll('.md-control')].map((m) => m.textContent),
    };
  });
  expect(found.linksWithControls).toEqual([]);
  // The zero-width space is gone from the host before it was encoded: example.com, not xn--….
  expect(found.hrefs).toContain('https://example.com/files/invoice');
  // A reordering control in text is shown, not obeyed: the file name cannot pass for a .pdf.
  expect(found.marks).toEqual(['U+202E', 'U+2066', 'U+2069']);
  await expect(shown.locator('code', { hasText: 'report' }).locator('.md-control')).toHaveText('U+202E');
});

test('a malformed formula and a macro bomb show as marked TeX, with no CSP report', async ({ page }) => {
  const text = [
    'A broken fraction $\\frac{1}{$ and a bomb $\\def\\a{\\a\\a}\\a$ and a fine one $x^2$.',
    '',
    '$$\\begin{matrix} a & b \\end{pmatrix}$$',
  ].join('\n');
  const watch = await ask(page, tokenize(text), 400);
  const shown = page.getByTestId('answer');
  await expect(shown.locator('code.math-error')).toHaveCount(3);
  await expect(shown.locator('code.math-error').first()).toHaveText('\\frac{1}{');
  await expect(shown.locator('code.math-error').first()).toHaveAttribute('title', /KaTeX parse error/);
  await expect(shown.locator('math')).toHaveCount(1);
  // KaTeX's own error span carries style="color:…", which the CSP refuses: none reaches the page.
  expect(await shown.locator('[style], .katex-error').count()).toBe(0);
  expect(await watch.violations()).toEqual([]);
});

const GALLERY = [
  '## Hostile answer',
  '',
  LINKS,
  '',
  'A broken fraction $\\frac{1}{$ beside $x^2$.',
  '',
  `${'- '.repeat(60)}deep item`,
  '',
  longLineAnswer(1_500).text,
].join('\n');

for (const scheme of ['light', 'dark'] as const) {
  test(`the hostile answer, marked, ${scheme}`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const watch = await ask(page, tokenize(GALLERY), 600);
    await expect(page.getByTestId('answer').locator('.link-host')).toHaveCount(5);
    expect(await watch.violations()).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, `answer-hostile-${scheme}.png`), fullPage: true });
  });
}
