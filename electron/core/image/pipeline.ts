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
import { crc32 } from 'node:zlib';
import type { Metadata, PngOptions, Sharp } from 'sharp';
// Loaded on first use, never at import: see sharp-loader.ts.
import type { MessageFields } from '../../../shared/messages';
import { loadSharp, sharpNow } from './sharp-loader';
import { PRESET_NAMES, PROVIDER_PRESETS, type PresetName, type Size } from './presets';
import { indexRawColours, RawPixels, type IndexedColours } from './raw-pixels';
import { deflateParallel, PieceDeflater } from './zlib-parallel';

export { packRgb } from './raw-pixels';

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
  /**
   * Boxes painted opaque black before anything else sees the pixels (so no scaled-down trace of
   * what was under them survives), in the same coordinates as `crop`: physical pixels of the
   * whole source. Parts outside the crop are ignored.
   */
  redact?: readonly Rect[];
  /**
   * The provider the image is for (presets.ts): never fewer pixels than it reads, and of the
   * images that give it the same effective picture, the fewest bytes. Also sets the byte cap.
   */
  preset?: PresetName;
  /**
   * The longest edge of the image sent, in pixels; never upscaled. Default 2048 without a
   * preset; with one, an extra cap on top of the preset's own size.
   */
  maxEdge?: number;
  /**
   * Default `png` (lossless: text stays exact). `auto`: lossless — a palette PNG for screens of
   * at most 256 colours, else the truecolour PNG, or lossless WebP where the preset's provider
   * accepts it (presets.ts, `acceptsWebp`) and the content is photo-like — unless the content is
   * photographic (JPEG is then several times smaller) or only JPEG fits under the byte cap.
   * `webp`: lossless, never JPEG — WebP unless a palette PNG is smaller; only with a preset that
   * accepts WebP. `png` and `webp` asked for by name spend more time on fewer bytes than `auto`
   * (PNG_STRONG, WEBP_FLAT).
   */
  format?: ImageFormat;
  /** Hard cap on the encoded image, in bytes. Default: the preset's, else 20 MiB. */
  maxBytes?: number;
  /** 1–100, JPEG only. Default 85. */
  jpegQuality?: number;
}

export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'auto';
export type PreparedMime = 'image/png' | 'image/jpeg' | 'image/webp';

export interface PreparedImage {
  mime: PreparedMime;
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

/**
 * A problem with the image itself; the message is written for the user and says what to do.
 * `code` and `fields` let a page word it in its language (renderer/src/lib/i18n/core-messages.ts).
 */
export class ImagePipelineError extends Error {
  override readonly name = 'ImagePipelineError';
  readonly kind: ImagePipelineErrorKind;
  readonly code: string | undefined;
  readonly fields: MessageFields | undefined;

