/**
 * The image pipeline: the one path by which a capture or an image file becomes what is sent to
 * the model — in the app, the CLI, the tests and the benchmarks alike.
 *
 *   source → decode + crop → fit within the longest edge → encode → byte cap → data URI
 *
 * Plain Node (sharp works both here and in Electron's main process). Issue 4 extends it in
 * place: redaction between crop and fit, provider presets choosing `maxEdge`, `format: 'auto'`,
 * and "sharp text" tiles; each stage is its own function so those slot in between.
 */
import { promisify } from 'node:util';
import { crc32, deflate } from 'node:zlib';
import sharp, { type Metadata, type PngOptions, type Sharp } from 'sharp';

/**
 * Uncompressed pixels, 4 bytes each, rows top to bottom with no padding. Electron's
 * `NativeImage.toBitmap()` (what desktopCapturer gives) is Skia's N32 layout: BGRA on Windows,
 * macOS and Linux, premultiplied alpha.
 */
export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 4;
  order: 'bgra' | 'rgba';
}

/** A rectangle in physical pixels of the source image. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PipelineOptions {
  /** The region to send; default the whole image. Edges snap to the nearest pixel; parts outside the image are cut off. */
  crop?: Rect;
  /** The longest edge of the image sent, in pixels; never upscaled. Default 2048. */
  maxEdge?: number;
  /** Default `png` (lossless: text stays exact). */
  format?: 'png' | 'jpeg';
  /** Hard cap on the encoded image, in bytes. Default 20 MiB. */
  maxBytes?: number;
  /** 1–100, JPEG only. Default 85. */
  jpegQuality?: number;
}

export interface PreparedImage {
  mime: 'image/png' | 'image/jpeg';
  /** The encoded file: what history stores and what the data URI carries. */
  bytes: Uint8Array;
  width: number;
  height: number;
  /** `data:<mime>;base64,…`, built once from `bytes`; only ever goes into a request body. */
  dataUri: string;
  /** The size of the whole source image, before cropping and scaling. */
  sourceWidth: number;
  sourceHeight: number;
}

export type ImagePipelineErrorKind =
  'empty-region' | 'region-outside' | 'too-large' | 'unsupported' | 'decode';

/** A problem with the image itself; the message is written for the user and says what to do. */
export class ImagePipelineError extends Error {
  override readonly name = 'ImagePipelineError';
  readonly kind: ImagePipelineErrorKind;

  constructor(kind: ImagePipelineErrorKind, message: string, options?: ErrorOptions) {
    super(message, options);
    this.kind = kind;
  }
}

export const DEFAULT_MAX_EDGE = 2048;
/** OpenAI's documented per-image limit is 20 MB; other providers are at or above it. */
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_JPEG_QUALITY = 85;

/**
 * PNG encoder settings, chosen by measurement (sharp 0.35.5 / libpng 1.6 / zlib-ng, synthetic
 * screens from tests/support/screens.ts; bytes / ms for a 4K capture fitted to 2048 px):
 *
 * - Flat UI and text compress best unfiltered: adaptive filtering makes them 2–18 % larger
 *   (text 438 KB → 477 KB) and is 2–4× slower. Level 6 is the knee: level 9 saves 5–11 % more
 *   at 4–6× the time (text 438 KB / 22 ms → 389 KB / 120 ms); level 3 costs 3–35 % more bytes.
 * - Photo-like areas need filters: adaptive filtering halves them (photo 5.5 MB → 2.8 MB,
 *   editor + browser with a photo 1.32 MB → 1.13 MB). There level 4 is within 1 % of level 6
 *   and 15–22 % faster; level 9 is 4–6× slower for 1–4 %.
 * - A palette is 30–40 % smaller again when a screen has at most 256 colours (text 1080p:
 *   81 KB → 51 KB; 4K: 197 KB → 126 KB). sharp's palette goes through libimagequant, a lossy
 *   quantiser: at effort 1–3 it changed pixels of 70- and 178-colour screens even so, and at
 *   effort 4–10 it was exact but 7–10× slower than the truecolour encode (4K text: 322 ms vs
 *   33 ms), which only pays off on uplinks under ~2 Mbit/s. So the palette is written here
 *   instead (writeIndexedPng): exact by construction, 4K in ~70 ms, zlib level 6 (level 9:
 *   3–8 % smaller, 3× slower).
 *
 * Which of the truecolour settings wins depends on the content, so each image is tried (see
 * encodePng).
 */
