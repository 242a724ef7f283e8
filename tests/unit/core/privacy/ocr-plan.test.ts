/**
 * How the OCR engine reads with two languages (electron/core/privacy/ocr.ts): the cheaper model
 * reads every line, and only the words it is unsure of are read again by the other one, each in
 * a crop of its own that takes in no ink of the words beside it.
 */
import { describe, expect, it } from 'vitest';
import {
  moreConfident,
  readingPlan,
  secondOpinionBox,
  SECOND_OPINION_BELOW,
} from '../../../../electron/core/privacy/ocr';
import type { OcrWord } from '../../../../electron/core/privacy/types';

const word = (text: string, x: number, width: number, confidence = 90): OcrWord => ({
  text,
  confidence,
  box: { x, y: 104, width, height: 14 },
});

describe('OCR reading plan', () => {
  it('French reads every line (its model is a quarter of English’s), English gives a second opinion', () => {
    expect(readingPlan(['eng', 'fra'])).toEqual({ first: 'fra', second: ['eng'] });
    expect(readingPlan(['fra', 'eng'])).toEqual({ first: 'fra', second: ['eng'] });
  });
  it('one language reads alone, with no second opinion', () => {
    expect(readingPlan(['eng'])).toEqual({ first: 'eng', second: [] });
    expect(readingPlan(['eng', 'eng'])).toEqual({ first: 'eng', second: [] });
  });
  it('asks only about words read with low confidence', () => {
    expect(SECOND_OPINION_BELOW).toBeGreaterThan(0);
    expect(SECOND_OPINION_BELOW).toBeLessThan(80);
  });
});

describe('a second opinion on one word', () => {
  const region = { x: 10, y: 96, width: 600, height: 30 };
  const words = [word('Email', 20, 60), word('noah.tanaka(@acme.example', 100, 250, 56), word('ok', 400, 20)];

  it('crops the word with a margin, never past half-way to the words beside it, over the line’s height', () => {
    // Gaps: 80→100 on the left (half-way 90), 350→400 on the right (half-way 375).
    expect(secondOpinionBox(words, 1, region, 9)).toEqual({ x: 91, y: 96, width: 268, height: 30 });
    expect(secondOpinionBox(words, 1, region, 30)).toEqual({ x: 90, y: 96, width: 285, height: 30 });
  });
  it('stays inside the line’s region at its ends', () => {
    expect(secondOpinionBox(words, 0, region, 30)).toEqual({ x: 10, y: 96, width: 80, height: 30 });
    expect(secondOpinionBox(words, 2, { ...region, width: 415 }, 30)).toEqual({
      x: 375,
      y: 96,
      width: 50,
      height: 30,
    });
  });
  it('covers the word even when OCR gave boxes that overlap', () => {
    const overlapping = [word('a', 100, 80), word('b', 150, 80)];
    const box = secondOpinionBox(overlapping, 1, region, 9)!;
    expect(box.x).toBeLessThanOrEqual(150);
    expect(box.x + box.width).toBeGreaterThanOrEqual(230);
  });
  it('keeps the first reading unless every word of the second is more confident', () => {
    const first = words[1]!;
    expect(moreConfident(first, [word('noah.tanaka@acme.example', 100, 250, 91)])).toBe(true);
    expect(moreConfident(first, [word('noah.tanaka', 100, 110, 91), word('@acme', 215, 40, 40)])).toBe(false);
    expect(moreConfident(first, [word('noah', 100, 40, 56)])).toBe(false);
    expect(moreConfident(first, [])).toBe(false);
  });
});
