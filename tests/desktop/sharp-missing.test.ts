/**
 * Finding 16 at desktop level: sharp's native binary fails to load (a package without
 * @img/sharp-<os>-x64). Glimpse still starts on every desktop — 'ready', the pre-warmed answer
 * window, the first-run guide — and a capture fails with one clear sentence of kind
 * `image-engine`, not a crash and not sharp's npm advice. `--smoke-test` then fails the release:
 * exit code 1 and one failure line.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { boot, waitFor, type Desktop } from './harness';
import { answerPanel, configureEndpoint, streamingServer } from './pages';
import { PROFILE_NAMES } from './stand-in/profiles';
import { sharpLoadErrorText, throwSharpLoadError } from './stand-in/sharp-missing';
import type { MockServer } from '../support/mock-openai-server';

const SCREEN = 'CommandOrControl+Shift+F';

let server: MockServer;
let desktop: Desktop | undefined;
beforeAll(async () => {
  server = await streamingServer();
});
afterAll(() => server.close());
// Every import of sharp from here on throws (the harness loaded the real one before, for the
// other files; boot's resetModules keeps this mock).
beforeEach(() => {
  vi.doMock('sharp', () => throwSharpLoadError());
});
afterEach(async () => {
  await desktop?.dispose();
  desktop = undefined;
  vi.doUnmock('sharp');
});

describe.each(PROFILE_NAMES)('%s: sharp cannot load', (name) => {
  it('Glimpse starts, shows the guide, and a capture fails with the image-engine sentence', async () => {
    desktop = await boot(name, { profile: { macScreenPermission: 'granted' } });
    expect(desktop.loadError).toBeUndefined();
    const answer = await desktop.window('answer');
    await waitFor(() => answer.isVisible(), 'the first-run guide to show');
    const panel = await answerPanel(desktop);
    await configureEndpoint(panel.page, server.baseUrl);

    desktop.press(SCREEN);
    const failure = await waitFor(() => panel.failures[0], 'the capture to fail');
    expect(failure.kind).toBe('image-engine');
    expect(failure.message).toContain("Glimpse's image engine (sharp) could not be loaded");
    // sharp's first line says which binary was missing; its npm advice is not for users.
    expect(failure.message).toContain(`using the ${desktop.profile.platform}-x64 runtime`);
    expect(failure.message).not.toMatch(/npm install/);
    expect(panel.window.isVisible()).toBe(true);
    // Nothing crashed and the process is still running.
    expect(desktop.electron.runtime.uncaught).toEqual([]);
    expect(desktop.electron.runtime.ended).toBeUndefined();
  });

  it('--smoke-test exits 1 with one failure line', async () => {
    const out: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(String(line)));
    const error = vi
      .spyOn(console, 'error')
      .mockImplementation((line: unknown) => void out.push(String(line)));
    try {
      desktop = await boot(name, { args: ['--smoke-test'] });
      const end = await waitFor(() => desktop!.electron.runtime.ended, 'the smoke test to exit');
      expect(end.code).toBe(1);
      const lines = out.filter((l) => l.startsWith('glimpse smoke:'));
      expect(lines).toEqual([expect.stringMatching(/^glimpse smoke: failed: .*image engine \(sharp\)/)]);
      expect(lines[0]).not.toContain('\n');
      expect(lines[0]).toContain(sharpLoadErrorText(`${desktop.profile.platform}-x64`).split('\n')[0]);
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  });
});
