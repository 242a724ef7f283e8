/**
 * Assembly rules that the generated streams do not all reach: one-off shapes servers have been seen to
 * send, fed to the I/O-free interpreter as small inline streams.
 */
import { describe, expect, it } from 'vitest';
import { interpret } from './helpers';

const encoder = new TextEncoder();
const sse = (...chunks: unknown[]) =>
  chunks.map((c) => (typeof c === 'string' ? c : `data: ${JSON.stringify(c)}\n\n`)).join('');
const run = (text: string) => interpret([encoder.encode(text)]);

describe('choices and deltas', () => {
  it('counts reasoning once when a server sends reasoning_content and reasoning alike', () => {
    const { result, events } = run(
      sse(
        { choices: [{ index: 0, delta: { reasoning_content: 'think', reasoning: 'think' } }] },
        { choices: [{ index: 0, delta: { reasoning: ' more' } }] },
        { choices: [{ index: 0, delta: { content: 'ok' }, finish_reason: 'stop' }] },
      ),
    );
    expect(result.choices[0]?.reasoning).toBe('think more');
    expect(events.filter((e) => e.type === 'delta').map((e) => e.type === 'delta' && e.reasoning)).toEqual([
      'think',
      ' more',
      undefined,
    ]);
  });

  it('uses the position of a choice without index, `message` in place of `delta`, and ignores odd indexes', () => {
    const { result } = run(
      sse(
        { choices: [{ delta: { content: 'a' } }, { delta: { content: 'b' } }] },
        { choices: [{ index: 1, message: { content: 'c' } }] },
        { choices: [{ index: 5000, delta: { content: 'x' } }] },
        {
          choices: [
            { index: 0, finish_reason: 'stop' },
            { index: 1, finish_reason: 'length' },
          ],
        },
      ),
    );
    expect(result.choices.map((c) => [c.index, c.content, c.finish_reason])).toEqual([
      [0, 'ax', 'stop'],
      [1, 'bc', 'length'],
    ]);
  });

  it('emits a finish once, and a finish_reason of null later does not undo it', () => {
    const { events, result } = run(
      sse(
        { choices: [{ index: 0, delta: { content: 'a' }, finish_reason: 'stop' }] },
        { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
        { choices: [{ index: 0, delta: { content: '' }, finish_reason: null }] },
      ),
    );
    expect(events.filter((e) => e.type === 'finish')).toHaveLength(1);
    expect(result.choices[0]?.finish_reason).toBe('stop');
  });

  it('takes usage from x_groq when there is no top-level usage, and the latest usage wins', () => {
    const { result } = run(
      sse(
        { choices: [{ index: 0, delta: { content: 'a' } }], usage: { total_tokens: 1 } },
        {
          choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
          usage: null,
          x_groq: { id: 'r', usage: { total_tokens: 9 } },
        },
      ),
    );
    expect(result.usage).toEqual({ total_tokens: 9 });
  });

  it('meta events only when the model or fingerprint changes', () => {
    const { events } = run(
      sse(
        { model: '', choices: [] },
        { model: 'm1', system_fingerprint: 'fp1', choices: [{ index: 0, delta: { content: 'a' } }] },
        { model: 'm1', system_fingerprint: 'fp1', choices: [{ index: 0, delta: { content: 'b' } }] },
        { model: 'm1', system_fingerprint: 'fp2', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
      ),
    );
    expect(events.filter((e) => e.type === 'meta')).toEqual([
      { type: 'meta', model: 'm1', system_fingerprint: 'fp1' },
      { type: 'meta', model: 'm1', system_fingerprint: 'fp2' },
    ]);
  });
});

describe('tool calls', () => {
  it('without index or id: a fragment naming a new function starts a new call', () => {
    const { result } = run(
      sse(
        { choices: [{ index: 0, delta: { tool_calls: [{ function: { name: 'a', arguments: '{"x"' } }] } }] },
        { choices: [{ index: 0, delta: { tool_calls: [{ function: { arguments: ':1}' } }] } }] },
        { choices: [{ index: 0, delta: { tool_calls: [{ function: { name: 'b', arguments: '{}' } }] } }] },
        { choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
      ),
    );
    expect(result.choices[0]?.tool_calls).toEqual([
      { id: 'call_0_0', name: 'a', arguments: '{"x":1}' },
      { id: 'call_0_1', name: 'b', arguments: '{}' },
    ]);
  });

  it('arguments sent as an object, and two calls in one delta of a whole completion', () => {
    const completion = {
      object: 'chat.completion',
      model: 'm',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'c1', type: 'function', function: { name: 'f', arguments: { city: 'Lyon' } } },
              { id: 'c2', type: 'function', function: { name: 'g', arguments: '{}' } },
            ],
          },
          finish_reason: 'tool_calls',
        },
      ],
    };
    const { result, outcome, events } = run(JSON.stringify(completion));
    expect(outcome).toBe('complete');
    expect(result.choices[0]?.tool_calls).toEqual([
      { id: 'c1', name: 'f', arguments: '{"city":"Lyon"}' },
      { id: 'c2', name: 'g', arguments: '{}' },
    ]);
    expect(events[0]).toEqual({ type: 'meta', model: 'm' });
  });

  it('reports fragments with their call position, not the wire index', () => {
    const { events } = run(
      sse(
        {
          choices: [
            {
              index: 0,
              delta: { tool_calls: [{ index: 3, id: 'x', function: { name: 'f', arguments: '' } }] },
            },
          ],
        },
        { choices: [{ index: 0, delta: { tool_calls: [{ index: 3, function: { arguments: '{}' } }] } }] },
      ),
    );
    expect(events.flatMap((e) => (e.type === 'delta' ? (e.toolCalls ?? []) : []))).toEqual([
      { index: 0, id: 'x', name: 'f' },
      { index: 0, arguments: '{}' },
    ]);
  });
});