export const PNG_ENCODINGS = {
  flat: { compressionLevel: 6, adaptiveFiltering: false },
  smooth: { compressionLevel: 4, adaptiveFiltering: true },
} as const satisfies Record<string, PngOptions>;

/** zlib level of the indexed PNGs written here. */
const INDEXED_DEFLATE_LEVEL = 6;

/** The filter trial encodes bands of this many rows, one band in `TRIAL_EVERY`. */
const TRIAL_BAND = 8;
const TRIAL_EVERY = 16;

/** Files we accept. Others (SVG, TIFF, HEIF…) are refused rather than half-supported. */
const ENCODED_FORMATS = new Set(['png', 'jpeg', 'webp', 'gif']);
/** 134 megapixels, four 8K screens: more is a mistake or an attack, not a screenshot. */
const MAX_INPUT_PIXELS = 16384 * 8192;

/** Pixels between stages: RGB or RGBA, 8 bits, no padding. */
interface Pixels {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3 | 4;
}

/**
 * Prepares an image for a vision request: a raw capture (e.g. from desktopCapturer) or the bytes
 * of a PNG, JPEG, WebP or GIF file.
 *
 * @throws ImagePipelineError for anything wrong with the image or the region.
 * @throws RangeError for invalid options (a programming error: settings are validated upstream).
 */
export async function prepareImage(
  source: RawImage | Uint8Array,
  options: PipelineOptions = {},
): Promise<PreparedImage> {
  const { maxEdge, format, maxBytes, jpegQuality } = resolveOptions(options);
  const decoded =
    source instanceof Uint8Array ? await decodeFile(source, options.crop) : decodeRaw(source, options.crop);
  let pixels = decoded.pixels;
  const size = fitWithin(pixels.width, pixels.height, maxEdge);
  if (size.width !== pixels.width || size.height !== pixels.height) pixels = await resize(pixels, size);
  const bytes = format === 'png' ? await encodePng(pixels) : await encodeJpeg(pixels, jpegQuality);
  if (bytes.byteLength > maxBytes) {
    throw new ImagePipelineError(
      'too-large',
      `The image is ${formatBytes(bytes.byteLength)} once encoded (${pixels.width}×${pixels.height} ${format.toUpperCase()}), ` +
        `over the ${formatBytes(maxBytes)} limit. Select a smaller region, lower the longest edge, or ` +
        (format === 'png' ? 'send it as JPEG.' : 'lower the JPEG quality.'),
    );
  }
  const mime = format === 'png' ? 'image/png' : 'image/jpeg';
  return {
    mime,
    bytes,
    width: pixels.width,
    height: pixels.height,
    dataUri: toDataUri(mime, bytes),
    sourceWidth: decoded.sourceWidth,
    sourceHeight: decoded.sourceHeight,
  };
}

/**
 * The part of `region` inside a `width × height` image, edges snapped to the nearest pixel. A
 * negative width or height (a drag up or to the left) describes the same rectangle.
 */
export function clampRegion(region: Rect, width: number, height: number): Rect {
  const { x, y, width: w, height: h } = region;
  if (![x, y, w, h].every(Number.isFinite)) {
    throw new ImagePipelineError(
      'empty-region',
      'The selected region is not a valid rectangle. Select the region again.',
    );
  }
  const left = Math.round(Math.min(x, x + w));
  const top = Math.round(Math.min(y, y + h));
  const right = Math.round(Math.max(x, x + w));
  const bottom = Math.round(Math.max(y, y + h));
  if (right - left < 1 || bottom - top < 1) {
    throw new ImagePipelineError(
      'empty-region',
      `The selected region is empty (${right - left}×${bottom - top} pixels). Drag to select an area, or press Enter for the whole screen.`,
    );
  }
  const cx0 = Math.max(0, left);
  const cy0 = Math.max(0, top);
  const cx1 = Math.min(width, right);
  const cy1 = Math.min(height, bottom);
  if (cx1 <= cx0 || cy1 <= cy0) {
    throw new ImagePipelineError(
      'region-outside',
      `The selected region (${right - left}×${bottom - top} at ${left}, ${top}) lies outside the ${width}×${height} image. ` +
        'Select an area of the captured screen.',
    );
  }
  return { x: cx0, y: cy0, width: cx1 - cx0, height: cy1 - cy0 };
}

