/**
 * The IPC coalescer: at most one batch per interval, text concatenated per choice and field,
 * order kept, nothing lost or duplicated.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDeltaCoalescer } from '../../../../electron/core/chat/index';
import type { ChatEvent } from '../../../../electron/core/chat/index';

/** A manual clock: timers fire only when the test says so. */
function manualTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let next = 1;
  return {
    setTimer: (fn: () => void, ms: number) => {
      const id = next++;
      pending.set(id, { fn, ms });
      return id;
    },
    clearTimer: (id: unknown) => {
      pending.delete(id as number);
    },
    fire() {
      const timers = [...pending.entries()];
      pending.clear();
      for (const [, timer] of timers) timer.fn();
      return timers.length;
    },
    get count() {
      return pending.size;
    },
    get delays() {
      return [...pending.values()].map((t) => t.ms);
    },
  };
}

function setup(intervalMs?: number) {
  const timers = manualTimers();
  const batches: ChatEvent[][] = [];
  const coalescer = createDeltaCoalescer((batch) => batches.push(batch), {
    ...(intervalMs !== undefined ? { intervalMs } : {}),
    setTimer: timers.setTimer,
    clearTimer: timers.clearTimer,
  });
  return { timers, batches, coalescer };
}

describe('createDeltaCoalescer', () => {
  it('merges the deltas of one frame into one message per choice, in order', () => {
    const { timers, batches, coalescer } = setup();
    coalescer.push({ type: 'meta', model: 'gpt-4o' });
    coalescer.push({ type: 'delta', choice: 0, content: 'Hel' });
    coalescer.push({ type: 'delta', choice: 1, content: 'Bon' });
    coalescer.push({ type: 'delta', choice: 0, content: 'lo', reasoning: 'r1' });
    coalescer.push({ type: 'delta', choice: 0, reasoning: 'r2', refusal: 'no' });
    coalescer.push({ type: 'delta', choice: 1, content: 'jour' });
    expect(batches).toHaveLength(0);
    // One frame at 60 Hz, rounded up to whole milliseconds: never more than 60 batches a second.
    expect(timers.delays).toEqual([17]);
    expect(timers.fire()).toBe(1);
    expect(batches).toEqual([
      [
        { type: 'meta', model: 'gpt-4o' },
        { type: 'delta', choice: 0, content: 'Hello', reasoning: 'r1r2', refusal: 'no' },
        { type: 'delta', choice: 1, content: 'Bonjour' },
      ],
    ]);
  });

  it('keeps a finish after the text of its choice and starts anew after it', () => {
    const { timers, batches, coalescer } = setup();
    coalescer.push({ type: 'delta', choice: 0, content: 'a' });
    coalescer.push({ type: 'finish', choice: 0, reason: 'stop' });
    coalescer.push({ type: 'delta', choice: 0, content: 'b' });
    coalescer.push({ type: 'usage', usage: { total_tokens: 1 } });
    coalescer.push({ type: 'usage', usage: { total_tokens: 2 } });
    timers.fire();
    expect(batches[0]).toEqual([
      { type: 'delta', choice: 0, content: 'a' },
      { type: 'finish', choice: 0, reason: 'stop' },
      { type: 'delta', choice: 0, content: 'b' },
      { type: 'usage', usage: { total_tokens: 2 } },
    ]);
  });

  it('joins tool-call fragments by index without touching the events it was given', () => {
    const { timers, batches, coalescer } = setup();
    const first: ChatEvent = {
      type: 'delta',
      choice: 0,
      toolCalls: [{ index: 0, id: 'c1', name: 'f', arguments: '{"a' }],
    };
    coalescer.push(first);
    coalescer.push({
      type: 'delta',
      choice: 0,
      toolCalls: [
        { index: 0, arguments: '":1}' },
        { index: 1, id: 'c2', name: 'g' },
      ],
    });
    coalescer.push({ type: 'delta', choice: 0, toolCalls: [{ index: 1, arguments: '{}' }] });
    timers.fire();
    expect(batches[0]).toEqual([
      {
        type: 'delta',
        choice: 0,
        toolCalls: [
          { index: 0, id: 'c1', name: 'f', arguments: '{"a":1}' },
          { index: 1, id: 'c2', name: 'g', arguments: '{}' },
        ],
      },
    ]);
    expect(first).toEqual({
      type: 'delta',
      choice: 0,
      toolCalls: [{ index: 0, id: 'c1', name: 'f', arguments: '{"a' }],
    });
  });

  it('emits at most once per interval, and flush() sends what is pending at once', () => {
    const { timers, batches, coalescer } = setup(50);
    for (let frame = 0; frame < 3; frame++) {
      for (let i = 0; i < 20; i++) coalescer.push({ type: 'delta', choice: 0, content: 'x' });
      expect(timers.count).toBe(1);
      timers.fire();
    }
    expect(batches).toHaveLength(3);
    coalescer.push({ type: 'delta', choice: 0, content: 'tail' });
    coalescer.push({ type: 'finish', choice: 0, reason: 'stop' });
    coalescer.flush();
    expect(timers.count).toBe(0);
    expect(batches[3]).toEqual([
      { type: 'delta', choice: 0, content: 'tail' },
      { type: 'finish', choice: 0, reason: 'stop' },
    ]);
    coalescer.flush();
    expect(batches).toHaveLength(4);
  });

  it('dispose() drops what is pending and ignores later events', () => {
    const { timers, batches, coalescer } = setup();
    coalescer.push({ type: 'delta', choice: 0, content: 'x' });
    coalescer.dispose();
    expect(timers.count).toBe(0);
    coalescer.push({ type: 'delta', choice: 0, content: 'y' });
    coalescer.flush();
    expect(timers.fire()).toBe(0);
    expect(batches).toEqual([]);
  });

  it('loses and duplicates nothing, whatever the timing', () => {
    const delta = fc.record({
      choice: fc.integer({ min: 0, max: 2 }),
      content: fc.option(fc.string({ maxLength: 4 }), { nil: undefined }),
      reasoning: fc.option(fc.string({ maxLength: 4 }), { nil: undefined }),
      tick: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(delta, { maxLength: 60 }), (steps) => {
        const { timers, batches, coalescer } = setup();
        const expected = new Map<string, string>();
        for (const step of steps) {
          const event: ChatEvent = { type: 'delta', choice: step.choice };
          if (step.content !== undefined) event.content = step.content;
          if (step.reasoning !== undefined) event.reasoning = step.reasoning;
          coalescer.push(event);
          for (const field of ['content', 'reasoning'] as const) {
            const key = `${step.choice}.${field}`;
            expected.set(key, (expected.get(key) ?? '') + (event[field] ?? ''));
          }
          if (step.tick) timers.fire();
        }
        coalescer.flush();
        const got = new Map<string, string>();
        for (const batch of batches) {
          const choicesInBatch = new Set<number>();
          for (const event of batch) {
            if (event.type !== 'delta') continue;
            // One message per choice per batch.
            expect(choicesInBatch.has(event.choice)).toBe(false);
            choicesInBatch.add(event.choice);
            for (const field of ['content', 'reasoning'] as const) {
              const key = `${event.choice}.${field}`;
              got.set(key, (got.get(key) ?? '') + (event[field] ?? ''));
            }
          }
        }
        for (const [key, text] of expected) expect(got.get(key) ?? '').toBe(text);
      }),
    );
  });

  it('uses real timers by default', async () => {
    const batches: ChatEvent[][] = [];
    const coalescer = createDeltaCoalescer((batch) => batches.push(batch), { intervalMs: 5 });
    coalescer.push({ type: 'delta', choice: 0, content: 'a' });
    coalescer.push({ type: 'delta', choice: 0, content: 'b' });
    for (let i = 0; i < 100 && batches.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(batches).toEqual([[{ type: 'delta', choice: 0, content: 'ab' }]]);
    coalescer.dispose();
  });
});
