/**
 * A raw capture's pixels as the pipeline's stages see them (RGB), without converting the whole
 * capture up front. What desktopCapturer gives is 4 bytes a pixel (BGRA); the pipeline works in
 * RGB. Converting 8 M pixels (4K) costs 30–40 ms of this thread, and most captures never need
 * it all:
 * - the colours are counted on the 4-byte pixels themselves, one 32-bit read each (a screen of
 *   at most 256 colours is sent as a palette PNG written from that count);
 * - the row sample that predicts the truecolour PNG converts only its rows.
 * The whole conversion happens only when a resize or a full-size truecolour encode needs it
 * (`data`).
 */

/** 4-byte pixels in memory order: desktopCapturer's BGRA, or RGBA. */
export type ByteOrder = 'bgra' | 'rgba';

/** Packed RGB, 3 bytes a pixel, as the pipeline's other stages use. */
export interface RgbPixels {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3;
}

export class RawPixels implements RgbPixels {
  readonly channels = 3 as const;
  #packed: Uint8Array | null = null;

  /** `source`: width × height × 4 bytes, rows without padding; read, never written. */
  constructor(
    readonly source: Uint8Array,
    readonly width: number,
    readonly height: number,
    readonly order: ByteOrder,
  ) {}

  /** The whole image as RGB, converted on first use. */
  get data(): Uint8Array {
    return (this.#packed ??= packRgb(this.source, this.order));
  }

  /** Rows `top` to `top + count - 1` as RGB, without converting the rest. */
  rows(top: number, count: number): Uint8Array {
    const rowBytes = this.width * 3;
    if (this.#packed) return this.#packed.subarray(top * rowBytes, (top + count) * rowBytes);
    return packRgb(this.source.subarray(top * this.width * 4, (top + count) * this.width * 4), this.order);
  }
}

/**
 * 4-byte pixels (BGRA or RGBA) → packed RGB. Four pixels at a time: four 32-bit reads, three
 * 32-bit writes (little-endian, as every platform Electron runs on), about 4× faster than a
 * byte loop on a 4K capture.
 */
export function packRgb(source: Uint8Array, order: ByteOrder): Uint8Array {
  const pixels = source.byteLength >> 2;
  const out = new Uint8Array(pixels * 3);
  const aligned = source.byteOffset % 4 === 0 ? source : source.slice();
  const src = new Uint32Array(aligned.buffer, aligned.byteOffset, pixels);
  const dst = new Uint32Array(out.buffer, 0, (pixels >> 2) * 3);
  const bgra = order === 'bgra';
  // One pixel as 0x00BBGGRR (R in the low byte), whatever the source order.
  const rgbOf = (p: number): number =>
    bgra ? ((p >>> 16) & 0xff) | (p & 0xff00) | ((p & 0xff) << 16) : p & 0xffffff;
  let i = 0;
  let o = 0;
  const end = (pixels >> 2) << 2;
  if (bgra) {
    // The hot loop, with the swap written out (a 4K capture: ~8 M pixels).
    for (; i < end; i += 4, o += 3) {
      const p0 = src[i]!;
      const p1 = src[i + 1]!;
      const p2 = src[i + 2]!;
      const p3 = src[i + 3]!;
      const a = ((p0 >>> 16) & 0xff) | (p0 & 0xff00) | ((p0 & 0xff) << 16);
      const b = ((p1 >>> 16) & 0xff) | (p1 & 0xff00) | ((p1 & 0xff) << 16);
      const c = ((p2 >>> 16) & 0xff) | (p2 & 0xff00) | ((p2 & 0xff) << 16);
      const d = ((p3 >>> 16) & 0xff) | (p3 & 0xff00) | ((p3 & 0xff) << 16);
      dst[o] = a | (b << 24);
      dst[o + 1] = (b >>> 8) | (c << 16);
      dst[o + 2] = (c >>> 16) | (d << 8);
    }
  } else {
    for (; i < end; i += 4, o += 3) {
      const a = src[i]! & 0xffffff;
      const b = src[i + 1]! & 0xffffff;
      const c = src[i + 2]! & 0xffffff;
      const d = src[i + 3]! & 0xffffff;
      dst[o] = a | (b << 24);
      dst[o + 1] = (b >>> 8) | (c << 16);
      dst[o + 2] = (c >>> 16) | (d << 8);
    }
  }
  for (; i < pixels; i++) {
    const p = rgbOf(src[i]!);
    out[i * 3] = p & 0xff;
    out[i * 3 + 1] = (p >>> 8) & 0xff;
    out[i * 3 + 2] = (p >>> 16) & 0xff;
  }
  return out;
}

export interface IndexedColours {
  /** Colours as 0xRRGGBBAA, in index order (at most 256). */
  palette: number[];
  /** PNG scanlines: a filter byte (0, none) then one index byte per pixel. */
  scanlines: Uint8Array;
}

/** `progress` is told when each of this many parts of the rows is indexed. */
const PROGRESS_PARTS = 4;

/** Slots of the colour table: a power of two, 4× the most colours a palette holds. */
const TABLE_SLOTS = 1024;

/**
 * The capture's colours as palette indices (alpha ignored: a capture is opaque, and the RGB the
 * pipeline sends drops it), or null when it has more than 256. One 32-bit read a pixel; a run of
 * one colour skips the table; new colours go into a small open-addressed table (a Map lookup
 * cost 2–3× more on anti-aliased text). A screen of many colours usually shows it in a few rows,
 * so rows spread over the image are counted first, and a 257th colour there ends it at once.
 * `progress(scanlines, final)`: the first `final` bytes of `scanlines` are written for good (so a
 * caller can start compressing them while the rest is counted).
 */
export function indexRawColours(
  pixels: RawPixels,
  progress?: (scanlines: Uint8Array, final: number) => void,
): IndexedColours | null {
  const { source, width, height, order } = pixels;
  const aligned = source.byteOffset % 4 === 0 ? source : source.slice();
  const src = new Uint32Array(aligned.buffer, aligned.byteOffset, width * height);
  const table = new ColourTable();
  // The pre-count: one row in 64.
  for (let y = 0; y < height; y += 64) if (!countRow(src, y * width, width, table)) return null;
  const scanlines = new Uint8Array(height * (width + 1));
  const step = Math.ceil(height / PROGRESS_PARTS);
  for (let y = 0; y < height; y++) {
    // Indices already written never change (a colour keeps its index): these rows are final.
    if (progress && y > 0 && y % step === 0) progress(scanlines, y * (width + 1));
    if (!indexRow(src, y * width, width, table, scanlines, y * (width + 1))) return null;
  }
  // Table keys are the pixels' own low 24 bits: B,G,R (BGRA) or R,G,B (RGBA), low byte first.
  const palette = table.colours.map((c) => {
    const [r, g, b] =
      order === 'bgra'
        ? [(c >>> 16) & 255, (c >>> 8) & 255, c & 255]
        : [c & 255, (c >>> 8) & 255, (c >>> 16) & 255];
    return ((r << 24) | (g << 16) | (b << 8) | 255) >>> 0;
  });
  return { palette, scanlines };
}

/*
 * The loops work one row per call, in module-level functions: V8 optimises a function called a
 * thousand times within the first capture, where one loop over the whole image ran 3–5×
 * slower for the first few captures of a process (1080p text: 26, 38, 23, 10, then 7 ms).
 */

/** The colours of one row into the table; false at a 257th. */
function countRow(src: Uint32Array, start: number, width: number, table: ColourTable): boolean {
  let previous = -1;
  for (let i = start, end = start + width; i < end; i++) {
    const c = src[i]! & 0xffffff;
    if (c !== previous) {
      if (table.index(c) < 0) return false;
      previous = c;
    }
  }
  return true;
}

/** One row as a scanline (filter byte 0, then an index a pixel) at `o`; false at a 257th colour. */
function indexRow(
  src: Uint32Array,
  start: number,
  width: number,
  table: ColourTable,
  scanlines: Uint8Array,
  o: number,
): boolean {
  scanlines[o++] = 0;
  let previous = -1;
  let index = 0;
  for (let i = start, end = start + width; i < end; i++) {
    const c = src[i]! & 0xffffff;
    if (c !== previous) {
      index = table.index(c);
      if (index < 0) return false;
      previous = c;
    }
    scanlines[o++] = index;
  }
  return true;
}

/** Up to 256 colours (alpha bits cleared) in a small open-addressed table. */
class ColourTable {
  readonly colours: number[] = [];
  readonly #keys = new Int32Array(TABLE_SLOTS);
  readonly #values = new Int16Array(TABLE_SLOTS).fill(-1);

  /** The index of colour `c`, added if new, or -1 when it would be the 257th. */
  index(c: number): number {
    let slot = Math.imul(c, 0x9e3779b1) >>> 22; // 10 bits: TABLE_SLOTS
    for (;;) {
      const value = this.#values[slot]!;
      if (value < 0) {
        if (this.colours.length === 256) return -1;
        this.#values[slot] = this.colours.length;
        this.#keys[slot] = c;
        this.colours.push(c);
        return this.colours.length - 1;
      }
      if (this.#keys[slot] === c) return value;
      slot = (slot + 1) & (TABLE_SLOTS - 1);
    }
  }
}
