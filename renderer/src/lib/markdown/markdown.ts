/**
 * Markdown to HTML for model output. Everything a model writes is untrusted: raw HTML is off (it
 * is shown as text), links survive only as http(s), images become links (never loaded), and the
 * HTML produced here still goes through sanitize() before it reaches the DOM.
 */
import MarkdownIt, { type Token } from 'markdown-it';
import hljs from 'highlight.js/lib/common';
import { mathPlugin } from './math';

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
const DETECTED_LANGUAGES = [
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

/** markdown-it's per-document state: link reference definitions seen so far. */
export type MarkdownEnv = Record<string, unknown>;

export interface MarkdownEngine {
  /** Block tokens of `source`, with line maps; `env` carries link references across calls. */
  parse(source: string, env: MarkdownEnv): Token[];
  /** HTML of `source` (not yet sanitised). */
  render(source: string, env: MarkdownEnv, options: RenderOptions): string;
  /** HTML of tokens parse() returned for the same env (not yet sanitised). */
  renderTokens(tokens: Token[], env: MarkdownEnv, options: RenderOptions): string;
}

export function createMarkdownEngine(labels: MarkdownLabels): MarkdownEngine {
  // Security: html:false shows any HTML the model writes as text.
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
  md.use(mathPlugin);
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
      `<pre><code class="hljs${languageClass}">${body}</code></pre></div>\n`
    );
  };
  md.renderer.rules.code_block = (tokens, idx) =>
    `<div class="code-block"><div class="code-head"><span class="code-lang"></span>` +
    `<button type="button" class="code-copy">${escape(labels.copyCode)}</button></div>` +
    `<pre><code class="hljs">${escape(tokens[idx]!.content)}</code></pre></div>\n`;

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
