/**
 * The walking slice through every layer, in web mode: the real renderer in Chromium, the real IPC
 * handler table and core in Node, a local OpenAI-compatible server replaying a recorded stream.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { RENDERER_OUT } from '../../electron/web/build-renderer';
import { startWebServer, WEB_MODE_OPTIONS, type WebServer } from '../../electron/web/server';
import {
  answerText,
  loadRecording,
  splitIntoChunks,
  startMockServer,
  type MockServer,
} from '../support/mock-openai-server';

const FIXTURE = join(import.meta.dirname, '../fixtures/images/screen-small.png');
const RECORDING = 'openai-explain';
const ARTIFACTS = join(import.meta.dirname, '../.artifacts');

let mock: MockServer;
let web: WebServer;
let clipboard: string[];

test.beforeEach(async () => {
  mock = await startMockServer(() => ({
    kind: 'sse',
    // Odd-sized chunks split events and UTF-8 sequences mid-way, as real networks do; the rate
    // keeps the ~70 kB recording streaming for a few seconds so the UI is seen mid-answer.
    chunks: splitIntoChunks(loadRecording(RECORDING), 97),
    ratePerSecond: 250,
  }));
  clipboard = [];
  web = await startShield(false);
});

/**
 * The server with the privacy shield on (as `npm run web` starts it, WEB_MODE_OPTIONS) or off.
 * Off, explicitly, where the shield is not what a test is about: with it on, the OCR of the
 * dropped image competes for the CPU and Ask may go out after the shield's wait with its "not
 * finished" notice, which is designed behaviour, not this test's subject.
 */
function startShield(on: boolean): Promise<WebServer> {
  return startWebServer({
    rendererDir: RENDERER_OUT,
    writeClipboard: (text) => clipboard.push(text),
    ...(on ? WEB_MODE_OPTIONS : { privacyShield: false }),
  });
}

test.afterEach(async () => {
  await web.close();
  await mock.close();
});

async function configureEndpoint(page: Page, baseUrl: string): Promise<void> {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel(/^Base URL/).fill(baseUrl);
  await page.getByLabel(/^API key/).fill('test-key-123');
  await page.getByLabel('Model').fill('gpt-4o-mini');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  // The key is stored: the field gives way to a line saying so (Replace, Remove).
  await expect(page.getByTestId('api-key-stored')).toBeVisible();
  await page.getByRole('link', { name: 'Back' }).click();
}

/** Drops a file on the drop zone the way a file manager does: a real DataTransfer and drop event. */
async function dropImage(page: Page, path: string): Promise<void> {
  const base64 = readFileSync(path).toString('base64');
  const dataTransfer = await page.evaluateHandle((data) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], 'screen-small.png', { type: 'image/png' }));
    return transfer;
  }, base64);
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
}

