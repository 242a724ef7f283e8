/**
 * An event sink for tests: records every event main would send to the windows, and lets a test
 * wait until what it expects has arrived (no timers: each emit wakes the waiters).
 */
import type { EventSink } from '../../electron/core/ipc/dispatch';
import type { EventChannel, EventPayloads } from '../../shared/ipc-contract';

export type Emitted = { [C in EventChannel]: { channel: C; payload: EventPayloads[C] } }[EventChannel];

export class RecordingSink implements EventSink {
  readonly events: Emitted[] = [];
  #waiters: (() => void)[] = [];

  emit<C extends EventChannel>(channel: C, payload: EventPayloads[C]): void {
    this.events.push({ channel, payload } as Emitted);
    for (const wake of this.#waiters.splice(0)) wake();
  }

  of<C extends EventChannel>(channel: C): EventPayloads[C][] {
    return this.events.filter((e) => e.channel === channel).map((e) => e.payload as EventPayloads[C]);
  }

  async until(predicate: () => boolean): Promise<void> {
    while (!predicate()) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }
}
