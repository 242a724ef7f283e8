/**
 * Offline OCR: Tesseract (tesseract.js 7, WebAssembly) in worker threads, with the language
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
 * How a screen is read (measured against the alternatives in bench/privacy.ts, see the README):
 * Tesseract's own page layout analysis on a whole screen is slow and mostly spent on empty
 * UI, so the text lines are found first, cheaply, in JavaScript (text-regions.ts), and only
 * those are read, one line per Tesseract call (`PSM 7`), light-on-dark lines inverted first,
 * by a pool of workers (one per core, at most four). With English and French, each line is read
 * by the French model alone and only the words it is unsure of are read again by the English one
 * (see SECOND_OPINION_BELOW): Tesseract's own "eng+fra" re-reads most whole lines with the second
 * model, which cost 1.6× the French model alone for the same boxes.
 *
 * A reading is a queue of lines: the lines under a selection can be moved to its front
 * (`prioritize`), and `page(region)` resolves as soon as the lines touching that region are read,
 * while the rest of the screen goes on.
 * Tall regions that are not one line (images with text in them) are read as sparse text.
 *
 * Workers are reused between scans (loading the models costs ~0.3 s each). Cancelling a
 * reading drops its queued lines; a line being read finishes (a fraction of a second) and is
 * discarded, so no worker has to be killed and restarted.
 */
