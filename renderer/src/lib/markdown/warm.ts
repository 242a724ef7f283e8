/**
 * Warms a Markdown engine while the page is idle, before an answer streams into it.
 *
 * The first use of each part of the pipeline costs far more than later ones: V8 compiles the
 * code of markdown-it, linkify, KaTeX and DOMPurify on first call, linkify builds and compiles its
 * URL expressions, and highlight.js compiles a grammar the first time it meets a language (all
 * eighteen detected ones at once for a fence that names none). Paid during an answer's first
 * frames, that made them the longest tasks of the whole stream (30-40 ms on a quiet machine).
 *
 * The panel creates its answer renderer when it opens, long before the first token; this does
 * the same work there, in idle callbacks, one small step each (one sample, or one grammar), so
 * that no step is a long task of its own either.
 */
import { DETECTED_LANGUAGES, type MarkdownEngine } from './markdown';
import { toFragment } from './sanitize';

/** What an answer usually holds: each block and inline kind the engine has a rule for. */
const SAMPLE = [
  '## A heading',
  '',
  'Some **strong** and *emphasised* text with `code`, [a link](https://example.com/docs) and',
  'https://example.org/path?q=1, a formula $E = mc^2$ and $\\sum_{i=1}^{n} i$.',
  '',
  '- an item',
  '  - a nested item',
  '',
  '1. first',
  '2. second',
  '',
  '> a quote',
  '',
  '| Step | Result |',
  '| --- | ---: |',
  '| 1 | 17 ms |',
  '',
  '$$\\frac{a}{b}$$',
  '',
  '[ref]: https://example.com/ref',
].join('\n');

/**
 * Code that reaches the common modes of most grammars (comments, strings, numbers, functions,
 * classes): highlight.js builds each mode's matcher the first time the text enters it.
 */
const CODE = [
  '# comment',
  '// comment',
  '/* block comment */',
  'import os from "os";',
  'def parse(lines, count=1):',
  "    return {'a': f\"{count}\", 'b': [1, 2.5, 0x1f]}",
  'export function retry<T>(attempt: () => Promise<T>, times = 3): Promise<T> {',
  '  const text = `value ${times}`; // why',
  '  return attempt();',
  '}',
  'class Parser extends Base { }',
  'echo "$HOME" && npm run build --silent',
  '{"key": [true, null, 1]}',
].join('\n');

/** Languages asked for by name most often besides the detected ones (aliases share grammars). */
const NAMED_LANGUAGES = ['typescript', 'javascript', 'python', 'bash', 'json', 'css', 'diff', 'markdown'];

const warmed = new WeakMap<MarkdownEngine, Promise<void>>();

/**
 * Warms `engine` once per page, in idle time; resolves when done. Where the page has no idle
 * callbacks (tests in Node), resolves at once and warms nothing.
 */
export function warmUp(engine: MarkdownEngine): Promise<void> {
  let done = warmed.get(engine);
  if (done) return done;
  if (typeof requestIdleCallback !== 'function') {
    done = Promise.resolve();
  } else {
    const steps: (() => void)[] = [
      () => engine.parse(SAMPLE, {}),
      () => toFragment(engine.render(SAMPLE, {}, { highlight: false })),
      ...[...new Set([...NAMED_LANGUAGES, ...DETECTED_LANGUAGES])].map(
        (language) => () => engine.render(`\`\`\`${language}\n${CODE}\n\`\`\`\n`, {}, { highlight: true }),
      ),
      // Every detected grammar is compiled by now: this only warms the detection itself.
      () => toFragment(engine.render(`\`\`\`\n${CODE}\n\`\`\`\n`, {}, { highlight: true })),
    ];
    done = new Promise((resolve) => {
      let next = 0;
      const step = (): void => {
        const work = steps[next++];
        if (!work) {
          resolve();
          return;
        }
        try {
          work();
        } catch {
          // Warming is an optimisation: a failure here shows up, if at all, when rendering.
        }
        requestIdleCallback(step, { timeout: 1_000 });
      };
      requestIdleCallback(step, { timeout: 1_000 });
    });
  }
  warmed.set(engine, done);
  return done;
}
