/**
 * The settings page in web mode: profiles from presets, the API key that never comes back, the
 * model picker and "test connection" against the local mock server, every parameter's range
 * checked in the form and sent as saved, the hotkey recorder with its conflict message.
 */
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { WebServer } from '../../electron/web/server';
import { startForwardProxy } from '../support/forward-proxy';
import { sseFromTokens, tokenize } from '../support/markdown-answers';
import { startMockServer, type MockServer } from '../support/mock-openai-server';
import { startTestWebServer, ARTIFACTS, dropImage, watchPage } from './helpers';

let mock: MockServer;
let web: WebServer;

test.beforeEach(async () => {
  mock = await startMockServer((req) => {
    if (!req.path.endsWith('/chat/completions')) return undefined;
    return { kind: 'sse', chunks: sseFromTokens(tokenize('{"ok": true}')) };
  });
  web = await startTestWebServer();
});

test.afterEach(async () => {
  await web.close();
  await mock.close();
});

async function openSettings(page: Page): Promise<void> {
  await page.goto(web.url);
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
}

test('the stored API key is never shown or sent back to the page', async ({ page }) => {
  // Every message main sends the page (replies and events) crosses web mode's one WebSocket.
  const received: string[] = [];
  const sent: string[] = [];
  page.on('websocket', (socket) => {
    socket.on('framereceived', (frame) => void received.push(String(frame.payload)));
    socket.on('framesent', (frame) => void sent.push(String(frame.payload)));
  });
  await openSettings(page);
  await page.getByLabel(/^Base URL/).fill(mock.baseUrl);
  await page.getByLabel(/^API key/).fill('sk-secret-key-4242');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  // A stored key is a line saying where it is kept (Replace, Remove), never a field holding it.
  await expect(page.getByTestId('api-key-stored')).toBeVisible();
  await expect(page.getByLabel(/^API key/)).toHaveCount(0);
  expect(await page.content()).not.toContain('sk-secret-key-4242');
  const publicSettings = await page.evaluate(async () => JSON.stringify(await window.glimpse.settings.get()));
  expect(publicSettings).not.toContain('sk-secret-key-4242');
  await page.reload(); // still on #/settings
  await expect(page.getByTestId('api-key-stored')).toBeVisible();
  // Replace opens an empty field: the stored key is not in it.
  await page.getByRole('button', { name: 'Replace' }).click();
  await expect(page.getByLabel(/^API key/)).toHaveValue('');
  expect(await page.content()).not.toContain('sk-secret-key-4242');
  // A change that makes main broadcast the settings again, and a test with the stored key.
  await page.getByLabel('Model', { exact: true }).fill('gpt-4o-mini');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('connection')).not.toBeEmpty();
  expect(mock.requests.at(-1)?.headers.authorization).toBe('Bearer sk-secret-key-4242');
  // The traffic was seen (the page sent the key once, when saving it) and none of it came back.
  expect(sent.some((frame) => frame.includes('sk-secret-key-4242'))).toBe(true);
  expect(received.length).toBeGreaterThan(5);
  expect(received.filter((frame) => frame.includes('sk-secret-key-4242'))).toEqual([]);
});

test('test connection lists the models, reports a wrong model and an unreachable server', async ({
  page,
}) => {
  await openSettings(page);
  await page.getByLabel(/^Base URL/).fill(mock.baseUrl);
  await page.getByLabel(/^API key/).fill('sk-test');
  await page.getByLabel('Model', { exact: true }).fill('gpt-4o-mini');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('connection')).toHaveText(
    'Connected, and “gpt-4o-mini” is one of its 2 models.',
  );
  await expect(page.locator('#models option')).toHaveCount(2);
  expect(mock.requests.at(-1)?.headers.authorization).toBe('Bearer sk-test');

  await page.getByLabel('Model', { exact: true }).fill('gpt-5-vision-ultra');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('connection')).toHaveText(
    'Connected, but the server does not list “gpt-5-vision-ultra”: check its name.',
  );

  await page.getByLabel(/^Base URL/).fill('http://127.0.0.1:9/v1');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('connection')).toContainText('127.0.0.1');
  await expect(page.getByTestId('connection')).toHaveClass(/error/);
});