import { link, copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { loadSharp } from '../image/sharp-loader';
import type Tesseract from 'tesseract.js';
import type { RawImage, Rect } from '../image/pipeline';
import { fileExists } from '../storage/atomic-file';
import { findTextRegions, type GreyImage } from './text-regions';
import type { Box, OcrLine, OcrPage, OcrWord } from './types';

export const OCR_LANGUAGES = ['eng', 'fra'] as const;
export type OcrLanguage = (typeof OCR_LANGUAGES)[number];

/**
 * The integer-quantised LSTM models: a quarter of the size of the full ones, the same on screen
 * text. (The packages' other folder, `4.0.0`, holds the same LSTM network plus the legacy engine's
 * data: no faster, four times larger.)
 */
const DATA_VARIANT = '4.0.0_best_int';

/**
 * Which model reads every line when several are asked for: the cheapest first. French's network is
 * about a quarter of English's (407 KB against 1.49 MB in best_int) and its alphabet holds
 * English's, so it reads English text, tokens and accents; measured on the generated screens
 * (bench/privacy-recall.ts), French alone reads a screen in 0.6× the CPU of Tesseract's
 * "eng+fra", with the same boxes but one e-mail address (`tanaka(@acme…` read at confidence 56).
 */
const READ_FIRST: readonly OcrLanguage[] = ['fra', 'eng'];

/**
 * A word the first model reads with less confidence than this (0–100) is read again, alone, by
 * the other models, and the most confident reading is kept. About one word in ten on screens
 * (random tokens, addresses, misread punctuation), costing ~15 % more CPU than the first model
 * alone; it brings back what the second model reads better (the e-mail address above).
 */
export const SECOND_OPINION_BELOW = 60;

/** The language that reads every line, and those asked about unsure words. */
export function readingPlan(languages: readonly OcrLanguage[]): {
  first: OcrLanguage;
  second: OcrLanguage[];
} {
  const ordered = [...new Set(languages)].sort((a, b) => READ_FIRST.indexOf(a) - READ_FIRST.indexOf(b));
  return { first: ordered[0]!, second: ordered.slice(1) };
}

const requireHere = createRequire(import.meta.url);

/** Each language's data package, named in full so that bundlers and dependency checks see it. */
const LANGUAGE_PACKAGES: Record<OcrLanguage, () => string> = {
  eng: () => requireHere.resolve('@tesseract.js-data/eng/package.json'),
  fra: () => requireHere.resolve('@tesseract.js-data/fra/package.json'),
};

/** The folder holding `<lang>.traineddata.gz` as installed by `@tesseract.js-data/<lang>`. */
export function installedLanguageDir(lang: OcrLanguage): string {
  return join(dirname(LANGUAGE_PACKAGES[lang]()), DATA_VARIANT);
}

export class OcrCancelledError extends Error {
  override readonly name = 'OcrCancelledError';
  constructor() {
    super('Text recognition was cancelled.');
  }
}

export interface OcrEngineOptions {
  /**
   * Default `['eng']`. With more than one, `dataDir` is required (the workers read every model
   * from one folder); readingPlan says which model reads what.
   */
  languages?: readonly OcrLanguage[];
  /** A folder Glimpse owns where the installed language files are linked (or copied) once. */
  dataDir?: string;
  /** Tesseract workers reading lines in parallel. Default: one per core, at most four. */
  workers?: number;
}

export interface RecognizeOptions {
  signal?: AbortSignal;
  /** Only this part of the image (physical pixels); boxes stay in the whole image's coordinates. */
  region?: Rect;
  /**
   * Upscaling before OCR (see ocrScaleFor). `'auto'` (default) takes images whose longest edge
   * is ≤ 2200 px for 1× screens, larger ones for 2×.
   */
  scale?: number | 'auto';
}

export interface ReadOptions {
  signal?: AbortSignal;
  scale?: number | 'auto';
  /** Called as each line region is read (source pixels): lets tests see the order. */
  onRegionRead?: (box: Box) => void;
}

type Input = Uint8Array | RawImage;

function isRaw(input: Input): input is RawImage {
  return !(input instanceof Uint8Array);
}

function touches(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
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

function union(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
}

/**
 * Lines read region by region → one page in reading order. Pieces of one visual row that sit
 * close together (a label and its field, a key split from its value by wide spacing) become
 * one line again, as the detectors read a line's words together.
 */
export function assembleLines(pieces: readonly OcrLine[]): OcrLine[] {
  const sorted = [...pieces].sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x);
  const rows: OcrLine[] = [];
  for (const piece of sorted) {
    const row = rows.find((r) => {
      const overlap =
        Math.min(r.box.y + r.box.height, piece.box.y + piece.box.height) - Math.max(r.box.y, piece.box.y);
      const h = Math.min(r.box.height, piece.box.height);
      const gap =
        Math.max(r.box.x, piece.box.x) - Math.min(r.box.x + r.box.width, piece.box.x + piece.box.width);
      return overlap >= 0.6 * h && gap <= 3 * Math.max(r.box.height, piece.box.height);
    });
    if (!row) rows.push({ words: [...piece.words], box: { ...piece.box } });
    else {
      row.words = [...row.words, ...piece.words].sort((a, b) => a.box.x - b.box.x);
      row.box = union(row.box, piece.box);
    }
  }
  rows.sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x);
  // Rows stacked in one column (overlapping horizontally, a line or so apart) form a block, and
  // blocks are read one after the other, as Tesseract's page layout does: a sidebar's rows do
  // not interleave with an editor's, and a field's label is followed by its value.
  const blocks: OcrLine[][] = [];
  for (const row of rows) {
    const block = blocks.find((b) => {
      const last = b.at(-1)!.box;
      const gap = row.box.y - (last.y + last.height);
      const overlapX = Math.min(last.x + last.width, row.box.x + row.box.width) - Math.max(last.x, row.box.x);
      return gap <= 1.5 * Math.max(last.height, row.box.height) && overlapX > 0;
    });
    if (block) block.push(row);
    else blocks.push([row]);
  }
  return blocks.flat();
}

/**
 * How much a capture is enlarged before OCR, by its display's scale factor: 1× UI text (caps
 * ~9 px) is read at 2×, 2× text as it is (Tesseract reads best with capitals ~20–30 px high).
 * Also measured: 3× (and 1.5× for 2× screens) cost the same (Tesseract normalises every line's
 * height) and read some 1× digits better with English alone, but misread a key with English
 * and French together, which is what the app reads with.
 */
export function ocrScaleFor(displayScaleFactor: number): number {
  return displayScaleFactor >= 1.75 ? 1 : 2;
}

