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
  /** Physical pixels relative to the region, left to right then top to bottom; they cover it exactly. */
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
 * The tiles for `region` (its size in physical pixels), or undefined when one image keeps its
 * smallest text legible (with `always`: when the provider keeps it whole), or when no tiling
 * within MAX_SHARP_TEXT_TILES is kept whole.
 */
export function planSharpText(region: Size, options: SharpTextOptions): SharpTextPlan | undefined {
  const { width, height } = region;
  if (width < 1 || height < 1) return undefined;
  const effective = receivedSize(width, height, options);
  const shrink = Math.min(effective.width / width, effective.height / height);
  const scaleFactor = options.scaleFactor && options.scaleFactor > 0 ? options.scaleFactor : 1;
  if (shrink >= 1) return undefined;
  if (!options.always && SMALL_TEXT_DIP * scaleFactor * shrink >= LEGIBLE_TEXT_PX) return undefined;

  const keptWhole = (w: number, h: number): boolean => {
    const received = receivedSize(w, h, options);
    return received.width === w && received.height === h;
  };
  const tokens = options.preset ? PROVIDER_PRESETS[options.preset].tokens : undefined;
  let best: { rows: number; columns: number; cost: number; squareness: number } | undefined;
  for (let rows = 1; rows <= MAX_SHARP_TEXT_TILES; rows++) {
    for (let columns = 1; rows * columns <= MAX_SHARP_TEXT_TILES; columns++) {
      if (rows * columns < 2) continue;
      // The largest tile of this grid: every other one is at most this size.
      const tileWidth = Math.ceil(width / columns);
      const tileHeight = Math.ceil(height / rows);
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
  const tiles = gridTiles(region, best.rows, best.columns);
  const plan: SharpTextPlan = { rows: best.rows, columns: best.columns, tiles, effective };
  if (tokens) plan.extraTokens = tiles.reduce((sum, t) => sum + tokens(t.width, t.height), 0);
  return plan;
}

/** `rows × columns` tiles covering `region` exactly, edges on whole pixels. */
function gridTiles(region: Size, rows: number, columns: number): Rect[] {
  const tiles: Rect[] = [];
  for (let r = 0; r < rows; r++) {
    const y = Math.round((r * region.height) / rows);
    const bottom = Math.round(((r + 1) * region.height) / rows);
    for (let c = 0; c < columns; c++) {
      const x = Math.round((c * region.width) / columns);
      const right = Math.round(((c + 1) * region.width) / columns);
      tiles.push({ x, y, width: right - x, height: bottom - y });
    }
  }
  return tiles;
}

/** The line that tells the model how the tiles after the first image fit together. */
export function sharpTextLayoutNote(rows: number, columns: number): string {
  const count = rows * columns;
  return (
    `The next ${count} images are the image above at full resolution, cut into ${rows} ` +
    `row${rows === 1 ? '' : 's'} × ${columns} column${columns === 1 ? '' : 's'}, ` +
    'left to right, then top to bottom. Read small text from them.'
  );
}