  constructor(
    kind: ImagePipelineErrorKind,
    message: string,
    options: ErrorOptions & { code?: string; fields?: MessageFields } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.code = options.code;
    this.fields = options.fields;
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

/**
 * When PNG is asked for by name (`format: 'png'`), the truecolour PNG of an image of at most
 * STRONG_PNG_PIXELS is written harder: what issue 15 asks ("no larger than sharp's level-9
 * PNG"), at a cost bounded by the size. Measured on 4K screens fitted to 2048×1152 (the generic
 * preset; bytes against the smaller of the two level-9 PNGs, CPU): unfiltered level 9 for text
 * 1.126 → 1.000 (26 → 139 ms), code 1.128 → 1.000 (34 → 136 ms); zlib-ng's level 9 is a
 * different match finder (level 8 is still 1.105 on text), so there is no middle setting.
 * Filtered, level 7 left a mixed screen at 1.005 and level 8 at 1.002; on photos level 7 matched
 * level 9 (2,753,868 against 2,753,748 bytes at a third of the time), but on smooth gradients it
 * was 1.3–1.5× level 9, and no sample told the two apart. So both level-9 PNGs are written, in
 * parallel, and the smaller sent, compacted (compactPng: one IDAT chunk, no pHYs, 0.15 % fewer
 * bytes): never larger than the reference, by construction. The cost is the filtered level 9's:
 * 0.36 s for a mixed 2048×1152 screen, 1.3 s for a photo. `auto` keeps the level-6/4 encodes: it
 * weighs encode time against bytes.
 */
const PNG_STRONG = {
  flat: { compressionLevel: 9, adaptiveFiltering: false },
  smooth: { compressionLevel: 9, adaptiveFiltering: true },
} as const satisfies Record<string, PngOptions>;
const STRONG_PNG_PIXELS = 2_400_000;

/*
 * Why not zlib level 9 (issue 15 asked for "no larger than sharp's level-9 PNG"): 6a90a83 wrote
 * every truecolour PNG at level 9, in both filter modes, plus a lossless WebP beside it, and a
 * hotkey capture became 2.5–12× slower than the naive full-size encode (1080p text or code
 * screens 0.8–1 s instead of 15–30 ms): zlib-ng's level 9 follows long match chains on the
 * repetitive rows of a screen, 5–20× the time of level 6 for 5–12 % fewer bytes, and level 7/8
 * are no cheaper middle (7 ≈ 6 in bytes, 8 ≈ 9 in time). The bytes come from elsewhere instead:
 * a palette PNG on screens of ≤ 256 colours (0.6–0.75 × the level-9 truecolour PNG), lossless
 * WebP where the provider takes it, and encoding only the candidate that wins. Only when PNG is
 * asked for by name is level 9 used, on images small enough for its cost (PNG_STRONG).
 */

/**
 * Candidates whose sample predicts no more than this many times the best prediction are encoded
 * in full as well, and the smaller real file is sent (samples are taken at the same places of
 * the screen for every size, but still err by up to ~20 % on text lines).
 */
const CLOSE_CANDIDATES = 1.25;
/**
 * The effective size is not resized nor planned when the crop as it is is predicted this many
 * times smaller than the guess for it (guessResizedPng). The guess ran 0.81–1.22× the real PNG
 * on the bench screens (1080p–5K), so this is CLOSE_CANDIDATES (1.25) times its worst
 * overestimate, rounded up.
 */
const RESIZED_SKIP_MARGIN = 1.6;
/**
 * Where the crop as it is beats the effective size without a trial (settledAsIs). Resampling a
 * screen breaks its runs of equal pixels, so a resized screen costs far more bytes per pixel
 * than the crop as it is; a photo on it does not, and shrinks with the pixels. Measured (bench
 * screens at 1080p–4K and 16 Chromium-rendered screens from tests/fixtures/privacy/gen, OpenAI's
 * effective size, best lossless of each; screens read 0.84–0.99 equal neighbours, photos
 * 0.04–0.06):
 * - a palette crop (≤ 256 colours: no photo on it) at FLAT_SHARE or more won by 1.8× even at
 *   7.9× the pixels (4K text), so up to PALETTE_AS_IS_RATIO;
 * - a truecolour crop at FLAT_SCREEN_SHARE or more (a photo on at most about a tenth of it)
 *   won by 1.27–4.4× at up to 2× the pixels (TRUECOLOUR_AS_IS_RATIO; 1080p is 1.98×). Below
 *   that a text screen with a photo on 10–15 % of it (0.83–0.86) lost by 4–23 %, so the
 *   guess decides, as it does beyond those ratios (mixed screens: even at 3.5×, 0.44 at 7.9×).
 */
const FLAT_SHARE = 0.8;
const TRUECOLOUR_AS_IS_RATIO = 2;
const PALETTE_AS_IS_RATIO = 4;
/**
 * A flat screen: at least this share of neighbouring pixels equal (a photo on at most about a
 * tenth of it). Such a screen
 * - is sent as it is without a trial at up to TRUECOLOUR_AS_IS_RATIO (see FLAT_SHARE);
 * - has its unfiltered PNG started beside the sample that picks the mode, when it is the only
 *   candidate: on 66 screens at or above it (bench, docs, privacy fixtures and generated screens,
 *   1×–2×) unfiltered was the smaller in 64, tied once (1.00) and lost once (0.89, a chat screen
 *   with avatars), where the early encode is dropped;
 * - with `auto`, gets the fast WebP only if smaller than the PNG, both encoded (encodeLossless).
 */
const FLAT_SCREEN_SHARE = 0.9;
/** Below this share of equal neighbours the crop is photo-like (photos 0.04–0.06, screens ≥ 0.84). */
const PHOTO_FLAT_SHARE = 0.3;
/** flatShare reads one row in this many. */
const FLAT_SAMPLE_EVERY = 8;
/** guessResizedPng's bands: this many rows of the crop, one band in GUESS_EVERY rows (12.5 %). */
const GUESS_BAND = 32;
const GUESS_EVERY = 256;
/** How far above PHOTO_BYTES_PER_PIXEL the guess must be to count as photo-like (photos: 1.28–1.45 bytes a pixel at 1365×768; screens up to 0.87, 1080p–5K). */
const PHOTO_GUESS_MARGIN = 1.2;
/** Both truecolour filter modes are encoded in full when the sample's margin is thinner than this. */
const CLOSE_MODES = 1.06;
/** Up to this many pixels a candidate's truecolour PNG is encoded whole in both modes, not sampled. */
const FULL_TRIAL_PIXELS = 1_000_000;
/** A truecolour PNG predicted (from the sample) this much larger than the palette one is not encoded. */
const TRUECOLOUR_SKIP_MARGIN = 1.15;

/**
 * Lossless WebP settings (libwebp 1.6 through sharp). Effort 0 with quality 50 is the fastest
 * setting that stayed under the level-9 PNG on screens (text 0.97–0.99, code 0.77–0.94, mixed
 * 0.6–0.75); effort ≥ 1 is 5–60× slower on photo-like areas (4K mixed: 5 s). Effort 0 is still
 * 3–5× slower than the level-6 PNG, so `auto` tries it only where the sample picked adaptive
 * filtering, whose encode costs about as much (see encodeLossless); `webp` sends it alone.
 */
const WEBP_LOSSLESS = { lossless: true, effort: 0, quality: 50 } as const;
/**
 * Lossless WebP for flat content (text, code, UI: the sample picked unfiltered PNG) when `webp`
 * is asked for. There effort 1 (its backward-reference search) is what makes WebP small, and it
 * is cheap: against the level-9 PNG, 4K code 0.61 in ~190 ms CPU (effort 0: 1.41, larger than the
 * PNG), 4K text 0.55 (palette PNG 0.74), 1080p code 0.74, text 0.59, for about what effort 0
 * costs. Quality 1: higher qualities are 10–20 % smaller again at 2× the time. On photo-like
 * areas effort 1 is 5–10× slower than effort 0, so those keep WEBP_LOSSLESS.
 */
const WEBP_FLAT = { lossless: true, effort: 1, quality: 1 } as const;
/**
 * Larger candidates (a 1440p or 4K crop sent as it is) are not encoded at WEBP_LOSSLESS: it took
 * 0.3–0.4 s on a 4K screen (and on a code screen lost to the PNG: effort 0 skips the search that
 * makes WebP small on flat content; see WEBP_FLAT).
 */
const WEBP_MAX_PIXELS = 2_100_000;

/** zlib level of the indexed PNGs written here. */
const INDEXED_DEFLATE_LEVEL = 6;

/** The filter trial encodes bands of this many rows, one band in `TRIAL_EVERY`. */
const TRIAL_BAND = 8;
const TRIAL_EVERY = 16;

/** Files we accept. Others (SVG, TIFF, HEIF…) are refused rather than half-supported. */
const ENCODED_FORMATS = new Set(['png', 'jpeg', 'webp', 'gif']);
/** 134 megapixels, four 8K screens: more is a mistake or an attack, not a screenshot. */
const MAX_INPUT_PIXELS = 16384 * 8192;

/** Palette indices, with their deflate already under way when they were counted from a capture. */
type Indexed = IndexedColours & { deflater?: PieceDeflater | undefined };

/** Pixels between stages: RGB or RGBA, 8 bits, no padding. Always our own copy. */
interface Pixels {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3 | 4;
}

/** Bytes per pixel of the lossless encoding (predicted from a row sample) above which content is treated as photographic. */
const PHOTO_BYTES_PER_PIXEL = 0.9;
/** JPEG qualities tried, in order, when `auto` must fit the byte cap. */
const CAP_JPEG_QUALITIES = [85, 70, 55, 40] as const;

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
  const resolved = resolveOptions(options);
  const { format, maxBytes, jpegQuality } = resolved;
  // Every stage below uses sharp synchronously (sharpNow): load it, or fail clearly, first.
  await loadSharp();
  const decoded =
    source instanceof Uint8Array ? await decodeFile(source, options.crop) : decodeRaw(source, options.crop);
  let pixels = decoded.pixels;
  if (options.redact && options.redact.length > 0) pixels = redact(pixels, decoded.region, options.redact);

  let sizes = candidateSizes(pixels.width, pixels.height, resolved);
  const effectiveSize = sizes[0]!;
  const same = (size: Size): boolean => size.width === pixels.width && size.height === pixels.height;
  const beside = format !== 'jpeg' && sizes.length === 2 && same(sizes[1]!);
  // How many times the effective size's pixels the crop as it is has, and how flat it is: what
  // says, before any trial encode, whether the effective size can win at all (settledAsIs) and
  // whether the content is photo-like.
  const pixelRatio = beside ? (pixels.width * pixels.height) / (sizes[0]!.width * sizes[0]!.height) : 0;
  const flatness = format === 'jpeg' ? 1 : flatShare(pixels);
  const photoLikeCrop = flatness < PHOTO_FLAT_SHARE;
  const flatScreen = flatness >= FLAT_SCREEN_SHARE;
  // Only the filtered PNG is tried on photo-like content when time is weighed against bytes.
  const smoothOnly = photoLikeCrop && format === 'auto';
  const resizing = new Map<string, Promise<Pixels>>();
  const resizeTo = (size: Size): Promise<Pixels> => {
    if (same(size)) return Promise.resolve(pixels);
    const key = `${size.width}x${size.height}`;
    let resized = resizing.get(key);
    if (!resized) resizing.set(key, (resized = resize(pixels, size)));
    return resized;
  };
  // The guess sizes up the effective size from a resized row sample, for a crop that is neither
  // photo-like (that goes the general way below: the effective size is planned first, and a
  // photo never samples the larger crop) nor settled. Started before the colours are counted
  // when it will be needed whatever they are: its resize runs on libvips' threads meanwhile.
  const guessable = beside && !photoLikeCrop;
  let guessing =
    guessable && !(flatness >= FLAT_SHARE && pixelRatio <= PALETTE_AS_IS_RATIO)
      ? guessResizedPng(pixels, sizes[0]!)
      : undefined;
  // A flat crop's own sample is needed whatever the colours say (palette or not, settled or
  // not): its two encodes start before the count, while libuv's threads are free (the
  // palette's deflate pieces take three of the four once the count runs).
  const asIsOptions = {
    smoothOnly,
    estimating:
      format !== 'jpeg' && sizes.some(same) && flatness >= FLAT_SHARE
        ? estimatePng(pixels, pixels.height, smoothOnly)
        : undefined,
  };
  asIsOptions.estimating?.catch(() => undefined);
  const cropColours = format !== 'jpeg' && sizes.some(same) ? indexColours(pixels) : null;
  if (guessable && !guessing) {
    if (settledAsIs(cropColours !== null, flatness, pixelRatio)) sizes = [sizes[1]!];
    else guessing = guessResizedPng(pixels, sizes[0]!);
  }
  let candidates: ({ pixels: Pixels } & Encoded)[] | undefined;
  if (format === 'jpeg') {
    // The effective size only: a larger JPEG only costs more.
    const sized = await resizeTo(sizes[0]!);
    candidates = [{ pixels: sized, bytes: await encodeJpeg(sized, jpegQuality), mime: 'image/jpeg' }];
  }
  // The crop as it is, beside the effective size: a resized row sample says first whether the
  // effective size can win at all. On screens it rarely does (resampled text has thousands of
  // colours and no runs: 1080p text 52 KB as it is, ~280 KB at 1365×768), and not resizing the
  // whole crop nor planning it is most of a 1080p text capture's time.
  let asIsPlanned: Planned | undefined;
  // The crop as it is, encoded while the effective size is resized and planned (the other core),
  // when it is the likelier winner: the planning below only confirms it (1080p mixed screen).
  let asIsEncoding: Promise<Encoded> | undefined;
  if (!candidates && guessing) {
    // A flat crop is planned while the guess runs (the other core): it is a screen, so the guess
    // will almost never find it photo-like, and a screen's sample is cheap.
    const asIsEarly =
      flatness >= FLAT_SHARE ? plan(pixels, cropColours, pixels.height, asIsOptions) : undefined;
    asIsEarly?.catch(() => undefined);
    const guess = await guessing;
    // Photo-like: JPEG at the effective size, the crop as it is never sampled (a large crop of
    // noise is costly to sample). The guess can run high, hence the margin: the screens'
    // guesses stayed under 0.9 bytes a pixel, the photos' over 1.25.
    const photoLike =
      format === 'auto' &&
      guess / (sizes[0]!.width * sizes[0]!.height) > PHOTO_BYTES_PER_PIXEL * PHOTO_GUESS_MARGIN;
    if (photoLike) {
      const sized = await resizeTo(sizes[0]!);
      const jpeg = await encodeJpeg(sized, jpegQuality);
      if (jpeg.byteLength < guess) candidates = [{ pixels: sized, bytes: jpeg, mime: 'image/jpeg' }];
    } else {
      asIsPlanned = await (asIsEarly ?? plan(pixels, cropColours, pixels.height, asIsOptions));
      if (asIsPlanned.predicted * RESIZED_SKIP_MARGIN < guess) {
        candidates = [{ pixels, ...(await encodeLossless(asIsPlanned, resolved.webp, format, flatScreen)) }];
      } else if (asIsPlanned.predicted < guess) {
        asIsEncoding = encodeLossless(asIsPlanned, resolved.webp, format, flatScreen);
        // Awaited below only if the planning keeps it; its failure is reported there.
        asIsEncoding.catch(() => undefined);
      }
    }
  }
  if (!candidates) {
    const sized = await Promise.all(sizes.map(resizeTo));
    // The crop as it is, alone, on a screen: its unfiltered PNG is started beside the sample
    // (FLAT_SCREEN_SHARE). Small crops are tried whole by the sample itself.
    const flatFirst =
      format === 'auto' &&
      sizes.length === 1 &&
      flatness >= FLAT_SCREEN_SHARE &&
      pixels.width * pixels.height > FULL_TRIAL_PIXELS &&
      pixels.height >= TRIAL_BAND * TRIAL_EVERY * 2;
    const planOf = async (k: number): Promise<Planned> =>
      sized[k] === pixels && asIsPlanned
        ? asIsPlanned
        : sized[k] === pixels
          ? plan(pixels, cropColours, pixels.height, { ...asIsOptions, flatFirst })
          : plan(sized[k]!, indexColours(sized[k]!), pixels.height, { smoothOnly });
    // The effective size first: when it is photographic, the larger sizes are never sampled (a
    // 5K crop's sample alone is ~1 MP of noise to encode twice).
    // A photo-like crop's JPEG is encoded while the planning confirms it (the other core).
    const earlyJpeg = format === 'auto' && photoLikeCrop ? encodeJpeg(sized[0]!, jpegQuality) : undefined;
    earlyJpeg?.catch(() => undefined);
    const first = await planOf(0);
    // By the best lossless prediction: a palette PNG counts (noisy palette content has a large
    // truecolour estimate and a small palette file).
    const photographic =
      format === 'auto' &&
      first.predicted / (first.pixels.width * first.pixels.height) > PHOTO_BYTES_PER_PIXEL;
    const jpeg = photographic ? await (earlyJpeg ?? encodeJpeg(first.pixels, jpegQuality)) : null;
    if (jpeg && jpeg.byteLength < first.predicted) {
      // Photographic: lossless costs far more than it shows; a larger image only costs more.
      candidates = [{ pixels: first.pixels, bytes: jpeg, mime: 'image/jpeg' }];
    } else {
      const planned = [first, ...(await Promise.all(sized.slice(1).map((_, k) => planOf(k + 1))))];
      // Only the candidates whose prediction is near the best are encoded in full (a palette PNG
      // is already written: its prediction is its real size).
      const best = Math.min(...planned.map((c) => c.predicted));
      candidates = await Promise.all(
        planned
          .filter((c) => c.predicted <= best * CLOSE_CANDIDATES)
          .map(async (c) => ({
            pixels: c.pixels,
            ...(await (c === asIsPlanned && asIsEncoding
              ? asIsEncoding
              : encodeLossless(c, resolved.webp, format, flatScreen))),
          })),
      );
    }
  }

  // Same effective image for the model: send the fewest bytes.
  let best = candidates.reduce((a, b) => (b.bytes.byteLength < a.bytes.byteLength ? b : a));

  if (best.bytes.byteLength > maxBytes && format === 'auto') {
    // Only JPEG can fit: at the effective size (the smallest, even where only the crop as it is
    // was encoded), at falling quality.
    const smallest = await resizeTo(effectiveSize);
    for (const quality of CAP_JPEG_QUALITIES) {
      const bytes = await encodeJpeg(smallest, Math.min(quality, jpegQuality));
      best = { pixels: smallest, bytes, mime: 'image/jpeg' };
      if (bytes.byteLength <= maxBytes) break;
    }
  }
  if (best.bytes.byteLength > maxBytes) {
    const kind = KIND_NAMES[best.mime];
    throw new ImagePipelineError(
      'too-large',
      `The image is ${formatBytes(best.bytes.byteLength)} once encoded (${best.pixels.width}×${best.pixels.height} ${kind}), ` +
        `over the ${formatBytes(maxBytes)} limit. Select a smaller region, lower the longest edge, or ` +
        (best.mime === 'image/jpeg' ? 'lower the JPEG quality.' : 'send it as JPEG.'),
      {
        code: 'image.tooLarge',
        fields: {
          bytes: best.bytes.byteLength,
          maxBytes,
          width: best.pixels.width,
          height: best.pixels.height,
          format: kind,
          advice: best.mime === 'image/jpeg' ? 'quality' : 'jpeg',
        },
      },
    );
  }
  return {
    mime: best.mime,
    bytes: best.bytes,
    width: best.pixels.width,
    height: best.pixels.height,
    dataUri: toDataUri(best.mime, best.bytes),
    sourceWidth: decoded.sourceWidth,
    sourceHeight: decoded.sourceHeight,
  };
}

type ResolvedOptions = Required<Omit<PipelineOptions, 'crop' | 'redact' | 'preset' | 'maxEdge'>> & {
  maxEdge: number | undefined;
  preset: PresetName | undefined;
  /** Lossless WebP may be sent: the preset's provider accepts it and the format allows it. */
  webp: boolean;
};

const KIND_NAMES: Record<PreparedMime, string> = {
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/webp': 'WebP',
};

/**
 * The sizes worth encoding for a `width × height` crop:
 * - without a preset, the crop fitted within `maxEdge` (default 2048);
 * - with one, the provider's effective size (never fewer pixels than it reads), and — when the
 *   provider scales by itself — the crop as it is: the model then sees the same image, and text
 *   often compresses better unscaled than resampled (measured: a 4K text screen is 285 KB as
 *   it is, 405 KB scaled to 1365×768). The effective size comes first: when it turns out
 *   photographic (JPEG), the larger one is not tried.
 */
export function candidateSizes(
  width: number,
  height: number,
  options: { preset?: PresetName | undefined; maxEdge?: number | undefined },
): Size[] {
  if (!options.preset) return [fitWithin(width, height, options.maxEdge ?? DEFAULT_MAX_EDGE)];
  const preset = PROVIDER_PRESETS[options.preset];
  let effective = preset.effectiveSize(width, height);
  if (options.maxEdge !== undefined)
    effective = fitWithin(effective.width, effective.height, options.maxEdge);
  const sizes = [effective];
  const asIsAllowed = options.maxEdge === undefined || Math.max(width, height) <= options.maxEdge;
  if (preset.scalesItself && asIsAllowed && (effective.width !== width || effective.height !== height)) {
    sizes.push({ width, height });
  }
  return sizes;
}

type Encoded = { bytes: Uint8Array; mime: PreparedMime };

/** A candidate size, ready to choose: its palette PNG when it has ≤ 256 colours, and a sample's prediction. */
interface Planned {
  pixels: Pixels;
  /** The palette PNG, written in full (exact; a few ms), when the candidate has ≤ 256 colours. */
  palette: Uint8Array | null;
  /** The truecolour PNG predicted from a row sample, and the filter mode that wins there. */
  estimate: PngEstimate;
  /** What choosing between candidates goes by: the palette's real size, or the truecolour prediction. */
  predicted: number;
  /** The unfiltered PNG, started before the sample chose the mode (see FLAT_SCREEN_SHARE). */
  flatEncoding?: Promise<Uint8Array> | undefined;
}

/**
 * `smoothOnly`: see estimatePng; `flatFirst`: start the unfiltered PNG beside the sample
 * (FLAT_SCREEN_SHARE); `estimating`: the sample's estimate, when it was started earlier.
 */
async function plan(
  pixels: Pixels,
  colours: Indexed | null,
  sourceHeight: number,
  options: { smoothOnly: boolean; flatFirst?: boolean; estimating?: Promise<PngEstimate> | undefined },
): Promise<Planned> {
  const { smoothOnly, flatFirst = false } = options;
  const estimating = options.estimating ?? estimatePng(pixels, sourceHeight, smoothOnly && !colours);
  // Without a palette, whatever is sent is encoded from the whole crop in RGB: a capture is
  // converted now, on this thread, while the sample's encodes run on libvips' threads.
  if (!colours && pixels instanceof RawPixels) void pixels.data;
  const flatEncoding = flatFirst && !colours ? pngOf(pixels, PNG_ENCODINGS.flat) : undefined;
  // Awaited only if the sample picks the unfiltered mode; otherwise dropped.
  flatEncoding?.catch(() => undefined);
  const [palette, estimate] = await Promise.all([
    colours ? writeIndexedPng(pixels, colours) : null,
    estimating,
  ]);
  const predicted = palette ? Math.min(palette.byteLength, estimate.bytes) : estimate.bytes;
  return { pixels, palette, estimate, predicted, flatEncoding };
}

/**
 * One candidate, lossless, with as few full encodes as possible. A palette PNG (a UI screen) is
 * sent as it is unless the truecolour sample comes near it (rendered text can compress better
 * filtered than as unfiltered indices: terminal@1x, 50 KB as a palette against 43 KB); then the
 * truecolour PNG is encoded too and the smaller sent. Without a palette: where WebP is allowed
 * and the image is not too large, lossless WebP — alone for `webp`; for `auto` where the sample
 * picked adaptive filtering: alone on content with photo-like areas (30–40 % smaller there), on a
 * flat screen beside that PNG, the smaller sent (dark anti-aliased screens: 2–5× larger); where
 * unfiltered won, the unfiltered PNG is 3–5× faster and WebP is not tried; else the truecolour
 * PNG in the mode the sample picked (both when it could not tell).
 */
async function encodeLossless(
  candidate: Planned,
  webp: boolean,
  format: ImageFormat,
  flatScreen: boolean,
): Promise<Encoded> {
  const { pixels, palette, estimate } = candidate;
  if (webp && format === 'webp' && (palette || !estimate.smooth)) {
    // Flat content (a palette, or unfiltered won the sample), WebP asked for: WebP at effort 1,
    // whatever the size; a palette PNG already written is sent instead when it is smaller.
    const bytes = await encodeWebp(pixels, WEBP_FLAT);
    if (!palette || bytes.byteLength < palette.byteLength) return { bytes, mime: 'image/webp' };
    return { bytes: palette, mime: 'image/png' };
  }
  if (palette) {
    // PNG by name is no larger than level 9, and the sample (levels 6 and 4) cannot say that the
    // level-9 truecolour PNG loses: on smooth gradients it was 45 % below level 4.
    if (!strongPng(pixels, format) && estimate.bytes > palette.byteLength * TRUECOLOUR_SKIP_MARGIN)
      return { bytes: palette, mime: 'image/png' };
    const truecolour = await encodeTruecolour(pixels, estimate, format, candidate.flatEncoding);
    return { bytes: truecolour.byteLength < palette.byteLength ? truecolour : palette, mime: 'image/png' };
  }
  const webpFits = webp && pixels.width * pixels.height <= WEBP_MAX_PIXELS;
  if (webpFits && format === 'webp') return { bytes: await encodeWebp(pixels), mime: 'image/webp' };
  if (webpFits && estimate.smooth && !flatScreen) {
    // `auto`, content with photo-like areas (under FLAT_SCREEN_SHARE equal neighbours): the fast
    // WebP, 30–40 % smaller than the filtered PNG there, for about its time (the mixed screens).
    return { bytes: await encodeWebp(pixels), mime: 'image/webp' };
  }
  if (webpFits && estimate.smooth) {
    // `auto`, a flat screen where filtering won the sample: the fast WebP beside the PNG, the
    // smaller sent. On 4 of 45 Chromium-rendered 2× screens (dark themes, anti-aliased text,
    // avatars; all at 0.95 or more equal neighbours) it was 2–5× the PNG (a chat screen: 301 KB
    // against 73 KB); on a synthetic text screen with a gradient band (0.92) it was half. A row
    // sample cannot tell: effort 0's size does not scale with the rows (a sample at 0.64× its
    // PNG, the whole at 3.8×).
    const [whole, png] = await Promise.all([
      encodeWebp(pixels),
      encodeTruecolour(pixels, estimate, format, candidate.flatEncoding),
    ]);
    return whole.byteLength < png.byteLength
      ? { bytes: whole, mime: 'image/webp' }
      : { bytes: png, mime: 'image/png' };
  }
  return {
    bytes: await encodeTruecolour(pixels, estimate, format, candidate.flatEncoding),
    mime: 'image/png',
  };
}

async function encodeWebp(
  pixels: Pixels,
  settings: typeof WEBP_LOSSLESS | typeof WEBP_FLAT = WEBP_LOSSLESS,
): Promise<Uint8Array> {
  return rawInput(pixels).webp(settings).toBuffer();
}

/**
 * A copy of a raw capture with the boxes painted opaque black, at full resolution and unencoded:
 * for a reader on this machine (text extraction), which needs the pixels, not a file.
 */
export function burnBoxes(raw: RawImage, boxes: readonly Rect[]): RawImage {
  const { width, height } = raw;
  const data = raw.data.slice();
  redact({ data, width, height, channels: 4 }, { x: 0, y: 0, width, height }, boxes);
  return { ...raw, data };
}

/** Paints the boxes (source coordinates) black inside the cropped pixels. */
function redact(pixels: Pixels, region: Rect, boxes: readonly Rect[]): Pixels {
  if (pixels instanceof RawPixels) {
    // On a copy of the 4-byte pixels (the capture is the caller's, kept for later requests),
    // which every later stage reads: the resizes too.
    const { width, height, order } = pixels;
    const copy = pixels.source.slice();
    redact({ data: copy, width, height, channels: 4 }, region, boxes);
    return new RawPixels(copy, width, height, order);
  }
  const out = pixels;
  const { data, width, height, channels } = out;
  for (const box of boxes) {
    if (![box.x, box.y, box.width, box.height].every(Number.isFinite)) {
      throw new RangeError('a redaction box is not a finite rectangle');
    }
    const x0 = Math.max(0, Math.round(Math.min(box.x, box.x + box.width)) - region.x);
    const y0 = Math.max(0, Math.round(Math.min(box.y, box.y + box.height)) - region.y);
    const x1 = Math.min(width, Math.round(Math.max(box.x, box.x + box.width)) - region.x);
    const y1 = Math.min(height, Math.round(Math.max(box.y, box.y + box.height)) - region.y);
    if (x1 <= x0 || y1 <= y0) continue;
    for (let y = y0; y < y1; y++) {
      const rowStart = (y * width + x0) * channels;
      data.fill(0, rowStart, rowStart + (x1 - x0) * channels);
      if (channels === 4) {
        // Opaque black: alpha back to 255.
        for (let i = rowStart + 3; i < rowStart + (x1 - x0) * 4; i += 4) data[i] = 255;
      }
    }
  }
  return out;
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
      { code: 'image.invalidRegion' },
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
      { code: 'image.emptyRegion', fields: { width: right - left, height: bottom - top } },
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
      {
        code: 'image.regionOutside',
        fields: {
          width: right - left,
          height: bottom - top,
          left,
          top,
          imageWidth: width,
          imageHeight: height,
        },
      },
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

function resolveOptions(options: PipelineOptions): ResolvedOptions {
  const preset = options.preset;
  if (preset !== undefined && !Object.hasOwn(PROVIDER_PRESETS, preset))
    throw new RangeError(`unknown preset ${String(preset)}`);
  const maxEdge = options.maxEdge;
  const format = options.format ?? 'png';
  const maxBytes = options.maxBytes ?? (preset ? PROVIDER_PRESETS[preset].maxBytes : DEFAULT_MAX_BYTES);
  const jpegQuality = options.jpegQuality ?? DEFAULT_JPEG_QUALITY;
  if (maxEdge !== undefined && (!Number.isInteger(maxEdge) || maxEdge < 1))
    throw new RangeError(`maxEdge must be a positive integer, not ${maxEdge}`);
  if (format !== 'png' && format !== 'jpeg' && format !== 'webp' && format !== 'auto')
    throw new RangeError(`format must be 'png', 'jpeg', 'webp' or 'auto', not ${String(format)}`);
  const acceptsWebp = preset !== undefined && PROVIDER_PRESETS[preset].acceptsWebp;
  if (format === 'webp' && !acceptsWebp) {
    throw new RangeError(
      `format 'webp' needs a preset whose provider accepts WebP (${webpPresets().join(', ')}), not ${preset ?? 'no preset'}`,
    );
  }
  if (!(maxBytes > 0)) throw new RangeError(`maxBytes must be positive, not ${maxBytes}`);
  if (!Number.isInteger(jpegQuality) || jpegQuality < 1 || jpegQuality > 100) {
    throw new RangeError(`jpegQuality must be an integer from 1 to 100, not ${jpegQuality}`);
  }
  return { maxEdge, format, maxBytes, jpegQuality, preset, webp: acceptsWebp && format !== 'png' };
}

interface Decoded {
  pixels: Pixels;
  /** Where the pixels are in the source (the clamped crop). */
  region: Rect;
  sourceWidth: number;
  sourceHeight: number;
}

/**
 * Crops a raw capture (rows of the region only) and converts it to RGB. Alpha is dropped: a
 * screen capture is opaque (and NativeImage's alpha is premultiplied, so for an opaque image the
 * colours are exact). Done here rather than in libvips: sharp treats a 4th channel as alpha and
 * premultiplies around the resize, which measured 3–4× slower than this pass plus an RGB resize.
 */
function decodeRaw(raw: RawImage, crop: Rect | undefined): Decoded {
  const { width, height } = raw;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new ImagePipelineError(
      'decode',
      `The captured image has no pixels (${width}×${height}). Capture the screen again.`,
      { code: 'image.noPixels', fields: { width, height } },
    );
  }
  if (raw.channels !== 4 || (raw.order !== 'bgra' && raw.order !== 'rgba')) {
    throw new ImagePipelineError(
      'unsupported',
      'The captured image is in a pixel format Glimpse cannot read.',
      { code: 'image.pixelFormat' },
    );
  }
  if (raw.data.byteLength !== width * height * 4) {
    throw new ImagePipelineError(
      'decode',
      `The captured image is damaged: ${raw.data.byteLength} bytes for ${width}×${height} pixels. Capture the screen again.`,
      { code: 'image.damagedCapture', fields: { length: raw.data.byteLength, width, height } },
    );
  }
  if (width * height > MAX_INPUT_PIXELS) throw tooManyPixels(width, height);
  const region = crop ? clampRegion(crop, width, height) : { x: 0, y: 0, width, height };
  let source = raw.data;
  if (region.width !== width || region.height !== height) {
    const rowBytes = region.width * 4;
    source = new Uint8Array(rowBytes * region.height);
    for (let y = 0; y < region.height; y++) {
      const from = ((region.y + y) * width + region.x) * 4;
      source.set(raw.data.subarray(from, from + rowBytes), y * rowBytes);
    }
  }
  return {
    // Converted to RGB only where a stage needs it (raw-pixels.ts).
    pixels: new RawPixels(source, region.width, region.height, raw.order),
    region,
    sourceWidth: width,
    sourceHeight: height,
  };
}

async function decodeFile(file: Uint8Array, crop: Rect | undefined): Promise<Decoded> {
  if (file.byteLength === 0)
    throw new ImagePipelineError('decode', 'The image file is empty.', { code: 'image.emptyFile' });
  const sharp = await loadSharp();
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
      { code: 'image.unsupportedFormat', fields: { format: metadata.format.toUpperCase() } },
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
      throw new ImagePipelineError('unsupported', 'This image has a colour layout Glimpse cannot read.', {
        code: 'image.colourLayout',
      });
    }
    return {
      pixels: dropOpaqueAlpha({ data, width: info.width, height: info.height, channels: info.channels }),
      region,
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
      { cause: error, code: 'image.notImage' },
    );
  }
  if (/pixel limit/i.test(detail)) return tooManyPixels();
  return new ImagePipelineError(
    'decode',
    'This image could not be read: the file looks damaged or incomplete.',
    { cause: error, code: 'image.damaged' },
  );
}

