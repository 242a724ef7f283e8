/**
 * Finds where the text is on a screen, cheaply, so that OCR reads only those lines (and can
 * read the ones in the selection first). Pure JavaScript over a greyscale image of ~1× scale:
 *
 * 1. ink: pixels with a strong step to their right or lower neighbour (glyph edges; flat UI
 *    backgrounds, gradients and borders of one pixel width mostly drop out);
 * 2. run-length smearing: ink pixels on a row closer than `gap` are joined, so letters become
 *    words and words become lines (a wide column gap keeps columns apart);
 * 3. connected components of the smeared mask (union-find over runs), then boxes that share a
 *    line (vertical overlap) and sit close together are merged; accents and i-dots join their
 *    line.
 *
 * What comes out is a list of line boxes, in reading order. Tall components (photos, big
 * icons) are kept too, flagged as blocks: OCR reads them as sparse text rather than one line,
 * so text inside an image is not lost.
 */
import type { Box } from './types';

export interface GreyImage {
  /** One byte per pixel, row-major. */
  data: Uint8Array;
  width: number;
  height: number;
}

export interface TextRegion {
  box: Box;
  /** A region too tall to be one line of UI text (an image, a large glyph, a dense block). */
  block: boolean;
}

export interface FindTextOptions {
  /** Contrast step that counts as a glyph edge (0–255). */
  edge?: number;
  /** Ink closer than this on a row is joined (pixels at ~1×): word gaps are ~3–6 px. */
  gap?: number;
  /** Taller than this (pixels at ~1×) is a block, not a line. */
  maxLineHeight?: number;
  /** A straight edge at least this long (pixels at ~1×) is a UI rule or border, not a glyph. */
  rule?: number;
}

class UnionFind {
  readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(a: number): number {
    const p = this.parent;
    while (p[a] !== a) {
      p[a] = p[p[a]!]!;
      a = p[a]!;
    }
    return a;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/**
 * Glyph-edge pixels, without the long straight edges of panels, fields, rules and tiles: a run
 * of edge pixels longer than `rule` along a row or a column is UI, not a glyph (no letter has a
 * stroke that long at ~1×), and joining through it would merge whole panels into one region.
 */
function inkMask(image: GreyImage, edge: number, rule: number): Uint8Array {
  const { data, width, height } = image;
  const ink = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const below = y + 1 < height ? row + width : row;
    for (let x = 0; x < width; x++) {
      const v = data[row + x]!;
      const right = x + 1 < width ? data[row + x + 1]! : v;
      const down = data[below + x]!;
      if (Math.abs(v - right) >= edge || Math.abs(v - down) >= edge) ink[row + x] = 1;
    }
  }
  const rules = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let start = -1;
    for (let x = 0; x <= width; x++) {
      if (x < width && ink[row + x]) {
        if (start < 0) start = x;
      } else if (start >= 0) {
        if (x - start >= rule) rules.fill(1, row + start, row + x);
        start = -1;
      }
    }
  }
  for (let x = 0; x < width; x++) {
    let start = -1;
    for (let y = 0; y <= height; y++) {
      if (y < height && ink[y * width + x]) {
        if (start < 0) start = y;
      } else if (start >= 0) {
        if (y - start >= rule) for (let k = start; k < y; k++) rules[k * width + x] = 1;
        start = -1;
      }
    }
  }
  for (let i = 0; i < ink.length; i++) if (rules[i]) ink[i] = 0;
  return ink;
}

