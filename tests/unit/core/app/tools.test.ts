/**
 * Tools end to end in main: a profile's `tools` and `tool_choice` are validated when saved (the
 * rules the chat client applies), sent with the request, and the model's tool calls come back
 * in `chat:done` and are recorded with the answer in history.
 */
import { describe, expect, it } from 'vitest';
import { ChatController } from '../../../../electron/core/app/chat-controller';
import { UserFacingError } from '../../../../electron/core/ipc/dispatch';
import type { PreparedImage } from '../../../../electron/core/image';
import { AnswerRecording } from '../../../../electron/core/history/recorder';
import { HistoryRepository } from '../../../../electron/core/history/repository';
import { nodeStorage } from '../../../../electron/core/storage/port';
import { memoryStorage, memoryVault, SettingsService } from '../../../../electron/core/settings/settings';
import type { EventPayloads } from '../../../../shared/ipc-contract';
import { profileParametersSchema } from '../../../../shared/settings-schema';
import { loadRecording, splitIntoChunks, startMockServer } from '../../../support/mock-openai-server';
import { ManualTimer, tempDir } from '../history/helpers';

const WEATHER = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Weather of a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

describe('profile parameters: tools and tool_choice', () => {
  it('accepts function tools and every tool_choice form the API knows', () => {
    for (const tool_choice of [
      'none',
      'auto',
      'required',
      { type: 'function', function: { name: 'get_weather' } },
    ]) {
      expect(profileParametersSchema.safeParse({ tools: [WEATHER], tool_choice }).success).toBe(true);
    }
    expect(profileParametersSchema.safeParse({ tool_choice: 'none' }).success).toBe(true);
  });

  it.each([
    ['a tool that is not a function', { tools: [{ type: 'retrieval' }] }],
    ['a bad function name', { tools: [{ type: 'function', function: { name: 'get weather' } }] }],
    [
      'parameters that are not an object',
      { tools: [{ type: 'function', function: { name: 'f', parameters: [1] } }] },
    ],
    ['an unknown field', { tools: [{ ...WEATHER, extra: 1 }] }],
    ['two tools with one name', { tools: [WEATHER, WEATHER] }],
    ['tool_choice auto without tools', { tool_choice: 'auto' }],
    [
      'tool_choice naming a missing function',
      { tools: [WEATHER], tool_choice: { type: 'function', function: { name: 'nope' } } },
    ],
    ['an unknown tool_choice', { tools: [WEATHER], tool_choice: 'always' }],
  ])('refuses %s', (_name, parameters) => {
    expect(profileParametersSchema.safeParse(parameters).success).toBe(false);
  });

  it('refuses to save a profile whose tool_choice names no tool, and keeps the old one', () => {
    const settings = new SettingsService(memoryStorage(), memoryVault());
    const profile = { ...settings.activeProfile(), parameters: { tools: [WEATHER], tool_choice: 'auto' } };
    settings.saveProfile({ profile }, () => 'unused');
    expect(() =>
      settings.saveProfile(
        {
          profile: {
            ...profile,
            parameters: { tools: [WEATHER], tool_choice: { type: 'function', function: { name: 'x' } } },
          },
        },
        () => 'unused',
      ),
    ).toThrow(UserFacingError);
    expect(settings.activeProfile().parameters).toEqual({ tools: [WEATHER], tool_choice: 'auto' });
  });
});

describe('a profile with tools', () => {
  it('sends tools and tool_choice, and reports the tool calls in chat:done', async () => {
    const mock = await startMockServer((req) =>
      req.path.endsWith('/chat/completions')
        ? { kind: 'sse', chunks: splitIntoChunks(loadRecording('tool-calls'), 97) }
        : undefined,
    );
    try {
      const settings = new SettingsService(memoryStorage(), memoryVault());
      settings.update({ baseUrl: mock.baseUrl, model: 'gpt-4o' });
      const choice = { type: 'function' as const, function: { name: 'get_weather' } };
      settings.saveProfile(
        {
          profile: { ...settings.activeProfile(), parameters: { tools: [WEATHER], tool_choice: choice } },
        },
        () => 'unused',
      );
      let done: EventPayloads['chat:done'] | undefined;
      const finished = new Promise<void>((resolve) => {
        const chat = new ChatController({
          fetch: globalThis.fetch,
          events: {
            emit: (channel: string, payload: unknown) => {
              if (channel === 'chat:done') {
                done = payload as EventPayloads['chat:done'];
                resolve();
              }
              if (channel === 'chat:error') resolve();
            },
          },
          endpoint: () => settings.chatProfile(),
        });
        chat.ask('r1', { image: { dataUri: 'data:image/png;base64,AAAA' } as PreparedImage }, 'Weather?');
      });
      await finished;
      const body = mock.requests.find((r) => r.path.endsWith('/chat/completions'))?.body as Record<
        string,
        unknown
      >;
      expect(body.tools).toEqual([WEATHER]);
      expect(body.tool_choice).toEqual(choice);
      expect(done?.finishReason).toBe('tool_calls');
      expect(done?.toolCalls?.length).toBeGreaterThan(0);
      expect(done?.toolCalls?.[0]).toMatchObject({ id: 'call_Vx3kQm2Tq9', name: 'get_weather' });
      expect(JSON.parse(done!.toolCalls![0]!.arguments)).toMatchObject({ city: 'Lyon' });
    } finally {
      await mock.close();
    }
  });

  it('records the tool calls with the answer in history', async () => {
    const temp = tempDir();
    try {
      const repo = await HistoryRepository.open(nodeStorage(temp.dir));
      const recording = new AnswerRecording(repo, { prompt: 'Weather?', model: 'm' }, new ManualTimer());
      await recording.finish({
        finishReason: 'tool_calls',
        model: 'm',
        usage: null,
        choices: [
          {
            index: 0,
            content: '',
            reasoning: '',
            refusal: '',
            tool_calls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Lyon"}' }],
            finish_reason: 'tool_calls',
          },
        ],
      });
      await repo.flush();
      const reopened = await HistoryRepository.open(nodeStorage(temp.dir));
      const conversation = await reopened.get(recording.conversationId);
      expect(conversation.messages[1]?.toolCalls).toEqual([
        { id: 'call_1', name: 'get_weather', arguments: '{"city":"Lyon"}' },
      ]);
    } finally {
      temp.remove();
    }
  });
});
