import { describe, expect, it } from 'vitest';
import { AppWindowRegistry } from '../../../../electron/core/security';

describe('AppWindowRegistry', () => {
  it('knows the webContents of registered windows, and forgets them on removal', () => {
    const registry = new AppWindowRegistry();
    registry.add(1, 11, 'answer');
    registry.add(2, 12, 'main');
    expect(registry.hasWebContents(11)).toBe(true);
    expect(registry.hasWebContents(12)).toBe(true);
    expect(registry.hasWebContents(1)).toBe(false);
    expect(registry.hasWebContents(13)).toBe(false);
    registry.remove(1);
    expect(registry.hasWebContents(11)).toBe(false);
    expect(registry.windowIds()).toStrictEqual(new Set([2]));
  });

  it('filters by kind', () => {
    const registry = new AppWindowRegistry();
    registry.add(1, 11, 'overlay');
    registry.add(2, 12, 'overlay');
    registry.add(3, 13, 'main');
    expect(registry.windowIds('overlay')).toStrictEqual(new Set([1, 2]));
    expect(registry.windowIds('answer')).toStrictEqual(new Set());
  });

  it('hands out copies that cannot add to the trusted set', () => {
    const registry = new AppWindowRegistry();
    registry.add(1, 11, 'main');
    registry.windowIds().add(99);
    expect(registry.windowIds()).toStrictEqual(new Set([1]));
  });
});
