/**
 * The settings form's parsing and ranges, the stored-message helpers of the main window, and the
 * preset keys: pure renderer logic, tested in Node.
 */
import { describe, expect, it } from 'vitest';
import { messageText, prettyJsonAnswer, toTurns } from '../../../renderer/src/lib/conversation-view';
import {
  fieldsFromParameters,
  parametersFromFields,
  parseHeaders,
  parseLogitBias,
  parseStop,
} from '../../../renderer/src/lib/profile-form';

const empty = fieldsFromParameters({});

describe('parameters form', () => {
  it('leaves empty fields out and keeps set ones typed', () => {
    expect(parametersFromFields(empty)).toEqual({ ok: true, value: {} });
    expect(
      parametersFromFields({
        ...empty,
        temperature: '0.3',
        n: '2',
        stop: 'END\n###',
        logit_bias: '{"50256": -100}',
        user: ' alice ',
        json_mode: true,
        seed: '-7',
      }),
    ).toEqual({
      ok: true,
      value: {
        temperature: 0.3,
        n: 2,
        stop: ['END', '###'],
        logit_bias: { '50256': -100 },
        user: 'alice',
        response_format: { type: 'json_object' },
        seed: -7,
      },
    });
  });

  it('enforces every range, by field', () => {
    const result = parametersFromFields({
      ...empty,
      temperature: '2.01',
      top_p: '-0.1',
      n: '1.5',
      max_tokens: '0',
      presence_penalty: '3',
      frequency_penalty: 'x',
      stop: 'a\nb\nc\nd\ne',
      logit_bias: '{"1": 101}',
    });
    expect(result).toEqual({
      ok: false,
      errors: {
        temperature: 'between 0 and 2',
        top_p: 'between 0 and 1',
        n: 'a whole number',
        max_tokens: 'between 1 and 1000000',
        presence_penalty: 'between -2 and 2',
        frequency_penalty: 'not a number',
        stop: 'at most 4 stop sequences',
        logit_bias: 'the bias of 1 must be between -100 and 100',
      },
    });
  });

  it('round-trips stored parameters through the fields', () => {
    const stored = {
      temperature: 1,
      stop: ['x'],
      logit_bias: { '42': 5 },
      response_format: { type: 'json_object' as const },
    };
    expect(parametersFromFields(fieldsFromParameters(stored))).toEqual({ ok: true, value: stored });
  });

  it('parses headers, stop lists and logit bias, naming what is wrong', () => {
    expect(parseHeaders('HTTP-Referer: https://glimpse.app\nX-Title: Glimpse')).toEqual({
      value: { 'HTTP-Referer': 'https://glimpse.app', 'X-Title': 'Glimpse' },
    });
    expect(parseHeaders('no colon here').error).toBe('"no colon here" is not "Name: value"');
    expect(parseHeaders('Authorization: Bearer x').error).toBe('the API key field sets Authorization');
    expect(parseStop('')).toEqual({});
    expect(parseStop('a\r\nb')).toEqual({ value: ['a', 'b'] });
    expect(parseLogitBias('[1]').error).toBe('JSON like {"50256": -100}');
    expect(parseLogitBias('{"12": "5"}').error).toBe('the bias of 12 must be between -100 and 100');
  });
});

describe('stored messages', () => {
  it('pretty-prints JSON answers, fenced or not, and leaves other text alone', () => {
    expect(prettyJsonAnswer('{"a":[1,2]}')).toEqual({
      markdown: '```json\n{\n  "a": [\n    1,\n    2\n  ]\n}\n```',
      json: true,
    });
    expect(prettyJsonAnswer('```json\n[true]\n```').json).toBe(true);
    expect(prettyJsonAnswer('{not json').json).toBe(false);
    expect(prettyJsonAnswer('"just a string"').json).toBe(false);
    expect(prettyJsonAnswer('Plain **text**')).toEqual({ markdown: 'Plain **text**', json: false });
  });

  it('turns messages into the turns a follow-up resends', () => {
    const image = {
      type: 'image' as const,
      hash: 'a'.repeat(64),
      mime: 'image/png' as const,
      width: 1,
      height: 1,
      bytes: 1,
    };
    const messages = [
      {
        id: '1',
        role: 'user' as const,
        createdAt: 0,
        parts: [{ type: 'text' as const, text: 'Explain' }, image],
      },
      {
        id: '2',
        role: 'assistant' as const,
        createdAt: 1,
        parts: [{ type: 'text' as const, text: 'An error.' }],
      },
      { id: '3', role: 'assistant' as const, createdAt: 2, parts: [] },
    ];
    expect(messageText(messages[0]!)).toBe('Explain');
    expect(toTurns(messages)).toEqual([
      { role: 'user', content: 'Explain' },
      { role: 'assistant', content: 'An error.' },
    ]);
  });

  it('of a question answered again (Regenerate), only the newest answer is resent', () => {
    const text = (t: string) => [{ type: 'text' as const, text: t }];
    const messages = [
      { id: '1', role: 'user' as const, createdAt: 0, parts: text('Explain') },
      { id: '2', role: 'assistant' as const, createdAt: 1, parts: text('First try.') },
      { id: '3', role: 'assistant' as const, createdAt: 2, parts: text('Second try.'), regenerated: true },
      { id: '4', role: 'user' as const, createdAt: 3, parts: text('Shorter?') },
      { id: '5', role: 'assistant' as const, createdAt: 4, parts: text('Short.') },
    ];
    expect(toTurns(messages)).toEqual([
      { role: 'user', content: 'Explain' },
      { role: 'assistant', content: 'Second try.' },
      { role: 'user', content: 'Shorter?' },
      { role: 'assistant', content: 'Short.' },
    ]);
    // A regenerated answer that failed empty does not hide the good one before it.
    const failed = [
      messages[0]!,
      messages[1]!,
      { id: '3', role: 'assistant' as const, createdAt: 2, parts: text(''), regenerated: true },
    ];
    expect(toTurns(failed)).toEqual([
      { role: 'user', content: 'Explain' },
      { role: 'assistant', content: 'First try.' },
    ]);
  });
});
