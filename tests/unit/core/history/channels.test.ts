/**
 * History and settings over the real handler table (dispatch, as IPC and web mode call it): an
 * answer streamed from the local mock server is recorded, listed, searched, continued, renamed,
 * exported, imported and deleted; profiles are saved and every window hears of the change.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Conversation, HistoryPage, HistorySearchPage } from '../../../../shared/history-schema';
import type { CaptureInfo, PublicSettings } from '../../../../shared/ipc-contract';
import { CaptureStore } from '../../../../electron/core/app/captures';
import { ChatController } from '../../../../electron/core/app/chat-controller';
import { createHandlerTable } from '../../../../electron/core/app/handlers';
import { historyRecorder } from '../../../../electron/core/history/handlers';
import { HistoryRepository } from '../../../../electron/core/history/repository';
import { RecordingSink } from '../../../support/recording-sink';
import { dispatch, type HandlerTable } from '../../../../electron/core/ipc/dispatch';
import { memoryStorage, memoryVault, SettingsService } from '../../../../electron/core/settings/settings';
import { nodeStorage } from '../../../../electron/core/storage/port';
import {
  answerText,
  loadRecording,
  splitIntoChunks,
  startMockServer,
  type MockReply,
  type MockServer,
} from '../../../support/mock-openai-server';
import { tempDir } from './helpers';

const CANARY = 'sk-canary-3b9f0e71d2';
const FIXTURE = readFileSync(join(import.meta.dirname, '../../../fixtures/images/screen-small.png'));

let temp: ReturnType<typeof tempDir>;
let mock: MockServer;
let sink: RecordingSink;
let table: HandlerTable;
let history: HistoryRepository;
/** What the mock server answers instead of the recorded stream. */
let override: MockReply | undefined;
/** The file "picked" in main's open dialog (undefined: cancelled). */
let picked: string | undefined;

async function invoke<T>(channel: string, payload: unknown): Promise<T> {
  const result = await dispatch(table, channel, payload);
  if (!result.ok) throw new Error(`${result.error.kind}: ${result.error.message}`);
  return result.value as T;
}

beforeEach(async () => {
  temp = tempDir();
  override = undefined;
  picked = undefined;
  mock = await startMockServer(
    () =>
      override ?? {
        kind: 'sse',
        chunks: splitIntoChunks(loadRecording('openai-explain'), 61),
      },
  );
  sink = new RecordingSink();
  const settings = new SettingsService(memoryStorage(), memoryVault());
  settings.update({ baseUrl: mock.baseUrl, model: 'gpt-4o-mini', apiKey: CANARY });
  settings.saveProfile(
    { profile: { ...settings.activeProfile(), parameters: { temperature: 0.2, max_tokens: 300 } } },
    () => 'unused',
  );
  history = await HistoryRepository.open(nodeStorage(temp.dir));
  const captures = new CaptureStore();
  table = createHandlerTable({
    settings,
    captures,
    events: sink,
    history,
    exportDir: () => Promise.resolve(join(temp.dir, 'exports')),
    importFile: () => Promise.resolve(picked),
    chat: new ChatController({
      fetch,
      events: sink,
      endpoint: () => settings.chatProfile(),
      record: historyRecorder(history, settings, sink),
    }),
  });
});

afterEach(async () => {
  await history.flush();
  await mock.close();
  temp.remove();
});

async function askAndWait(
  requestId: string,
  captureId: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const before = sink.of('history:changed').length;
  const { conversationId } = await invoke<{ conversationId: string }>('chat:ask', {
    requestId,
    captureId,
    prompt: 'Explain.',
    ...extra,
  });
  // Two changes per answer: when its question is saved, and when it ends.
  await sink.until(
    () =>
      sink
        .of('history:changed')
        .slice(before)
        .filter((e) => e.conversationId === conversationId).length >= 2,
  );
  return conversationId;
}

