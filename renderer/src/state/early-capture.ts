/**
 * A capture that arrives before the answer panel exists. The panel's code loads on demand (see
 * App.svelte), so a capture started as the window opens (`glimpse --capture` at launch) could
 * otherwise be announced to nobody. App.svelte starts holding at once; the panel takes what was
 * held when it connects, and holding stops.
 */
import type { CaptureInfo, EventPayloads } from '../../../shared/ipc-contract';

export type EarlyCaptureEvent =
  { kind: 'ready'; info: CaptureInfo } | { kind: 'failed'; failure: EventPayloads['capture:failed'] };

interface CaptureEvents {
  onReady(listener: (info: CaptureInfo) => void): () => void;
  onFailed(listener: (failure: EventPayloads['capture:failed']) => void): () => void;
}

let held: EarlyCaptureEvent | null = null;
let stop: (() => void) | null = null;

/** Starts keeping the latest capture event (a newer one replaces an older one). */
export function holdEarlyCaptureEvents(events: CaptureEvents): void {
  if (stop) return;
  const offs = [
    events.onReady((info) => (held = { kind: 'ready', info })),
    events.onFailed((failure) => (held = { kind: 'failed', failure })),
  ];
  stop = () => offs.forEach((off) => off());
}

/** What arrived before the panel connected, once; from now on the panel listens itself. */
export function takeEarlyCaptureEvent(): EarlyCaptureEvent | null {
  stop?.();
  stop = null;
  const event = held;
  held = null;
  return event;
}
