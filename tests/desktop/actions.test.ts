/**
 * Your own actions at the desktop level (issue 17), on each desktop: an action's own global
 * shortcut runs that action (its capture carries it to the panel, the panel shows, and the
 * question asked with it goes out with the action's model); `glimpse --action NAME` launched
 * again reaches the running app through 'second-instance' and runs it; an unknown name is said.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { boot, waitFor, type Desktop } from './harness';
import { answerPanel, configureEndpoint, streamingServer, type AnswerPanel } from './pages';
import { PROFILE_NAMES } from './stand-in/profiles';
import type { MockServer } from '../support/mock-openai-server';

const ACTION_HOTKEY = 'CommandOrControl+Alt+T';

let server: MockServer;
let desktop: Desktop | undefined;

beforeAll(async () => {
  server = await streamingServer();
});
afterAll(() => server.close());
afterEach(async () => {
  await desktop?.dispose();
  desktop = undefined;
});

/** Translate captures the display under the pointer (no overlay), with its own model and shortcut. */
async function setUp(panel: AnswerPanel): Promise<void> {
  await configureEndpoint(panel.page, server.baseUrl);
  const { settings } = await panel.page.glimpse.settings.get();
  await panel.page.glimpse.settings.update({
    actions: settings.actions.map((a) =>
      a.id === 'translate' ? { ...a, capture: 'screen', model: 'translate-model', hotkey: ACTION_HOTKEY } : a,
    ),
  });
}

async function askWithAction(panel: AnswerPanel, captureId: string, prompt: string, actionId: string) {
  const before = server.requests.length;
  const requestId = randomUUID();
  await panel.page.glimpse.chat.ask({ requestId, captureId, prompt, actionId });
  await waitFor(() => panel.done.get(requestId), 'the answer asked with the action');
  return server.requests.slice(before).find((r) => JSON.stringify(r.body).includes(prompt))!;
}

describe.each(PROFILE_NAMES)('%s', (name) => {
  it('an action’s own shortcut runs that action: its capture, the panel, its model', async () => {
    desktop = await boot(name, { profile: { macScreenPermission: 'granted' } });
    const panel = await answerPanel(desktop);
    await setUp(panel);
    panel.window.hide();

    expect(desktop.press(ACTION_HOTKEY)).toBe(true);
    const info = await waitFor(
      () => panel.captures.find((c) => c.action?.id === 'translate'),
      'the action’s capture',
    );
    expect(info.action).toMatchObject({ name: 'Translate', askAtOnce: true });
    await waitFor(() => panel.window.isVisible() || undefined, 'the panel to show');

    const question = info.action!.question.en!;
    const request = await askWithAction(panel, info.captureId, question, 'translate');
    expect((request.body as { model: string }).model).toBe('translate-model');

    // Paused shortcuts hold the action's too.
    const captures = panel.captures.length;
    await panel.page.glimpse.app.action({ action: 'toggleHotkeys' });
    desktop.press(ACTION_HOTKEY);
    await panel.page.glimpse.app.action({ action: 'toggleHotkeys' });
    expect(panel.captures.length).toBe(captures);
  });

  it('`glimpse --action NAME` launched again runs it in the running app; an unknown name is said', async () => {
    desktop = await boot(name, { profile: { macScreenPermission: 'granted' } });
    const panel = await answerPanel(desktop);
    await setUp(panel);
    panel.window.hide();

    desktop.electron.secondInstance([process.execPath, '--action', 'TRANSLATE']);
    const info = await waitFor(
      () => panel.captures.find((c) => c.action?.id === 'translate'),
      'the action’s capture',
    );
    await waitFor(() => panel.window.isVisible() || undefined, 'the panel to show');
    expect(info.action?.question.fr).toContain('français');

    desktop.electron.secondInstance([process.execPath, '--action=nope']);
    const failure = await waitFor(
      () => panel.failures.find((f) => f.code === 'action.unknown'),
      'the unknown action said',
    );
    expect(failure).toMatchObject({ fields: { action: 'nope' }, message: 'There is no action “nope”.' });
  });
});