function tooManyPixels(width?: number, height?: number): ImagePipelineError {
  const size = width && height ? ` (${width}×${height})` : '';
  return new ImagePipelineError(
    'too-large',
    `This image has too many pixels${size}: the limit is ${Math.round(MAX_INPUT_PIXELS / 1e6)} megapixels. Use a smaller image.`,
    {
      code: 'image.tooManyPixels',
      fields: {
        megapixels: Math.round(MAX_INPUT_PIXELS / 1e6),
        ...(width && height ? { width, height } : {}),
      },
    },
  );
}

async function resize(pixels: Pixels, size: { width: number; height: number }): Promise<Pixels> {
  // Lanczos keeps thin strokes (text) sharper than bilinear or Mitchell when shrinking. From RGB
  // (a raw capture is converted here, once): resizing the 4-byte capture in libvips with alpha
  // dropped first gives the same pixels but cost 5–10 ms more CPU at 1080p, with the swap back.
  const { data, info } = await rawInput(pixels)
    .resize(size.width, size.height, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: pixels.channels };
}

/**
 * The truecolour PNG the crop would make at `size`, guessed from bands of its rows resized
 * together: a guess, not a prediction (see RESIZED_SKIP_MARGIN). The bands are taller than the
 * planning's (GUESS_BAND rows), because the rows at each seam blend two bands: with the
 * planning's 8-row bands half the resized rows were seams, and the guess ran up to 1.44× the
 * real file.
 */