test('a dropped image is asked about and the answer streams in order, completely', async ({ page }) => {
  const expected = answerText(RECORDING);
  expect(expected.length).toBeGreaterThan(200);

  // OCR of the image on a loaded machine takes its time; the shield's line below waits for it.
  test.setTimeout(120_000);
  // Every layer, as users have it by default: the privacy shield on.
  await web.close();
  web = await startShield(true);
  await page.goto(web.url);
  await configureEndpoint(page, mock.baseUrl);
  await dropImage(page, FIXTURE);
  await expect(page.getByTestId('capture-preview')).toBeVisible();
  await expect(page.getByText(/640 × 400 px/)).toBeVisible();
  // A user reads the shield's line before asking: wait until it says the scan ended (however
  // long OCR takes on this machine), so Ask sends a checked image, not one after the wait.
  const shieldStatus = page.getByTestId('shield-status');
  await expect(shieldStatus).toHaveText(/Scan took (\d+\sms|\d+(\.\d)?\ss|\d+\smin)\./, { timeout: 60_000 });
  await expect(shieldStatus).toHaveText(/^Privacy shield: (nothing private found|\d+ item\(s\))/);

  // Record every text the answer shows while it streams.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seenAnswers: string[] }).seenAnswers = seen;
    const target = document.querySelector('[data-testid="answer"]')!;
    new MutationObserver(() => seen.push(target.textContent ?? '')).observe(target, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
  await page.getByRole('button', { name: 'Ask' }).click();
  await expect(page.getByTestId('status')).toHaveText(/Done/, { timeout: 30_000 });
  // The answer is rendered as Markdown, and "Copy Markdown" gives back exactly what streamed.
  const answer = page.getByTestId('answer');
  await expect(answer.getByRole('heading', { name: 'What the screenshot shows' })).toBeVisible();
  await expect(answer.locator('li')).toHaveCount(5);
  await expect(answer.locator('code').first()).toHaveText('npm install');
  await page.getByRole('button', { name: 'Copy Markdown' }).click();
  await expect(page.getByTestId('notice')).toHaveText('Copied to the clipboard.');
  expect(clipboard).toEqual([expected]);

  const seen = await page.evaluate(() => (window as unknown as { seenAnswers: string[] }).seenAnswers);
  expect(seen.length).toBeGreaterThan(3); // it streamed, not one final paint
  // In order: each text shown along the way is a beginning of the final text, except for the
  // open tail (the last block's Markdown, re-rendered as it completes, e.g. `npm` turning into
  // code), and the part that matches the final text never goes back.
  const final = (await answer.textContent()) ?? '';
  const TAIL = 80;
  const matched = (text: string): number => {
    let n = 0;
    while (n < text.length && text[n] === final[n]) n++;
    return n;
  };
  let reached = 0;
  for (const text of seen) {
    expect(final.startsWith(text.slice(0, Math.max(0, text.length - TAIL))), text).toBe(true);
    expect(matched(text), text).toBeGreaterThanOrEqual(reached - TAIL);
    reached = Math.max(reached, matched(text));
  }
  expect(seen.at(-1)).toBe(final);
  expect(final).toContain('run the install again without sudo');

  // What went over the wire: one streaming request with the image as a PNG data URI and the key.
  const chat = mock.requests.filter((r) => r.path.endsWith('/chat/completions'));
  expect(chat).toHaveLength(1);
  const request = chat[0]!;
  expect(request.headers.authorization).toBe('Bearer test-key-123');
  const body = request.body as {
    model: string;
    stream: boolean;
    messages: { role: string; content: { type: string; text?: string; image_url?: { url: string } }[] }[];
  };
  expect(body.model).toBe('gpt-4o-mini');
  expect(body.stream).toBe(true);
  const parts = body.messages[0]!.content;
  expect(parts.find((p) => p.type === 'text')?.text).toBe('Explain what is in this image.');
  const url = parts.find((p) => p.type === 'image_url')?.image_url?.url ?? '';
  expect(url.startsWith('data:image/png;base64,')).toBe(true);
  const sent = Buffer.from(url.slice('data:image/png;base64,'.length), 'base64');
  expect(sent.subarray(1, 4).toString()).toBe('PNG');

  await page.screenshot({ path: join(ARTIFACTS, 'walking-slice.png'), fullPage: true });
});

test('without an endpoint, asking says what to set up', async ({ page }) => {
  await page.goto(web.url);
  await dropImage(page, FIXTURE);
  await page.getByRole('button', { name: 'Ask' }).click();
  await expect(page.getByTestId('error')).toContainText('No endpoint is set up yet');
  expect(mock.requests).toHaveLength(0);
});

test('a file that is not an image is refused with a clear message', async ({ page }) => {
  await page.goto(web.url);
  await page.getByTestId('file-input').setInputFiles({
    name: 'notes.png',
    mimeType: 'image/png',
    buffer: Buffer.from('this is plain text, not a PNG'),
  });
  await expect(page.getByTestId('error')).toBeVisible();
  await expect(page.getByTestId('capture-preview')).toHaveCount(0);
});

test('a capture announced while the answer panel is still loading is shown once it has loaded', async ({
  page,
}) => {
  // Hold the panel's code back, as a slow disk would at launch (`glimpse --capture`).
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/assets\/AnswerPanel-[^/]+\.js$/, async (route) => {
    await released;
    await route.continue();
  });
  await page.goto(web.url);
  await page.waitForFunction(() => typeof window.glimpse === 'object');
  await expect(page.getByTestId('drop-zone')).toHaveCount(0);
  // Main announces the capture now (capture:ready), before the panel listens.
  const bytes = Array.from(readFileSync(FIXTURE));
  await page.evaluate(
    (data) => window.glimpse.capture.fromImage({ name: 'early.png', bytes: new Uint8Array(data) }),
    bytes,
  );
  release();
  await expect(page.getByTestId('capture-preview')).toBeVisible();
});
