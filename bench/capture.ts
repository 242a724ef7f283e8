/**
 * `npm run bench -- capture`: from a raw screen capture to the request body.
 *
 * The pipeline (crop → fit → encode → Base64 → body) against the naive path: the whole capture
 * as a full-resolution PNG with sharp's default settings, Base64, body. Both start from the same
 * BGRA capture, as desktopCapturer gives it; the naive side gets its RGBA as NativeImage.toPNG()
 * does, from a native swap (no JavaScript byte loop: issue 18 found one inflated the baseline).
 * Every timing is the median of interleaved runs (bench/measure.ts), with min and max.
 *
 * Figures:
 * - capture.body-time-4k / capture.body-bytes-4k: the walking slice's setting (fit 2048 px,
 *   PNG) on the mixed screen, kept to compare with earlier runs;
 * - capture.time-<size>-<kind> / capture.bytes-<size>-<kind>: the OpenAI preset with
 *   `format: auto` at 1080p, 1440p, 4K and 5K, one figure per screen kind (text: a browser page,
 *   code: an editor, photo: a photo viewer, mixed: editor + browser with a photo);
 *   capture.time-<size> / capture.bytes-<size> are their geometric means (per run, so the
 *   median, min and max are of the geometric mean), so no one kind dominates;
 * - capture.bytes-vs-level9-1080p / -4k: the bytes sent against the smaller of sharp's level-9
 *   PNGs (adaptive filtering on and off) of the same pixels, geometric mean over the four kinds,
 *   lossless only: the OpenAI preset with `format: webp` (WebP allowed), and `-png`: the generic
 *   preset with `format: png` (a server whose WebP support is unknown);
 * - capture.sharp-text-time-4k / capture.sharp-text-bytes-4k: what turning "sharp text" on
 *   costs for a 4K text or code screen with the OpenAI preset.
 */
import sharp from 'sharp';
import {
  planSharpText,
  prepareImage,
  type PipelineOptions,
  type PreparedImage,
  type RawImage,
} from '../electron/core/image';
import { makeScreenCapture, type ScreenKind } from '../tests/support/screens';
import { prepareImage as prepareBefore } from './capture-old-pipeline';
import { compare, describeSpread, interleave, spreadOf, type Spread } from './measure';
import type { BenchContext } from './types';

const RUNS = 7;
// 9: on two vCPUs the pipeline's threaded steps vary more than the naive encode (1080p text 15–35 ms
// against 17–22 in one run), and 5 runs left the median to chance.
const MATRIX_RUNS = 9;
const KINDS: ScreenKind[] = ['text', 'code', 'photo', 'mixed'];
const MODEL = 'gpt-4o';
const PROMPT = 'Explain what is on my screen.';
const OPENAI_AUTO: PipelineOptions = { preset: 'openai', format: 'auto' };
const SIZES = [
  { label: '1080p', width: 1920, height: 1080 },
  { label: '1440p', width: 2560, height: 1440 },
  { label: '4k', width: 3840, height: 2160 },
  { label: '5k', width: 5120, height: 2880 },
] as const;

/**
 * The Chat Completions body for one image and a prompt — the "request body" step, and only for
 * this benchmark: the app's requests are built by electron/core/chat.
 */
export function buildVisionRequestBody(model: string, prompt: string, image: PreparedImage): string {
  return JSON.stringify({
    model,
    stream: true,
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: prompt },
          { type: 'image_url', image_url: { url: image.dataUri } },
        ],
      },
    ],
  });
}

/** The pipeline, as the app runs it on a capture. */
async function pipelineBody(capture: RawImage, options: PipelineOptions): Promise<string> {
  return buildVisionRequestBody(MODEL, PROMPT, await prepareImage(capture, options));
}

/**
 * A capture kept for the naive side: one spare byte at the end, so that after an in-place
 * `swap32` (BGRA → ARGB, native) the bytes from offset 1 read as RGBA — each pixel's alpha then
 * comes from the next pixel, exact for a screen capture, which is opaque (checked once).
 */
