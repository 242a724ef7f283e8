/**
 * How answers and history rows read: a stopped answer ends without an empty list item; search
 * snippets are plain text (no Markdown marks, no link destinations) with the hit found; the
 * conversation list is grouped Today, Yesterday, this week, then by month.
 */
import { describe, expect, it } from 'vitest';
import {
  dayGroupKey,
  groupByDay,
  highlightParts,
  plainSnippet,
  withoutDanglingListItem,
} from '../../../renderer/src/lib/answer-view';

describe('withoutDanglingListItem', () => {
  it('drops a list marker the stop left with nothing after it', () => {
    expect(withoutDanglingListItem('Steps:\n\n- one\n- two\n- ')).toBe('Steps:\n\n- one\n- two');
    expect(withoutDanglingListItem('1. a\n2.')).toBe('1. a');
    expect(withoutDanglingListItem('* a\n*   ')).toBe('* a');
  });
  it('keeps a finished item and text that only looks like one', () => {
    expect(withoutDanglingListItem('- one\n- two')).toBe('- one\n- two');
    expect(withoutDanglingListItem('a - b')).toBe('a - b');
    expect(withoutDanglingListItem('x\n---')).toBe('x\n---');
  });
});

describe('plainSnippet', () => {
  it('strips Markdown to the words a reader sees', () => {
    expect(
      plainSnippet('## Fix\n\nRun **`npm ci`** then see [the docs](https://example.com/a) and _retry_.'),
    ).toBe('Fix Run npm ci then see the docs and retry.');
    expect(plainSnippet('- item one\n> quoted\n| a | b |\n|---|---|')).toBe('item one quoted a b');
    expect(plainSnippet('```js\nconst x = 1;\n```')).toBe('const x = 1;');
    expect(plainSnippet('…ck here](https://evil.example/x) to <b>win</b>')).toBe('…ck here to win');
    expect(plainSnippet('![diagram](a.png) shows it')).toBe('diagram shows it');
  });
});

describe('highlightParts', () => {
  it('marks every case-insensitive hit, keeping the text whole', () => {
    const parts = highlightParts('Docker build failed: docker daemon', 'DOCKER');
    expect(parts.map((p) => p.text).join('')).toBe('Docker build failed: docker daemon');
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['Docker', 'docker']);
  });
  it('treats the query as text, not a pattern', () => {
    expect(highlightParts('a (b) c', '(b)').filter((p) => p.hit)).toEqual([{ text: '(b)', hit: true }]);
    expect(highlightParts('abc', '   ')).toEqual([{ text: 'abc', hit: false }]);
  });
});

describe('groupByDay', () => {
  const now = new Date(2026, 11, 6, 15, 0).getTime();
  const at = (month: number, day: number, hour = 10) => new Date(2026, month, day, hour).getTime();
  it('today, yesterday, the previous 7 days, then calendar months', () => {
    expect(dayGroupKey(at(11, 6, 1), now)).toBe('today');
    expect(dayGroupKey(at(11, 5, 23), now)).toBe('yesterday');
    expect(dayGroupKey(at(11, 1), now)).toBe('week');
    expect(dayGroupKey(at(10, 28), now)).toBe('month:2026-11');
    const groups = groupByDay(
      [at(11, 6), at(11, 6, 2), at(11, 5), at(11, 2), at(10, 20), at(9, 3)].map((updatedAt) => ({
        updatedAt,
      })),
      now,
    );
    expect(groups.map((g) => [g.key, g.items.length])).toEqual([
      ['today', 2],
      ['yesterday', 1],
      ['week', 1],
      ['month:2026-11', 1],
      ['month:2026-10', 1],
    ]);
  });
});
