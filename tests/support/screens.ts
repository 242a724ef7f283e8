/**
 * Deterministic, screen-like raw captures for tests and benchmarks: the same bytes on every run
 * and machine. Captures come in desktopCapturer's own layout (BGRA, opaque), so the pipeline
 * is fed what the app feeds it.
 *
 * Text is drawn as anti-aliased glyph-like strokes, not real letters (real text needs a
 * browser): what matters for the pipeline is how it compresses and resamples — thin strokes
 * with grey edges on flat backgrounds, a few syntax colours, and photo-like noise.
 */

/** The pipeline's own types: the browser tests' project compiles electron/core too. */
import type { RawImage, Rect } from '../../electron/core/image';
export type { RawImage, Rect };

export type ScreenKind = 'text' | 'code' | 'photo' | 'mixed';

export interface ScreenOptions {
  /** Device pixels per UI pixel. Default: 2 for displays 3000 px wide or more (a 4K/5K HiDPI screen), else 1. */
  scale?: number;
  /** Changes the content, not its style. Default 1. */
  seed?: number;
}

/** A 0xRRGGBB colour. */
export type Rgb = number;

/** A BGRA (or RGBA) capture filled with one colour. */
export function makeSolidCapture(
  width: number,
  height: number,
  rgb: Rgb,
  order: RawImage['order'] = 'bgra',
): RawImage {
  const image: RawImage = { data: new Uint8Array(width * height * 4), width, height, channels: 4, order };
  fillRect(image, { x: 0, y: 0, width, height }, rgb);
  return image;
}

/** Paints an opaque rectangle (clipped to the image) in the image's own channel order. */
export function fillRect(image: RawImage, rect: Rect, rgb: Rgb): void {
  const x0 = Math.max(0, Math.round(rect.x));
  const y0 = Math.max(0, Math.round(rect.y));
  const x1 = Math.min(image.width, Math.round(rect.x + rect.width));
  const y1 = Math.min(image.height, Math.round(rect.y + rect.height));
  if (x1 <= x0 || y1 <= y0) return;
  const [c0, c1, c2] = channelsOf(rgb, image.order);
  const { data } = image;
  for (let y = y0; y < y1; y++) {
    let i = (y * image.width + x0) * 4;
    for (let x = x0; x < x1; x++, i += 4) {
      data[i] = c0;
      data[i + 1] = c1;
      data[i + 2] = c2;
      data[i + 3] = 255;
    }
  }
}

/** The pixel at (x, y) as 0xRRGGBB, whatever the image's order. */
export function pixelAt(image: RawImage, x: number, y: number): Rgb {
  const i = (y * image.width + x) * 4;
  const first = image.data[i] ?? 0;
  const g = image.data[i + 1] ?? 0;
  const third = image.data[i + 2] ?? 0;
  const [r, b] = image.order === 'bgra' ? [third, first] : [first, third];
  return ((r << 16) | (g << 8) | b) >>> 0;
}

/**
 * A full screen of realistic-ish content, `width × height` physical pixels, BGRA like
 * `NativeImage.toBitmap()`:
 * - `text`: a light browser window with a sidebar and paragraphs of body text;
 * - `code`: a dark editor with file tree, line numbers, syntax colours, minimap, status bar;
 * - `photo`: a full-screen photo viewer (smooth colour fields, fine noise);
 * - `mixed`: an editor and a browser side by side, the browser page showing text and a photo,
 *   over a taskbar.
 */
export function makeScreenCapture(
  width: number,
  height: number,
  kind: ScreenKind,
  options: ScreenOptions = {},
): RawImage {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`makeScreenCapture: bad size ${width}×${height}`);
  }
  const scale = options.scale ?? (width >= 3000 ? 2 : 1);
  const canvas = new Canvas(width, height, scale, options.seed ?? 1);
  const full: Rect = { x: 0, y: 0, width, height };
  switch (kind) {
    case 'text':
      canvas.browser(full, false);
      break;
    case 'code':
      canvas.editor(full);
      break;
    case 'photo':
      canvas.photoViewer(full);
      break;
    case 'mixed': {
      const taskbar = Math.min(height, 48 * scale);
      const desk = height - taskbar;
      const split = Math.round(width * 0.55);
      canvas.editor({ x: 0, y: 0, width: split, height: desk });
      canvas.browser({ x: split, y: 0, width: width - split, height: desk }, true);
      canvas.taskbar({ x: 0, y: desk, width, height: taskbar });
      break;
    }
  }
  return { data: canvas.bytes, width, height, channels: 4, order: 'bgra' };
}