/** The decoded image a reading works on: grey, in source pixels (for crops) and at ~1× (for finding lines). */
interface Prepared {
  grey: GreyImage;
  factor: number;
  regions: { box: Box; block: boolean }[];
}

async function greyOf(input: Input): Promise<GreyImage> {
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
  const { data, info } = await image.removeAlpha().greyscale().raw().toBuffer({ resolveWithObject: true });
  // greyscale() on a 3-channel image can still come out as 3 channels in raw: keep one.
  if (info.channels === 1)
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
      width: info.width,
      height: info.height,
    };
  const one = new Uint8Array(info.width * info.height);
  for (let i = 0; i < one.length; i++) one[i] = data[i * info.channels]!;
  return { data: one, width: info.width, height: info.height };
}

async function prepare(input: Input, scale: number | 'auto'): Promise<Prepared> {
  const grey = await greyOf(input);
  const factor = scale === 'auto' ? ocrScaleFor(Math.max(grey.width, grey.height) <= 2200 ? 1 : 2) : scale;
  // Lines are found at ~1× (text read at `factor` 2 is 1× text; at 1 it is 2× text).
  const detect = factor >= 2 ? 1 : 0.5;
  let small = grey;
  if (detect < 1) {
    const sharp = await loadSharp();
    const width = Math.max(1, Math.round(grey.width * detect));
    const height = Math.max(1, Math.round(grey.height * detect));
    const { data, info } = await sharp(grey.data, {
      raw: { width: grey.width, height: grey.height, channels: 1 },
    })
      .resize({ width, height, kernel: 'linear' })
      .extractChannel(0)
      .raw()
      .toBuffer({ resolveWithObject: true });
    small = {
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
      width: info.width,
      height: info.height,
    };
  }
  const regions = findTextRegions(small).map(({ box, block }) => {
    const pad = Math.max(3, Math.round(box.height * 0.3));
    const x = Math.max(0, (box.x - pad) / detect);
    const y = Math.max(0, (box.y - pad) / detect);
    const right = Math.min(grey.width, (box.x + box.width + pad) / detect);
    const bottom = Math.min(grey.height, (box.y + box.height + pad) / detect);
    return {
      box: { x: Math.floor(x), y: Math.floor(y), width: Math.ceil(right - x), height: Math.ceil(bottom - y) },
      block,
    };
  });
  return { grey, factor, regions };
}

/** Mean of a box's border pixels: the background the line sits on. */
function borderMean(grey: GreyImage, box: Box): number {
  let sum = 0;
  let n = 0;
  const x1 = box.x + box.width - 1;
  const y1 = box.y + box.height - 1;
  for (let x = box.x; x <= x1; x++) {
    sum += grey.data[box.y * grey.width + x]! + grey.data[y1 * grey.width + x]!;
    n += 2;
  }
  for (let y = box.y; y <= y1; y++) {
    sum += grey.data[y * grey.width + box.x]! + grey.data[y * grey.width + x1]!;
    n += 2;
  }
  return n === 0 ? 255 : sum / n;
}

/** One region as Tesseract should see it: scaled, dark text on a light background, PNG. */
async function cropFor(prepared: Prepared, box: Box): Promise<Buffer> {
  const sharp = await loadSharp();
  const { grey, factor } = prepared;
  let image = sharp(grey.data, { raw: { width: grey.width, height: grey.height, channels: 1 } }).extract({
    left: box.x,
    top: box.y,
    width: box.width,
    height: box.height,
  });
  if (factor !== 1)
    image = image.resize({
      width: Math.max(1, Math.round(box.width * factor)),
      height: Math.max(1, Math.round(box.height * factor)),
      kernel: 'lanczos3',
    });
  // LSTM models are trained on dark ink: light-on-dark lines (terminals, dark themes) are
  // inverted here, which saves Tesseract reading every line twice to find out.
  if (borderMean(grey, box) < 128) image = image.negate();
  return image.png({ compressionLevel: 0 }).toBuffer();
}

