/** Steps the renderer specs share: set up an endpoint, drop an image, watch CSP and requests. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type JSHandle, type Page } from '@playwright/test';
import { RENDERER_OUT } from '../../electron/web/build-renderer';
import { startWebServer, type WebServer, type WebServerOptions } from '../../electron/web/server';

export const FIXTURE_IMAGE = join(import.meta.dirname, '../fixtures/images/screen-small.png');
export const ARTIFACTS = join(import.meta.dirname, '../.artifacts');

export async function configureEndpoint(page: Page, baseUrl: string): Promise<void> {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel(/^Base URL/).fill(baseUrl);
  await page.getByLabel(/^API key/).fill('test-key-123');
  await page.getByLabel('Model', { exact: true }).fill('gpt-4o-mini');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await page.getByRole('link', { name: 'Back' }).click();
}

/** A real DataTransfer in the page holding one file, as a file manager's drag carries it. */
export function fileTransfer(
  page: Page,
  path = FIXTURE_IMAGE,
  { name = 'screen.png', type = 'image/png' } = {},
): Promise<JSHandle<DataTransfer>> {
  const base64 = readFileSync(path).toString('base64');
  return page.evaluateHandle(
    ({ data, name, type }) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type }));
      return transfer;
    },
    { data: base64, name, type },
  );
}

/** Drops a file on the drop zone the way a file manager does: a real DataTransfer and drop event. */
export async function dropImage(page: Page, path = FIXTURE_IMAGE): Promise<void> {
  const dataTransfer = await fileTransfer(page, path);
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
  await expect(page.getByTestId('capture-preview')).toBeVisible();
}

/**
 * Before any page script runs: records every CSP violation the page reports, and every request
 * it makes, so a test can assert there were none it did not expect.
 */
export async function watchPage(
  page: Page,
): Promise<{ requests: string[]; violations: () => Promise<string[]> }> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      const target = event.target instanceof Element ? event.target.outerHTML.slice(0, 120) : 'document';
      seen.push(
        `${event.violatedDirective} ${event.blockedURI} ${event.sample} at ${event.sourceFile}:${event.lineNumber} on ${target}`,
      );
    });
  });
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  return {
    requests,
    violations: () =>
      page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations),
  };
}

/**
 * Web mode with its own data folder, removed with retries after close: a history file written
 * just as the server closes otherwise makes the removal fail now and then (ENOTEMPTY).
 */
export async function startTestWebServer(options: Partial<WebServerOptions> = {}): Promise<WebServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'glimpse-browser-test-'));
  const web = await startWebServer({ rendererDir: RENDERER_OUT, ...options, dataDir });
  return {
    ...web,
    close: async () => {
      await web.close();
      await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    },
  };
}
