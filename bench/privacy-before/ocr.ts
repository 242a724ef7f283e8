// Today's (before issue 15) privacy shield, kept unchanged as the baseline of bench/privacy.ts.
/**
 * Offline OCR: Tesseract (tesseract.js 7, WebAssembly) in a worker thread, with the language
 * data installed from npm (@tesseract.js-data/eng and /fra). Nothing is downloaded, ever:
 *
 * - tesseract.js's Node build loads its core with `require` from node_modules (`corePath` is
 *   not used in Node);
 * - `langPath` is always a local folder, so the CDN default (jsdelivr) is never reached;
 * - `cacheMethod: 'none'`: no `.traineddata` copy is read from or written to the working folder;
 * - images are handed over as bytes, never as URLs.
 * tests/unit/core/privacy/ocr-offline.test.ts runs OCR with every socket, DNS lookup and fetch
 * refused and recorded, in the main thread and in the worker, and checks none was attempted.
 *
 * One worker is reused between scans (loading the model costs ~0.3 s). A scan can be
 * cancelled: Tesseract cannot stop a running job, so the worker is terminated and the next
 * scan starts a fresh one.
 */
import { link, copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { loadSharp } from '../../electron/core/image/sharp-loader';
import type Tesseract from 'tesseract.js';
import type { RawImage, Rect } from '../../electron/core/image/pipeline';
import { fileExists } from '../../electron/core/storage/atomic-file';
import type { Box, OcrLine, OcrPage, OcrWord } from '../../electron/core/privacy/types';

export const OCR_LANGUAGES = ['eng', 'fra'] as const;
export type OcrLanguage = (typeof OCR_LANGUAGES)[number];

/** The integer-quantised LSTM models: a quarter of the size of the full ones, the same on screen text. */
const DATA_VARIANT = '4.0.0_best_int';

const requireHere = createRequire(import.meta.url);

/** The folder holding `<lang>.traineddata.gz` as installed by `@tesseract.js-data/<lang>`. */
export function installedLanguageDir(lang: OcrLanguage): string {
  return join(dirname(requireHere.resolve(`@tesseract.js-data/${lang}/package.json`)), DATA_VARIANT);
}

export class OcrCancelledError extends Error {
  override readonly name = 'OcrCancelledError';
  constructor() {
    super('Text recognition was cancelled.');
  }
}

export interface OcrEngineOptions {
  /** Default `['eng']`. With more than one, `dataDir` is required (Tesseract reads all from one folder). */
  languages?: readonly OcrLanguage[];
  /** A folder Glimpse owns where the installed language files are linked (or copied) once. */
  dataDir?: string;
}

export interface RecognizeOptions {
  signal?: AbortSignal;
  /** Only this part of the image (physical pixels); boxes stay in the whole image's coordinates. */
  region?: Rect;
  /**
   * Upscaling before OCR. Tesseract reads best with capital letters ~20–30 px high; 1× screen
   * text is 9–12 px. `'auto'` (default) doubles images whose text is likely 1× (longest edge ≤ 2200 px).
   */
  scale?: number | 'auto';
}

type Input = Uint8Array | RawImage;

function isRaw(input: Input): input is RawImage {
  return !(input instanceof Uint8Array);
}

/** Decodes, crops, greys and scales the image for Tesseract; returns a PNG and the mapping back. */
async function prepare(
  input: Input,
  region: Rect | undefined,
  scale: number | 'auto',
): Promise<{
  png: Buffer;
  offsetX: number;
  offsetY: number;
  factor: number;
  fullWidth: number;
  fullHeight: number;
}> {
  const sharp = await loadSharp();
  let image = isRaw(input)
    ? sharp(input.data, { raw: { width: input.width, height: input.height, channels: 4 } })
    : sharp(input, { limitInputPixels: 16384 * 8192 });
  if (isRaw(input) && input.order === 'bgra')
    image = image.recomb([
      [0, 0, 1],
      [0, 1, 0],
      [1, 0, 0],
    ]);
  const meta = isRaw(input) ? { width: input.width, height: input.height } : await image.metadata();
  const fullW = meta.width ?? 0;
  const fullH = meta.height ?? 0;
  let offsetX = 0;
  let offsetY = 0;
  let width = fullW;
  let height = fullH;
  if (region) {
    offsetX = Math.max(0, Math.round(region.x));
    offsetY = Math.max(0, Math.round(region.y));
    width = Math.min(fullW, Math.round(region.x + region.width)) - offsetX;
    height = Math.min(fullH, Math.round(region.y + region.height)) - offsetY;
    if (width <= 0 || height <= 0) throw new RangeError('The region to read is outside the image.');
    image = image.extract({ left: offsetX, top: offsetY, width, height });
  }
  const factor = scale === 'auto' ? (Math.max(width, height) <= 2200 ? 2 : 1) : scale;
  image = image.greyscale();
  if (factor !== 1) {
    image = image.resize({
      width: Math.round(width * factor),
      height: Math.round(height * factor),
      kernel: 'lanczos3',
    });
  }
  const png = await image.png({ compressionLevel: 0 }).toBuffer();
  return { png, offsetX, offsetY, factor, fullWidth: fullW, fullHeight: fullH };
}

function toBox(b: Tesseract.Bbox, factor: number, dx: number, dy: number): Box {
  const x = b.x0 / factor + dx;
  const y = b.y0 / factor + dy;
  return { x, y, width: (b.x1 - b.x0) / factor, height: (b.y1 - b.y0) / factor };
}

/** Tesseract's block tree → lines of words with boxes in the source image's pixels. */
export function pageFromTesseract(
  data: Tesseract.Page,
  mapping: { factor: number; offsetX: number; offsetY: number },
  size: { width: number; height: number },
): OcrPage {
  const { factor, offsetX, offsetY } = mapping;
  const lines: OcrLine[] = [];
  for (const block of data.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const words: OcrWord[] = [];
        for (const w of line.words) {
          const text = w.text.trim();
          if (text === '') continue;
          const word: OcrWord = {
            text,
            confidence: w.confidence,
            box: toBox(w.bbox, factor, offsetX, offsetY),
          };
          const symbols = w.symbols ?? [];
          if (symbols.length === text.length && symbols.every((s) => s.text.length === 1)) {
            word.chars = symbols.map((s) => toBox(s.bbox, factor, offsetX, offsetY));
          }
          words.push(word);
        }
        if (words.length > 0) lines.push({ words, box: toBox(line.bbox, factor, offsetX, offsetY) });
      }
    }
  }
  return { width: size.width, height: size.height, lines };
}

