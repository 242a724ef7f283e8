import { describe, expect, it } from 'vitest';
import type { DisplayInfo } from '../../../../electron/core/capture';
import { overlayPlan, overlayWindowTraits } from '../../../../electron/core/capture/wayland-overlay';

const display = (id: number, x: number): DisplayInfo => ({
  id,
  bounds: { x, y: 0, width: 1920, height: 1080 },
  scaleFactor: 1,
  rotation: 0,
});
const [a, b, c] = [display(1, 0), display(2, 1920), display(3, 3840)];

describe('overlayPlan', () => {
  it('places one window per display at its bounds where positions are honoured (macOS, Windows)', () => {
    const plan = overlayPlan([a, b, c], { nativeWayland: false, pointerDisplayId: 2, platform: 'darwin' });
    expect(plan.placements.map((p) => [p.display.id, p.mode])).toEqual([
      [1, 'bounds'],
      [2, 'bounds'],
      [3, 'bounds'],
    ]);
    expect(plan.skipped).toEqual([]);
  });

  it('opens the portal’s one screen full screen on native Wayland', () => {
    const plan = overlayPlan([b], { nativeWayland: true, pointerDisplayId: 1 });
    expect(plan.placements).toEqual([{ display: b, mode: 'fullscreen' }]);
    expect(plan.skipped).toEqual([]);
  });

  it('never piles several full-screen windows on one output: the pointer’s display, else the first', () => {
    const underPointer = overlayPlan([a, b, c], { nativeWayland: true, pointerDisplayId: 3 });
    expect(underPointer.placements).toEqual([{ display: c, mode: 'fullscreen' }]);
    expect(underPointer.skipped.map((d) => d.id)).toEqual([1, 2]);
    const elsewhere = overlayPlan([a, b], { nativeWayland: true, pointerDisplayId: 9 });
    expect(elsewhere.placements.map((p) => p.display.id)).toEqual([1]);
    expect(elsewhere.skipped.map((d) => d.id)).toEqual([2]);
  });

  it('plans nothing for nothing', () => {
    expect(overlayPlan([], { nativeWayland: true })).toEqual({ placements: [], skipped: [] });
  });

  it('X11 and XWayland: each window placed on its display, then full screen there (above the panels)', () => {
    const plan = overlayPlan([a, b, c], { nativeWayland: false, pointerDisplayId: 2, platform: 'linux' });
    expect(plan.placements.map((p) => [p.display.id, p.mode])).toEqual([
      [1, 'bounds-fullscreen'],
      [2, 'bounds-fullscreen'],
      [3, 'bounds-fullscreen'],
    ]);
    expect(plan.skipped).toEqual([]);
  });
});

describe('overlayWindowTraits', () => {
  it('asks for the screen-saver level only where it exists (macOS, Windows)', () => {
    expect(overlayWindowTraits('darwin').alwaysOnTopLevel).toBe('screen-saver');
    expect(overlayWindowTraits('win32').alwaysOnTopLevel).toBe('screen-saver');
    expect(overlayWindowTraits('linux').alwaysOnTopLevel).toBe('normal');
  });

  it('macOS: follows every Space without transforming the process type (the Dock icon would blink)', () => {
    expect(overlayWindowTraits('darwin').allWorkspaces).toEqual({
      visibleOnFullScreen: true,
      skipTransformProcessType: true,
    });
    expect(overlayWindowTraits('win32').allWorkspaces).toBeNull();
  });
});
