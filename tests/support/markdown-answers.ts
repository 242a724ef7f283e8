/**
 * Model answers made up for rendering tests and the render benchmark: a long Markdown answer of
 * a chosen number of tokens (prose, lists, code blocks, tables, math), the hostile answer of the
 * XSS corpus, and a way to stream any text as an OpenAI-shaped SSE body, one chunk per token.
 */

export interface LongAnswer {
  text: string;
  /** The stream chunks, in order; their concatenation is `text`. */
  tokens: string[];
  counts: { headings: number; codeBlocks: number; tables: number; tableRows: number; listItems: number };
}

const PROSE = [
  'The panel shows a build log where the compiler stopped at the first error it met.',
  'Reading from the top, the **first failure** is a missing module, and every later line follows from it.',
  'Run `npm ls left-pad` to see which package asked for it, then pin the version in `package.json`.',
  'See [the npm docs](https://docs.npmjs.com/cli/v10/commands/npm-ls) for what each column means.',
  'The energy of the batch follows $E = mc^2$, which is only a joke here, and the sum $\\sum_{i=1}^{n} i$ is exact.',
  'Nothing in the screenshot suggests a network problem; the registry answered every request with 200.',
];

const CODE_TS = [
  'export function retry<T>(attempt: () => Promise<T>, times = 3): Promise<T> {',
  '  let last: unknown;',
  '  for (let i = 0; i < times; i++) {',
  '    try {',
  '      return await attempt();',
  '    } catch (error) {',
  '      last = error; // keep the last failure for the caller',
  '    }',
  '  }',
  '  throw last;',
  '}',
];

const CODE_PY = [
  'def parse_log(lines):',
  '    errors = [line for line in lines if "ERR!" in line]',
  '    return {"count": len(errors), "first": errors[0] if errors else None}',
];

function section(index: number): { text: string; counts: LongAnswer['counts'] } {
  const parts: string[] = [];
  const counts = { headings: 1, codeBlocks: 0, tables: 0, tableRows: 0, listItems: 0 };
  parts.push(`## Part ${index + 1}: what the screen shows`);
  parts.push(
    `${PROSE[index % PROSE.length]} ${PROSE[(index + 1) % PROSE.length]} ${PROSE[(index + 2) % PROSE.length]}`,
  );
  parts.push(
    [
      '- The error code is `E404` in step ' + (index + 1),
      '- The failing package is *left-pad*',
      '- The fix takes one command',
    ].join('\n'),
  );
  counts.listItems += 3;
  if (index % 2 === 0) {
    parts.push(['```ts', ...CODE_TS, '```'].join('\n'));
  } else {
    parts.push(['```python', ...CODE_PY, '```'].join('\n'));
  }
  counts.codeBlocks += 1;
  if (index % 5 === 2) {
    const rows = ['| Step | Command | Result |', '| --- | --- | ---: |'];
    for (let r = 0; r < 8; r++) rows.push(`| ${r + 1} | \`npm run step-${r}\` | ${r * 17} ms |`);
    parts.push(rows.join('\n'));
    counts.tables += 1;
    counts.tableRows += 9;
  }
  parts.push(`1. Open a terminal\n2. Run the command of step ${index + 1}\n3. Read the summary line`);
  counts.listItems += 3;
  parts.push(PROSE[(index + 3) % PROSE.length]!);
  return { text: parts.join('\n\n'), counts };
}

/** Splits text into stream chunks: a word with the spaces before it, newlines kept. */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

/** A Markdown answer of at least `tokenCount` chunks, cut at exactly that many. */
export function longMarkdownAnswer(tokenCount: number): LongAnswer {
  const counts = { headings: 0, codeBlocks: 0, tables: 0, tableRows: 0, listItems: 0 };
  const sections: string[] = [];
  let tokens: string[] = [];
  for (let i = 0; tokens.length < tokenCount; i++) {
    const next = section(i);
    sections.push(next.text);
    for (const key of Object.keys(counts) as (keyof typeof counts)[]) counts[key] += next.counts[key];
    tokens = tokens.concat(tokenize((i === 0 ? '' : '\n\n') + next.text));
  }
  // Whole sections, so the counts hold: the last one may run past tokenCount a little.
  return { text: tokens.join(''), tokens, counts };
}

