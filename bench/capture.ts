/**
 * `npm run bench -- capture`: from a raw screen capture to the request body.
 *
 * The pipeline (crop → fit → encode → Base64 → body) against the naive path: the whole capture
 * as a full-resolution PNG with sharp's default settings, Base64, body. Both start from the same
 * BGRA capture, as desktopCapturer gives it, and both turn it into correct RGB(A) first; they
 * are timed alternately in the same process, after a warm-up, and the median is kept.
 *
 * Two families of figures:
 * - capture.body-time-4k / capture.body-bytes-4k: the walking slice's setting (fit 2048 px,
 *   PNG) on the mixed screen, kept to compare with earlier runs;
 * - capture.time-<size> / capture.bytes-<size> (issue 4): the OpenAI preset with `format: auto`
 *   (what the model reads, fewest bytes) at 1080p, 1440p, 4K and 5K, mean over four realistic
 *   screens: text (a browser page), code (an editor), a photo viewer, and editor + browser with
 *   a photo.
 * - capture.sharp-text-time-4k / capture.sharp-text-bytes-4k: what turning "sharp text" on
 *   costs for a 4K text or code screen with the OpenAI preset — preparing the six overlapping
 *   tiles against preparing the image itself, and their Base64 bytes against the image's.
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
import type { BenchContext } from './types';

const WARM_UP_RUNS = 2;
const RUNS = 9;
/** The size matrix has 16 captures up to 5K: fewer runs each keeps the group near a minute. */
const MATRIX_WARM_UP_RUNS = 1;
const MATRIX_RUNS = 5;
const REALISTIC: ScreenKind[] = ['text', 'code', 'photo', 'mixed'];
const MODEL = 'gpt-4o';
const PROMPT = 'Explain what is on my screen.';

interface CaptureCase {
  /** Id prefix and suffix: `capture.<prefix>time-<label>`. */
  prefix: 'body-' | '';
  label: string;
  warmUp: number;
  runs: number;
  width: number;
  height: number;
  /** Screens measured; figures are the mean over them. */
  kinds: ScreenKind[];
  options: PipelineOptions;
}

const OPENAI_AUTO: PipelineOptions = { preset: 'openai', format: 'auto' };
const matrix = (label: string, width: number, height: number): CaptureCase => ({
  prefix: '',
  label,
  warmUp: MATRIX_WARM_UP_RUNS,
  runs: MATRIX_RUNS,
  width,
  height,
  kinds: REALISTIC,
  options: OPENAI_AUTO,
});

const CASES: CaptureCase[] = [
  {
    prefix: 'body-',
    label: '4k',
    warmUp: WARM_UP_RUNS,
    runs: RUNS,
    width: 3840,
    height: 2160,
    kinds: ['mixed'],
    options: { maxEdge: 2048 },
  },
  matrix('1080p', 1920, 1080),
  matrix('1440p', 2560, 1440),
  matrix('4k', 3840, 2160),
  matrix('5k', 5120, 2880),
];

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

/** What an app without the pipeline sends: the whole capture as a PNG (RGBA, like NativeImage.toPNG()). */
async function naiveBody(capture: RawImage): Promise<string> {
  const { width, height } = capture;
  const bytes = await sharp(toRgba(capture), { raw: { width, height, channels: 4 } })
    .png()
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
  return buildVisionRequestBody(MODEL, PROMPT, image);
}

function toRgba(capture: RawImage): Uint8Array {
  if (capture.order === 'rgba') return capture.data;
  const rgba = new Uint8Array(capture.data.length);
  const src = capture.data;
  for (let i = 0; i < src.length; i += 4) {
    rgba[i] = src[i + 2]!;
    rgba[i + 1] = src[i + 1]!;
    rgba[i + 2] = src[i]!;
    rgba[i + 3] = src[i + 3]!;
  }
  return rgba;
}

interface Measured {
  pipelineMs: number;
  naiveMs: number;
  pipelineBytes: number;
  naiveBytes: number;
}

async function measure(ctx: BenchContext, c: CaptureCase, kind: ScreenKind): Promise<Measured> {
  const capture = makeScreenCapture(c.width, c.height, kind);
  const pipelineTimes: number[] = [];
  const naiveTimes: number[] = [];
  let pipelineBytes = 0;
  let naiveBytes = 0;
  for (let run = 0; run < c.warmUp + c.runs; run++) {
    // Alternate, so drift on a busy machine hits both sides alike.
    let started = performance.now();
    const body = await pipelineBody(capture, c.options);
    const pipelineMs = performance.now() - started;
    started = performance.now();
    const naive = await naiveBody(capture);
    const naiveMs = performance.now() - started;
    if (run < c.warmUp) continue;
    pipelineTimes.push(pipelineMs);
    naiveTimes.push(naiveMs);
    pipelineBytes = Buffer.byteLength(body);
    naiveBytes = Buffer.byteLength(naive);
  }
  const prepared = await prepareImage(capture, c.options);
  ctx.log(
    `${c.width}×${c.height} ${kind}: pipeline → ${prepared.width}×${prepared.height} ${prepared.mime}, ` +
      `${kb(pipelineBytes)} body, ${spread(pipelineTimes)}; naive → ${kb(naiveBytes)} body, ${spread(naiveTimes)}`,
  );
  return { pipelineMs: median(pipelineTimes), naiveMs: median(naiveTimes), pipelineBytes, naiveBytes };
}