/**
 * Where a word is read again (SECOND_OPINION_BELOW): its own box widened by up to `margin` on
 * each side, never past half-way to the words beside it (their ink would be read into it), over
 * the full height of its line's region. Source pixels.
 */
export function secondOpinionBox(
  words: readonly OcrWord[],
  index: number,
  region: Box,
  margin: number,
): Box | undefined {
  const w = words[index]!.box;
  const prev = words[index - 1]?.box;
  const next = words[index + 1]?.box;
  let left = w.x - margin;
  let right = w.x + w.width + margin;
  if (prev) left = Math.max(left, (prev.x + prev.width + w.x) / 2);
  if (next) right = Math.min(right, (w.x + w.width + next.x) / 2);
  const x0 = Math.max(region.x, Math.floor(Math.min(left, w.x)));
  const x1 = Math.min(region.x + region.width, Math.ceil(Math.max(right, w.x + w.width)));
  if (x1 - x0 < 2) return undefined;
  return { x: x0, y: region.y, width: x1 - x0, height: region.height };
}

/** The second reading of a word replaces the first only if every word of it is more confident. */
export function moreConfident(first: OcrWord, second: readonly OcrWord[]): boolean {
  return second.length > 0 && second.every((w) => w.confidence > first.confidence);
}

interface Task {
  reading: Reading;
  index: number;
}

/** One image being read: its line regions, their results, and who waits for which. */
class Reading {
  prepared: Prepared | undefined;
  /** Read lines per region (undefined: not yet). */
  results: (OcrLine[] | undefined)[] = [];
  /** Regions first in line (indexes), set by prioritize. */
  urgent = new Set<number>();
  /** Regions a worker is reading now. */
  readonly inFlight = new Set<number>();
  /** Rects prioritised before the regions were known. */
  pendingFocus: Rect[] = [];
  failed: Error | undefined;
  cancelled = false;
  readonly waiters = new Set<() => void>();
  readonly prepared$: Promise<Prepared>;

  constructor(
    readonly pool: OcrEngine,
    input: Input,
    readonly options: ReadOptions,
  ) {
    this.prepared$ = prepare(input, options.scale ?? 'auto');
  }

  notify(): void {
    for (const wake of [...this.waiters]) wake();
  }
}

/**
 * A reading in progress, from OcrEngine.read. `page()` is the whole image; `page(region)` only
 * the lines touching the region, read ahead of the others.
 */
export interface OcrReading {
  /** Moves the lines touching `region` (source pixels) to the front of the queue. */
  prioritize(region: Rect): void;
  /** The page (all of it, or the lines touching `region`), once those lines are read. */
  page(region?: Rect): Promise<OcrPage>;
  /** Regions read so far / found (0 / 0 until the lines are found). */
  progress(): { read: number; total: number };
  /** Stops: queued lines are dropped, waiting pages reject with OcrCancelledError. */
  cancel(): void;
  /** Cancelled, or failed: nothing more will be read. */
  cancelledOrFailed(): boolean;
}

export class OcrEngine {
  readonly #languages: readonly OcrLanguage[];
  readonly #plan: { first: OcrLanguage; second: OcrLanguage[] };
  readonly #dataDir: string | undefined;
  readonly #size: number;
  /** Per slot: the first model's worker, and a worker for each model asked about unsure words. */
  #workers: (Promise<Tesseract.Worker> | undefined)[] = [];
  #seconds: Map<OcrLanguage, Promise<Tesseract.Worker>>[] = [];
  #busy: boolean[] = [];
  #readings: Reading[] = [];
  #langPathPromise: Promise<string> | undefined;

  constructor(options: OcrEngineOptions = {}) {
    this.#languages = options.languages?.length ? [...options.languages] : ['eng'];
    if (this.#languages.length > 1 && !options.dataDir) {
      throw new TypeError('OCR in more than one language needs a dataDir to hold the language files.');
    }
    this.#plan = readingPlan(this.#languages);
    this.#dataDir = options.dataDir;
    this.#size = Math.max(1, Math.floor(options.workers ?? Math.min(4, availableParallelism())));
  }