async function guessResizedPng(pixels: Pixels, size: Size): Promise<number> {
  let sample = pixels;
  if (pixels.height >= GUESS_EVERY * 2 && pixels.width * pixels.height > FULL_TRIAL_PIXELS) {
    const rowBytes = pixels.width * pixels.channels;
    const bands: Uint8Array[] = [];
    for (let top = (GUESS_EVERY - GUESS_BAND) >> 1; top + GUESS_BAND <= pixels.height; top += GUESS_EVERY) {
      bands.push(
        pixels instanceof RawPixels
          ? pixels.rows(top, GUESS_BAND)
          : pixels.data.subarray(top * rowBytes, (top + GUESS_BAND) * rowBytes),
      );
    }
    const data = Buffer.concat(bands);
    sample = { data, width: pixels.width, height: data.byteLength / rowBytes, channels: pixels.channels };
  }
  const height = Math.max(1, Math.round((sample.height * size.height) / pixels.height));
  const resized = await resize(sample, { width: size.width, height });
  const estimate = await estimatePng(resized, resized.height);
  return (estimate.bytes * size.height) / resized.height;
}

/** The crop as it is needs no trial against the effective size (see FLAT_SHARE). */
function settledAsIs(palette: boolean, flatness: number, pixelRatio: number): boolean {
  if (palette) return flatness >= FLAT_SHARE && pixelRatio <= PALETTE_AS_IS_RATIO;
  return flatness >= FLAT_SCREEN_SHARE && pixelRatio <= TRUECOLOUR_AS_IS_RATIO;
}