interface NaiveSource {
  buffer: Buffer;
  width: number;
  height: number;
}

function naiveSource(capture: RawImage): NaiveSource {
  for (let i = 3; i < capture.data.length; i += 4) {
    if (capture.data[i] !== 255) throw new Error('the naive baseline needs an opaque capture');
  }
  const buffer = Buffer.alloc(capture.data.length + 1, 255);
  buffer.set(capture.data, 0);
  return { buffer, width: capture.width, height: capture.height };
}

/**
 * What an app without the pipeline sends: the whole capture as a PNG from RGBA, like
 * NativeImage.toPNG() (a native BGRA→RGBA swap, then the encoder at its defaults). Returns its
 * own time: the swap back afterwards, which only restores the capture for the next run, is not
 * counted.
 */
async function naiveBody(source: NaiveSource, filtered = false): Promise<{ body: string; ms: number }> {
  const { buffer, width, height } = source;
  const pixels = buffer.subarray(0, width * height * 4);
  const started = performance.now();
  pixels.swap32();
  const bytes = await sharp(buffer.subarray(1), { raw: { width, height, channels: 4 } })
    .png(filtered ? { compressionLevel: 6, adaptiveFiltering: true } : {})
    .toBuffer();
  const image: PreparedImage = {
    mime: 'image/png',
    bytes,
    width,
    height,
    dataUri: `data:image/png;base64,${bytes.toString('base64')}`,
    sourceWidth: width,
    sourceHeight: height,
  };
  const body = buildVisionRequestBody(MODEL, PROMPT, image);
  const ms = performance.now() - started;
  pixels.swap32();
  return { body, ms };
}

/** The naive PNG decodes to the capture's own colours (the swap is right), checked once. */
async function checkNaive(capture: RawImage, source: NaiveSource): Promise<void> {
  const { body } = await naiveBody(source);
  const url = (JSON.parse(body) as { messages: { content: { image_url?: { url: string } }[] }[] })
    .messages[0]!.content[1]!.image_url!.url;
  const rgba = await sharp(Buffer.from(url.split(',')[1]!, 'base64'))
    .raw()
    .toBuffer();
  for (const i of [0, 4 * 1001, capture.data.length - 4]) {
    const same =
      rgba[i] === capture.data[i + 2] &&
      rgba[i + 1] === capture.data[i + 1] &&
      rgba[i + 2] === capture.data[i];
    if (!same) throw new Error('the naive baseline does not swap BGRA to RGBA correctly');
  }
}

interface Measured {
  /** before: the pipeline as it was before 6a90a83 (bench/capture-old-pipeline.ts), when measured. */
  time: { pipeline: Spread; naive: Spread; before?: Spread; filtered?: Spread };
  pipelineBytes: number;
  naiveBytes: number;
}

async function measure(
  ctx: BenchContext,
  capture: RawImage,
  options: PipelineOptions,
  runs: number,
  label: string,
  withBefore = false,
): Promise<Measured> {
  const source = naiveSource(capture);
  await checkNaive(capture, source);
  let pipelineBytes = 0;
  let naiveBytes = 0;
  const sides = {
    baseline: async () => {
      const { body, ms } = await naiveBody(source);
      naiveBytes = Buffer.byteLength(body);
      return ms;
    },
    candidate: async () => {
      pipelineBytes = Buffer.byteLength(await pipelineBody(capture, options));
    },
  };
  // The pre-level-9 pipeline, interleaved in the same runs: the regression check of issue 15.4.
  const before = async (): Promise<void> => {
    buildVisionRequestBody(MODEL, PROMPT, await prepareBefore(capture, options as never));
  };
  // Three rounds unmeasured first: the pipelines' JavaScript (colour counting, planning) is
  // still being optimised by V8 in its first runs (1080p text, a fresh process: 256, 115, 246,
  // 52, then ~30 ms); the naive side is native code throughout.
  const warmup = 3;
  // The naive encode as Chromium's libpng path writes it (filtered), beside sharp's defaults.
  const filtered = async (): Promise<number> => (await naiveBody(source, true)).ms;
  const time: { baseline: Spread; candidate: Spread; before?: Spread; filtered?: Spread } = withBefore
    ? await interleave({ ...sides, before, filtered }, { runs, warmup })
    : await compare({ ...sides, runs, warmup });
  const prepared = await prepareImage(capture, options);
  ctx.log(
    `${label}: pipeline → ${prepared.width}×${prepared.height} ${prepared.mime}, ${kb(pipelineBytes)} body, ` +
      `${describeSpread(time.candidate, 'ms', 0)}; naive → ${kb(naiveBytes)} body, ${describeSpread(time.baseline, 'ms', 0)}` +
      (time.before ? `; before 6a90a83 ${describeSpread(time.before, 'ms', 0)}` : ''),
  );
  return {
    time: {
      pipeline: time.candidate,
      naive: time.baseline,
      ...(time.before ? { before: time.before } : {}),
      ...(time.filtered ? { filtered: time.filtered } : {}),
    },
    pipelineBytes,
    naiveBytes,
  };
}

