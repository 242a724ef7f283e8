/**
 * Building the request: every parameter with its range, unset ones not sent, compatibility
 * switches, extra headers, and base URLs the way users paste them.
 */
import { describe, expect, it } from 'vitest';
import { ChatError, buildRequestBody, normalizeBaseUrl } from '../../../../electron/core/chat/index';
import type { ChatParameters, ChatRequest, Endpoint } from '../../../../electron/core/chat/index';
import { buildHeaders } from '../../../../electron/core/chat/request';
import { endpointUrl } from '../../../../electron/core/chat/url';
import { imageRequest } from './helpers';

const endpoint: Endpoint = { baseUrl: 'https://api.openai.com/v1', apiKey: 'sk-test' };

function withParams(params: ChatParameters): ChatRequest {
  return { ...imageRequest, params };
}

function invalid(fn: () => unknown): ChatError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ChatError);
    expect((error as ChatError).kind).toBe('invalid-request');
    return error as ChatError;
  }
  throw new Error('expected a ChatError');
}

describe('buildRequestBody', () => {
  it('sends model, messages and stream options, and nothing unset', () => {
    expect(buildRequestBody(imageRequest, endpoint)).toEqual({
      model: 'gpt-4o',
      messages: imageRequest.messages,
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('sends every parameter of the reference API when set', () => {
    const params: ChatParameters = {
      temperature: 0.2,
      top_p: 0.9,
      n: 2,
      stop: ['\n\n', 'END'],
      max_tokens: 512,
      presence_penalty: -0.5,
      frequency_penalty: 1.5,
      logit_bias: { '50256': -100, '1234': 25 },
      user: 'user-42',
      response_format: { type: 'json_object' },
      seed: 7,
      tools: [
        {
          type: 'function',
          function: { name: 'get_weather', parameters: { type: 'object', properties: {} } },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      logprobs: true,
      top_logprobs: 3,
    };
    const body = buildRequestBody(withParams(params), endpoint);
    expect(body).toMatchObject(params as Record<string, unknown>);
    expect(Object.keys(body).sort()).toEqual(
      ['model', 'messages', 'stream', 'stream_options', ...Object.keys(params)].sort(),
    );
  });

  it('applies the compatibility switches', () => {
    const body = buildRequestBody(withParams({ max_tokens: 100 }), {
      ...endpoint,
      compat: { includeUsage: false, maxTokensField: 'max_completion_tokens' },
    });
    expect(body).toEqual({
      model: 'gpt-4o',
      messages: imageRequest.messages,
      stream: true,
      max_completion_tokens: 100,
    });
    expect(buildRequestBody({ ...imageRequest, stream: false }, endpoint)).not.toHaveProperty(
      'stream_options',
    );
  });

  it.each<[string, ChatParameters, RegExp]>([
    ['temperature above 2', { temperature: 2.5 }, /temperature must be between 0 and 2 \(got 2\.5\)/],
    ['temperature below 0', { temperature: -0.1 }, /temperature must be between 0 and 2/],
    ['temperature not finite', { temperature: Number.NaN }, /temperature/],
    ['top_p above 1', { top_p: 1.2 }, /top_p must be between 0 and 1/],
    ['n of 0', { n: 0 }, /n must be between 1 and 128/],
    ['fractional n', { n: 1.5 }, /n must be a whole number/],
    ['five stop sequences', { stop: ['a', 'b', 'c', 'd', 'e'] }, /stop takes at most 4 sequences/],
    ['an empty stop sequence', { stop: [''] }, /stop\[0\]: a stop sequence cannot be empty/],
    ['max_tokens of 0', { max_tokens: 0 }, /max_tokens must be at least 1/],
    ['presence_penalty of 3', { presence_penalty: 3 }, /presence_penalty must be between -2 and 2/],
    ['frequency_penalty of -2.5', { frequency_penalty: -2.5 }, /frequency_penalty must be between -2 and 2/],
    [
      'a logit_bias value of 101',
      { logit_bias: { '42': 101 } },
      /logit_bias\.42: a logit_bias value must be between -100 and 100/,
    ],
    ['a logit_bias key that is not a token id', { logit_bias: { hello: 1 } }, /token ids/],
    ['a fractional seed', { seed: 1.5 }, /seed must be a whole number/],
    ['top_logprobs of 21', { logprobs: true, top_logprobs: 21 }, /top_logprobs must be between 0 and 20/],
    ['top_logprobs without logprobs', { top_logprobs: 2 }, /top_logprobs needs logprobs: true/],
    [
      'a tool with a bad name',
      { tools: [{ type: 'function', function: { name: 'get weather!' } }] },
      /tools\[0\]\.function\.name: a function name must be/,
    ],
    [
      'tool_choice naming a missing function',
      {
        tools: [{ type: 'function', function: { name: 'a' } }],
        tool_choice: { type: 'function', function: { name: 'b' } },
      },
      /tool_choice names the function "b", which is not in tools/,
    ],
    ['tool_choice without tools', { tool_choice: 'required' }, /tool_choice needs at least one tool/],
    [
      'two tools with the same name',
      {
        tools: [
          { type: 'function', function: { name: 'a' } },
          { type: 'function', function: { name: 'a' } },
        ],
      },
      /two tools are named "a"/,
    ],
    ['an unknown parameter', { temprature: 1 } as ChatParameters, /unknown parameter "temprature"/],
  ])('rejects %s, naming the field', (_label, params, message) => {
    expect(invalid(() => buildRequestBody(withParams(params), endpoint)).message).toMatch(message);
  });

  it('rejects bad messages and models', () => {
    expect(invalid(() => buildRequestBody({ ...imageRequest, model: ' ' }, endpoint)).message).toMatch(
      /model is required/,
    );
    expect(invalid(() => buildRequestBody({ ...imageRequest, messages: [] }, endpoint)).message).toMatch(
      /messages cannot be empty/,
    );
    const badImage: ChatRequest = {
      model: 'm',
      messages: [
        { role: 'user', content: [{ type: 'image_url', image_url: { url: 'file:///etc/passwd' } }] },
      ],
    };
    expect(invalid(() => buildRequestBody(badImage, endpoint)).message).toMatch(
      /messages\[0\]\.content\[0\]\.image_url\.url/,
    );
    const badDetail = {
      model: 'm',
      messages: [
        {
          role: 'user',
          content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'max' } }],
        },
      ],
    } as unknown as ChatRequest;
    expect(invalid(() => buildRequestBody(badDetail, endpoint)).message).toMatch(
      /detail must be auto, low or high/,
    );
  });

  it('accepts a whole conversation with tool results and the JPEG and WebP data URIs', () => {
    const request: ChatRequest = {
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ' } },
            { type: 'image_url', image_url: { url: 'data:image/webp;base64,UklGRg==', detail: 'low' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }],
        },
        { role: 'tool', content: '42', tool_call_id: 'call_1' },
      ],
      params: { tools: [{ type: 'function', function: { name: 'f' } }], tool_choice: 'auto' },
    };
    expect(buildRequestBody(request, endpoint).messages).toEqual(request.messages);
  });
});

describe('buildHeaders', () => {
  it('sends the key as a bearer token and the extra headers', () => {
    expect(
      buildHeaders(
        { ...endpoint, headers: { 'HTTP-Referer': 'https://glimpse.app', 'X-Title': 'Glimpse' } },
        true,
      ),
    ).toEqual({
      'content-type': 'application/json',
      accept: 'text/event-stream, application/json',
      authorization: 'Bearer sk-test',
      'http-referer': 'https://glimpse.app',
      'x-title': 'Glimpse',
    });
    expect(buildHeaders({ baseUrl: 'http://localhost:11434' }, false)).not.toHaveProperty('authorization');
  });

  it('also sends the key as api-key to Azure OpenAI hosts, and only there', () => {
    const azure = buildHeaders(
      { baseUrl: 'https://my-res.openai.azure.com/openai/v1', apiKey: 'az-key' },
      true,
    );
    expect(azure).toMatchObject({ authorization: 'Bearer az-key', 'api-key': 'az-key' });
    const lookalike = buildHeaders(
      { baseUrl: 'https://openai.azure.com.evil.example/v1', apiKey: 'k' },
      true,
    );
    expect(lookalike).not.toHaveProperty('api-key');
    expect(buildHeaders({ ...endpoint }, true)).not.toHaveProperty('api-key');
  });

  it('refuses header injection', () => {
    expect(
      invalid(() => buildHeaders({ ...endpoint, headers: { 'X-A': 'ok\r\nX-Evil: 1' } }, true)).message,
    ).toMatch(/no line breaks/);
    expect(invalid(() => buildHeaders({ ...endpoint, headers: { 'Bad Name': 'x' } }, true)).message).toMatch(
      /Invalid extra header name/,
    );
  });
});

describe('normalizeBaseUrl', () => {
  it.each([
    ['https://api.openai.com/v1', 'https://api.openai.com/v1'],
    ['https://api.openai.com/v1/', 'https://api.openai.com/v1'],
    ['https://api.openai.com/v1/chat/completions', 'https://api.openai.com/v1'],
    ['https://api.openai.com/v1/chat/completions/', 'https://api.openai.com/v1'],
    ['https://api.openai.com', 'https://api.openai.com/v1'],
    ['  api.openai.com/v1  ', 'https://api.openai.com/v1'],
    ['localhost:11434', 'http://localhost:11434/v1'],
    ['127.0.0.1:1234/v1/', 'http://127.0.0.1:1234/v1'],
    ['http://localhost:8080/v1/models', 'http://localhost:8080/v1'],
    ['https://openrouter.ai/api/v1', 'https://openrouter.ai/api/v1'],
    ['https://api.groq.com/openai/v1/chat/completions', 'https://api.groq.com/openai/v1'],
    [
      'https://generativelanguage.googleapis.com/v1beta/openai/',
      'https://generativelanguage.googleapis.com/v1beta/openai',
    ],
    [
      'https://res.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21',
      'https://res.openai.azure.com/openai/deployments/gpt4o?api-version=2024-10-21',
    ],
    ['HTTPS://API.OpenAI.com/v1#frag', 'https://api.openai.com/v1'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeBaseUrl(input)).toBe(expected);
  });

  it.each([
    ['', /empty/],
    ['ftp://example.com/v1', /only http and https/],
    ['mailto:someone@example.com', /only http and https/],
    ['https://user:pass@example.com/v1', /user name or password/],
    ['http://exa mple.com', /not a URL/],
  ])('rejects %j', (input, message) => {
    expect(invalid(() => normalizeBaseUrl(input)).message).toMatch(message);
  });

  it('keeps the query string after the operation path', () => {
    expect(
      endpointUrl(
        'https://res.openai.azure.com/openai/deployments/d?api-version=2024-10-21',
        'chat/completions',
      ),
    ).toBe('https://res.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21');
  });
});
