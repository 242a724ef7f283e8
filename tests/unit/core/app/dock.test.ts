/**
 * Finding 12 of issue 13 (macOS Dock): app.dock.show()/hide() transform the process type and
 * the icon blinks at each call; main re-decides the icon at every window show and hide, so only
 * a change may be passed on.
 */
import { describe, expect, it } from 'vitest';
import { DockIconState } from '../../../../electron/core/app/dock';

describe('DockIconState', () => {
  it('asks for a call only when the wanted state changes', () => {
    const dock = new DockIconState();
    // Unknown at first (the packaged app starts without an icon: LSUIElement): always decided.
    expect(dock.next(false)).toBe('hide');
    expect(dock.next(false)).toBeNull();
    expect(dock.next(true)).toBe('show');
    expect(dock.next(true)).toBeNull();
    expect(dock.next(true)).toBeNull();
    expect(dock.next(false)).toBe('hide');
  });

  it('shows the icon at the first decision when a window wants it', () => {
    expect(new DockIconState().next(true)).toBe('show');
  });
});