test('parameters out of range are refused in the form; saved ones are sent with the request', async ({
  page,
}) => {
  const watch = await watchPage(page);
  await openSettings(page);
  await page.getByLabel(/^Base URL/).fill(mock.baseUrl);
  await page.getByLabel('Model', { exact: true }).fill('gpt-4o-mini');
  const temperature = page.getByRole('textbox', { name: 'Temperature' });
  await temperature.fill('3');
  await page.getByText('Advanced parameters').click();
  await page.getByLabel('Stop sequences').fill('a\nb\nc\nd\ne');
  await page.getByLabel('Logit bias').fill('{"abc": 5}');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Check the fields marked in red.' })).toBeVisible();
  await expect(page.getByText('between 0 and 2')).toBeVisible();
  await expect(page.getByText('at most 4 stop sequences')).toBeVisible();
  await expect(page.getByText('"abc" is not a token id')).toBeVisible();
  await page.screenshot({ path: join(ARTIFACTS, 'settings-errors-light.png'), fullPage: true });

  await temperature.fill('0.3');
  await page.getByLabel('Stop sequences').fill('END\n###');
  await page.getByLabel('Logit bias').fill('{"50256": -100}');
  await page.getByRole('textbox', { name: 'Seed' }).fill('42');
  await page.getByLabel('JSON mode').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  await page.getByRole('link', { name: 'Back' }).click();
  await dropImage(page);
  await page.getByRole('button', { name: 'Ask' }).click();
  await expect(page.getByTestId('status')).toHaveText(/Done/);
  const body = mock.requests.find((r) => r.path.endsWith('/chat/completions'))!.body as Record<
    string,
    unknown
  >;
  expect(body).toMatchObject({
    temperature: 0.3,
    stop: ['END', '###'],
    logit_bias: { '50256': -100 },
    seed: 42,
    response_format: { type: 'json_object' },
  });
  expect(body).not.toHaveProperty('top_p');
  expect(await watch.violations()).toEqual([]);
  // Let the history finish recording the answer before the server is closed.
  await expect
    .poll(async () => (await page.evaluate(() => window.glimpse.history.list())).items[0]?.messageCount)
    .toBe(2);
});

test('profiles from presets, and the hotkey recorder with conflicts', async ({ page }) => {
  await openSettings(page);
  await page.getByTestId('preset-select').selectOption('ollama');
  await page.getByRole('button', { name: 'Add a profile' }).click();
  await expect(page.getByTestId('profile-row')).toHaveCount(2);
  await expect(page.getByLabel(/^Base URL/)).toHaveValue('http://localhost:11434/v1');
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Ollama');
  await page.getByTestId('profile-row').filter({ hasText: 'Default' }).click();
  await expect(page.getByLabel(/^Base URL/)).toHaveValue('');
  await page.getByTestId('profile-row').filter({ hasText: 'Ollama' }).click();
  await page.getByRole('button', { name: 'Delete this profile' }).click();
  await expect(page.getByTestId('profile-row')).toHaveCount(1);

  await page.getByRole('tab', { name: 'Shortcuts' }).click();
  const region = page.getByTestId('hotkey-captureRegion');
  await region.click();
  await expect(region).toHaveText('Press the new shortcut… (Esc cancels)');
  await page.keyboard.press('Control+Shift+K');
  // Keycaps as Linux writes them (the test browser runs on Linux), never the accelerator string.
  await expect(region.locator('kbd kbd')).toHaveText(['Ctrl', 'Shift', 'K']);
  const screen = page.getByTestId('hotkey-captureScreen');
  await screen.click();
  await page.keyboard.press('Control+Shift+K');
  await expect(page.getByTestId('hotkey-message')).toHaveText(
    'Ctrl+Shift+K is already the shortcut for “Capture a region”.',
  );
  const saved = await page.evaluate(async () => (await window.glimpse.settings.get()).settings.hotkeys);
  expect(saved.captureRegion).toBe('CommandOrControl+Shift+K');
  expect(saved.captureScreen).not.toBe('CommandOrControl+Shift+K');

  await page.getByRole('tab', { name: 'Appearance' }).click();
  await page.getByTestId('theme').selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('a proxy password stays in main: the form shows a marker, and saving it unchanged keeps it', async ({
  page,
}) => {
  const port = new URL(mock.url).port;
  const proxy = await startForwardProxy(Number(port));
  try {
    await openSettings(page);
    // Not loopback, so web mode sends it through the proxy, which tunnels to the mock server.
    await page.getByLabel(/^Base URL/).fill(`http://api.glimpse-upstream.test:${port}/v1`);
    await page.getByLabel('Model', { exact: true }).fill('gpt-4o-mini');
    await page.getByRole('combobox', { name: 'Connection', exact: true }).selectOption('custom');
    const proxyUrl = page.getByLabel(/^Proxy URL/);
    await proxyUrl.fill(proxy.url.replace('http://', 'http://alice:pxSecret-5150@'));
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    const marked = proxy.url.replace('http://', 'http://alice:(kept-in-the-keychain)@');
    await expect(proxyUrl).toHaveValue(marked);
    await expect(page.getByText('A password in this URL is kept in the system keychain')).toBeVisible();
    expect(await page.content()).not.toContain('pxSecret-5150');
    const publicSettings = await page.evaluate(async () =>
      JSON.stringify(await window.glimpse.settings.get()),
    );
    expect(publicSettings).not.toContain('pxSecret-5150');

    await page.getByLabel('Name', { exact: true }).fill('Behind the proxy');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => (await page.evaluate(() => window.glimpse.settings.get())).settings.profiles[0]?.name)
      .toBe('Behind the proxy');
    await expect(proxyUrl).toHaveValue(marked);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(page.getByTestId('connection')).toHaveText(
      'Connected, and “gpt-4o-mini” is one of its 2 models.',
    );
    expect(proxy.authorizations).toEqual([`Basic ${Buffer.from('alice:pxSecret-5150').toString('base64')}`]);
    await page
      .getByRole('group', { name: 'Proxy' })
      .screenshot({ path: join(ARTIFACTS, 'settings-proxy-password.png') });
  } finally {
    await proxy.close();
  }
});
