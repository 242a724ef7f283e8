import { afterEach, expect, it } from 'vitest';
import { boot, type Desktop } from './harness';

let desktop: Desktop | undefined;
afterEach(async () => desktop?.dispose());

it('boots on linux-x11', async () => {
  desktop = await boot('linux-x11');
  expect(desktop.loadError).toBeUndefined();
  const answer = await desktop.window('answer');
  expect(answer.isVisible()).toBe(true);
  const page = await desktop.page(answer);
  const settings = await page.glimpse.settings.get();
  expect(settings).toBeTruthy();
  console.log(desktop.electron.runtime.journal.map((e) => e.api).join(' '));
});