/** Run by run, the geometric mean over the kinds (the runs were interleaved the same way). */
function geometricSpread(spreads: Spread[]): Spread {
  const runs = Math.min(...spreads.map((s) => s.runs));
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) samples.push(geometricMean(spreads.map((s) => s.samples[run]!)));
  return spreadOf(samples);
}

function geometricMean(values: number[]): number {
  return Math.exp(values.reduce((sum, value) => sum + Math.log(value), 0) / values.length);
}

const NAIVE =
  'full-resolution PNG from RGBA swapped natively (as NativeImage.toPNG()), sharp defaults, + Base64 + body, same run, interleaved';
/**
 * NativeImage.toPNG() encodes with gfx::PNGCodec::EncodeBGRASkBitmap
 * (shell/common/api/electron_api_native_image.cc), i.e. Skia's SkPngEncoder at its defaults:
 * zlib level 6 and fFilterFlags = kAll, libpng's adaptive choice among all five filters per row.
 * sharp's defaults (NAIVE) filter nothing, which is 3–5× faster on screens; this baseline is the
 * libpng path as Chromium configures it. (Where Chromium's RustyPng feature is on, the Rust png
 * crate encodes instead, at its "Balanced" setting; not measurable here.)
 */
const NAIVE_FILTERED =
  'full-resolution PNG from RGBA swapped natively, zlib level 6 with adaptive filtering (Skia SkPngEncoder defaults, what NativeImage.toPNG() asks libpng for) + Base64 + body, same run, interleaved';