/**
 * The size of a `width × height` image scaled to fit within `maxEdge` on its longest side,
 * aspect ratio kept (the short side rounded to the nearest pixel, at least 1). Never upscales.
 */
export function fitWithin(width: number, height: number, maxEdge: number): { width: number; height: number } {
  const longest = Math.max(width, height);
  if (longest <= maxEdge) return { width, height };
  const scale = maxEdge / longest;
  return width >= height
    ? { width: maxEdge, height: Math.max(1, Math.round(height * scale)) }
    : { width: Math.max(1, Math.round(width * scale)), height: maxEdge };
}

function resolveOptions(options: PipelineOptions): Required<Omit<PipelineOptions, 'crop'>> {
  const maxEdge = options.maxEdge ?? DEFAULT_MAX_EDGE;
  const format = options.format ?? 'png';
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const jpegQuality = options.jpegQuality ?? DEFAULT_JPEG_QUALITY;
  if (!Number.isInteger(maxEdge) || maxEdge < 1)
    throw new RangeError(`maxEdge must be a positive integer, not ${maxEdge}`);
  if (format !== 'png' && format !== 'jpeg')
    throw new RangeError(`format must be 'png' or 'jpeg', not ${String(format)}`);
  if (!(maxBytes > 0)) throw new RangeError(`maxBytes must be positive, not ${maxBytes}`);
  if (!Number.isInteger(jpegQuality) || jpegQuality < 1 || jpegQuality > 100) {
    throw new RangeError(`jpegQuality must be an integer from 1 to 100, not ${jpegQuality}`);
  }
  return { maxEdge, format, maxBytes, jpegQuality };
}

interface Decoded {
  pixels: Pixels;
  sourceWidth: number;
  sourceHeight: number;
}

/**
 * Crops a raw capture and reorders it to RGB in one pass over the region only. Alpha is
 * dropped: a screen capture is opaque (and NativeImage's alpha is premultiplied, so for an
 * opaque image the colours are exact).
 */
function decodeRaw(raw: RawImage, crop: Rect | undefined): Decoded {
  const { width, height } = raw;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new ImagePipelineError(
      'decode',
      `The captured image has no pixels (${width}×${height}). Capture the screen again.`,
    );
  }
  if (raw.channels !== 4 || (raw.order !== 'bgra' && raw.order !== 'rgba')) {
    throw new ImagePipelineError(
      'unsupported',
      'The captured image is in a pixel format Glimpse cannot read.',
    );
  }
  if (raw.data.byteLength !== width * height * 4) {
    throw new ImagePipelineError(
      'decode',
      `The captured image is damaged: ${raw.data.byteLength} bytes for ${width}×${height} pixels. Capture the screen again.`,
    );
  }
  if (width * height > MAX_INPUT_PIXELS) throw tooManyPixels(width, height);
  const region = crop ? clampRegion(crop, width, height) : { x: 0, y: 0, width, height };
  return { pixels: toRgb(raw, region), sourceWidth: width, sourceHeight: height };
}

function toRgb(raw: RawImage, region: Rect): Pixels {
  const out = new Uint8Array(region.width * region.height * 3);
  const src = raw.data;
  // Byte offsets of R and B in the source pixel.
  const r = raw.order === 'bgra' ? 2 : 0;
  const b = 2 - r;
  let o = 0;
  for (let y = region.y; y < region.y + region.height; y++) {
    let i = (y * raw.width + region.x) * 4;
    const end = i + region.width * 4;
    for (; i < end; i += 4, o += 3) {
      out[o] = src[i + r]!;
      out[o + 1] = src[i + 1]!;
      out[o + 2] = src[i + b]!;
    }
  }
  return { data: out, width: region.width, height: region.height, channels: 3 };
}

