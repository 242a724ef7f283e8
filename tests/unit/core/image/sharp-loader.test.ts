/** The lazy sharp loader with the real module: one load, the function sharp exports. */
import { describe, expect, it } from 'vitest';
import { loadSharp, sharpNow } from '../../../../electron/core/image/sharp-loader';

describe('loadSharp', () => {
  it('gives the sharp function once loaded, the same module on every call', async () => {
    const sharp = await loadSharp();
    expect(typeof sharp).toBe('function');
    expect(sharp.versions.sharp).toMatch(/^\d+\.\d+\.\d+/);
    expect(await loadSharp()).toBe(sharp);
    expect(sharpNow()).toBe(sharp);
  });
});