describe('history channels', () => {
  it('records a streamed answer, then lists, gets, searches, continues, renames and deletes it', async () => {
    const capture = await invoke<CaptureInfo>('capture:image', { name: 's.png', bytes: FIXTURE });
    const id = await askAndWait('r1', capture.captureId);

    const page = await invoke<HistoryPage>('history:list', { limit: 10 });
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ id, messageCount: 2, interrupted: false });
    const conversation = await invoke<Conversation>('history:get', { id });
    const answer = conversation.messages[1]!;
    expect(answer.parts[0]).toEqual({ type: 'text', text: answerText('openai-explain') });
    expect(answer.finishReason).toBe('stop');
    const thumb = await invoke<{ dataUrl: string }>('history:image', { hash: page.items[0]!.thumbnail });
    expect(thumb.dataUrl).toMatch(/^data:image\/png;base64,/);

    await history.searchReady();
    const word = answerText('openai-explain')
      .split(/\s+/)
      .find((w) => w.length > 6)!;
    const found = await invoke<HistorySearchPage>('history:search', { query: word.toUpperCase() });
    expect(found.items.map((h) => h.id)).toEqual([id]);

    // A follow-up after a restart: reopen the image, ask with the conversation id.
    const reopened = await invoke<CaptureInfo>('history:reopen', { id });
    await askAndWait('r2', reopened.captureId, {
      conversationId: id,
      history: [
        { role: 'user', content: 'Explain.' },
        { role: 'assistant', content: answerText('openai-explain') },
      ],
    });
    const continued = await invoke<Conversation>('history:get', { id });
    expect(continued.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(continued.messages[3]?.finishReason).toBe('stop');
    // The follow-up refers to the conversation's image; it is not stored a second time.
    expect(continued.messages[2]?.parts).toEqual([{ type: 'text', text: 'Explain.' }]);
    expect((await invoke<HistoryPage>('history:list', undefined)).total).toBe(1);

    // The profile's parameters went out with the request and are kept with the answer.
    expect(mock.requests.at(-1)?.body).toMatchObject({ temperature: 0.2, max_tokens: 300 });
    expect(continued.messages[3]?.parameters).toEqual({ temperature: 0.2, max_tokens: 300 });
    // The key went to the server and nowhere else: no file of the history holds it.
    expect(mock.requests.at(-1)?.headers.authorization).toBe(`Bearer ${CANARY}`);
    let checked = 0;
    for (const file of readdirSync(temp.dir, { recursive: true, withFileTypes: true })) {
      if (!file.isFile()) continue;
      expect(readFileSync(join(file.parentPath, file.name)).includes(CANARY)).toBe(false);
      checked++;
    }
    // The conversation, its image, the index (log and head) and the search index's files.
    expect(checked).toBeGreaterThanOrEqual(5);

    expect(await invoke('history:rename', { id, title: 'Renamed' })).toMatchObject({ id, title: 'Renamed' });
    expect(await invoke('history:delete', { id })).toEqual({ deleted: true, imagesRemoved: 1 });
    expect((await invoke<HistoryPage>('history:list', {})).total).toBe(0);
    await expect(invoke('history:get', { id })).rejects.toThrow(/not-found/);
  });

  it('a regenerated answer joins its conversation after the earlier one, the question not repeated', async () => {
    const capture = await invoke<CaptureInfo>('capture:image', { name: 's.png', bytes: FIXTURE });
    const id = await askAndWait('g1', capture.captureId);
    const again = await askAndWait('g2', capture.captureId, { conversationId: id, regenerate: true });
    expect(again).toBe(id);
    const page = await invoke<HistoryPage>('history:list', { limit: 10 });
    expect(page.total).toBe(1);
    const { messages } = await invoke<Conversation>('history:get', { id });
    expect(messages.map((m) => [m.role, m.regenerated ?? false])).toEqual([
      ['user', false],
      ['assistant', false],
      ['assistant', true],
    ]);
    expect(messages[2]!.parts[0]).toEqual({ type: 'text', text: answerText('openai-explain') });
    // A "regenerate" of a question the history never got (a follow-up refused before it was
    // sent, then retried) is recorded as that question and its answer, not as a new version.
    await askAndWait('g4', capture.captureId, {
      conversationId: id,
      regenerate: true,
      prompt: 'And in French?',
      history: [
        { role: 'user', content: 'Explain.' },
        { role: 'assistant', content: answerText('openai-explain') },
      ],
    });
    const after = (await invoke<Conversation>('history:get', { id })).messages;
    expect(after.map((m) => [m.role, m.regenerated ?? false])).toEqual([
      ['user', false],
      ['assistant', false],
      ['assistant', true],
      ['user', false],
      ['assistant', false],
    ]);
    expect(after[3]!.parts[0]).toEqual({ type: 'text', text: 'And in French?' });
    // Regenerate with a conversation that is gone: a new one, as for any first question.
    const fresh = await askAndWait('g3', capture.captureId, { conversationId: 'gone-id', regenerate: true });
    expect(fresh).not.toBe('gone-id');
    expect((await invoke<Conversation>('history:get', { id: fresh })).messages).toHaveLength(2);
  });

  it('says on the question when it went out with sharp-text tiles', async () => {
    // A 4K screenshot of stripes: sent at 2048 px, so 12 px text would arrive at 6.4 px.
    const stripes = await sharp({ create: { width: 3840, height: 2160, channels: 3, background: '#fff' } })
      .composite([{ input: FIXTURE, top: 800, left: 1600 }])
      .png()
      .toBuffer();
    const capture = await invoke<CaptureInfo>('capture:image', {
      name: '4k.png',
      bytes: new Uint8Array(stripes),
    });
    expect(capture.sharpText?.enabled).toBe(false);
    const plain = await askAndWait('s1', capture.captureId);
    expect((await invoke<Conversation>('history:get', { id: plain })).messages[0]!.sharpText).toBeUndefined();

    await invoke('capture:sharp-text', { captureId: capture.captureId, enabled: true });
    const sharpId = await askAndWait('s2', capture.captureId);
    const question = (await invoke<Conversation>('history:get', { id: sharpId })).messages[0]!;
    expect(question).toMatchObject({ role: 'user', sharpText: { rows: 2, columns: 2 } });
    // Regenerated with the tiles still on: the newer answer says so too.
    await askAndWait('s3', capture.captureId, { conversationId: sharpId, regenerate: true });
    const regenerated = (await invoke<Conversation>('history:get', { id: sharpId })).messages[2]!;
    expect(regenerated).toMatchObject({
      role: 'assistant',
      regenerated: true,
      sharpText: { rows: 2, columns: 2 },
    });
  });

  it('exports to JSON and imports back, skipping what is already there', async () => {
    const capture = await invoke<CaptureInfo>('capture:image', { name: 's.png', bytes: FIXTURE });
    await askAndWait('r1', capture.captureId);
    const { path } = await invoke<{ path: string }>('history:export', { format: 'json' });
    expect(readdirSync(join(temp.dir, 'exports'))).toHaveLength(1);
    expect(await invoke('history:import', { bytes: new Uint8Array(readFileSync(path)) })).toEqual({
      imported: 0,
      skipped: 1,
      rejected: 0,
    });
    const { path: folder } = await invoke<{ path: string }>('history:export', { format: 'markdown' });
    expect(readdirSync(folder).some((f) => f.endsWith('.md'))).toBe(true);
  });

  // Issue 14.5: the page asks main to show the dialog (the app), or sends the bytes (web mode,
  // a dropped file); either way a bad file is named, with why, and nothing is written.
  it("imports the file picked in main's dialog, and names a bad file without changing anything", async () => {
    const capture = await invoke<CaptureInfo>('capture:image', { name: 's.png', bytes: FIXTURE });
    const id = await askAndWait('p1', capture.captureId);
    const { path } = await invoke<{ path: string }>('history:export', { format: 'json' });
    await invoke('history:delete', { id });
    expect((await invoke<HistoryPage>('history:list', {})).total).toBe(0);

    picked = path;
    expect(await invoke('history:import', { pick: true })).toEqual({
      imported: 1,
      skipped: 0,
      rejected: 0,
      file: basename(path),
    });
    expect((await invoke<Conversation>('history:get', { id })).messages).toHaveLength(2);
    expect(await invoke('history:import', { pick: true })).toMatchObject({ imported: 0, skipped: 1 });

    const bad = join(temp.dir, 'notes.json');
    writeFileSync(bad, '{"hello": "world"}');
    picked = bad;
    const before = readdirSync(join(temp.dir, 'history', 'conversations')).sort();
    const changes = sink.of('history:changed').length;
    expect(await dispatch(table, 'history:import', { pick: true })).toEqual({
      ok: false,
      error: {
        kind: 'archive-not-ours',
        message:
          '“notes.json” is not a Glimpse history export: it is JSON, but not an export. Nothing was imported.',
      },
    });
    expect(
      await dispatch(table, 'history:import', { bytes: Buffer.from('{oops'), name: 'broken.json' }),
    ).toMatchObject({
      ok: false,
      error: {
        kind: 'archive-not-json',
        message: expect.stringMatching(/^“broken\.json” is not .* not JSON/) as string,
      },
    });
    expect(readdirSync(join(temp.dir, 'history', 'conversations')).sort()).toEqual(before);
    expect(sink.of('history:changed')).toHaveLength(changes);

    picked = undefined;
    expect(await dispatch(table, 'history:import', { pick: true })).toMatchObject({
      ok: false,
      error: { kind: 'cancelled' },
    });
    // The page can never name a path for main to read.
    expect(await dispatch(table, 'history:import', { path })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-payload' },
    });
  });

  // Issue 14.6: a 401 used to be stored as "interrupted, what arrived is kept" with nothing kept.
  it("records a 401 as a failed answer with the server's message, never the key it echoed", async () => {
    override = {
      kind: 'json',
      status: 401,
      body: { error: { message: `Incorrect API key provided: ${CANARY}`, type: 'invalid_request_error' } },
    };
    const capture = await invoke<CaptureInfo>('capture:image', { name: 's.png', bytes: FIXTURE });
    const id = await askAndWait('f1', capture.captureId);
    const answer = (await invoke<Conversation>('history:get', { id })).messages[1]!;
    expect(answer).toMatchObject({ role: 'assistant', failed: true, parts: [{ type: 'text', text: '' }] });
    expect(answer.interrupted).toBeUndefined();
    expect(answer.error).toMatch(/401/);
    expect(answer.error).toMatch(/Incorrect API key provided/);
    expect(answer.error).not.toContain(CANARY);
    expect(JSON.stringify(await invoke('history:get', { id }))).not.toContain(CANARY.slice(3, 11));
  });

  it('records a refused connection as failed, naming it', async () => {
    await mock.close();
    const capture = await invoke<CaptureInfo>('capture:image', { name: 's.png', bytes: FIXTURE });
    const id = await askAndWait('f2', capture.captureId);
    const answer = (await invoke<Conversation>('history:get', { id })).messages[1]!;
    expect(answer).toMatchObject({ failed: true });
    expect(answer.error).toMatch(/refused|reach|connect/i);
  });

  it('refuses bad payloads before any handler runs', async () => {
    for (const [channel, payload] of [
      ['history:get', { id: '../../etc/passwd' }],
      ['history:image', { hash: 'abc' }],
      ['history:list', { limit: 100000 }],
      ['history:rename', { id: 'x', title: '   ' }],
    ] as const) {
      const reply = await dispatch(table, channel, payload);
      expect(reply).toMatchObject({ ok: false, error: { kind: 'invalid-payload' } });
    }
  });
});

describe('settings channels', () => {
  it('saves a profile with its key, tells every window, and never sends the key back', async () => {
    const shown = await invoke<PublicSettings>('settings:profile-save', {
      profile: { name: 'Local', baseUrl: 'http://127.0.0.1:11434/v1', model: 'llava' },
      apiKey: 'sk-canary-profile',
      activate: true,
    });
    expect(shown.settings.profiles).toHaveLength(2);
    expect(shown).toMatchObject({ baseUrl: 'http://127.0.0.1:11434/v1', hasApiKey: true });
    expect(JSON.stringify(shown)).not.toContain('sk-canary-profile');
    const changed = sink.of('settings:changed');
    expect(changed.at(-1)?.settings.activeProfileId).toBe(shown.settings.activeProfileId);
    expect(JSON.stringify(sink.events)).not.toContain('sk-canary-profile');

    const reply = await dispatch(table, 'settings:update', {
      hotkeys: { captureRegion: 'CommandOrControl+Shift+F' },
    });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'invalid-settings' } });
    if (!reply.ok) expect(reply.error.message).toMatch(/share one shortcut/);
  });
});