describe('the stream around the chunks', () => {
  it('ends at a padded [DONE] and ignores what follows', () => {
    const { result, outcome } = run(
      sse({ choices: [{ index: 0, delta: { content: 'a' } }] }, 'data:  [DONE] \n\n', {
        choices: [{ index: 0, delta: { content: 'IGNORED' } }],
      }),
    );
    expect(outcome).toBe('complete');
    expect(result.choices[0]?.content).toBe('a');
  });

  it('skips data that is not JSON, and a chunk cut short is an interruption', () => {
    const { outcome, result } = run(
      sse({ choices: [{ index: 0, delta: { content: 'a' } }] }, 'data: ping\n\n', 'data: {"choices":[{"ind'),
    );
    expect(outcome).toBe('interrupted');
    expect(result.choices[0]?.content).toBe('a');
    expect(result.interrupted).toBe(true);
  });

  it('an error as a raw JSON line, and an error event with plain text', () => {
    const raw = run(
      sse(
        { choices: [{ index: 0, delta: { content: 'a' } }] },
        '{"error":{"message":"quota gone","code":429}}\n',
      ),
    );
    expect(raw.outcome).toBe('stream-error');
    expect(raw.serverMessage).toBe('quota gone');
    const text = run('event: error\ndata: upstream timed out\n\n');
    expect(text.outcome).toBe('stream-error');
    expect(text.serverMessage).toBe('upstream timed out');
  });

  it('a JSON body shaped as a single chunk', () => {
    const { result, outcome } = run(
      JSON.stringify({ choices: [{ index: 0, delta: { content: 'whole' }, finish_reason: 'stop' }] }),
    );
    expect(outcome).toBe('complete');
    expect(result.choices[0]?.content).toBe('whole');
  });

  it('a 200 error body without a status code, and malformed JSON', () => {
    expect(run('{"error":"model is loading"}').outcome).toBe('stream-error');
    expect(run('{"choices": [').outcome).toBe('not-openai');
  });

  it('a last event without its blank line is still read', () => {
    const { result, outcome } = run(
      'data: {"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":"stop"}]}',
    );
    expect(outcome).toBe('complete');
    expect(result.choices[0]?.content).toBe('a');
  });
});
