import { describe, expect, it } from 'vitest';
import type { CaptureInfo } from '../../../shared/ipc-contract';
import { holdEarlyCaptureEvents, takeEarlyCaptureEvent } from '../../../renderer/src/state/early-capture';

function fakeEvents() {
  const ready = new Set<(info: CaptureInfo) => void>();
  const failed = new Set<(f: { message: string; kind?: string }) => void>();
  return {
    events: {
      onReady: (l: (info: CaptureInfo) => void) => (ready.add(l), () => void ready.delete(l)),
      onFailed: (l: (f: { message: string; kind?: string }) => void) => (
        failed.add(l),
        () => void failed.delete(l)
      ),
    },
    ready: (info: CaptureInfo) => ready.forEach((l) => l(info)),
    failed: (message: string) => failed.forEach((l) => l({ message })),
    listeners: () => ready.size + failed.size,
  };
}

const info = (captureId: string) =>
  ({
    captureId,
    width: 1,
    height: 1,
    bytes: 1,
    mime: 'image/png',
    previewUrl: '',
    autoAsk: true,
  }) as CaptureInfo;

describe('captures announced before the answer panel loaded', () => {
  it('keeps the latest one for the panel, once, and then stops listening', () => {
    const fake = fakeEvents();
    holdEarlyCaptureEvents(fake.events);
    expect(fake.listeners()).toBe(2);
    fake.failed('portal closed');
    fake.ready(info('a'));
    expect(takeEarlyCaptureEvent()).toEqual({ kind: 'ready', info: info('a') });
    expect(fake.listeners()).toBe(0);
    fake.ready(info('b'));
    expect(takeEarlyCaptureEvent()).toBeNull();
  });

  it('gives nothing when nothing came', () => {
    const fake = fakeEvents();
    holdEarlyCaptureEvents(fake.events);
    expect(takeEarlyCaptureEvent()).toBeNull();
  });
});