function channelsOf(rgb: Rgb, order: RawImage['order']): [number, number, number] {
  const r = (rgb >>> 16) & 255;
  const g = (rgb >>> 8) & 255;
  const b = rgb & 255;
  return order === 'bgra' ? [b, g, r] : [r, g, b];
}

/** mulberry32: small, fast, and the same everywhere. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One glyph: a coverage mask (0–255), `width × height`, baseline-aligned in its cell. */
interface Glyph {
  width: number;
  height: number;
  coverage: Uint8Array;
}

type Stroke = [x0: number, y0: number, x1: number, y1: number];

/** Glyph design grid (UI pixels): 7 wide, 16 tall; x-height 5–11, baseline 11, ascender 2, descender 14. */
const GLYPH_W = 7;
const GLYPH_H = 16;
const LINE = 22;

/**
 * Letter-like shapes: stems, bowls (as boxes), bars and diagonals between the grid's lines, drawn
 * 1.3 UI px thick with 4×4 supersampling, so the edges have the grey levels real anti-aliased
 * text has.
 */
function makeGlyphs(scale: number, count: number, seed: number): Glyph[] {
  const rnd = prng(seed * 7919);
  const X = 5;
  const B = 11;
  const glyphs: Glyph[] = [];
  for (let n = 0; n < count; n++) {
    const strokes: Stroke[] = [];
    const left = 1;
    const right = 5;
    const tall = rnd() < 0.3;
    const deep = !tall && rnd() < 0.15;
    const top = tall ? 2 : X;
    const bottom = deep ? 14 : B;
    const shape = Math.floor(rnd() * 6);
    if (shape === 0 || shape === 1) {
      // n, h, b, d, p, q: a stem and a bowl.
      const stemX = shape === 0 ? left : right;
      strokes.push([stemX, top, stemX, bottom]);
      strokes.push(
        [left, X, right, X],
        [left, B, right, B],
        [shape === 0 ? right : left, X, shape === 0 ? right : left, B],
      );
    } else if (shape === 2) {
      // o, c, e
      strokes.push([left, X, right, X], [left, B, right, B], [left, X, left, B]);
      if (rnd() < 0.6) strokes.push([right, X, right, B]);
      if (rnd() < 0.5) strokes.push([left, 8, right, 8]);
    } else if (shape === 3) {
      // v, w, x, y, k
      strokes.push([left, top, 3, bottom], [3, bottom, right, X]);
      if (rnd() < 0.4) strokes.push([left, B, right, X]);
    } else if (shape === 4) {
      // i, l, t, f, j, with a dot or a bar
      strokes.push([3, top, 3, bottom]);
      if (!tall) strokes.push([3, 3, 3, 3.4]);
      else strokes.push([1.5, X, 4.5, X]);
    } else {
      // s, z, r, a
      strokes.push([left, X, right, X], [right, X, left, B], [left, B, right, B]);
    }
    glyphs.push(rasterise(strokes, scale));
  }
  return glyphs;
}

function rasterise(strokes: Stroke[], scale: number): Glyph {
  const width = Math.round(GLYPH_W * scale);
  const height = Math.round(GLYPH_H * scale);
  const coverage = new Uint8Array(width * height);
  const half = 0.65;
  const sub = 4;
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      let inside = 0;
      for (let sy = 0; sy < sub; sy++) {
        for (let sx = 0; sx < sub; sx++) {
          const x = (px + (sx + 0.5) / sub) / scale;
          const y = (py + (sy + 0.5) / sub) / scale;
          for (const [x0, y0, x1, y1] of strokes) {
            if (distanceToSegment(x, y, x0, y0, x1, y1) <= half) {
              inside++;
              break;
            }
          }
        }
      }
      coverage[py * width + px] = Math.round((inside * 255) / (sub * sub));
    }
  }
  return { width, height, coverage };
}

