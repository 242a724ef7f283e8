/**
 * Markdown to HTML for model output. Everything a model writes is untrusted: raw HTML is off (it
 * is shown as text), links survive only as http(s), images become links (never loaded), and the
 * HTML produced here still goes through sanitize() before it reaches the DOM.
 */
import MarkdownIt, { type StateBlock, type Token } from 'markdown-it';
import hljs from 'highlight.js/lib/common';
import { mathPlugin } from './math';
import { honestLinks, REORDERING_CONTROLS, stripControls } from './links';

export interface MarkdownLabels {
  /** The copy button of code blocks. */
  copyCode: string;
  /** Prefix of an image shown as a link. */
  image: string;
}

export interface RenderOptions {
  /**
   * Highlight code blocks. Off for the open tail of a streaming answer: the tail is re-rendered
   * every frame and its code is highlighted once, when the block is finished.
   */
  highlight: boolean;
}

/** Languages tried when a fence names none: auto-detection over all of them costs too much. */
// In order of preference: highlight.js breaks ties in relevance by this order.
export const DETECTED_LANGUAGES = [
  'python',
  'typescript',
  'javascript',
  'bash',
  'json',
  'java',
  'go',
  'rust',
  'cpp',
  'c',
  'csharp',
  'sql',
  'yaml',
  'xml',
  'php',
  'ruby',
  'kotlin',
  'swift',
];
// CSS is left out of detection: its grammar claims too much (Python scored as CSS). A fence
// that says ```css is still highlighted as CSS.
/** Longer code is shown without detection (it would make one long task). */
const MAX_DETECTED_CHARS = 20_000;

const HTTP_URL = /^https?:\/\//i;

export function isHttpUrl(url: string): boolean {
  return HTTP_URL.test(url.trim());
}

function highlightCode(code: string, language: string): { html: string; language: string } | null {
  try {
    if (language && hljs.getLanguage(language)) {
      return { html: hljs.highlight(code, { language, ignoreIllegals: true }).value, language };
    }
    if (!language && code.length <= MAX_DETECTED_CHARS && code.trim()) {
      const detected = hljs.highlightAuto(code, DETECTED_LANGUAGES);
      if (detected.language && detected.relevance >= 3)
        return { html: detected.value, language: detected.language };
    }
  } catch {
    // An unknown or broken grammar: plain text below.
  }
  return null;
}

/**
 * Block nesting past which the rest of a container is shown flat, one paragraph per line.
 * markdown-it stops parsing at its maxNesting (100 levels) and silently drops the rest of the
 * document; we stop nesting well before that, so nothing reaches its limit. 16 levels is 8
 * nested lists or 16 nested quotes: more than answers use. At 40 (20 lists), a line of list
 * markers (`- - - …`) lined up 20 bullets across two thirds of the panel before the rest of the
 * line, squeezed into what width was left.
 */
export const FLAT_LEVEL = 16;

/** A block rule that runs first: past FLAT_LEVEL, every remaining line is its own paragraph. */
function flatPastNesting(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.level < FLAT_LEVEL) return false;
  if (silent) return true;
  let line = startLine;
  for (; line < endLine; line++) {
    if (state.sCount[line]! < state.blkIndent) break;
    const text = state.src.slice(state.bMarks[line]! + state.tShift[line]!, state.eMarks[line]);
    if (!text.trim()) continue;
    // Not paragraph_open: a tight list hides its paragraphs' <p>, and these lines must stay apart.
    const open = state.push('flat_open', 'p', 1);
    open.map = [line, line + 1];
    open.attrSet('class', 'md-flat');
    const inline = state.push('inline', '', 0);
    inline.content = text;
    inline.map = [line, line + 1];
    inline.children = [];
    state.push('flat_close', 'p', -1);
  }
  state.line = Math.max(line, startLine + 1);
  return true;
}

interface PathBuilder {
  cache: Record<string, RegExp | undefined>;
  get_path(): RegExp;
}