export default async function run(ctx: BenchContext): Promise<void> {
  // The walking slice's figure, kept for comparison with earlier runs.
  {
    const capture = makeScreenCapture(3840, 2160, 'mixed');
    const options: PipelineOptions = { maxEdge: 2048 };
    const m = await measure(ctx, capture, options, RUNS, 'body 3840×2160 mixed');
    const input = '3840×2160 BGRA capture (mixed screen)';
    ctx.record({
      id: 'capture.body-time-4k',
      metric: `time from a ${input} to the request body: pipeline (fit 2048 px, png)`,
      unit: 'ms',
      value: m.time.pipeline,
      baseline: NAIVE,
      baselineValue: m.time.naive,
      better: 'lower',
    });
    ctx.record({
      id: 'capture.body-bytes-4k',
      metric: `request body bytes for a ${input}: pipeline (fit 2048 px, png)`,
      unit: 'bytes',
      value: m.pipelineBytes,
      baseline: NAIVE,
      baselineValue: m.naiveBytes,
      better: 'lower',
      runs: RUNS,
    });
  }
  for (const size of SIZES) {
    const results: Measured[] = [];
    for (const kind of KINDS) {
      const capture = makeScreenCapture(size.width, size.height, kind);
      const m = await measure(
        ctx,
        capture,
        OPENAI_AUTO,
        MATRIX_RUNS,
        `${size.width}×${size.height} ${kind}`,
        true,
      );
      results.push(m);
      const input = `${size.width}×${size.height} BGRA capture (${kind} screen)`;
      ctx.record({
        id: `capture.time-${size.label}-${kind}`,
        metric: `time from a ${input} to the request body: pipeline (openai preset, format auto)`,
        unit: 'ms',
        value: m.time.pipeline,
        baseline: NAIVE,
        baselineValue: m.time.naive,
        better: 'lower',
      });
      ctx.record({
        id: `capture.bytes-${size.label}-${kind}`,
        metric: `request body bytes for a ${input}: pipeline (openai preset, format auto)`,
        unit: 'bytes',
        value: m.pipelineBytes,
        baseline: NAIVE,
        baselineValue: m.naiveBytes,
        better: 'lower',
        runs: MATRIX_RUNS,
      });
    }
    const input = `${size.width}×${size.height} BGRA capture (geometric mean over text, code, photo, mixed screens)`;
    ctx.record({
      id: `capture.time-${size.label}`,
      metric: `time from a ${input} to the request body: pipeline (openai preset, format auto)`,
      unit: 'ms',
      value: geometricSpread(results.map((r) => r.time.pipeline)),
      baseline: `${NAIVE}; geometric mean over the same screens, run by run`,
      baselineValue: geometricSpread(results.map((r) => r.time.naive)),
      better: 'lower',
    });
    ctx.record({
      id: `capture.time-${size.label}-vs-filtered`,
      metric: `time from a ${input} to the request body: pipeline (openai preset, format auto)`,
      unit: 'ms',
      value: geometricSpread(results.map((r) => r.time.pipeline)),
      baseline: `${NAIVE_FILTERED}; geometric mean over the same screens, run by run`,
      baselineValue: geometricSpread(results.map((r) => r.time.filtered!)),
      better: 'lower',
    });
    ctx.record({
      id: `capture.time-${size.label}-vs-before`,
      metric: `time from a ${input} to the request body: pipeline (openai preset, format auto)`,
      unit: 'ms',
      value: geometricSpread(results.map((r) => r.time.pipeline)),
      baseline:
        'the pipeline as it was before 6a90a83 (level-6/4 PNG, no WebP; bench/capture-old-pipeline.ts), same screens, same run, interleaved; geometric mean run by run',
      baselineValue: geometricSpread(results.map((r) => r.time.before!)),
      better: 'lower',
    });
    ctx.record({
      id: `capture.bytes-${size.label}`,
      metric: `request body bytes for a ${input}: pipeline (openai preset, format auto)`,
      unit: 'bytes',
      value: Math.round(geometricMean(results.map((r) => r.pipelineBytes))),
      baseline: `${NAIVE}; geometric mean over the same screens`,
      baselineValue: Math.round(geometricMean(results.map((r) => r.naiveBytes))),
      better: 'lower',
      runs: MATRIX_RUNS,
    });
  }
  await bytesAgainstLevel9(ctx);
  await sharpTextCost(ctx);
}

/** The smaller of sharp's level-9 PNGs (adaptive filtering off and on) of the pixels sent. */
async function level9Bytes(image: PreparedImage): Promise<number> {
  const { data, info } = await sharp(image.bytes).raw().toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  const [off, on] = await Promise.all([
    sharp(data, raw).png({ compressionLevel: 9, adaptiveFiltering: false }).toBuffer(),
    sharp(data, raw).png({ compressionLevel: 9, adaptiveFiltering: true }).toBuffer(),
  ]);
  return Math.min(off.byteLength, on.byteLength);
}