function distanceToSegment(x: number, y: number, x0: number, y0: number, x1: number, y1: number): number {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / len2));
  return Math.hypot(x - (x0 + t * dx), y - (y0 + t * dy));
}

/** Draws into a BGRA buffer through a 32-bit view (one store per pixel for flat fills). */
class Canvas {
  readonly bytes: Uint8Array;
  readonly #words: Uint32Array;
  readonly #glyphs: Glyph[];
  readonly #rnd: () => number;

  constructor(
    readonly width: number,
    readonly height: number,
    readonly scale: number,
    seed: number,
  ) {
    this.bytes = new Uint8Array(width * height * 4);
    this.#words = new Uint32Array(this.bytes.buffer);
    this.#glyphs = makeGlyphs(scale, 40, 1);
    this.#rnd = prng(seed);
  }

  /** A UI length in device pixels. */
  px(ui: number): number {
    return Math.round(ui * this.scale);
  }

  rect(rect: Rect, rgb: Rgb): void {
    const x0 = Math.max(0, Math.round(rect.x));
    const y0 = Math.max(0, Math.round(rect.y));
    const x1 = Math.min(this.width, Math.round(rect.x + rect.width));
    const y1 = Math.min(this.height, Math.round(rect.y + rect.height));
    if (x1 <= x0 || y1 <= y0) return;
    // Little-endian words: bytes B, G, R, A.
    const word = (0xff000000 | (rgb & 0xffffff)) >>> 0;
    for (let y = y0; y < y1; y++) this.#words.fill(word, y * this.width + x0, y * this.width + x1);
  }

