/**
 * A damaged history file is set aside, never deleted, and the user is told where it went — in
 * the window they have open, not only in a log.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { RENDERER_OUT } from '../../electron/web/build-renderer';
import { startWebServer } from '../../electron/web/server';
import { ARTIFACTS } from './helpers';

test('a corrupt conversation file is reported with where it was moved, and the app carries on', async ({
  page,
}) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'glimpse-problems-'));
  const conversations = join(dataDir, 'history', 'conversations');
  mkdirSync(conversations, { recursive: true });
  const id = randomUUID();
  writeFileSync(join(conversations, `${id}.json`), '{"id": "half a file", "messages": [');
  const web = await startWebServer({ rendererDir: RENDERER_OUT, dataDir });
  try {
    await page.goto(web.url);
    const alert = page.getByTestId('storage-problems');
    await expect(alert).toBeVisible();
    await expect(alert).toContainText('set aside, not deleted');
    await expect(alert).toContainText(id);
    // The damaged bytes are still on disk, beside where they were.
    const kept = readdirSync(conversations).filter((name) => name.startsWith(id));
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatch(/corrupt-/);
    expect(existsSync(join(conversations, `${id}.json`))).toBe(false);
    // The rest of the app works: the answer panel is there.
    await expect(page.getByRole('button', { name: 'Ask' })).toBeVisible();
    await page.screenshot({ path: join(ARTIFACTS, 'storage-problem.png') });
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    await expect(alert).toBeHidden();
  } finally {
    await web.close();
    await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  }
});