/** The share of pixels equal to their left neighbour, over one row in FLAT_SAMPLE_EVERY. */
function flatShare(pixels: Pixels): number {
  const { width, height } = pixels;
  if (width < 2) return 1;
  let equal = 0;
  if (pixels instanceof RawPixels) {
    // One 32-bit read a pixel, on the capture itself (alpha included: it is opaque).
    const source = pixels.source.byteOffset % 4 === 0 ? pixels.source : pixels.source.slice();
    const words = new Uint32Array(source.buffer, source.byteOffset, width * height);
    for (let y = 0; y < height; y += FLAT_SAMPLE_EVERY) equal += equalWords(words, y * width, width);
  } else {
    const { data, channels } = pixels;
    for (let y = 0; y < height; y += FLAT_SAMPLE_EVERY)
      equal += equalPixels(data, y * width * channels, width, channels);
  }
  return equal / (Math.ceil(height / FLAT_SAMPLE_EVERY) * (width - 1));
}

/** Pixels of one row equal to their left neighbour (a function per row: optimised in the first capture). */
function equalWords(words: Uint32Array, start: number, width: number): number {
  let equal = 0;
  for (let x = start + 1, end = start + width; x < end; x++) if (words[x] === words[x - 1]) equal++;
  return equal;
}

function equalPixels(data: Uint8Array, start: number, width: number, channels: number): number {
  let equal = 0;
  for (let i = start + channels, end = start + width * channels; i < end; i += channels) {
    let k = 0;
    while (k < channels && data[i + k] === data[i + k - channels]) k++;
    if (k === channels) equal++;
  }
  return equal;
}