  /**
   * Words of glyphs from (x, baseline-cell top y) up to `maxWidth`; returns the x after the last
   * glyph. `colours` are picked per word.
   */
  words(
    x: number,
    y: number,
    maxWidth: number,
    colours: readonly Rgb[],
    background: Rgb,
    wordsMax = 1e9,
  ): number {
    const end = x + maxWidth;
    let cx = x;
    let count = 0;
    const advance = this.px(GLYPH_W + 1);
    while (count < wordsMax) {
      const letters = 2 + Math.floor(this.#rnd() * 8);
      if (cx + letters * advance > end) break;
      const colour = colours[Math.floor(this.#rnd() * colours.length)] ?? 0;
      for (let n = 0; n < letters; n++) {
        const glyph = this.#glyphs[Math.floor(this.#rnd() * this.#glyphs.length)];
        if (glyph) this.glyph(glyph, cx, y, colour, background);
        cx += advance;
      }
      cx += this.px(5);
      count++;
    }
    return cx;
  }

  glyph(glyph: Glyph, x: number, y: number, rgb: Rgb, background: Rgb): void {
    const fr = (rgb >>> 16) & 255;
    const fg = (rgb >>> 8) & 255;
    const fb = rgb & 255;
    const br = (background >>> 16) & 255;
    const bg = (background >>> 8) & 255;
    const bb = background & 255;
    const data = this.bytes;
    for (let gy = 0; gy < glyph.height; gy++) {
      const py = y + gy;
      if (py < 0 || py >= this.height) continue;
      for (let gx = 0; gx < glyph.width; gx++) {
        const px = x + gx;
        if (px < 0 || px >= this.width) continue;
        const a = glyph.coverage[gy * glyph.width + gx] ?? 0;
        if (a === 0) continue;
        const i = (py * this.width + px) * 4;
        data[i] = (bb * (255 - a) + fb * a + 127) / 255;
        data[i + 1] = (bg * (255 - a) + fg * a + 127) / 255;
        data[i + 2] = (br * (255 - a) + fr * a + 127) / 255;
      }
    }
  }

  /**
   * A photo-like area: four octaves of smooth colour noise (interpolated per row, then per
   * pixel, to stay fast at 5K), a light vignette, and sensor grain.
   */
  photo(rect: Rect): void {
    const x0 = Math.max(0, Math.round(rect.x));
    const y0 = Math.max(0, Math.round(rect.y));
    const x1 = Math.min(this.width, Math.round(rect.x + rect.width));
    const y1 = Math.min(this.height, Math.round(rect.y + rect.height));
    if (x1 <= x0 || y1 <= y0) return;
    const w = x1 - x0;
    const octaves = [
      { cell: 260 * this.scale, amp: 0.55 },
      { cell: 70 * this.scale, amp: 0.25 },
      { cell: 17 * this.scale, amp: 0.13 },
      { cell: 5 * this.scale, amp: 0.07 },
    ].map(({ cell, amp }) => {
      const cols = Math.ceil(w / cell) + 2;
      const rows = Math.ceil((y1 - y0) / cell) + 2;
      const grid = new Float32Array(cols * rows * 3);
      for (let k = 0; k < grid.length; k++) grid[k] = this.#rnd() * amp;
      // Per column: the grid cell on the left and the smoothstep weight of the right one.
      const left = new Int32Array(w);
      const weight = new Float32Array(w);
      for (let x = 0; x < w; x++) {
        const g = x / cell;
        const t = g - Math.floor(g);
        left[x] = Math.floor(g);
        weight[x] = t * t * (3 - 2 * t);
      }
      return { cell, cols, grid, left, weight, row: new Float32Array(cols * 3) };
    });
    const sum = new Float32Array(w * 3);
    let grain = (Math.floor(this.#rnd() * 0xffffffff) | 1) >>> 0;
    const data = this.bytes;
    const cx = (w - 1) / 2;
    const cy = (y1 - y0 - 1) / 2;
    const r2 = cx * cx + cy * cy || 1;
    for (let y = y0; y < y1; y++) {
      sum.fill(0);
      for (const o of octaves) {
        const g = (y - y0) / o.cell;
        const iy = Math.floor(g);
        const t = g - iy;
        const ty = t * t * (3 - 2 * t);
        // This row's colour at every grid column, then across the row.
        for (let k = 0; k < o.cols * 3; k++) {
          const top = o.grid[iy * o.cols * 3 + k] ?? 0;
          const bottom = o.grid[(iy + 1) * o.cols * 3 + k] ?? 0;
          o.row[k] = top + (bottom - top) * ty;
        }
        for (let x = 0; x < w; x++) {
          const k = (o.left[x] ?? 0) * 3;
          const tx = o.weight[x] ?? 0;
          for (let c = 0; c < 3; c++) {
            const a = o.row[k + c] ?? 0;
            const b = o.row[k + 3 + c] ?? 0;
            sum[x * 3 + c] = (sum[x * 3 + c] ?? 0) + a + (b - a) * tx;
          }
        }
      }
      const dy2 = (y - y0 - cy) ** 2;
      let i = (y * this.width + x0) * 4;
      for (let x = 0; x < w; x++, i += 4) {
        const vignette = 1 - 0.35 * (((x - cx) ** 2 + dy2) / r2);
        grain ^= grain << 13;
        grain ^= grain >>> 17;
        grain ^= grain << 5;
        const noise = ((grain >>> 0) % 13) - 6;
        // Warm, landscape-like tint: more red and green than blue. Bytes are B, G, R, A.
        data[i] = clamp((sum[x * 3 + 2] ?? 0) * 190 * vignette + 30 + noise);
        data[i + 1] = clamp((sum[x * 3 + 1] ?? 0) * 220 * vignette + 20 + noise);
        data[i + 2] = clamp((sum[x * 3] ?? 0) * 240 * vignette + 15 + noise);
        data[i + 3] = 255;
      }
    }
  }

  /** A dark code editor filling `area`. */
  editor(area: Rect): void {
    const { x, y, width, height } = area;
    const bg = 0x1e1e1e;
    const activity = this.px(48);
    const side = Math.min(this.px(240), Math.round(width * 0.2));
    const tabs = this.px(35);
    const status = this.px(22);
    const minimap = Math.min(this.px(90), Math.round(width * 0.08));
    const line = this.px(LINE - 3);
    this.rect(area, bg);
    this.rect({ x, y, width: activity, height }, 0x333333);
    for (let k = 0; k < 5; k++) {
      this.rect(
        { x: x + this.px(12), y: y + this.px(14 + k * 48), width: this.px(24), height: this.px(24) },
        k === 0 ? 0xd7d7d7 : 0x858585,
      );
    }
    // File tree.
    this.rect({ x: x + activity, y, width: side, height }, 0x252526);
    for (let row = 0, ty = y + this.px(40); ty + line < y + height - status; row++, ty += line) {
      const indent = this.px(12 + 10 * Math.floor(this.#rnd() * 3));
      if (row === 3) this.rect({ x: x + activity, y: ty - this.px(2), width: side, height: line }, 0x37373d);
      this.words(
        x + activity + indent,
        ty,
        side - indent - this.px(8),
        [0xcccccc],
        row === 3 ? 0x37373d : 0x252526,
        2,
      );
    }
    // Tabs.
    const cx = x + activity + side;
    const cw = width - activity - side;
    this.rect({ x: cx, y, width: cw, height: tabs }, 0x2d2d2d);
    for (let k = 0, tx = cx; k < 4 && tx < cx + cw; k++) {
      const tw = this.px(150);
      this.rect({ x: tx, y, width: tw, height: tabs }, k === 0 ? bg : 0x2d2d2d);
      this.words(
        tx + this.px(12),
        y + this.px(9),
        tw - this.px(24),
        [k === 0 ? 0xffffff : 0x969696],
        k === 0 ? bg : 0x2d2d2d,
        2,
      );
      tx += tw + this.px(1);
    }
    // Code with a gutter and a current-line highlight.
    const gutter = this.px(60);
    const codeRight = cx + cw - minimap;
    const syntax = [0x569cd6, 0x9cdcfe, 0xce9178, 0xdcdcaa, 0x4ec9b0, 0xd4d4d4, 0xd4d4d4, 0xc586c0];
    let indent = 0;
    for (let row = 1, ty = y + tabs + this.px(6); ty + line < y + height - status; row++, ty += line) {
      const lineBg = row === 12 ? 0x2a2d2e : bg;
      if (lineBg !== bg) this.rect({ x: cx, y: ty - this.px(2), width: cw - minimap, height: line }, lineBg);
      this.words(cx + this.px(16), ty, gutter - this.px(20), [row === 12 ? 0xc6c6c6 : 0x858585], lineBg, 1);
      const r = this.#rnd();
      if (r < 0.12) continue; // blank line
      indent = Math.max(0, Math.min(4, indent + (r < 0.3 ? 1 : r < 0.45 ? -1 : 0)));
      const start = cx + gutter + this.px(8 + indent * 32);
      const comment = this.#rnd() < 0.1;
      const span = Math.round((codeRight - start) * (0.3 + this.#rnd() * 0.5));
      this.words(start, ty, Math.max(0, span), comment ? [0x6a9955] : syntax, lineBg);
    }
    // Minimap: the code again, in tiny blocks.
    const mx = codeRight;
    this.rect({ x: mx, y: y + tabs, width: minimap, height: height - tabs - status }, 0x1e1e1e);
    for (let my = y + tabs + this.px(4); my < y + height - status - this.px(3); my += this.px(3)) {
      const w = Math.floor(this.#rnd() * (minimap - this.px(20)));
      const colour = syntax[Math.floor(this.#rnd() * syntax.length)] ?? 0;
      this.rect(
        { x: mx + this.px(6), y: my, width: w, height: this.px(2) },
        ((colour >>> 1) & 0x7f7f7f) + 0x101010,
      );
    }
    // Status bar.
    this.rect({ x, y: y + height - status, width, height: status }, 0x007acc);
    this.words(x + this.px(10), y + height - status + this.px(3), width / 2, [0xffffff], 0x007acc, 6);
  }

  /** A light browser window filling `area`: tabs, address bar, sidebar, article (optionally a photo). */
  browser(area: Rect, withPhoto: boolean): void {
    const { x, y, width, height } = area;
    const chrome = this.px(40);
    const address = this.px(36);
    this.rect(area, 0xffffff);
    this.rect({ x, y, width, height: chrome }, 0xdee1e6);
    this.rect(
      { x: x + this.px(8), y: y + this.px(6), width: this.px(220), height: chrome - this.px(6) },
      0xffffff,
    );
    this.words(x + this.px(20), y + this.px(12), this.px(190), [0x3c4043], 0xffffff, 3);
    this.rect({ x, y: y + chrome, width, height: address }, 0xffffff);
    this.rect(
      { x: x + this.px(90), y: y + chrome + this.px(5), width: width - this.px(140), height: this.px(26) },
      0xf1f3f4,
    );
    this.words(x + this.px(104), y + chrome + this.px(9), width / 3, [0x5f6368], 0xf1f3f4, 4);
    this.rect({ x, y: y + chrome + address - this.px(1), width, height: this.px(1) }, 0xdadce0);

    const top = y + chrome + address;
    const side = Math.min(this.px(240), Math.round(width * 0.22));
    this.rect({ x, y: top, width: side, height: height - chrome - address }, 0xf8f9fa);
    for (let ty = top + this.px(20); ty + this.px(LINE) < y + height; ty += this.px(30)) {
      this.words(x + this.px(20), ty, side - this.px(30), [0x3c4043], 0xf8f9fa, 2);
    }

    const left = x + side + this.px(40);
    const column = Math.min(this.px(760), x + width - left - this.px(30));
    const bottom = y + height;
    let ty = top + this.px(28);
    // A heading, darker and in its own line.
    this.words(left, ty, column * 0.7, [0x202124], 0xffffff, 4);
    ty += this.px(44);
    let paragraph = 0;
    while (ty + this.px(LINE) < bottom) {
      if (withPhoto && paragraph === 1) {
        const ph = Math.min(Math.round(column * 0.5), bottom - ty - this.px(10));
        this.photo({ x: left, y: ty, width: column, height: ph });
        ty += ph + this.px(20);
        paragraph++;
        continue;
      }
      const lines = 3 + Math.floor(this.#rnd() * 5);
      for (let l = 0; l < lines && ty + this.px(LINE) < bottom; l++) {
        const last = l === lines - 1;
        this.words(
          left,
          ty,
          last ? column * (0.3 + this.#rnd() * 0.6) : column,
          [0x3c4043, 0x3c4043, 0x3c4043, 0x1a0dab],
          0xffffff,
        );
        ty += this.px(LINE);
      }
      ty += this.px(14);
      paragraph++;
    }
  }

  photoViewer(area: Rect): void {
    const bar = this.px(44);
    this.rect(area, 0x111111);
    this.photo({ x: area.x, y: area.y + bar, width: area.width, height: area.height - bar });
    this.rect({ x: area.x, y: area.y, width: area.width, height: bar }, 0x2b2b2b);
    this.words(area.x + this.px(16), area.y + this.px(14), area.width / 3, [0xe8e8e8], 0x2b2b2b, 3);
  }

  taskbar(area: Rect): void {
    this.rect(area, 0x202020);
    const size = this.px(32);
    const colours = [0x0078d4, 0xf25022, 0x7fba00, 0xffb900, 0x8a8a8a, 0x00a4ef];
    for (let k = 0; k < colours.length; k++) {
      this.rect(
        { x: area.x + this.px(12 + k * 48), y: area.y + (area.height - size) / 2, width: size, height: size },
        colours[k] ?? 0,
      );
    }
    this.words(area.x + area.width - this.px(90), area.y + this.px(16), this.px(80), [0xffffff], 0x202020, 2);
  }
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}
