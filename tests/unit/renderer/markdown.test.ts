/**
 * The Markdown engine and the block splitter, in Node (markdown-it, highlight.js and KaTeX need
 * no DOM; the sanitiser and the DOM side are tested in Chromium, tests/browser/answer-render).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMarkdownEngine, type MarkdownEnv } from '../../../renderer/src/lib/markdown/markdown';
import { lastBlockStart, offsetOfLine } from '../../../renderer/src/lib/markdown/split';
import { longMarkdownAnswer, tokenize } from '../../support/markdown-answers';

const engine = createMarkdownEngine({ copyCode: 'Copy', image: 'Image:' });
const render = (text: string, highlight = true): string => engine.render(text, {}, { highlight });

/**
 * The incremental renderer's algorithm without the DOM: after each delta, finished blocks are
 * rendered once and kept; at the end the tail is rendered as finished too. Returns the HTML kept.
 */
function streamed(deltas: readonly string[]): string {
  let text = '';
  let committedTo = 0;
  const env: MarkdownEnv = {};
  let html = '';
  for (const delta of deltas) {
    text += delta;
    const open = text.slice(committedTo);
    const finished = lastBlockStart(open, engine.parse(open, { ...env }));
    if (finished > 0) {
      html += engine.render(open.slice(0, finished), env, { highlight: true });
      committedTo += finished;
    }
  }
  return html + engine.render(text.slice(committedTo), env, { highlight: true });
}

describe('markdown engine', () => {
  it('shows raw HTML as text and keeps no event handler or script', () => {
    const html = render('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)> <b onclick="x">b</b>');
    expect(html).not.toMatch(/<script|<img|<b /);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('drops javascript:, vbscript:, file: and data: links to text', () => {
    const html = render(
      '[a](javascript:alert(1)) [b](vbscript:x) [c](file:///etc/passwd) [d](data:text/html,x) [e](https://ok.example/)',
    );
    expect(html).not.toMatch(/href="(?!https:\/\/ok\.example\/)/);
    expect(html).toContain('<a href="https://ok.example/">e</a>');
  });

  it('turns images into links (http) or text (anything else), never <img>', () => {
    const html = render('![chart](https://example.com/c.png) ![x](data:image/png;base64,AAAA)');
    expect(html).not.toContain('<img');
    expect(html).toContain('<a href="https://example.com/c.png" class="image-link">Image: chart</a>');
    expect(html).toContain('<span class="image-link">Image: x</span>');
  });

  it('highlights fenced code with its language, detects one when unnamed, and adds a copy button', () => {
    expect(render('```ts\nconst a: number = 1;\n```')).toMatch(
      /class="hljs language-ts"><span class="hljs-keyword">const<\/span>/,
    );
    const python = [
      'import os',
      'from pathlib import Path',
      '',
      'def main() -> None:',
      '    for name in os.listdir("."):',
      '        if Path(name).is_file():',
      '            print(f"{name}: {os.path.getsize(name)} bytes")',
      '',
      'if __name__ == "__main__":',
      '    main()',
    ].join('\n');
    expect(render(`\`\`\`\n${python}\n\`\`\``)).toContain('language-python');
    expect(render('```ts\nx\n```')).toContain('<button type="button" class="code-copy">Copy</button>');
    // The open tail of a stream is not highlighted.
    expect(render('```ts\nconst a = 1;\n```', false)).not.toContain('hljs-keyword');
  });

  it('renders math as MathML, with no inline style, and leaves money alone', () => {
    const html = render('Energy $E = mc^2$ and\n\n$$\\frac{a}{b}$$\n\nIt costs $5 and $10.');
    expect(html).toContain('<math');
    expect(html).toContain('display="block"');
    expect(html).toContain('It costs $5 and $10.');
    expect(html).not.toContain('style=');
    // KaTeX's trust is off: \href renders as an error text, never as a link.
    expect(render('$\\href{javascript:alert(1)}{x}$')).not.toContain('href="javascript');
  });

  it('aligns table columns with classes, not style attributes (the CSP forbids them)', () => {
    const html = render('| a | b |\n| :-: | --: |\n| 1 | 2 |');
    expect(html).toContain('<th class="align-center">a</th>');
    expect(html).toContain('<td class="align-right">2</td>');
    expect(html).not.toContain('style=');
  });
});

describe('block splitting', () => {
  it('finds where the last top-level block starts', () => {
    const text = '# Title\n\nA paragraph\nstill the paragraph\n\n- item\n- item';
    expect(text.slice(lastBlockStart(text, engine.parse(text, {})))).toBe('- item\n- item');
    const partial = '# Title\n\nA paragraph\n\n- it';
    expect(partial.slice(lastBlockStart(partial, engine.parse(partial, {})))).toBe('A paragraph\n\n- it');
    const fence = 'Intro\n\n```js\nlet a\n\nlet b';
    expect(fence.slice(lastBlockStart(fence, engine.parse(fence, {})))).toBe('```js\nlet a\n\nlet b');
    expect(lastBlockStart('one block', engine.parse('one block', {}))).toBe(0);
    // The last block's first line is unfinished: "1" may still become "1. item" of the list above.
    const growing = '1. first\n2. second\n\n1';
    expect(lastBlockStart(growing, engine.parse(growing, {}))).toBe(0);
    expect(offsetOfLine('a\nb\nc', 2)).toBe(4);
    expect(offsetOfLine('a', 5)).toBe(1);
  });

  it('rendering finished blocks once gives the same HTML as rendering the whole answer', () => {
    const answer = longMarkdownAnswer(3_000);
    const perFrame = 32;
    const deltas: string[] = [];
    for (let i = 0; i < answer.tokens.length; i += perFrame)
      deltas.push(answer.tokens.slice(i, i + perFrame).join(''));
    expect(streamed(deltas)).toBe(render(answer.text));
  });

  it('holds for any way a Markdown text is cut into deltas', () => {
    const pieces = [
      '# Heading',
      'A paragraph with **bold** and `code` and $x^2$.',
      '- one\n- two\n\n- three (loose list)',
      '1. first\n2. second',
      '```py\nprint(1)\n\nprint(2)\n```',
      '> quoted\ncontinued lazily',
      '| a | b |\n| - | -: |\n| 1 | 2 |',
      'Setext heading\n---',
      '$$\n\\frac{1}{2}\n$$',
      '    indented code',
      '***',
      'Link [to](https://example.com) and ![img](https://example.com/i.png)',
      '1) paren item\n2) another',
      '+ plus item',
      '* star item\n  continued inside',
      '2024 was a year, said the paragraph.',
      '- ',
      '#no heading',
      '| not | a table',
      '```\nunclosed fence',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 30 }),
        (blocks, cuts) => {
          const text = blocks.join('\n\n');
          const deltas: string[] = [];
          let at = 0;
          for (let i = 0; at < text.length; i++) {
            const size = cuts[i % cuts.length]!;
            deltas.push(text.slice(at, at + size));
            at += size;
          }
          expect(streamed(deltas)).toBe(render(text));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('tokenize() cuts text into chunks that join back to it', () => {
    const text = 'Hello  world\n\n- a\n```ts\nx\n```\n';
    expect(tokenize(text).join('')).toBe(text);
  });
});