  get languages(): readonly OcrLanguage[] {
    return this.#languages;
  }

  /** How many lines can be read at once. */
  get workers(): number {
    return this.#size;
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

  async #start(language: OcrLanguage): Promise<Tesseract.Worker> {
    const { createWorker, OEM } = (await import('tesseract.js')).default;
    this.#langPathPromise ??= this.#langPath();
    this.#langPathPromise.catch(() => {
      this.#langPathPromise = undefined;
    });
    const langPath = await this.#langPathPromise;
    // tesseract.js reports a failed language load only to errorHandler (its promise never
    // settles then): turn that into a rejection.
    let failStart: (reason: Error) => void = () => {};
    const startFailed = new Promise<never>((_, reject) => {
      failStart = reject;
    });
    const worker = await Promise.race([
      // One model per worker: several in one make Tesseract re-read whole lines with each.
      createWorker([language], OEM.LSTM_ONLY, {
        langPath, // local folder: the jsdelivr default is never used
        cacheMethod: 'none', // no copy in (or read from) the current folder
        gzip: true,
        logger: () => {},
        errorHandler: (error: unknown) => failStart(new Error(`OCR could not start: ${String(error)}`)),
      }),
      startFailed,
    ]);
    // Screens carry no DPI; this silences Tesseract's "Invalid resolution" warning and sizes its
    // heuristics. Each call is one line (PSM 7) already the right way up (no inversion pass).
    await worker.setParameters({
      user_defined_dpi: '144',
      preserve_interword_spaces: '0',
      tessedit_pageseg_mode: '7' as Tesseract.PSM,
      tessedit_do_invert: '0',
    });
    return worker;
  }

  #worker(slot: number): Promise<Tesseract.Worker> {
    let worker = this.#workers[slot];
    if (!worker) {
      worker = this.#start(this.#plan.first);
      this.#workers[slot] = worker;
      worker.catch(() => {
        if (this.#workers[slot] === worker) this.#workers[slot] = undefined;
      });
    }
    return worker;
  }

  /** A slot's worker for a second model (used by that slot only, between its own lines). */
  #second(slot: number, language: OcrLanguage): Promise<Tesseract.Worker> {
    const workers = (this.#seconds[slot] ??= new Map());
    let worker = workers.get(language);
    if (!worker) {
      worker = this.#start(language);
      workers.set(language, worker);
      worker.catch(() => {
        if (workers.get(language) === worker) workers.delete(language);
      });
    }
    return worker;
  }

  /** Starts the workers and loads the models now, so that the first scan does not pay for it. */
  async warmUp(): Promise<void> {
    await Promise.all(
      Array.from({ length: this.#size }, (_, slot) => [
        this.#worker(slot),
        ...this.#plan.second.map((language) => this.#second(slot, language)),
      ]).flat(),
    );
  }

  /** Starts reading an image (encoded, or raw capture pixels); see OcrReading. */
  read(input: Input, options: ReadOptions = {}): OcrReading {
    const reading = new Reading(this, input, options);
    const { signal } = options;
    const cancel = (): void => {
      if (reading.cancelled) return;
      reading.cancelled = true;
      this.#readings = this.#readings.filter((r) => r !== reading);
      reading.notify();
    };
    if (signal?.aborted) cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    reading.prepared$.then(
      (prepared) => {
        reading.prepared = prepared;
        reading.results = prepared.regions.map(() => undefined);
        for (const rect of reading.pendingFocus) this.#focus(reading, rect);
        reading.pendingFocus = [];
        if (!reading.cancelled) this.#readings.push(reading);
        reading.notify();
        this.#pump();
      },
      (error: unknown) => {
        reading.failed = error instanceof Error ? error : new Error(String(error));
        reading.notify();
      },
    );
    const waitFor = async (region?: Rect): Promise<OcrPage> => {
      for (;;) {
        if (reading.cancelled) throw new OcrCancelledError();
        if (reading.failed) throw reading.failed;
        const prepared = reading.prepared;
        if (prepared) {
          const wanted = prepared.regions
            .map((r, i) => (region === undefined || touches(r.box, region) ? i : -1))
            .filter((i) => i >= 0);
          if (wanted.every((i) => reading.results[i] !== undefined)) {
            const lines = wanted.flatMap((i) => reading.results[i]!);
            return { width: prepared.grey.width, height: prepared.grey.height, lines: assembleLines(lines) };
          }
        }
        await new Promise<void>((resolve) => {
          const wake = (): void => {
            reading.waiters.delete(wake);
            resolve();
          };
          reading.waiters.add(wake);
        });
      }
    };
    return {
      prioritize: (region) => {
        if (reading.prepared) this.#focus(reading, region);
        else reading.pendingFocus.push(region);
      },
      page: (region) => {
        if (region) {
          if (reading.prepared) this.#focus(reading, region);
          else reading.pendingFocus.push(region);
        }
        return waitFor(region);
      },
      progress: () => ({
        read: reading.results.filter((r) => r !== undefined).length,
        total: reading.prepared?.regions.length ?? 0,
      }),
      cancel,
      cancelledOrFailed: () => reading.cancelled || reading.failed !== undefined,
    };
  }

  /**
   * Reads an encoded image (PNG, JPEG, WebP, GIF) or raw capture pixels. With a `region` while
   * the same image (the same object) is being read whole, it joins that reading: the region's
   * lines go to the front of the queue, lines already read are reused, and the whole reading
   * goes on behind it (the selection of a frozen screen is read ahead of the rest this way).
   */
  recognize(input: Input, options: RecognizeOptions = {}): Promise<OcrPage> {
    const { region, signal } = options;
    if (region && (region.width <= 0 || region.height <= 0))
      return Promise.reject(new RangeError('The region to read is outside the image.'));
    const scale = options.scale ?? 'auto';
    const shared = region ? this.#whole.get(input)?.find((w) => w.scale === scale && w.live()) : undefined;
    if (region && shared) return this.#regionOf(shared.reading, region, signal, false);
    const reading = this.read(input, { ...(signal ? { signal } : {}), scale });
    if (!region) {
      const entry = { reading, scale, live: () => !reading.cancelledOrFailed() };
      const list = this.#whole.get(input) ?? [];
      this.#whole.set(input, [...list.filter((w) => w.live()), entry]);
      const page = reading.page();
      const forget = (): void => {
        const rest = (this.#whole.get(input) ?? []).filter((w) => w !== entry);
        if (rest.length > 0) this.#whole.set(input, rest);
        else this.#whole.delete(input);
      };
      page.then(forget, forget);
      return page;
    }
    return this.#regionOf(reading, region, signal, true);
  }

  /** Whole-image readings in progress, by input object, for region reads to join. */
  readonly #whole = new WeakMap<
    object,
    { reading: OcrReading; scale: number | 'auto'; live: () => boolean }[]
  >();

  async #regionOf(
    reading: OcrReading,
    region: Rect,
    signal: AbortSignal | undefined,
    own: boolean,
  ): Promise<OcrPage> {
    if (signal?.aborted) {
      if (own) reading.cancel();
      throw new OcrCancelledError();
    }
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(new OcrCancelledError());
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    aborted.catch(() => {});
    try {
      const result = await Promise.race([reading.page(region), aborted]);
      if (
        region.x >= result.width ||
        region.y >= result.height ||
        region.x + region.width <= 0 ||
        region.y + region.height <= 0
      )
        throw new RangeError('The region to read is outside the image.');
      return result;
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      // Only the region was asked for: its own reading's other lines need not be read.
      if (own) reading.cancel();
    }
  }

  #focus(reading: Reading, region: Rect): void {
    reading.prepared?.regions.forEach((r, i) => {
      if (touches(r.box, region)) reading.urgent.add(i);
    });
    // The latest reading asked about goes first among readings.
    this.#readings = [reading, ...this.#readings.filter((r) => r !== reading)];
  }

  /** The next line to read: urgent lines of any reading first, then the oldest reading's lines in order. */
  #next(): Task | undefined {
    for (const reading of this.#readings) {
      for (const index of reading.urgent) {
        if (reading.results[index] === undefined && !reading.inFlight.has(index)) return { reading, index };
      }
    }
    for (const reading of this.#readings) {
      const index = reading.results.findIndex((r, i) => r === undefined && !reading.inFlight.has(i));
      if (index >= 0) return { reading, index };
    }
    return undefined;
  }

  #pump(): void {
    for (let slot = 0; slot < this.#size; slot++) {
      if (this.#busy[slot]) continue;
      const task = this.#next();
      if (!task) return;
      this.#busy[slot] = true;
      task.reading.inFlight.add(task.index);
      void this.#run(slot, task).finally(() => {
        this.#busy[slot] = false;
        task.reading.inFlight.delete(task.index);
        this.#pump();
      });
    }
  }

  async #run(slot: number, { reading, index }: Task): Promise<void> {
    const prepared = reading.prepared!;
    const region = prepared.regions[index]!;
    try {
      const [png, worker] = await Promise.all([cropFor(prepared, region.box), this.#worker(slot)]);
      if (reading.cancelled) return;
      const result = await worker.recognize(
        png,
        // Text inside an image or a dense block: let Tesseract find the lines, both polarities.
        region.block
          ? ({ tessedit_pageseg_mode: '11', tessedit_do_invert: '1' } as Partial<Tesseract.RecognizeOptions>)
          : {},
        { blocks: true, text: false },
      );
      const page = pageFromTesseract(
        result.data,
        { factor: prepared.factor, offsetX: region.box.x, offsetY: region.box.y },
        prepared.grey,
      );
      if (!region.block && this.#plan.second.length > 0)
        await this.#secondOpinions(slot, reading, region.box, page);
      if (reading.cancelled) return;
      reading.results[index] = page.lines;
      reading.options.onRegionRead?.(region.box);
    } catch (error) {
      if (!reading.cancelled) {
        reading.failed = error instanceof Error ? error : new Error(String(error));
        this.#readings = this.#readings.filter((r) => r !== reading);
      }
    }
    reading.notify();
  }

  /** Unsure words of a line, read again by the other models; the most confident reading stays. */
  async #secondOpinions(slot: number, reading: Reading, region: Box, page: OcrPage): Promise<void> {
    const prepared = reading.prepared!;
    const margin = Math.round(region.height * 0.3);
    for (const line of page.lines) {
      const words: OcrWord[] = [];
      for (const [i, word] of line.words.entries()) {
        const box =
          word.confidence < SECOND_OPINION_BELOW
            ? secondOpinionBox(line.words, i, region, margin)
            : undefined;
        let best: OcrWord[] = [word];
        if (box && !reading.cancelled) {
          const png = await cropFor(prepared, box);
          for (const language of this.#plan.second) {
            const worker = await this.#second(slot, language);
            if (reading.cancelled) break;
            const result = await worker.recognize(png, {}, { blocks: true, text: false });
            const again = pageFromTesseract(
              result.data,
              { factor: prepared.factor, offsetX: box.x, offsetY: box.y },
              prepared.grey,
            ).lines.flatMap((l) => l.words);
            if (best.every((w) => moreConfident(w, again))) best = again;
          }
        }
        words.push(...best);
      }
      line.words = words;
    }
  }

  /** Ends the worker threads. The engine can be used again: the next scan starts new ones. */
  async dispose(): Promise<void> {
    const workers = [...this.#workers, ...this.#seconds.flatMap((m) => [...m.values()])];
    this.#workers = [];
    this.#seconds = [];
    for (const reading of this.#readings) {
      reading.cancelled = true;
      reading.notify();
    }
    this.#readings = [];
    await Promise.all(workers.map(async (w) => (await w?.catch(() => undefined))?.terminate()));
  }
}
