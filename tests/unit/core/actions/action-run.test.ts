/**
 * Running your own actions (issue 17) below the renderer: the real handler table, capture store,
 * chat controller, history and settings, against the local mock server. An action's capture
 * carries it to the panel; `chat:ask {actionId}` asks with its profile, model and parameter
 * overrides; the history records which action asked, and search filters by it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistorySearchPage, Conversation } from '../../../../shared/history-schema';
import type { CaptureInfo } from '../../../../shared/ipc-contract';
import { AppActions, type AppActionPorts } from '../../../../electron/core/app/actions';
import { userActionPorts } from '../../../../electron/core/app/action-runs';
import { CaptureStore } from '../../../../electron/core/app/captures';
import { ChatController } from '../../../../electron/core/app/chat-controller';
import { createHandlerTable } from '../../../../electron/core/app/handlers';
import { historyRecorder } from '../../../../electron/core/history/handlers';
import { HistoryRepository } from '../../../../electron/core/history/repository';
import { dispatch, type HandlerTable } from '../../../../electron/core/ipc/dispatch';
import { memoryStorage, memoryVault, SettingsService } from '../../../../electron/core/settings/settings';
import { nodeStorage } from '../../../../electron/core/storage/port';
import { RecordingSink } from '../../../support/recording-sink';
import {
  loadRecording,
  splitIntoChunks,
  startMockServer,
  type MockServer,
} from '../../../support/mock-openai-server';
import { tempDir } from '../history/helpers';

const PNG = new Uint8Array(
  readFileSync(join(import.meta.dirname, '../../../fixtures/images/screen-small.png')),
);

let mock: MockServer;
let sink: RecordingSink;
let table: HandlerTable;
let settings: SettingsService;
let history: HistoryRepository;
let captures: CaptureStore;
let actions: AppActions;
let clipboard: Uint8Array | undefined;
let regionRuns: number;
let shown: number;
let temp: { dir: string; remove(): void };

async function invoke<T>(channel: string, payload: unknown): Promise<T> {
  const result = await dispatch(table, channel, payload);
  if (!result.ok) throw new Error(`${result.error.kind}: ${result.error.message}`);
  return result.value as T;
}

beforeEach(async () => {
  mock = await startMockServer(() => ({
    kind: 'sse',
    chunks: splitIntoChunks(loadRecording('openai-explain'), 61),
  }));
  sink = new RecordingSink();
  temp = tempDir('glimpse-actions-');
  settings = new SettingsService(memoryStorage(), memoryVault());
  settings.update({ baseUrl: mock.baseUrl, model: 'active-model', apiKey: 'sk-active' });
  settings.saveProfile(
    { profile: { ...settings.activeProfile(), parameters: { temperature: 0.2, max_tokens: 300 } } },
    () => 'unused',
  );
  // A second profile the translate action asks with (its own key, model and parameters).
  settings.saveProfile(
    {
      profile: {
        id: 'vision',
        name: 'Vision',
        baseUrl: mock.baseUrl,
        model: 'vision-model',
        parameters: { max_tokens: 900, top_p: 0.5 },
      },
      apiKey: 'sk-vision',
    },
    () => 'vision',
  );
  const list = settings.current.actions.map((a) =>
    a.id === 'translate'
      ? {
          ...a,
          profileId: 'vision',
          model: 'override-model',
          parameters: { temperature: 0.9, response_format: { type: 'json_object' } },
          capture: 'clipboard',
        }
      : a.id === 'debug'
        ? { ...a, profileId: 'gone', capture: 'screen', askAtOnce: false }
        : a,
  );
  settings.update({ actions: list });
  history = await HistoryRepository.open(nodeStorage(temp.dir));
  captures = new CaptureStore();
  clipboard = PNG;
  regionRuns = 0;
  shown = 0;
  const services = {
    settings,
    captures,
    events: sink,
    history,
    captureScreen: () =>
      Promise.resolve({
        image: {
          data: new Uint8Array(8 * 8 * 4).fill(200),
          width: 8,
          height: 8,
          channels: 4 as const,
          order: 'rgba' as const,
        },
        scaleFactor: 1,
      }),
    readClipboardImage: () => clipboard,
    chat: new ChatController({
      fetch,
      events: sink,
      endpoint: (actionId) => settings.chatProfile(actionId),
      record: historyRecorder(history, settings, sink),
    }),
  };
  const ports: AppActionPorts = {
    captureRegion: () => {
      regionRuns++;
      return Promise.resolve({ displays: 1 });
    },
    captureScreen: () => Promise.resolve(),
    showAnswer: () => void shown++,
    toggleAnswer: () => {},
    openWindow: () => false,
    hotkeys: { paused: () => false, pause: () => {}, resume: () => {} },
    copyDiagnostics: () => Promise.resolve(),
    checkForUpdates: () => Promise.resolve(),
    quit: () => {},
    events: sink,
    log: () => {},
    userActions: userActionPorts(services),
  };
  actions = new AppActions(ports);
  table = createHandlerTable({
    ...services,
    life: {
      actions,
      hotkeys: { onChange: () => () => {} } as never,
      diagnosticsReport: () => '',
    },
  });
});

afterEach(async () => {
  await history.flush();
  await mock.close();
  temp.remove();
});

const readyCaptures = () => sink.of('capture:ready');

describe('running an action', () => {
  it('by name, any case: its capture carries the action, and chat:ask {actionId} asks with its profile, model and overrides', async () => {
    await actions.runAction('TRANSLATE');
    const [info] = readyCaptures();
    expect(info?.action).toMatchObject({
      id: 'translate',
      name: 'Translate',
      askAtOnce: true,
      engine: 'model',
    });
    expect(info?.action?.question.fr).toContain('français');
    expect(info?.autoAsk).toBe(true);
    expect(shown).toBe(1);

    const question = info!.action!.question.en!;
    const { conversationId } = await invoke<{ conversationId: string }>('chat:ask', {
      requestId: 'r1',
      captureId: info!.captureId,
      prompt: question,
      actionId: 'translate',
    });
    await sink.until(() => sink.of('chat:done').length === 1);
    const body = mock.requests.at(-1)!.body as Record<string, unknown>;
    // The action's model; its parameters over its profile's (max_tokens and top_p from Vision).
    expect(body.model).toBe('override-model');
    expect(body).toMatchObject({
      temperature: 0.9,
      max_tokens: 900,
      top_p: 0.5,
      response_format: { type: 'json_object' },
    });
    expect(mock.requests.at(-1)!.headers.authorization).toBe('Bearer sk-vision');

    // The recording ends after chat:done: wait for the answer to be in the history.
    await sink.until(
      () => sink.of('history:changed').filter((e) => e.conversationId === conversationId).length >= 2,
    );
    await history.flush();
    const conversation = await invoke<Conversation>('history:get', { id: conversationId });
    expect(conversation.messages[0]).toMatchObject({
      role: 'user',
      action: { id: 'translate', name: 'Translate' },
    });
    // The answer says which profile and parameters produced it: the action's.
    expect(conversation.messages[1]).toMatchObject({
      role: 'assistant',
      profileId: 'vision',
      parameters: { temperature: 0.9, max_tokens: 900 },
    });
    const mine = await invoke<HistorySearchPage>('history:search', { query: '', actionId: 'translate' });
    expect(mine.items.map((i) => i.id)).toEqual([conversationId]);
    expect(mine.items[0]?.actions).toEqual(['translate']);
    const other = await invoke<HistorySearchPage>('history:search', { query: '', actionId: 'explain' });
    expect(other.total).toBe(0);
    // With words too: the filter applies to the text search.
    const words = await invoke<HistorySearchPage>('history:search', {
      query: 'Translate',
      actionId: 'explain',
    });
    expect(words.total).toBe(0);
  });

  it('a question without an action asks with the active profile, as before', async () => {
    await actions.runAction('translate');
    const info = readyCaptures()[0]!;
    await invoke('chat:ask', { requestId: 'r2', captureId: info.captureId, prompt: 'Plain question' });
    await sink.until(() => sink.of('chat:done').length === 1);
    const body = mock.requests.at(-1)!.body as Record<string, unknown>;
    expect(body).toMatchObject({ model: 'active-model', temperature: 0.2, max_tokens: 300 });
    expect(body.response_format).toBeUndefined();
  });

  it('an empty clipboard is said plainly, shows the panel, and does not tag the next capture', async () => {
    clipboard = undefined;
    await actions.runAction('translate');
    expect(readyCaptures()).toEqual([]);
    const [failed] = sink.of('capture:failed');
    expect(failed).toMatchObject({ code: 'capture.clipboardEmpty', kind: 'clipboard-empty' });
    expect(failed?.message).toMatch(/no image on the clipboard/);
    // The failure carries the action: the panel keeps it for the next image the user gives.
    expect(failed?.action).toMatchObject({ id: 'translate', name: 'Translate', askAtOnce: true });
    expect(shown).toBe(1);
    // The next capture from outside the page is a plain one.
    const info = await captures.add(PNG, true);
    expect(info.action).toBeUndefined();
  });

  it('an action whose profile is gone runs with the active one and says so; askAtOnce false shows it ready', async () => {
    await actions.runAction('debug');
    const info = readyCaptures()[0]!;
    expect(info.autoAsk).toBe(false);
    expect(info.action?.notice).toMatchObject({
      code: 'action.profileMissing',
      fields: { action: 'Debug this error', profile: 'gone' },
    });
    expect(info.action?.notice?.message).toContain('the active profile “Default” is used');
    await invoke('chat:ask', {
      requestId: 'r3',
      captureId: info.captureId,
      prompt: 'Why?',
      actionId: 'debug',
    });
    await sink.until(() => sink.of('chat:done').length === 1);
    expect((mock.requests.at(-1)!.body as { model: string }).model).toBe('active-model');
  });

  it('a region action opens the overlay; the overlay submit carries it; a plain region shortcut does not', async () => {
    await actions.runAction('explain');
    expect(regionRuns).toBe(1);
    // The overlay's submit adds the capture as a hotkey capture (overlay-session.ts).
    const tagged = await captures.add(PNG, true);
    expect(tagged.action?.id).toBe('explain');
    await actions.runAction('explain');
    // Cancelled overlay, then the plain region shortcut: its capture is not the action's.
    await actions.run('captureRegion');
    expect((await captures.add(PNG, true)).action).toBeUndefined();
    // Images the page hands over are never an action's.
    await actions.runAction('explain');
    expect((await captures.add(PNG, false)).action).toBeUndefined();
  });

  it('actions:run runs it; an unknown action is named', async () => {
    await expect(invoke('actions:run', { id: 'translate' })).resolves.toEqual({ started: true });
    expect(readyCaptures()[0]?.action?.id).toBe('translate');
    await expect(invoke('actions:run', { id: 'nope' })).rejects.toThrow(
      'not-found: There is no action “nope”.',
    );
  });
});

describe('reset to defaults', () => {
  it('actions:reset brings back the four presets and leaves everything else', async () => {
    settings.update({ actions: [] });
    expect(settings.current.actions).toEqual([]);
    const after = await invoke<{ settings: { actions: { id: string }[]; activeProfileId: string } }>(
      'actions:reset',
      undefined,
    );
    expect(after.settings.actions.map((a) => a.id)).toEqual(['explain', 'translate', 'extract', 'debug']);
    expect(settings.current.profiles.map((p) => p.id)).toEqual(['default', 'vision']);
  });
});

// Keep the type import used (CaptureInfo documents what readyCaptures holds).
export type { CaptureInfo };