/**
 * linkify-it lets a URL's path run on through quoted segments ("…" and '…', up to 100
 * characters each), so in minified JSON or a Python dict (`"url":"https://a.example/x","tags":[…]`)
 * one link took everything after the URL, up to 10,000 characters: a whole line of JSON shown as
 * a link to a nonsense address. A quote is not a URL character (RFC 3986 percent-encodes it):
 * here a link stops before one, as a lone quote already stops it.
 */
function linkifyStopsAtQuotes(md: InstanceType<typeof MarkdownIt>): void {
  // linkify-it's expression builder (its types are not reachable from here: a dependency of
  // markdown-it, not of ours).
  const builder = (md as unknown as { linkify: { re: PathBuilder } }).linkify.re;
  const pathOf = builder.get_path.bind(builder);
  const open = '\\"(?:(?!';
  const close = "[']).){1,100}\\'|";
  builder.get_path = () => {
    const path = pathOf();
    const start = path.source.indexOf(open);
    const end = path.source.indexOf(close, start);
    if (start === -1 || end === -1) return path;
    // Cached as linkify-it caches its own: every expression built from the path reads it once.
    builder.cache.src_path = new RegExp(path.source.slice(0, start) + path.source.slice(end + close.length));
    return builder.cache.src_path;
  };
}

/** A visible mark for a bidi control, so it cannot silently reorder a file name or a word. */
function markControls(html: string): string {
  return html.replace(
    REORDERING_CONTROLS,
    (c) =>
      `<span class="md-control" title="U+${c.charCodeAt(0).toString(16).toUpperCase()}">U+${c.charCodeAt(0).toString(16).toUpperCase()}</span>`,
  );
}

/** markdown-it's per-document state: link reference definitions seen so far. */
export type MarkdownEnv = Record<string, unknown>;

export interface MarkdownEngine {
  /** Block tokens of `source`, with line maps; `env` carries link references across calls. */
  parse(source: string, env: MarkdownEnv): Token[];
  /**
   * Top-level and nested block tokens of `source` without their inline content (no inline
   * parse, no linkify): enough to find where blocks start, at a fraction of parse()'s cost.
   */
  parseBlocks(source: string, env: MarkdownEnv): Token[];
  /** HTML of `source` (not yet sanitised). */
  render(source: string, env: MarkdownEnv, options: RenderOptions): string;
  /** HTML of tokens parse() returned for the same env (not yet sanitised). */
  renderTokens(tokens: Token[], env: MarkdownEnv, options: RenderOptions): string;
}

/**
 * Engines shared by every answer on the page, one per set of labels. markdown-it builds parts of
 * itself on first use (linkify's URL expressions, compiled by the regular-expression engine on
 * their first run), as highlight.js does its grammars and V8 the code of all three: a new engine
 * per answer paid that again in the first frames of every answer. An engine keeps no state
 * between calls (links' references live in the caller's env), so sharing one is safe.
 */
const sharedEngines = new Map<string, MarkdownEngine>();

export function sharedMarkdownEngine(labels: MarkdownLabels): MarkdownEngine {
  const key = JSON.stringify([labels.copyCode, labels.image]);
  let engine = sharedEngines.get(key);
  if (!engine) {
    engine = createMarkdownEngine(labels);
    sharedEngines.set(key, engine);
  }
  return engine;
}

