/**
 * The privacy shield in `glimpse ask`: `--ocr` prints the text of images without any endpoint,
 * `--redact[=keys,emails,…]` blacks out what the detectors find before the image is sent and
 * lists on stderr what was redacted (category, kind and box — never the text).
 *
 * Loaded only when one of those flags is given: OCR starts worker threads and loads the models.
 *
 * It reads as the app and web mode do, English and French together (OCR_LANGUAGES): with
 * English alone, 1× text reads differently (accents dropped, a small 4 read as A), so the CLI
 * found less than the app on the same image.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  OCR_LANGUAGES,
  OcrEngine,
  pageText,
  redactImage,
  scanImage,
  type PrivacyCategory,
} from '../core/privacy/index';

export class ShieldError extends Error {
  override name = 'ShieldError';
}

export interface ShieldIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  signal?: AbortSignal;
}

function why(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

export class CliShield {
  /**
   * Tesseract reads every language from one folder; the app links the installed files into its
   * data folder. The CLI writes nothing there (it may run where the app never did): the files
   * are linked (or copied) into a folder of its own, removed by dispose().
   */
  readonly #dataDir = mkdtempSync(join(tmpdir(), 'glimpse-ocr-'));
  readonly #engine = new OcrEngine({ languages: OCR_LANGUAGES, dataDir: this.#dataDir });

  /** `--ocr`: the text of each image, its layout kept as lines; images separated by a blank line. */
  async printText(images: readonly { name: string; bytes: Uint8Array }[], io: ShieldIo): Promise<void> {
    let first = true;
    for (const image of images) {
      let text: string;
      try {
        text = pageText(await this.#engine.recognize(image.bytes, io.signal ? { signal: io.signal } : {}));
      } catch (error) {
        throw new ShieldError(`cannot read the text of ${image.name}: ${why(error)}`);
      }
      io.stdout.write(`${first ? '' : '\n'}${text}\n`);
      first = false;
    }
  }

  /**
   * `--redact`: the image with every detection blacked out (a PNG), or the image itself when
   * nothing was found. A scan that fails stops the request: nothing unscanned is sent.
   */
  async redact(
    name: string,
    bytes: Uint8Array,
    categories: readonly PrivacyCategory[],
    io: ShieldIo,
  ): Promise<Uint8Array> {
    let scan;
    try {
      scan = await scanImage(this.#engine, bytes, {
        categories,
        ...(io.signal ? { signal: io.signal } : {}),
      });
    } catch (error) {
      throw new ShieldError(`cannot scan ${name} for secrets, so nothing was sent: ${why(error)}`);
    }
    if (scan.proposals.length === 0) {
      io.stderr.write(`glimpse ask: redact: nothing found in ${name}\n`);
      return bytes;
    }
    for (const p of scan.proposals) {
      const b = p.box;
      io.stderr.write(
        `glimpse ask: redacted ${p.category} (${p.kind}) in ${name} at x=${b.x} y=${b.y} ${b.width}×${b.height}\n`,
      );
    }
    return redactImage(
      bytes,
      scan.proposals.map((p) => p.box),
    );
  }

  /** Ends the OCR workers and removes the language folder; safe to call more than once. */
  async dispose(): Promise<void> {
    await this.#engine.dispose();
    rmSync(this.#dataDir, { recursive: true, force: true });
  }
}