/** The text of a page, one line per OCR line, words separated by single spaces. */
export function pageText(page: OcrPage): string {
  return page.lines.map((line) => line.words.map((w) => w.text).join(' ')).join('\n');
}

export class OcrEngine {
  readonly #languages: readonly OcrLanguage[];
  readonly #dataDir: string | undefined;
  #worker: Promise<Tesseract.Worker> | undefined;
  /** Scans run one at a time on the one worker; this is the tail of that queue. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: OcrEngineOptions = {}) {
    this.#languages = options.languages?.length ? [...options.languages] : ['eng'];
    if (this.#languages.length > 1 && !options.dataDir) {
      throw new TypeError('OCR in more than one language needs a dataDir to hold the language files.');
    }
    this.#dataDir = options.dataDir;
  }

  get languages(): readonly OcrLanguage[] {
    return this.#languages;
  }

  async #langPath(): Promise<string> {
    const first = this.#languages[0]!;
    if (this.#languages.length === 1) return installedLanguageDir(first);
    const dir = this.#dataDir!;
    await mkdir(dir, { recursive: true });
    for (const lang of this.#languages) {
      const target = join(dir, `${lang}.traineddata.gz`);
      if (await fileExists(target)) continue;
      const source = join(installedLanguageDir(lang), `${lang}.traineddata.gz`);
      // A hard link costs nothing; across file systems, copy.
      await link(source, target).catch(() => copyFile(source, target));
    }
    return dir;
  }

  async #start(): Promise<Tesseract.Worker> {
    const { createWorker, OEM } = (await import('tesseract.js')).default;
    const langPath = await this.#langPath();
    // tesseract.js reports a failed language load only to errorHandler (its promise never
    // settles then): turn that into a rejection.
    let failStart: (reason: Error) => void = () => {};
    const startFailed = new Promise<never>((_, reject) => {
      failStart = reject;
    });
    const worker = await Promise.race([
      createWorker([...this.#languages], OEM.LSTM_ONLY, {
        langPath, // local folder: the jsdelivr default is never used
        cacheMethod: 'none', // no copy in (or read from) the current folder
        gzip: true,
        logger: () => {},
        errorHandler: (error: unknown) => failStart(new Error(`OCR could not start: ${String(error)}`)),
      }),
      startFailed,
    ]);
    // Screens carry no DPI; this silences Tesseract's "Invalid resolution" warning and sizes its heuristics.
    await worker.setParameters({ user_defined_dpi: '144', preserve_interword_spaces: '0' });
    return worker;
  }

  #getWorker(): Promise<Tesseract.Worker> {
    if (!this.#worker) {
      this.#worker = this.#start();
      this.#worker.catch(() => {
        this.#worker = undefined;
      });
    }
    return this.#worker;
  }

  /** Starts the worker and loads the model now, so that the first scan does not pay for it. */
  async warmUp(): Promise<void> {
    await this.#getWorker();
  }

  /** Reads an encoded image (PNG, JPEG, WebP, GIF) or raw capture pixels. */
  recognize(input: Input, options: RecognizeOptions = {}): Promise<OcrPage> {
    const { signal } = options;
    const run = async (): Promise<OcrPage> => {
      if (signal?.aborted) throw new OcrCancelledError();
      const prepared = await prepare(input, options.region, options.scale ?? 'auto');
      if (signal?.aborted) throw new OcrCancelledError();
      const workerPromise = this.#getWorker();
      const worker = await workerPromise;
      if (signal?.aborted) throw new OcrCancelledError();
      let onAbort: (() => void) | undefined;
      const cancelled = new Promise<never>((_, reject) => {
        onAbort = () => {
          // Tesseract cannot stop a job: end the worker; the next scan starts another.
          if (this.#worker === workerPromise) this.#worker = undefined;
          void worker.terminate().catch(() => {});
          reject(new OcrCancelledError());
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      });
      try {
        const result = await Promise.race([
          worker.recognize(prepared.png, {}, { blocks: true, text: false }),
          cancelled,
        ]);
        return pageFromTesseract(result.data, prepared, {
          width: prepared.fullWidth,
          height: prepared.fullHeight,
        });
      } finally {
        if (onAbort) signal?.removeEventListener('abort', onAbort);
      }
    };
    const job = this.#queue.then(run, run);
    this.#queue = job.catch(() => {});
    return job;
  }

  /** Ends the worker thread. The engine can be used again: the next scan starts a new one. */
  async dispose(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await (await worker.catch(() => undefined))?.terminate();
  }
}