export default async function run(ctx: BenchContext): Promise<void> {
  for (const c of CASES) {
    const results: Measured[] = [];
    for (const kind of c.kinds) results.push(await measure(ctx, c, kind));
    const input = `${c.width}×${c.height} BGRA capture (${c.kinds.join(', ')} screen${c.kinds.length > 1 ? 's, mean' : ''})`;
    const output = c.options.preset
      ? `${c.options.preset} preset, format ${c.options.format ?? 'png'}`
      : `fit ${c.options.maxEdge ?? 'default'} px, ${c.options.format ?? 'png'}`;
    ctx.record({
      id: `capture.${c.prefix}time-${c.label}`,
      metric: `time from a ${input} to the request body: pipeline (${output}), median of ${c.runs}`,
      unit: 'ms',
      value: round(mean(results.map((r) => r.pipelineMs))),
      baseline: `full-resolution PNG (sharp defaults) + Base64 + body, same run`,
      baselineValue: round(mean(results.map((r) => r.naiveMs))),
      better: 'lower',
    });
    ctx.record({
      id: `capture.${c.prefix}bytes-${c.label}`,
      metric: `request body bytes for a ${input}: pipeline (${output})`,
      unit: 'bytes',
      value: Math.round(mean(results.map((r) => r.pipelineBytes))),
      baseline: `full-resolution PNG (sharp defaults) + Base64 + body, same run`,
      baselineValue: Math.round(mean(results.map((r) => r.naiveBytes))),
      better: 'lower',
    });
  }
  await sharpTextCost(ctx);
}

/** Sharp text at 4K: the tiles' preparation and bytes against the image's own, same run. */
async function sharpTextCost(ctx: BenchContext): Promise<void> {
  const kinds: ScreenKind[] = ['text', 'code'];
  const tileTimes: number[] = [];
  const imageTimes: number[] = [];
  let tileBytes = 0;
  let imageBytes = 0;
  let tiles = 0;
  for (const kind of kinds) {
    const capture = makeScreenCapture(3840, 2160, kind);
    const plan = planSharpText({ width: 3840, height: 2160 }, { ...OPENAI_AUTO, scaleFactor: 1.5 })!;
    tiles = plan.tiles.length;
    const perKindTiles: number[] = [];
    const perKindImage: number[] = [];
    for (let run = 0; run < MATRIX_WARM_UP_RUNS + MATRIX_RUNS; run++) {
      let started = performance.now();
      const image = await prepareImage(capture, OPENAI_AUTO);
      const imageMs = performance.now() - started;
      started = performance.now();
      const prepared = [];
      for (const crop of plan.tiles) prepared.push(await prepareImage(capture, { ...OPENAI_AUTO, crop }));
      const tilesMs = performance.now() - started;
      if (run < MATRIX_WARM_UP_RUNS) continue;
      perKindImage.push(imageMs);
      perKindTiles.push(tilesMs);
      if (run === MATRIX_WARM_UP_RUNS) {
        imageBytes += image.dataUri.length;
        tileBytes += prepared.reduce((sum, tile) => sum + tile.dataUri.length, 0);
      }
    }
    imageTimes.push(median(perKindImage));
    tileTimes.push(median(perKindTiles));
    ctx.log(
      `sharp text 4K ${kind}: ${plan.rows}×${plan.columns} tiles ${spread(perKindTiles)}; image ${spread(perKindImage)}`,
    );
  }
  const input = `a 3840×2160 capture (text, code screens, mean), OpenAI preset`;
  ctx.record({
    id: 'capture.sharp-text-time-4k',
    metric: `time to prepare the ${tiles} sharp-text tiles of ${input}, median of ${MATRIX_RUNS}`,
    unit: 'ms',
    value: round(mean(tileTimes)),
    baseline: 'preparing the image itself (the pipeline), same run',
    baselineValue: round(mean(imageTimes)),
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
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function spread(times: number[]): string {
  return `median ${median(times).toFixed(0)} ms (${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)})`;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KB`;
}
