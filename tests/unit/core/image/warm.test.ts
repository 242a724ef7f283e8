/**
 * The idle warm-up (core/image/warm.ts): what it leaves behind is sharp loaded, so the first
 * capture after a start does not load it; and it runs every path it names without failing.
 */
import { describe, expect, it } from 'vitest';
import { sharpNow } from '../../../../electron/core/image/sharp-loader';
import { warmImagePipeline } from '../../../../electron/core/image/warm';

describe('warmImagePipeline', () => {
  it('loads sharp and prepares its made-up screens without an error', async () => {
    // Before: nothing has loaded sharp in this file's module graph yet.
    expect(() => sharpNow()).toThrow();
    await warmImagePipeline();
    expect(typeof sharpNow()).toBe('function');
  });
});