async function decodeFile(file: Uint8Array, crop: Rect | undefined): Promise<Decoded> {
  if (file.byteLength === 0) throw new ImagePipelineError('decode', 'The image file is empty.');
  const input = (): Sharp =>
    sharp(file, { autoOrient: true, pages: 1, limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' });
  let metadata: Metadata;
  try {
    metadata = await input().metadata();
  } catch (error) {
    throw fileError(error);
  }
  if (!ENCODED_FORMATS.has(metadata.format)) {
    throw new ImagePipelineError(
      'unsupported',
      `${metadata.format.toUpperCase()} images are not supported. Use a PNG, JPEG, WebP or GIF image.`,
    );
  }
  // The size as displayed: EXIF orientation applied.
  const { width, height } = metadata.autoOrient;
  if (width * height > MAX_INPUT_PIXELS) throw tooManyPixels(width, height);
  const region = crop ? clampRegion(crop, width, height) : { x: 0, y: 0, width, height };
  try {
    let pipeline = input();
    if (region.width !== width || region.height !== height) {
      pipeline = pipeline.extract({
        left: region.x,
        top: region.y,
        width: region.width,
        height: region.height,
      });
    }
    // Grey, palette, 16-bit and CMYK files all become 8-bit sRGB, with alpha only if they have it.
    const { data, info } = await pipeline
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3 && info.channels !== 4) {
      throw new ImagePipelineError('unsupported', 'This image has a colour layout Glimpse cannot read.');
    }
    return {
      pixels: dropOpaqueAlpha({ data, width: info.width, height: info.height, channels: info.channels }),
      sourceWidth: width,
      sourceHeight: height,
    };
  } catch (error) {
    if (error instanceof ImagePipelineError) throw error;
    throw fileError(error);
  }
}

/** An alpha channel that is opaque everywhere (common in saved screenshots) only costs bytes. */
function dropOpaqueAlpha(pixels: Pixels): Pixels {
  const { data, channels } = pixels;
  if (channels !== 4) return pixels;
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 255) return pixels;
  const rgb = new Uint8Array((data.length / 4) * 3);
  for (let i = 0, o = 0; i < data.length; i += 4, o += 3) {
    rgb[o] = data[i]!;
    rgb[o + 1] = data[i + 1]!;
    rgb[o + 2] = data[i + 2]!;
  }
  return { ...pixels, data: rgb, channels: 3 };
}

function fileError(error: unknown): ImagePipelineError {
  const detail = error instanceof Error ? error.message : String(error);
  if (/unsupported image format/i.test(detail)) {
    return new ImagePipelineError(
      'unsupported',
      'This file is not an image Glimpse can read. Use a PNG, JPEG, WebP or GIF image.',
      {
        cause: error,
      },
    );
  }
  if (/pixel limit/i.test(detail)) return tooManyPixels();
  return new ImagePipelineError(
    'decode',
    'This image could not be read: the file looks damaged or incomplete.',
    { cause: error },
  );
}

function tooManyPixels(width?: number, height?: number): ImagePipelineError {
  const size = width && height ? ` (${width}×${height})` : '';
  return new ImagePipelineError(
    'too-large',
    `This image has too many pixels${size}: the limit is ${Math.round(MAX_INPUT_PIXELS / 1e6)} megapixels. Use a smaller image.`,
  );
}

async function resize(pixels: Pixels, size: { width: number; height: number }): Promise<Pixels> {
  // Lanczos keeps thin strokes (text) sharper than bilinear or Mitchell when shrinking.
  const { data, info } = await rawInput(pixels)
    .resize(size.width, size.height, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: pixels.channels };
}

/**
 * The smallest lossless PNG among: unfiltered, adaptively filtered (whichever wins on a sample
 * of the rows — one band in 16, which picked the right one on all 28 measured screens), and,
 * when the image has at most 256 colours, an indexed (palette) PNG.
 */
async function encodePng(pixels: Pixels): Promise<Uint8Array> {
  const indexed = indexColours(pixels);
  const [truecolour, palette] = await Promise.all([
    encodeTruecolour(pixels),
    indexed ? writeIndexedPng(pixels, indexed) : null,
  ]);
  return palette && palette.byteLength < truecolour.byteLength ? palette : truecolour;
}

async function encodeTruecolour(pixels: Pixels): Promise<Uint8Array> {
  const sample = sampleRows(pixels);
  const [flat, smooth] = await Promise.all([
    rawInput(sample).png(PNG_ENCODINGS.flat).toBuffer(),
    rawInput(sample).png(PNG_ENCODINGS.smooth).toBuffer(),
  ]);
  const smoothWins = smooth.byteLength < flat.byteLength;
  if (sample === pixels) return smoothWins ? smooth : flat;
  return rawInput(pixels)
    .png(smoothWins ? PNG_ENCODINGS.smooth : PNG_ENCODINGS.flat)
    .toBuffer();
}

