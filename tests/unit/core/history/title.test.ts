import { describe, expect, it } from 'vitest';
import { firstPlainLine, plainInline } from '../../../../electron/core/history/plain-title';
import { titleFrom } from '../../../../electron/core/history/repository';

describe('conversation titles are plain text, not Markdown', () => {
  it.each([
    ['It is a **permission** error.', 'It is a permission error.'],
    ['## A *login* form\nWith two fields.', 'A login form'],
    ['> - __Note__: run `npm **install**` first', 'Note: run npm **install** first'],
    ['1. The [docs](https://example.com/a_(b)) say ~~no~~ yes', 'The docs say no yes'],
    ['![a chart](http://x/y.png) of sales', 'a chart of sales'],
    ['See <https://example.com> and [ref][1]', 'See https://example.com and ref'],
    ['Use snake_case_names and _emphasis_ here', 'Use snake_case_names and emphasis here'],
    ['2 * 3 * 4 = 24', '2 * 3 * 4 = 24'],
    ['A \\*literal\\* star', 'A *literal* star'],
    ['Line<br>break <b>bold</b>', 'Linebreak bold'],
    ['- [x] done item', 'done item'],
  ])('%j → %j', (markdown, plain) => {
    expect(titleFrom(markdown)).toBe(plain);
  });

  it('skips fences, rules and table delimiters, and reads a table row as its cells', () => {
    expect(firstPlainLine('```ts\nconst a = 1;\n```\n\n---\nThe **fix** is below.')).toBe(
      'The fix is below.',
    );
    expect(firstPlainLine('| Name | **Value** |\n| --- | ---: |\n| a | 1 |')).toBe('Name · Value');
    expect(plainInline('| a | b |')).toBe('a · b');
  });

  it('falls back to the first code line when the answer is only code, and to Untitled when empty', () => {
    expect(titleFrom('```python\nprint("hi")\n```')).toBe('print("hi")');
    expect(titleFrom('\n\n   \n')).toBe('Untitled');
    expect(titleFrom('***')).toBe('Untitled');
  });

  it('still shortens long titles with an ellipsis', () => {
    const title = titleFrom(`**${'word '.repeat(100).trim()}**`);
    expect(title.endsWith('…')).toBe(true);
    expect(title).not.toContain('*');
  });
});