/** An OpenAI-shaped SSE body streaming `tokens` as the content of choice 0. */
export function sseFromTokens(tokens: readonly string[], options: { fingerprint?: string } = {}): string[] {
  const base = {
    id: 'chatcmpl-test',
    object: 'chat.completion.chunk',
    created: 1_764_115_200,
    model: 'gpt-4o-mini-2024-07-18',
    system_fingerprint: options.fingerprint ?? 'fp_render_test',
  };
  const events = tokens.map(
    (content) =>
      `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`,
  );
  events.push(
    `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
  );
  events.push(
    `data: ${JSON.stringify({ ...base, choices: [], usage: { prompt_tokens: 850, completion_tokens: tokens.length, total_tokens: 850 + tokens.length } })}\n\n`,
  );
  events.push('data: [DONE]\n\n');
  return events;
}

/**
 * What a hostile or confused model might write. `canary` is a URL on the test's own server: a
 * request for it means something was loaded. Every line tries to run script, load a resource,
 * restyle the page or navigate it.
 */
export function xssCorpus(canary: string): string {
  return [
    '# Answer <script>window.__xss = "script-tag"</script>',
    '',
    '<img src=x onerror="window.__xss=\'img-onerror\'">',
    '<svg onload="window.__xss=\'svg-onload\'"><script>window.__xss="svg-script"</script></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=\'mathml\'"></style></mglyph></table></mtext></math>',
    '<iframe src="javascript:window.top.__xss=\'iframe\'"></iframe>',
    '<a href="javascript:window.__xss=\'raw-a\'">raw anchor</a>',
    '<div style="position:fixed;inset:0;background:red">overlay</div>',
    '&lt;script&gt;window.__xss="entity"&lt;/script&gt; and &#x3C;img src=x onerror=alert(1)&#x3E;',
    '',
    '[click me](javascript:window.__xss="md-link")',
    '[encoded](jav&#x61;script:window.__xss="md-entity-link")',
    '[data link](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==)',
    '[vbscript](vbscript:msgbox(1)) [file](file:///etc/passwd) [relative](/settings)',
    `[a fine link](https://example.com/docs?q=1)`,
    '',
    `![remote image](${canary}/remote-image.png)`,
    '![data image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+)',
    `![ref image][pic]`,
    '',
    `[pic]: ${canary}/reference-image.png`,
    '',
    `<https://example.com/autolink> and www.example.com and javascript:alert(1)`,
    '',
    '$\\href{javascript:alert(1)}{math link}$ and $\\url{javascript:alert(2)}$ and $\\htmlStyle{color:red}{x}$',
    '',
    '$$\\begin{matrix} a & b \\\\ c & d \\end{matrix}$$',
    '',
    '| a | b |',
    '| - | - |',
    ...Array.from({ length: 400 }, (_, i) => `| <b onclick="x">${i}</b> | ![i](${canary}/row-${i}.png) |`),
    '',
    '```html',
    '<script>window.__xss = "inside-code"</script>',
    '```',
    '',
    '```',
    '<img src=x onerror="window.__xss=\'unterminated-fence\'">',
    'the fence never closes',
  ].join('\n');
}

/** A streamed answer: its text and the chunks it arrives in. */
export interface StreamedAnswer {
  text: string;
  tokens: string[];
}

/**
 * One line of minified JSON with no white space, `chars` long, cut into 4-character tokens (as
 * tokenizers cut JSON and Base64). It ends with a short sentence after a blank line, which must
 * show too.
 */
export function longLineAnswer(chars: number, closing = ''): StreamedAnswer {
  let json = '';
  for (let i = 0; json.length < chars; i++) {
    json += `${i === 0 ? '[' : ','}{"id":${i},"name":"item_${i}","url":"https://example.com/a/${i}","tags":["x","y"],"ok":${i % 2 === 0}}`;
  }
  const line = json.slice(0, chars);
  const tokens: string[] = [];
  for (let i = 0; i < line.length; i += 4) tokens.push(line.slice(i, i + 4));
  if (closing) tokens.push(...tokenize(`\n\n${closing}`));
  return { text: tokens.join(''), tokens };
}

/**
 * A list nested `depth` deep, each level indented under the one before (as a model writes an
 * outline), then a closing sentence that markdown-it's nesting limit used to drop.
 */
export function deepListAnswer(depth: number, closing: string): StreamedAnswer {
  const lines = Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}`);
  const text = `${lines.join('\n')}\n\n${closing}`;
  return { text, tokens: tokenize(text) };
}
