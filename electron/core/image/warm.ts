/**
 * The image pipeline warmed up while the app is idle, so that the first hotkey capture after a
 * start costs what every later one does. A process's first capture paid for loading sharp's
 * native library and for V8 compiling the pipeline's JavaScript: 1080p text 89 ms against 16 ms
 * warm, a code screen 101 against 28 (2-core machine).
 */
import { prepareImage, type RawImage } from './pipeline';
import { loadSharp } from './sharp-loader';

/** Loads sharp and runs the lossless, palette, WebP and JPEG paths once on small made-up screens. */
export async function warmImagePipeline(): Promise<void> {
  await loadSharp();
  const flat = madeUpScreen(1280, 720, false);
  const photo = madeUpScreen(1280, 720, true);
  // A palette screen, then one with a photo on it (WebP), as a PNG-only server gets it too.
  await prepareImage(flat, { preset: 'openai', format: 'auto' });
  await prepareImage(photo, { preset: 'openai', format: 'auto' });
  await prepareImage(photo, { preset: 'generic', format: 'auto' });
}

/**
 * Rows of "text" (short runs of a dark colour on a light page) in a few colours; with `noise`, a
 * noisy block over a third of it, as a photo would be.
 */
function madeUpScreen(width: number, height: number, noise: boolean): RawImage {
  const data = new Uint8Array(width * height * 4).fill(250);
  let seed = 12345;
  const random = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed >>> 16;
  };
  for (let y = 0; y < height; y++) {
    const line = y % 24 < 12;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i + 3] = 255;
      if (noise && x < width / 3 && y > height / 4) {
        data[i] = random() & 255;
        data[i + 1] = random() & 255;
        data[i + 2] = random() & 255;
      } else if (line && (x * 7 + y * 3) % 11 < 4) {
        data[i] = data[i + 1] = data[i + 2] = 40 + ((x >> 5) % 4) * 20;
      }
    }
  }
  return { data, width, height, channels: 4, order: 'bgra' };
}
