/**
 * Quitting (or closing web mode) mid-answer: stopAll ends every stream and waits until the
 * recorder has saved what arrived, so nothing is written into a folder being removed and the
 * partial answer is on disk before the process exits.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ChatController, type AnswerSink } from '../../../../electron/core/app/chat-controller';
import type { PreparedImage } from '../../../../electron/core/image';
import {
  loadRecording,
  splitIntoChunks,
  startMockServer,
  type MockServer,
} from '../../../support/mock-openai-server';

let mock: MockServer;

beforeEach(async () => {
  mock = await startMockServer(() => ({
    kind: 'sse',
    chunks: splitIntoChunks(loadRecording('openai-explain'), 61),
    ratePerSecond: 100,
  }));
});

afterEach(async () => {
  await mock.close();
});

it('stops every running answer and resolves only after their last save', async () => {
  const saved: string[] = [];
  let firstDelta: () => void = () => {};
  const started = new Promise<void>((resolve) => (firstDelta = resolve));
  const chat = new ChatController({
    fetch,
    events: {
      emit(channel) {
        if (channel === 'chat:delta') firstDelta();
      },
    },
    endpoint: () => ({ endpoint: { baseUrl: mock.baseUrl, apiKey: 'k' }, model: 'm' }),
    record: (ask): AnswerSink => ({
      conversationId: `c-${ask.requestId}`,
      append: () => {},
      finish: () => saved.push(`${ask.requestId}:finished`),
      // A save that takes a while, as a disk write does.
      fail: (reason) =>
        new Promise<void>((resolve) =>
          setTimeout(() => {
            saved.push(`${ask.requestId}:${reason}`);
            resolve();
          }, 50),
        ),
    }),
  });
  const image = { dataUri: 'data:image/png;base64,AAAA' } as PreparedImage;
  chat.ask('a', { image }, 'hi');
  chat.ask('b', { image }, 'hi');
  await started;
  await chat.stopAll();
  expect(saved.sort()).toEqual([expect.stringMatching(/^a:/), expect.stringMatching(/^b:/)]);
  expect(chat.stop('a')).toBe(false);
  // The server sees the client's abort when its socket closes, some time after stopAll: wait for
  // that (generously, for a busy machine) instead of reading the count at once.
  await expect.poll(() => mock.openResponses(), { timeout: 15_000, interval: 20 }).toBe(0);
});