/** A candidate's truecolour PNG size, predicted from a row sample at the fast settings. */
interface PngEstimate {
  bytes: number;
  /** Adaptive filtering won on the sample. */
  smooth: boolean;
  /** How much larger the losing mode was on the sample (≥ 1). */
  margin: number;
  /** The smaller PNG itself, when the image was small enough to be tried whole. */
  whole: Uint8Array | null;
}

/** PNG asked for by name, on an image small enough for level 9 (PNG_STRONG). */
function strongPng(pixels: Pixels, format: ImageFormat): boolean {
  return format === 'png' && pixels.width * pixels.height <= STRONG_PNG_PIXELS;
}

/**
 * `smoothOnly`: only the filtered mode is tried — for a photo-like crop (flatShare) with `auto`,
 * whose unfiltered PNG is about twice the filtered one.
 */
async function estimatePng(pixels: Pixels, sourceHeight: number, smoothOnly = false): Promise<PngEstimate> {
  const sample = sampleRows(pixels, sourceHeight);
  if (smoothOnly) {
    const smooth = await pngOf(sample, PNG_ENCODINGS.smooth);
    return {
      bytes: (smooth.byteLength * pixels.height) / sample.height,
      smooth: true,
      margin: Infinity,
      whole: sample === pixels ? smooth : null,
    };
  }
  const [flat, smooth] = await Promise.all([
    pngOf(sample, PNG_ENCODINGS.flat),
    pngOf(sample, PNG_ENCODINGS.smooth),
  ]);
  const small = Math.min(flat.byteLength, smooth.byteLength);
  return {
    bytes: (small * pixels.height) / sample.height,
    smooth: smooth.byteLength < flat.byteLength,
    margin: Math.max(flat.byteLength, smooth.byteLength) / small,
    // A small image is "sampled" whole: the trial is then the real file.
    whole: sample === pixels ? (smooth.byteLength < flat.byteLength ? smooth : flat) : null,
  };
}

