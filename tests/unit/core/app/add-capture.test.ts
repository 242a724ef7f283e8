/**
 * "Add a capture": a follow-up can show the next screen of the same problem. The request then
 * carries each image in its own user message, with the question it came with, in order; the
 * conversation's first image stays with the first question and is not sent twice.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMessages, ChatController } from '../../../../electron/core/app/chat-controller';
import { CaptureStore } from '../../../../electron/core/app/captures';
import { createHandlerTable } from '../../../../electron/core/app/handlers';
import { dispatch } from '../../../../electron/core/ipc/dispatch';
import type { PreparedImage } from '../../../../electron/core/image';
import { memoryStorage, memoryVault, SettingsService } from '../../../../electron/core/settings/settings';
import { sseFromTokens } from '../../../support/markdown-answers';
import { startMockServer, type MockServer } from '../../../support/mock-openai-server';

interface SentMessage {
  role: string;
  content: string | { type: string; text?: string; image_url?: { url: string } }[];
}
const imagesIn = (message: SentMessage): string[] =>
  typeof message.content === 'string'
    ? []
    : message.content.filter((part) => part.type === 'image_url').map((part) => part.image_url!.url);
const textOf = (message: SentMessage): string =>
  typeof message.content === 'string'
    ? message.content
    : message.content
        .filter((part) => part.type === 'text')
        .map((part) => part.text)
        .join('');

describe('buildMessages with an added capture', () => {
  const first = { image: { dataUri: 'data:image/png;base64,FIRST' } as PreparedImage };
  const second = { image: { dataUri: 'data:image/png;base64,SECOND' } as PreparedImage };
  const third = { image: { dataUri: 'data:image/png;base64,THIRD' } as PreparedImage };

  it('puts the new capture in the new question’s own user message', () => {
    const messages = buildMessages(
      first,
      'And this screen?',
      [
        { role: 'user', content: 'What is this error?' },
        { role: 'assistant', content: 'A missing module.' },
      ],
      second,
    ) as SentMessage[];
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(imagesIn(messages[0]!)).toEqual([first.image.dataUri]);
    expect(imagesIn(messages[1]!)).toEqual([]);
    expect(imagesIn(messages[2]!)).toEqual([second.image.dataUri]);
    expect(textOf(messages[2]!)).toBe('And this screen?');
  });

  it('an earlier added capture goes again with its own question; each image in exactly one message', () => {
    const messages = buildMessages(
      first,
      'And now?',
      [
        { role: 'user', content: 'Q1' },
        { role: 'assistant', content: 'A1' },
        { role: 'user', content: 'Q2', images: second },
        { role: 'assistant', content: 'A2' },
      ],
      third,
    ) as SentMessage[];
    expect(messages.map(imagesIn)).toEqual([
      [first.image.dataUri],
      [],
      [second.image.dataUri],
      [],
      [third.image.dataUri],
    ]);
  });
});

describe('chat:ask with addedCaptureId', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer(() => ({ kind: 'sse', chunks: sseFromTokens(['Fine.']) }));
  });
  afterAll(() => mock.close());

  const png = (background: string) =>
    sharp({ create: { width: 8, height: 8, channels: 3, background } })
      .png()
      .toBuffer()
      .then((buffer) => new Uint8Array(buffer));

  it('sends the first capture with the first question and the added one with the follow-up', async () => {
    const captures = new CaptureStore();
    const a = await captures.add(await png('#ff0000'), false);
    const b = await captures.add(await png('#0000ff'), false);
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const chat = new ChatController({
      fetch: globalThis.fetch,
      events: { emit: (channel) => void (channel === 'chat:done' && done()) },
      endpoint: () => ({ endpoint: { baseUrl: mock.baseUrl, apiKey: 'k' }, model: 'm' }),
    });
    const handlers = createHandlerTable({
      settings: new SettingsService(memoryStorage(), memoryVault()),
      captures,
      chat,
      events: { emit: () => {} },
    });
    const reply = await dispatch(handlers, 'chat:ask', {
      requestId: 'r1',
      captureId: a.captureId,
      prompt: 'And on this screen?',
      history: [
        { role: 'user', content: 'What is this?' },
        { role: 'assistant', content: 'A red square.' },
      ],
      addedCaptureId: b.captureId,
    });
    expect(reply).toMatchObject({ ok: true });
    await finished;
    const messages = (mock.requests.at(-1)!.body as { messages: SentMessage[] }).messages;
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(imagesIn(messages[0]!)).toEqual([captures.images(a.captureId).image.dataUri]);
    expect(imagesIn(messages[2]!)).toEqual([captures.images(b.captureId).image.dataUri]);
    expect(imagesIn(messages[0]!)[0]).not.toBe(imagesIn(messages[2]!)[0]);
  });
});
