/**
 * A shortcut recording belongs to the page that started it (HotkeyService.recording with its
 * owner). A page that closes, reloads or crashes while recording never sends `recording(false)`:
 * when main reports that page gone (watchOwner), the recording ends, the shortcuts work again
 * and a change saved meanwhile is applied. Another page cannot end it.
 */
import { describe, expect, it } from 'vitest';
import { HotkeyService } from '../../../../electron/core/app/hotkey-service';
import { GrabbingRegistrar } from './grabbing-registrar';

/** Main's side: which pages are watched, and a way to make one go away. */
class Pages {
  readonly watched = new Map<number, () => void>();
  watch = (owner: number, gone: () => void): (() => void) => {
    this.watched.set(owner, gone);
    return () => this.watched.delete(owner);
  };
  /** The page closed, reloaded, crashed or was hidden. */
  gone(owner: number): void {
    this.watched.get(owner)?.();
  }
}

function setup() {
  const os = new GrabbingRegistrar();
  const pages = new Pages();
  const ran: string[] = [];
  let bindings: Record<string, string> = { captureRegion: 'Ctrl+Shift+E' };
  const hotkeys = new HotkeyService({
    registrar: os,
    handlers: {
      captureRegion: () => ran.push('region'),
      captureScreen: () => ran.push('screen'),
      toggleWindow: () => ran.push('toggle'),
    },
    platform: 'linux',
    bindings: () => bindings,
    watchOwner: pages.watch,
  });
  hotkeys.apply();
  const rebind = (accelerator: string): void => {
    bindings = { captureRegion: accelerator };
    hotkeys.apply();
  };
  return { os, pages, ran, hotkeys, rebind };
}

describe('a shortcut recording and the page that started it', () => {
  it('ends when its page goes away without saying so: the shortcut works again', () => {
    const { os, pages, ran, hotkeys } = setup();
    hotkeys.recording(true, 7);
    os.press('Control+Shift+E');
    expect(ran).toEqual([]);
    pages.gone(7);
    expect(hotkeys.isRecording()).toBe(false);
    expect(os.suspended).toBe(false);
    os.press('Control+Shift+E');
    expect(ran).toEqual(['region']);
  });

  it('applies a change saved during the recording once its page is gone', () => {
    const { os, pages, ran, hotkeys, rebind } = setup();
    hotkeys.recording(true, 7);
    rebind('Ctrl+Alt+R');
    pages.gone(7);
    expect(hotkeys.status().active.captureRegion).toBe('Control+Alt+R');
    os.press('Control+Alt+R');
    expect(ran).toEqual(['region']);
  });

  it('stops watching the page once the recording ends, whichever way', () => {
    const { pages, hotkeys } = setup();
    hotkeys.recording(true, 7);
    expect([...pages.watched.keys()]).toEqual([7]);
    hotkeys.recording(false, 7);
    expect(pages.watched.size).toBe(0);
    hotkeys.recording(true, 7);
    hotkeys.pause();
    expect(pages.watched.size).toBe(0);
  });

  it('another page cannot end it, and a page that is gone later changes nothing', () => {
    const { os, pages, hotkeys } = setup();
    hotkeys.recording(true, 7);
    hotkeys.recording(false, 9);
    expect(hotkeys.isRecording()).toBe(true);
    expect(os.suspended).toBe(true);
    pages.gone(9);
    expect(hotkeys.isRecording()).toBe(true);
  });

  it('a second page that starts recording takes it over: the first going away no longer ends it', () => {
    const { pages, hotkeys } = setup();
    hotkeys.recording(true, 7);
    const firstGone = pages.watched.get(7);
    hotkeys.recording(true, 9);
    expect([...pages.watched.keys()]).toEqual([9]);
    firstGone?.();
    expect(hotkeys.isRecording()).toBe(true);
    pages.gone(9);
    expect(hotkeys.isRecording()).toBe(false);
  });

  it('without an owner (web mode) the page alone ends it, as before', () => {
    const { os, hotkeys } = setup();
    hotkeys.recording(true);
    hotkeys.recording(false);
    expect(os.suspended).toBe(false);
  });
});
