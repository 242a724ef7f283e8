import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LEGIBLE_TEXT_PX,
  MAX_SHARP_TEXT_TILES,
  planSharpText,
  PRESET_NAMES,
  PROVIDER_PRESETS,
  receivedSize,
  sharpTextLayoutNote,
  SMALL_TEXT_DIP,
  tileOverlap,
  type SharpTextOptions,
} from '../../../../electron/core/image';

describe('when sharp text is offered', () => {
  it('offers it for a full 4K screen with OpenAI (1365 × 768 received) at 1×, 1.5× and 2×', () => {
    for (const scaleFactor of [1, 1.5, 2]) {
      const plan = planSharpText({ width: 3840, height: 2160 }, { preset: 'openai', scaleFactor });
      expect(plan?.effective).toEqual({ width: 1365, height: 768 });
    }
  });

  it('offers it for a 1080p screen at 1× (12 px text arrives at 8.5 px), not for a Retina laptop at 2×', () => {
    expect(planSharpText({ width: 1920, height: 1080 }, { preset: 'openai', scaleFactor: 1 })).toBeDefined();
    // 2880 × 1800 at 2×: 24 px text arrives at 10.2 px.
    expect(
      planSharpText({ width: 2880, height: 1800 }, { preset: 'openai', scaleFactor: 2 }),
    ).toBeUndefined();
  });

  it('never for a region the provider keeps whole, whatever the scale', () => {
    for (const preset of PRESET_NAMES) {
      expect(planSharpText({ width: 700, height: 500 }, { preset, scaleFactor: 1 })).toBeUndefined();
      expect(planSharpText({ width: 700, height: 500 }, { preset, always: true })).toBeUndefined();
    }
  });

  it('follows the legibility rule exactly: 12 DIP × scale × shrink below 9 px', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 200, max: 8000 }),
        fc.integer({ min: 200, max: 5000 }),
        fc.constantFrom(1, 1.25, 1.5, 1.75, 2, 3),
        fc.constantFrom(...PRESET_NAMES),
        (width, height, scaleFactor, preset) => {
          const options = { preset, scaleFactor };
          const received = receivedSize(width, height, options);
          const shrink = Math.min(received.width / width, received.height / height);
          const plan = planSharpText({ width, height }, options);
          if (SMALL_TEXT_DIP * scaleFactor * shrink >= LEGIBLE_TEXT_PX) expect(plan).toBeUndefined();
          // Illegible: offered, unless no tiling within the limit exists at all.
          else expect(plan).toEqual(planSharpText({ width, height }, { ...options, always: true }));
          return true;
        },
      ),
    );
  });

  it('counts the profile’s own longest-edge limit as shrinking too', () => {
    // A local server (no preset scaling below 2048) but the profile sends at most 1024 px.
    expect(planSharpText({ width: 1800, height: 1000 }, { scaleFactor: 1 })).toBeUndefined();
    const plan = planSharpText({ width: 1800, height: 1000 }, { maxEdge: 1024, scaleFactor: 1 });
    expect(plan?.effective).toEqual({ width: 1024, height: 569 });
    for (const tile of plan!.tiles) expect(Math.max(tile.width, tile.height)).toBeLessThanOrEqual(1024);
  });
});

