/**
 * sharp, loaded on first use instead of by a static import. sharp is native code
 * (@img/sharp-<os>-<arch>): a static import made a load failure (a package built without the
 * binary for its architecture, a damaged install) abort the main bundle before any window, with
 * no message and no tray. Loaded here, a failure is one clear error where an image is processed,
 * and Glimpse still starts (settings, history, the first-run guide all work).
 */
import type sharpFunction from 'sharp';
import { UserFacingError } from '../ipc/dispatch';

export type SharpModule = typeof sharpFunction;

/** sharp could not be loaded: images cannot be prepared; everything else keeps working. */
export class ImageEngineError extends UserFacingError {
  constructor(reason: string) {
    super(
      `Glimpse's image engine (sharp) could not be loaded, so images cannot be prepared (${reason}). ` +
        'Reinstall Glimpse from the official download for this computer; if it keeps happening, ' +
        'report it with Settings › Copy diagnostics.',
      'image-engine',
    );
    this.name = 'ImageEngineError';
  }
}

let pending: Promise<SharpModule> | undefined;
let loaded: SharpModule | undefined;

/**
 * The first line of the root error (a loader may wrap the native one as its `cause`): the rest
 * of sharp's message is advice for npm users, not for ours.
 */
function reasonOf(error: unknown): string {
  let root = error;
  while (root instanceof Error && root.cause !== undefined) root = root.cause;
  const text = root instanceof Error ? root.message : String(root);
  return (text.split('\n').find((line) => line.trim() !== '') ?? 'unknown error').trim();
}

/** sharp, imported once; rejects with ImageEngineError (a later call tries again). */
export function loadSharp(): Promise<SharpModule> {
  pending ??= import('sharp').then(
    (module) => {
      // Node hands a CommonJS module to import() as { default: module.exports }.
      const sharp = ((module as { default?: SharpModule }).default ?? module) as SharpModule;
      if (typeof sharp !== 'function') throw new ImageEngineError('the module has no sharp function');
      loaded = sharp;
      return sharp;
    },
    (error: unknown) => {
      pending = undefined;
      throw new ImageEngineError(reasonOf(error));
    },
  );
  return pending;
}

/**
 * sharp for synchronous helpers that only run after an `await loadSharp()` on the same path;
 * throws (a programming error) if it was not loaded first.
 */
export function sharpNow(): SharpModule {
  if (!loaded) throw new Error('sharp is used before loadSharp() finished');
  return loaded;
}
