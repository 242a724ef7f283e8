/**
 * Every recorded stream, replayed over HTTP by the local server, whole and in 7-byte pieces that
 * cut through UTF-8 sequences: the answer, the events and the metadata each server sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerText,
  startMockServer,
  type MockServer,
  type MockReply,
} from '../../../support/mock-openai-server';
import {
  collect,
  endpointFor,
  imageRequest,
  manifest,
  recordingNames,
  replay,
  streamedText,
} from './helpers';

let server: MockServer;
let nextReply: MockReply = { kind: 'json', status: 500, body: { error: { message: 'no reply set' } } };

beforeAll(async () => {
  server = await startMockServer(() => nextReply);
});
afterAll(async () => {
  await server.close();
});

describe.each(recordingNames)('recording %s', (name) => {
  const meta = manifest[name]!;
  const expected = meta.expect;

  it.each([0, 7])(`replays (${meta.server}; pieces of %i bytes, 0 = whole)`, async (size) => {
    nextReply = replay(name, size);
    const { events, result, error } = await collect(imageRequest, endpointFor(server.baseUrl));

    if (!expected.ok) {
      expect(result).toBeUndefined();
      expect(error?.kind).toBe(expected.errorKind);
      if (expected.serverMessage !== undefined) {
        expect(error?.serverMessage).toBe(expected.serverMessage);
        expect(error?.message).toContain(expected.serverMessage);
      }
      if (expected.partial !== undefined) {
        expect(error?.partial?.interrupted).toBe(true);
        expect(error?.partial?.choices[0]?.content).toBe(expected.partial);
        expect(streamedText(events)).toBe(expected.partial);
      }
      expect(error?.message.split('\n')).toHaveLength(1);
      return;
    }

    expect(error).toBeUndefined();
    expect(result).toBeDefined();
    if (!result) return;
    expect(result.interrupted).toBe(false);

    if (expected.choices) {
      expect(result.choices.map((c) => c.content)).toEqual(expected.choices);
      expected.choices.forEach((text, i) => expect(streamedText(events, i)).toBe(text));
    } else {
      const answer = answerText(name);
      expect(result.choices[0]?.content).toBe(answer);
      expect(streamedText(events)).toBe(answer);
      expect(result.choices).toHaveLength(1);
    }
    if (expected.finish) {
      expect(result.choices[0]?.finish_reason).toBe(expected.finish);
      expect(events.filter((e) => e.type === 'finish' && e.choice === 0)).toEqual([
        { type: 'finish', choice: 0, reason: expected.finish },
      ]);
    }
    if (expected.model !== undefined) expect(result.model).toBe(expected.model);
    if (expected.fingerprint !== undefined) expect(result.system_fingerprint).toBe(expected.fingerprint);
    if (expected.usage) {
      expect(result.usage).toMatchObject(expected.usage);
      expect(events.some((e) => e.type === 'usage')).toBe(true);
    }
    if (expected.reasoning !== undefined) {
      expect(result.choices[0]?.reasoning).toBe(expected.reasoning);
      expect(streamedText(events, 0, 'reasoning')).toBe(expected.reasoning);
    } else {
      expect(result.choices[0]?.reasoning).toBe('');
    }
    if (expected.refusal !== undefined) {
      expect(result.choices[0]?.refusal).toBe(expected.refusal);
      expect(streamedText(events, 0, 'refusal')).toBe(expected.refusal);
    }
    expect(result.choices[0]?.tool_calls).toEqual(expected.toolCalls ?? []);
    if (expected.logprobs !== undefined) expect(result.choices[0]?.logprobs).toHaveLength(expected.logprobs);
  });
});

describe('what the recordings are', () => {
  it('cover at least eight real servers and answer with Markdown and non-ASCII text', () => {
    const servers = new Set(
      recordingNames.filter((n) => !n.startsWith('quirk-')).map((n) => manifest[n]!.server.split(' ')[0]),
    );
    for (const wanted of [
      'OpenAI',
      'Azure',
      'OpenRouter',
      'Groq',
      'DeepSeek',
      'Ollama',
      'vLLM',
      'llama.cpp',
      'LM',
    ]) {
      expect(servers).toContain(wanted);
    }
    const explain = answerText('openai-explain');
    expect(explain).toMatch(/^## /m);
    expect(explain).toMatch(/^- /m);
    expect(explain).toMatch(/`[^`]+`/);
    expect(explain).toMatch(/é/);
    expect(explain).toMatch(/\p{Script=Han}/u);
    expect(explain).toMatch(/\p{Extended_Pictographic}/u);
    const words = explain.split(/\s+/).length;
    expect(words).toBeGreaterThan(120);
    expect(words).toBeLessThan(200);
  });
});

describe('the request on the wire', () => {
  it('posts the vision message with the key, stream and usage options', async () => {
    nextReply = replay('openai-explain');
    const before = server.requests.length;
    const { result } = await collect(imageRequest, endpointFor(server.baseUrl), {});
    expect(result?.choices[0]?.content).toBe(answerText('openai-explain'));
    const request = server.requests[before]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe(`Bearer ${endpointFor('').apiKey}`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.body).toEqual({
      model: 'gpt-4o',
      messages: imageRequest.messages,
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('asks for a plain JSON answer in non-stream mode and assembles it', async () => {
    nextReply = replay('quirk-plain-json');
    const before = server.requests.length;
    const { result, events } = await collect({ ...imageRequest, stream: false }, endpointFor(server.baseUrl));
    expect(server.requests[before]?.body).toMatchObject({ stream: false });
    expect(server.requests[before]?.body).not.toHaveProperty('stream_options');
    expect(result?.choices[0]?.content).toBe(answerText('quirk-plain-json'));
    expect(streamedText(events)).toBe(answerText('quirk-plain-json'));
    expect(result?.usage).toMatchObject({ total_tokens: 821 });
  });
});