/** Bands of rows spread over the image, joined; small images are tried whole. */
function sampleRows(pixels: Pixels): Pixels {
  if (pixels.height < TRIAL_BAND * TRIAL_EVERY * 2) return pixels;
  const rowBytes = pixels.width * pixels.channels;
  const step = TRIAL_BAND * TRIAL_EVERY;
  const bands: Uint8Array[] = [];
  for (let y = (step - TRIAL_BAND) >> 1; y + TRIAL_BAND <= pixels.height; y += step) {
    bands.push(pixels.data.subarray(y * rowBytes, (y + TRIAL_BAND) * rowBytes));
  }
  const data = Buffer.concat(bands);
  return { ...pixels, data, height: data.byteLength / rowBytes };
}

interface IndexedColours {
  /** Colours as 0xRRGGBBAA, in index order (at most 256). */
  palette: number[];
  /** PNG scanlines: a filter byte (0, none) then one index byte per pixel. */
  scanlines: Uint8Array;
}

/** The image as palette indices, or null as soon as a 257th colour appears. */
function indexColours(pixels: Pixels): IndexedColours | null {
  const { data, width, height, channels } = pixels;
  const indices = new Map<number, number>();
  const palette: number[] = [];
  const scanlines = new Uint8Array(height * (width + 1));
  let previous = -1;
  let previousIndex = 0;
  let i = 0;
  let o = 0;
  for (let y = 0; y < height; y++) {
    scanlines[o++] = 0;
    for (let x = 0; x < width; x++, i += channels) {
      const colour =
        ((data[i]! << 24) |
          (data[i + 1]! << 16) |
          (data[i + 2]! << 8) |
          (channels === 4 ? data[i + 3]! : 255)) >>>
        0;
      // Screens are mostly runs of one colour: those skip the map.
      if (colour !== previous) {
        let index = indices.get(colour);
        if (index === undefined) {
          if (palette.length === 256) return null;
          index = palette.length;
          indices.set(colour, index);
          palette.push(colour);
        }
        previous = colour;
        previousIndex = index;
      }
      scanlines[o++] = previousIndex;
    }
  }
  return { palette, scanlines };
}

const deflateAsync = promisify(deflate);
const PNG_SIGNATURE = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);

/** An 8-bit indexed PNG (colour type 3, with tRNS when any colour is translucent). */
async function writeIndexedPng(pixels: Pixels, { palette, scanlines }: IndexedColours): Promise<Uint8Array> {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, pixels.width);
  view.setUint32(4, pixels.height);
  header[8] = 8; // bit depth
  header[9] = 3; // colour type: indexed
  const plte = new Uint8Array(palette.length * 3);
  palette.forEach((colour, k) => {
    plte[k * 3] = colour >>> 24;
    plte[k * 3 + 1] = (colour >>> 16) & 255;
    plte[k * 3 + 2] = (colour >>> 8) & 255;
  });
  // Alpha per entry, up to the last translucent one (the rest default to opaque).
  let lastTranslucent = -1;
  palette.forEach((colour, k) => {
    if ((colour & 255) !== 255) lastTranslucent = k;
  });
  const trns = Uint8Array.from(palette.slice(0, lastTranslucent + 1), (colour) => colour & 255);
  const idat = await deflateAsync(scanlines, { level: INDEXED_DEFLATE_LEVEL });
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    pngChunk('PLTE', plte),
    ...(trns.length > 0 ? [pngChunk('tRNS', trns)] : []),
    pngChunk('IDAT', idat),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

/** Length, type, data, CRC-32 of type and data. */
function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(12 + data.byteLength);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.byteLength);
  for (let k = 0; k < 4; k++) chunk[4 + k] = type.charCodeAt(k);
  chunk.set(data, 8);
  view.setUint32(8 + data.byteLength, crc32(chunk.subarray(4, 8 + data.byteLength)));
  return chunk;
}

async function encodeJpeg(pixels: Pixels, quality: number): Promise<Uint8Array> {
  let pipeline = rawInput(pixels);
  // JPEG has no alpha: show transparent parts on white, as an image viewer would.
  if (pixels.channels === 4) pipeline = pipeline.flatten({ background: '#ffffff' });
  // 4:4:4 keeps coloured text (syntax highlighting, links) from bleeding.
  return pipeline.jpeg({ quality, chromaSubsampling: '4:4:4' }).toBuffer();
}

function rawInput(pixels: Pixels): Sharp {
  return sharp(pixels.data, {
    raw: { width: pixels.width, height: pixels.height, channels: pixels.channels },
  });
}

function toDataUri(mime: string, bytes: Uint8Array): string {
  return `data:${mime};base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