export function createMarkdownEngine(labels: MarkdownLabels): MarkdownEngine {
  // Security: html:false shows any HTML the model writes as text.
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
  md.use(mathPlugin);
  linkifyStopsAtQuotes(md);
  md.block.ruler.before('table', 'flat_past_nesting', flatPastNesting, {
    alt: ['paragraph', 'reference', 'blockquote', 'list'],
  });
  const escape = md.utils.escapeHtml;
  let highlight = true;

  md.renderer.rules.fence = (tokens, idx) => {
    const token = tokens[idx]!;
    const info = token.info ? md.utils.unescapeAll(token.info).trim() : '';
    const requested = (info.split(/\s+/, 1)[0] ?? '').toLowerCase().slice(0, 32);
    const highlighted = highlight ? highlightCode(token.content, requested) : null;
    const language = highlighted?.language ?? requested;
    const body = highlighted?.html ?? escape(token.content);
    const languageClass = /^[\w+#.-]+$/.test(language) ? ` language-${language}` : '';
    return (
      `<div class="code-block"><div class="code-head"><span class="code-lang">${escape(language)}</span>` +
      `<button type="button" class="code-copy">${escape(labels.copyCode)}</button></div>` +
      `<pre><code class="hljs${languageClass}">${markControls(body)}</code></pre></div>\n`
    );
  };
  md.renderer.rules.code_block = (tokens, idx) =>
    `<div class="code-block"><div class="code-head"><span class="code-lang"></span>` +
    `<button type="button" class="code-copy">${escape(labels.copyCode)}</button></div>` +
    `<pre><code class="hljs">${markControls(escape(tokens[idx]!.content))}</code></pre></div>\n`;

  md.renderer.rules.text = (tokens, idx) => markControls(escape(tokens[idx]!.content));
  md.renderer.rules.code_inline = (tokens, idx) =>
    `<code>${markControls(escape(tokens[idx]!.content))}</code>`;

  // Links that cannot lie (links.ts): controls removed from text and destination, and the real
  // host shown beside a link whose text names another one, hides it behind user info, or uses
  // look-alike letters (then in punycode, as the URL parser gives it).
  // Controls go before markdown-it encodes the destination (percent-encoding a path, punycode
  // for a host): a zero-width space in a host would otherwise become part of its xn-- name.
  const normalizeLink = md.normalizeLink.bind(md);
  md.normalizeLink = (url) => normalizeLink(stripControls(url));
  md.core.ruler.push('honest_links', (state) => {
    honestLinks(state.tokens, (type) => new state.Token(type, '', 0));
  });
  md.renderer.rules.link_host = (tokens, idx) =>
    ` <span class="link-host" data-warning="${escape(String((tokens[idx]!.meta as { warning: string }).warning))}">${escape(tokens[idx]!.content)}</span>`;

  // Security: an image in model output is never fetched; it is shown as a link the user may open.
  md.renderer.rules.image = (tokens, idx) => {
    const token = tokens[idx]!;
    const src = String(token.attrGet('src') ?? '');
    const alt = token.content || src;
    const text = `${escape(labels.image)} ${escape(alt)}`;
    return isHttpUrl(src)
      ? `<a href="${escape(src)}" class="image-link">${text}</a>`
      : `<span class="image-link">${text}</span>`;
  };

  // markdown-it aligns table columns with style="text-align:…"; the CSP refuses inline styles
  // (even in the inert document the sanitiser parses), so alignment becomes a class.
  md.core.ruler.push('align_classes', (state) => {
    for (const token of state.tokens) {
      if (token.type !== 'th_open' && token.type !== 'td_open') continue;
      const style = token.attrGet('style');
      if (style === null) continue;
      const align = /text-align:(left|right|center)/.exec(String(style))?.[1];
      token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
      if (align) token.attrSet('class', `align-${align}`);
    }
  });

  // Tables scroll on their own instead of widening the answer.
  md.renderer.rules.table_open = () => '<div class="table-scroll"><table>\n';
  md.renderer.rules.table_close = () => '</table></div>\n';

  return {
    parse: (source, env) => md.parse(source, env),
    parseBlocks(source, env) {
      const tokens: Token[] = [];
      md.block.parse(source, md, env, tokens);
      return tokens;
    },
    render(source, env, options) {
      highlight = options.highlight;
      try {
        return md.render(source, env);
      } finally {
        highlight = true;
      }
    },
    renderTokens(tokens, env, options) {
      highlight = options.highlight;
      try {
        return md.renderer.render(tokens, md.options, env);
      } finally {
        highlight = true;
      }
    },
  };
}