describe('the tiles', () => {
  const cases: [string, SharpTextOptions, number, number][] = [
    ['openai 4K', { preset: 'openai' }, 3840, 2160],
    ['openai 5K at 2×', { preset: 'openai', scaleFactor: 2 }, 5120, 2880],
    ['openai tall', { preset: 'openai' }, 1200, 4000],
    ['anthropic 4K at 1.5×', { preset: 'anthropic-compatible', scaleFactor: 1.5 }, 3840, 2160],
    ['gemini 8K', { preset: 'gemini' }, 7680, 4320],
    ['generic 4K', {}, 3840, 2160],
  ];

  it.each(cases)(
    '%s: cover the region, overlap by two lines of text, each kept whole by the provider',
    (_, options, width, height) => {
      const plan = planSharpText({ width, height }, { ...options, always: true });
      expect(plan).toBeDefined();
      const { tiles, rows, columns } = plan!;
      expect(tiles).toHaveLength(rows * columns);
      expect(tiles.length).toBeGreaterThan(1);
      expect(tiles.length).toBeLessThanOrEqual(MAX_SHARP_TEXT_TILES);
      for (const tile of tiles) {
        expect(receivedSize(tile.width, tile.height, options)).toEqual({
          width: tile.width,
          height: tile.height,
        });
        expect(tile.x + tile.width).toBeLessThanOrEqual(width);
        expect(tile.y + tile.height).toBeLessThanOrEqual(height);
      }
      // Every pixel in at least one tile.
      const covered = new Uint8Array(width * height);
      for (const t of tiles)
        for (let y = t.y; y < t.y + t.height; y++)
          covered.fill(1, y * width + t.x, y * width + t.x + t.width);
      expect(covered.every((n) => n === 1)).toBe(true);
      // Neighbours share at least two lines of small text.
      const overlap = tileOverlap(options.scaleFactor);
      for (let r = 0; r < rows; r++)
        for (let c = 0; c + 1 < columns; c++) {
          const [a, b] = [tiles[r * columns + c]!, tiles[r * columns + c + 1]!];
          expect(a.x + a.width - b.x).toBeGreaterThanOrEqual(overlap);
        }
      for (let r = 0; r + 1 < rows; r++) {
        const [a, b] = [tiles[r * columns]!, tiles[(r + 1) * columns]!];
        expect(a.y + a.height - b.y).toBeGreaterThanOrEqual(overlap);
      }
      // Left to right, then top to bottom.
      for (let i = 1; i < tiles.length; i++) {
        const [a, b] = [tiles[i - 1]!, tiles[i]!];
        expect(b.y > a.y || (b.y === a.y && b.x > a.x)).toBe(true);
      }
    },
  );

  it('uses the fewest tiles the provider keeps whole: 4K for OpenAI is 3 rows × 2 columns of 1932 × 736', () => {
    const plan = planSharpText({ width: 3840, height: 2160 }, { preset: 'openai', always: true })!;
    expect([plan.rows, plan.columns]).toEqual([3, 2]);
    // 24 px of overlap at 1×: (3840 + 24) / 2 and (2160 + 2 × 24) / 3.
    expect(plan.tiles.map((t) => [t.x, t.y])).toEqual([
      [0, 0],
      [1908, 0],
      [0, 712],
      [1908, 712],
      [0, 1424],
      [1908, 1424],
    ]);
    expect(plan.tiles[0]).toEqual({ x: 0, y: 0, width: 1932, height: 736 });
    // 85 + 170 × 4 × 2 per tile, from OpenAI's published formula.
    expect(plan.extraTokens).toBe(6 * (85 + 170 * 8));
  });

  it('fits the provider’s images per request, and offers none where a model takes one image', () => {
    // The generic preset (Groq: 5 images a request) leaves room for 4 tiles besides the image.
    const generic = planSharpText({ width: 5120, height: 2880 }, { always: true });
    expect(generic === undefined || generic.tiles.length <= 4).toBe(true);
    expect(planSharpText({ width: 3840, height: 2160 }, { always: true })!.tiles).toHaveLength(4);
    for (const preset of ['ollama', 'lmstudio'] as const) {
      expect(planSharpText({ width: 3840, height: 2160 }, { preset, always: true })).toBeUndefined();
      expect(PROVIDER_PRESETS[preset].maxImagesPerRequest).toBe(1);
    }
  });

  it('has no token estimate where the provider publishes none', () => {
    const plan = planSharpText({ width: 3840, height: 2160 }, { always: true });
    expect(plan).toBeDefined();
    expect(plan!.extraTokens).toBeUndefined();
  });

  it('gives up beyond the tile limit rather than sending dozens of images', () => {
    // 16K × 16K for OpenAI would need far more than 12 tiles of at most 2048 × 768.
    expect(
      planSharpText({ width: 16000, height: 16000 }, { preset: 'openai', always: true }),
    ).toBeUndefined();
  });

  it('tells the model how the tiles fit together', () => {
    expect(sharpTextLayoutNote(3, 2)).toBe(
      'The next 6 images are the image above at full resolution, cut into 3 rows × 2 columns ' +
        'that overlap slightly, left to right, then top to bottom. Read small text from them.',
    );
    expect(sharpTextLayoutNote(1, 2)).toContain('1 row × 2 columns');
  });
});