/** Boxes (x0,y0,x1,y1 exclusive) of the smeared ink's connected components. */
function components(image: GreyImage, edge: number, gap: number, rule: number): number[][] {
  const { width, height } = image;
  const mask = inkMask(image, edge, rule);
  // Runs per row after smearing: [start, end) pairs and their ids.
  const runStart: number[] = [];
  const runEnd: number[] = [];
  const runRow: number[] = [];
  const rowFirst = new Int32Array(height + 1);
  for (let y = 0; y < height; y++) {
    rowFirst[y] = runStart.length;
    const row = y * width;
    let open = -1;
    let last = -1;
    for (let x = 0; x < width; x++) {
      if (!mask[row + x]) continue;
      if (open >= 0 && x - last <= gap) {
        last = x;
        continue;
      }
      if (open >= 0) {
        runStart.push(open);
        runEnd.push(last + 2);
        runRow.push(y);
      }
      open = x;
      last = x;
    }
    if (open >= 0) {
      runStart.push(open);
      runEnd.push(Math.min(width, last + 2));
      runRow.push(y);
    }
  }
  rowFirst[height] = runStart.length;
  const uf = new UnionFind(runStart.length);
  for (let y = 1; y < height; y++) {
    let a = rowFirst[y - 1]!;
    const aEnd = rowFirst[y]!;
    let b = rowFirst[y]!;
    const bEnd = rowFirst[y + 1]!;
    while (a < aEnd && b < bEnd) {
      // 8-connected: runs touching or diagonal.
      if (runStart[a]! <= runEnd[b]! && runStart[b]! <= runEnd[a]!) uf.union(a, b);
      if (runEnd[a]! < runEnd[b]!) a++;
      else b++;
    }
  }
  const boxes = new Map<number, number[]>();
  for (let i = 0; i < runStart.length; i++) {
    const root = uf.find(i);
    const box = boxes.get(root);
    const y = runRow[i]!;
    if (!box) boxes.set(root, [runStart[i]!, y, runEnd[i]!, y + 1]);
    else {
      box[0] = Math.min(box[0]!, runStart[i]!);
      box[1] = Math.min(box[1]!, y);
      box[2] = Math.max(box[2]!, runEnd[i]!);
      box[3] = Math.max(box[3]!, y + 1);
    }
  }
  return [...boxes.values()];
}

/** Merges boxes that sit on one line (or are a line's accents and dots) until nothing changes. */
function mergeLines(boxes: number[][], gap: number): number[][] {
  let list = boxes.map((b) => [...b]);
  let changed = true;
  while (changed) {
    changed = false;
    list.sort((a, b) => a[1]! - b[1]! || a[0]! - b[0]!);
    const out: number[][] = [];
    for (const box of list) {
      let merged = false;
      for (const other of out) {
        const overlapY = Math.min(box[3]!, other[3]!) - Math.max(box[1]!, other[1]!);
        const hA = box[3]! - box[1]!;
        const hB = other[3]! - other[1]!;
        const gapX = Math.max(box[0]!, other[0]!) - Math.min(box[2]!, other[2]!);
        const small = Math.min(hA, hB);
        // Same line: most of the smaller one's height is shared, and close on the row.
        const sameLine = overlapY >= 0.5 * small && gapX <= Math.max(gap, 0.8 * Math.max(hA, hB));
        // A dot or accent: small, just above or inside the line's span horizontally.
        const mark =
          small <= 4 &&
          gapX <= 0 &&
          (hA <= 4
            ? box[3]! >= other[1]! - 3 && box[1]! <= other[3]!
            : other[3]! >= box[1]! - 3 && other[1]! <= box[3]!);
        if (sameLine || mark) {
          other[0] = Math.min(other[0]!, box[0]!);
          other[1] = Math.min(other[1]!, box[1]!);
          other[2] = Math.max(other[2]!, box[2]!);
          other[3] = Math.max(other[3]!, box[3]!);
          merged = true;
          changed = true;
          break;
        }
      }
      if (!merged) out.push(box);
    }
    list = out;
  }
  return list;
}

/** Text-line regions of a greyscale image (boxes in its pixels), top to bottom, left to right. */
export function findTextRegions(image: GreyImage, options: FindTextOptions = {}): TextRegion[] {
  const edge = options.edge ?? 48;
  const gap = options.gap ?? 7;
  const maxLine = options.maxLineHeight ?? 48;
  const raw = components(image, edge, gap, options.rule ?? 40).filter((b) => {
    const w = b[2]! - b[0]!;
    const h = b[3]! - b[1]!;
    // Specks and one-pixel rules are not text.
    return !(w <= 2 && h <= 2) && h >= 3 && !(h <= 2 && w > 20);
  });
  const lines = mergeLines(raw, gap).filter((b) => b[3]! - b[1]! >= 5 && b[2]! - b[0]! >= 4);
  lines.sort((a, b) => a[1]! - b[1]! || a[0]! - b[0]!);
  return lines.map((b) => ({
    box: { x: b[0]!, y: b[1]!, width: b[2]! - b[0]!, height: b[3]! - b[1]! },
    block: b[3]! - b[1]! > maxLine,
  }));
}
