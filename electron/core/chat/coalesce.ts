/**
 * Coalesces chat events for IPC: a fast model sends hundreds of deltas a second, and one IPC
 * message per delta makes the renderer re-render per token. Deltas are merged per choice (text
 * concatenated per field, tool-call fragments joined), order is kept, and at most one batch is
 * emitted per interval (default one frame at 60 Hz, 16.7 ms).
 */
import type { ChatEvent } from './types';

type DeltaEvent = Extract<ChatEvent, { type: 'delta' }>;

export interface DeltaCoalescerOptions {
  intervalMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface DeltaCoalescer {
  push(event: ChatEvent): void;
  /** Emits what is pending now. Call it when the stream ends (done or error). */
  flush(): void;
  /** Drops what is pending and stops the timer. */
  dispose(): void;
}

export function createDeltaCoalescer(
  emit: (batch: ChatEvent[]) => void,
  options: DeltaCoalescerOptions = {},
): DeltaCoalescer {
  // Node truncates fractional timer delays: round up, or 16.7 ms becomes 16 and 62 batches a second.
  const intervalMs = Math.ceil(options.intervalMs ?? 1000 / 60);
  const setTimer = options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const clearTimer =
    options.clearTimer ?? ((handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>));

  let pending: ChatEvent[] = [];
  /** The open delta of each choice in `pending`; closed by any other event of that choice. */
  let open = new Map<number, DeltaEvent>();
  let timer: unknown;
  let scheduled = false;
  let disposed = false;

  function flush(): void {
    if (scheduled) {
      clearTimer(timer);
      scheduled = false;
    }
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    open = new Map();
    emit(batch);
  }

  function schedule(): void {
    if (scheduled || disposed) return;
    scheduled = true;
    timer = setTimer(() => {
      scheduled = false;
      flush();
    }, intervalMs);
  }

  function push(event: ChatEvent): void {
    if (disposed) return;
    if (event.type === 'delta') {
      const target = open.get(event.choice);
      if (target) merge(target, event);
      else {
        // A copy: the merge appends to it, and the caller's event must stay as it was.
        const copy = copyDelta(event);
        pending.push(copy);
        open.set(event.choice, copy);
      }
    } else {
      if (event.type === 'finish') open.delete(event.choice);
      else if (event.type === 'usage') {
        // Some servers (vLLM with continuous usage) repeat usage on every chunk: keep the last.
        const index = pending.findIndex((e) => e.type === 'usage');
        if (index !== -1) pending.splice(index, 1);
      }
      pending.push(event);
    }
    schedule();
  }

  function dispose(): void {
    disposed = true;
    if (scheduled) clearTimer(timer);
    scheduled = false;
    pending = [];
    open = new Map();
  }

  return { push, flush, dispose };
}

function copyDelta(event: DeltaEvent): DeltaEvent {
  const copy: DeltaEvent = { ...event };
  if (event.toolCalls) copy.toolCalls = event.toolCalls.map((fragment) => ({ ...fragment }));
  return copy;
}

function merge(target: DeltaEvent, event: DeltaEvent): void {
  if (event.content !== undefined) target.content = (target.content ?? '') + event.content;
  if (event.reasoning !== undefined) target.reasoning = (target.reasoning ?? '') + event.reasoning;
  if (event.refusal !== undefined) target.refusal = (target.refusal ?? '') + event.refusal;
  if (event.toolCalls) {
    const calls = (target.toolCalls ??= []);
    for (const fragment of event.toolCalls) {
      const last = calls[calls.length - 1];
      if (last && last.index === fragment.index) {
        if (fragment.id !== undefined && last.id === undefined) last.id = fragment.id;
        if (fragment.name !== undefined && last.name === undefined) last.name = fragment.name;
        if (fragment.arguments !== undefined) last.arguments = (last.arguments ?? '') + fragment.arguments;
      } else calls.push({ ...fragment });
    }
  }
}
