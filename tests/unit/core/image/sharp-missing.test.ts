/**
 * sharp's native binary failing to load (a package without @img/sharp-<os>-<arch>) must not stop
 * Glimpse from starting: the modules main imports at start load without sharp, and only
 * preparing an image fails, with one clear sentence instead of sharp's npm advice.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// What sharp throws when its platform package is missing (first line as sharp 0.35 words it).
vi.mock('sharp', () => {
  throw new Error(
    'Could not load the "sharp" module using the darwin-x64 runtime\nPossible solutions:\n- npm install --os=darwin --cpu=x64 sharp',
  );
});

const FIXTURE = join(import.meta.dirname, '../../../fixtures/images/screen-small.png');

describe('sharp that cannot load', () => {
  it('does not stop the modules main loads at start from loading', async () => {
    // Each of these imported sharp statically: the failure aborted the main bundle.
    await expect(import('../../../../electron/core/image/index')).resolves.toBeDefined();
    await expect(import('../../../../electron/core/app/captures')).resolves.toBeDefined();
    await expect(import('../../../../electron/core/capture/index')).resolves.toBeDefined();
    await expect(import('../../../../electron/core/privacy/index')).resolves.toBeDefined();
  });

  it('turns preparing an image into one clear user-facing error', async () => {
    const { prepareImage } = await import('../../../../electron/core/image/index');
    const error = (await prepareImage(new Uint8Array(readFileSync(FIXTURE))).catch((e: unknown) => e)) as {
      name: string;
      kind: string;
      message: string;
    };
    expect(error.name).toBe('ImageEngineError');
    expect(error.kind).toBe('image-engine');
    expect(error.message).toContain('image engine (sharp) could not be loaded');
    expect(error.message).toContain('using the darwin-x64 runtime');
    // sharp's advice is for developers with npm, not for the app's users.
    expect(error.message).not.toContain('npm install');
  });

  it('the idle warm-up of the image pipeline fails the same clear way (main logs it)', async () => {
    const { warmImagePipeline } = await import('../../../../electron/core/image/warm');
    await expect(warmImagePipeline()).rejects.toMatchObject({ kind: 'image-engine' });
  });

  it('redaction and OCR preparation fail the same clear way', async () => {
    const { redactImage } = await import('../../../../electron/core/privacy/redact');
    await expect(redactImage(new Uint8Array(readFileSync(FIXTURE)), [])).rejects.toMatchObject({
      kind: 'image-engine',
    });
  });
});