/**
 * The truecolour PNG in the mode the sample picked; both, in parallel, when its margin was thin.
 * When `png` was asked for and the image is small enough, both at level 9 (PNG_STRONG).
 */
async function encodeTruecolour(
  pixels: Pixels,
  estimate: PngEstimate,
  format: ImageFormat,
  flatEncoding?: Promise<Uint8Array>,
): Promise<Uint8Array> {
  const strong = strongPng(pixels, format);
  if (!strong && estimate.whole) return estimate.whole;
  const flat = (): Promise<Uint8Array> =>
    strong ? pngOf(pixels, PNG_STRONG.flat) : (flatEncoding ?? pngOf(pixels, PNG_ENCODINGS.flat));
  const smooth = (): Promise<Uint8Array> => pngOf(pixels, (strong ? PNG_STRONG : PNG_ENCODINGS).smooth);
  if (!strong && estimate.margin >= CLOSE_MODES) return estimate.smooth ? smooth() : flat();
  const [a, b] = await Promise.all([flat(), smooth()]);
  return b.byteLength < a.byteLength ? b : a;
}

/**
 * Bands of rows spread over the image, joined; small images are tried whole. The bands sit at
 * the same places of the source (`sourceHeight` rows) whatever the candidate's size, so the
 * samples of two sizes show the same content: taken at the same row numbers, they fell on text
 * lines in one size and between them in the other (15× apart on
 * tests/fixtures/privacy/env-editor@2x.png).
 */