/** Issue 15: bytes sent against a well-made PNG of the same pixels (deterministic: one run). */
async function bytesAgainstLevel9(ctx: BenchContext): Promise<void> {
  const variants = [
    {
      suffix: '',
      options: { preset: 'openai', format: 'webp' },
      what: 'openai preset, lossless (WebP where smaller)',
    },
    { suffix: '-png', options: { preset: 'generic', format: 'png' }, what: 'generic preset, PNG only' },
  ] as const satisfies readonly { suffix: string; options: PipelineOptions; what: string }[];
  for (const size of [SIZES[0], SIZES[2]]) {
    for (const variant of variants) {
      const sent: number[] = [];
      const level9: number[] = [];
      for (const kind of KINDS) {
        const prepared = await prepareImage(
          makeScreenCapture(size.width, size.height, kind),
          variant.options,
        );
        const reference = await level9Bytes(prepared);
        sent.push(prepared.bytes.byteLength);
        level9.push(reference);
        ctx.log(
          `level 9, ${size.label} ${kind}, ${variant.what}: ${prepared.width}×${prepared.height} ${prepared.mime} ` +
            `${kb(prepared.bytes.byteLength)} vs ${kb(reference)} (${(prepared.bytes.byteLength / reference).toFixed(3)})`,
        );
      }
      ctx.record({
        id: `capture.bytes-vs-level9-${size.label}${variant.suffix}`,
        metric:
          `image bytes sent for a ${size.width}×${size.height} capture (${variant.what}), geometric mean over ` +
          'text, code, photo, mixed screens',
        unit: 'bytes',
        value: Math.round(geometricMean(sent)),
        baseline:
          "the smaller of sharp's level-9 PNGs (adaptive filtering off, on) of the same pixels, geometric mean over the same screens",
        baselineValue: Math.round(geometricMean(level9)),
        better: 'lower',
      });
    }
  }
}

/** Sharp text at 4K: the tiles' preparation and bytes against the image's own, same run. */
async function sharpTextCost(ctx: BenchContext): Promise<void> {
  const kinds: ScreenKind[] = ['text', 'code'];
  const tileSpreads: Spread[] = [];
  const imageSpreads: Spread[] = [];
  let tileBytes = 0;
  let imageBytes = 0;
  let tiles = 0;
  for (const kind of kinds) {
    const capture = makeScreenCapture(3840, 2160, kind);
    const plan = planSharpText({ width: 3840, height: 2160 }, { ...OPENAI_AUTO, scaleFactor: 1.5 })!;
    tiles = plan.tiles.length;
    let image: PreparedImage | undefined;
    let prepared: PreparedImage[] = [];
    const spreads = await interleave(
      {
        image: async () => {
          image = await prepareImage(capture, OPENAI_AUTO);
        },
        tiles: async () => {
          prepared = [];
          for (const crop of plan.tiles) prepared.push(await prepareImage(capture, { ...OPENAI_AUTO, crop }));
        },
      },
      { runs: MATRIX_RUNS, warmup: 1 },
    );
    imageBytes += image!.dataUri.length;
    tileBytes += prepared.reduce((sum, tile) => sum + tile.dataUri.length, 0);
    imageSpreads.push(spreads.image);
    tileSpreads.push(spreads.tiles);
    ctx.log(
      `sharp text 4K ${kind}: ${plan.rows}×${plan.columns} tiles ${describeSpread(spreads.tiles, 'ms', 0)}; image ${describeSpread(spreads.image, 'ms', 0)}`,
    );
  }
  const input = `a 3840×2160 capture (text, code screens, geometric mean), OpenAI preset`;
  ctx.record({
    id: 'capture.sharp-text-time-4k',
    metric: `time to prepare the ${tiles} sharp-text tiles of ${input}`,
    unit: 'ms',
    value: geometricSpread(tileSpreads),
    baseline: 'preparing the image itself (the pipeline), same run, interleaved',
    baselineValue: geometricSpread(imageSpreads),
    better: 'lower',
  });
  ctx.record({
    id: 'capture.sharp-text-bytes-4k',
    metric: `Base64 bytes the ${tiles} sharp-text tiles add for ${input}`,
    unit: 'bytes',
    value: Math.round(tileBytes / kinds.length),
    baseline: 'the image itself (Base64), same run',
    baselineValue: Math.round(imageBytes / kinds.length),
    better: 'lower',
    runs: MATRIX_RUNS,
  });
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KB`;
}
