import { describe, expect, it } from 'vitest';
import { follow } from '../../../renderer/src/lib/follow';

function source<T>() {
  const listeners = new Set<(value: T) => void>();
  let answer: (value: T) => void = () => {};
  return {
    read: () => new Promise<T>((resolve) => (answer = resolve)),
    onChange: (listener: (value: T) => void) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    reply: (value: T) => answer(value),
    change: (value: T) => listeners.forEach((l) => l(value)),
    listeners: () => listeners.size,
  };
}

describe('following a value main owns', () => {
  it('applies the first read, then every change', async () => {
    const s = source<string>();
    const seen: string[] = [];
    const stop = follow(s.read, s.onChange, (v) => seen.push(v));
    s.reply('first');
    await Promise.resolve();
    s.change('second');
    expect(seen).toEqual(['first', 'second']);
    stop();
    expect(s.listeners()).toBe(0);
  });

  it('drops a first read that answers after a change: it is older', async () => {
    const s = source<string>();
    const seen: string[] = [];
    follow(s.read, s.onChange, (v) => seen.push(v));
    s.change('configured');
    s.reply('stale, read before the change');
    await Promise.resolve();
    expect(seen).toEqual(['configured']);
  });

  it('says when the first read fails, and keeps following the changes', async () => {
    const listeners = new Set<(value: string) => void>();
    const seen: string[] = [];
    const errors: unknown[] = [];
    follow(
      () => Promise.reject(new Error('no settings')),
      (listener: (value: string) => void) => {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
      (v) => seen.push(v),
      (error) => errors.push(error),
    );
    await Promise.resolve();
    await Promise.resolve();
    expect(errors).toHaveLength(1);
    listeners.forEach((l) => l('later'));
    expect(seen).toEqual(['later']);
  });
});