function sampleRows(pixels: Pixels, sourceHeight: number): Pixels {
  const step = TRIAL_BAND * TRIAL_EVERY;
  // Small images are tried whole, both modes (a few ms): samples misjudge small text screens.
  if (sourceHeight < step * 2 || pixels.width * pixels.height <= FULL_TRIAL_PIXELS) return pixels;
  const scale = pixels.height / sourceHeight;
  const band = Math.max(1, Math.round(TRIAL_BAND * scale));
  const rowBytes = pixels.width * pixels.channels;
  const bands: Uint8Array[] = [];
  for (let y = (step - TRIAL_BAND) >> 1; y + TRIAL_BAND <= sourceHeight; y += step) {
    const top = Math.min(pixels.height - band, Math.round(y * scale));
    // A raw capture converts only these rows.
    bands.push(
      pixels instanceof RawPixels
        ? pixels.rows(top, band)
        : pixels.data.subarray(top * rowBytes, (top + band) * rowBytes),
    );
  }
  const data = Buffer.concat(bands);
  return { data, width: pixels.width, height: data.byteLength / rowBytes, channels: pixels.channels };
}

/**
 * The image as palette indices, or null as soon as a 257th colour appears. A capture's indices
 * start deflating (for the palette PNG) part by part as they are counted.
 */
function indexColours(pixels: Pixels): Indexed | null {
  if (pixels instanceof RawPixels) {
    let deflater: PieceDeflater | undefined;
    const colours = indexRawColours(pixels, (scanlines, final) => {
      deflater ??= new PieceDeflater(scanlines, INDEXED_DEFLATE_LEVEL);
      deflater.readyUpTo(final);
    });
    return colours && { ...colours, deflater };
  }
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

const PNG_SIGNATURE = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);

/** The truecolour PNG of `pixels` from sharp (libpng, zlib-ng), compacted. */
async function pngOf(pixels: Pixels, settings: PngOptions): Promise<Uint8Array> {
  return compactPng(await rawInput(pixels).png(settings).toBuffer());
}

/**
 * The same PNG with its IDAT chunks joined into one and its pHYs chunk (a print resolution,
 * meaningless to a model) left out. libpng writes the image data in 8 KB chunks, 12 bytes of
 * framing each: 0.15 % of every truecolour PNG (a 1080p photo: 370 chunks, 4.4 KB).
 */
export function compactPng(png: Uint8Array): Uint8Array {
  if (png.byteLength < PNG_SIGNATURE.byteLength || PNG_SIGNATURE.some((byte, k) => png[k] !== byte))
    return png;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const kept: Uint8Array[] = [];
  const data: Uint8Array[] = [];
  let dataBytes = 0;
  let idatAt = -1;
  let dropped = false;
  let offset = PNG_SIGNATURE.byteLength;
  while (offset + 12 <= png.byteLength) {
    const length = view.getUint32(offset);
    const end = offset + 12 + length;
    if (end > png.byteLength) return png; // not a PNG this function understands: sent as it is
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    if (type === 'IDAT') {
      if (idatAt < 0) idatAt = kept.length;
      data.push(png.subarray(offset + 8, offset + 8 + length));
      dataBytes += length;
    } else if (type === 'pHYs') {
      dropped = true;
    } else {
      kept.push(png.subarray(offset, end));
    }
    offset = end;
  }
  if (idatAt < 0 || offset !== png.byteLength || (data.length < 2 && !dropped)) return png;
  const joined = new Uint8Array(dataBytes);
  let at = 0;
  for (const part of data) {
    joined.set(part, at);
    at += part.byteLength;
  }
  kept.splice(idatAt, 0, pngChunk('IDAT', joined));
  return Buffer.concat([PNG_SIGNATURE, ...kept]);
}

/** An 8-bit indexed PNG (colour type 3, with tRNS when any colour is translucent). */
async function writeIndexedPng(
  pixels: Pixels,
  { palette, scanlines, deflater }: Indexed,
): Promise<Uint8Array> {
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
  const idat = await (deflater ? deflater.finish() : deflateParallel(scanlines, INDEXED_DEFLATE_LEVEL));
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
  return sharpNow()(pixels.data, {
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

function webpPresets(): PresetName[] {
  return PRESET_NAMES.filter((name) => PROVIDER_PRESETS[name].acceptsWebp);
}
