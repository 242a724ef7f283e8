/**
 * "Sharp text": when the provider's own scaling would shrink a region's text below what a model
 * reads reliably, the region is also sent as tiles that the provider keeps whole, so every
 * pixel of the text reaches the model. Off by default (it costs tokens); the panel offers it.
 *
 * The request then carries the region once at the usual size (the model sees the layout), a
 * line saying how the tiles are laid out, and the tiles left to right, top to bottom.
 */
import { candidateSizes, type PipelineOptions, type Rect } from './pipeline';
import { PROVIDER_PRESETS, type Size } from './presets';

/**
 * Height in DIP of the smallest text a screen commonly shows (menus, captions, code at 12 px).
 * Physical pixels = this × the display's scale factor.
 */
export const SMALL_TEXT_DIP = 12;
/**
 * Below this height in pixels, as the model receives it, small text starts to be misread
 * (12 px text shrunk by a quarter). A heuristic from reading tests, not a provider figure.
 */
export const LEGIBLE_TEXT_PX = 9;
/** More tiles than this: the region is too large to be worth it; selecting less is better. */
export const MAX_SHARP_TEXT_TILES = 12;

export interface SharpTextPlan {
  rows: number;
  columns: number;
  /**
   * Physical pixels relative to the region, left to right then top to bottom, all one size; they
   * cover it, neighbours overlapping by at least tileOverlap(scaleFactor).
   */
  tiles: Rect[];
  /** What the provider makes of the region sent as one image. */
  effective: Size;
  /** Tokens the tiles add on top of the single image, where the provider documents its cost. */
  extraTokens?: number;
}

export interface SharpTextOptions extends Pick<PipelineOptions, 'preset' | 'maxEdge'> {
  /** Physical pixels per DIP of the display the region was captured from; 1 when unknown. */
  scaleFactor?: number;
  /** Tile whenever the provider would shrink the region at all (the user asked: CLI --sharp-text). */
  always?: boolean;
}

/** The size the model receives a `width × height` image at, with these limits (as the pipeline sizes it). */
export function receivedSize(width: number, height: number, options: SharpTextOptions): Size {
  return candidateSizes(width, height, options)[0] ?? { width, height };
}

/**
 * How much neighbouring tiles overlap: two lines of small text, so a line cut by one tile's edge
 * is whole in the other.
 */
export function tileOverlap(scaleFactor = 1): number {
  return Math.round(2 * SMALL_TEXT_DIP * (scaleFactor > 0 ? scaleFactor : 1));
}

/**
 * The tiles for `region` (its size in physical pixels), or undefined when one image keeps its
 * smallest text legible (with `always`: when the provider keeps it whole), when the provider
 * takes too few images per request, or when no tiling within MAX_SHARP_TEXT_TILES is kept whole.
 */
export function planSharpText(region: Size, options: SharpTextOptions): SharpTextPlan | undefined {
  const { width, height } = region;
  if (width < 1 || height < 1) return undefined;
  const effective = receivedSize(width, height, options);
  const shrink = Math.min(effective.width / width, effective.height / height);
  const scaleFactor = options.scaleFactor && options.scaleFactor > 0 ? options.scaleFactor : 1;
  if (shrink >= 1) return undefined;
  if (!options.always && SMALL_TEXT_DIP * scaleFactor * shrink >= LEGIBLE_TEXT_PX) return undefined;

  const preset = PROVIDER_PRESETS[options.preset ?? 'generic'];
  // The image itself is one of the request's images.
  const maxTiles = Math.min(MAX_SHARP_TEXT_TILES, preset.maxImagesPerRequest - 1);
  const overlap = tileOverlap(scaleFactor);
  const keptWhole = (w: number, h: number): boolean => {
    const received = receivedSize(w, h, options);
    return received.width === w && received.height === h;
  };
  const tokens = options.preset ? preset.tokens : undefined;
  let best: { rows: number; columns: number; cost: number; squareness: number } | undefined;
  for (let rows = 1; rows <= maxTiles; rows++) {
    for (let columns = 1; rows * columns <= maxTiles; columns++) {
      if (rows * columns < 2) continue;
      const tileWidth = tileEdge(width, columns, overlap);
      const tileHeight = tileEdge(height, rows, overlap);
      if (!keptWhole(tileWidth, tileHeight)) continue;
      // Fewest tiles first; then the cheapest; then tiles closest to square (text lines cut least).
      const cost = tokens ? rows * columns * tokens(tileWidth, tileHeight) : 0;
      const squareness = Math.abs(Math.log(tileWidth / tileHeight));
      const better =
        !best ||
        rows * columns < best.rows * best.columns ||
        (rows * columns === best.rows * best.columns &&
          (cost < best.cost || (cost === best.cost && squareness < best.squareness)));
      if (better) best = { rows, columns, cost, squareness };
    }
  }
  if (!best) return undefined;
  const tiles = gridTiles(region, best.rows, best.columns, overlap);
  const plan: SharpTextPlan = { rows: best.rows, columns: best.columns, tiles, effective };
  if (tokens) plan.extraTokens = tiles.reduce((sum, t) => sum + tokens(t.width, t.height), 0);
  return plan;
}

/** One tile's edge when `count` tiles, overlapping by at least `overlap`, span `length`. */
function tileEdge(length: number, count: number, overlap: number): number {
  return count === 1 ? length : Math.min(length, Math.ceil((length + (count - 1) * overlap) / count));
}

/** Where the `count` tiles of `edge` start along `length`: evenly spread, the last ending at the end. */
function tileStarts(length: number, count: number, edge: number): number[] {
  if (count === 1) return [0];
  return Array.from({ length: count }, (_, i) => Math.round((i * (length - edge)) / (count - 1)));
}

/** `rows × columns` tiles of one size covering `region`, neighbours overlapping by at least `overlap`. */
function gridTiles(region: Size, rows: number, columns: number, overlap: number): Rect[] {
  const width = tileEdge(region.width, columns, overlap);
  const height = tileEdge(region.height, rows, overlap);
  const xs = tileStarts(region.width, columns, width);
  const tiles: Rect[] = [];
  for (const y of tileStarts(region.height, rows, height))
    for (const x of xs) tiles.push({ x, y, width, height });
  return tiles;
}

/** The line that tells the model how the tiles after the first image fit together. */
export function sharpTextLayoutNote(rows: number, columns: number): string {
  const count = rows * columns;
  return (
    `The next ${count} images are the image above at full resolution, cut into ${rows} ` +
    `row${rows === 1 ? '' : 's'} × ${columns} column${columns === 1 ? '' : 's'} that overlap ` +
    'slightly, left to right, then top to bottom. Read small text from them.'
  );
}
