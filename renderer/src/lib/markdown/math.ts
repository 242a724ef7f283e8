/**
 * TeX math for markdown-it: `$…$` and `\(…\)` inline, `$$…$$` and `\[…\]` as blocks, rendered by
 * KaTeX as MathML only. KaTeX's HTML output positions glyphs with inline style attributes, which
 * our CSP refuses; MathML needs neither inline styles nor KaTeX's fonts, and Chromium renders it.
 */
import katex from 'katex';
import type { MarkdownIt, StateBlock, StateInline } from 'markdown-it';

/** Longest formula we hand to KaTeX; longer ones are shown as text. */
const MAX_TEX_CHARS = 10_000;

export function renderTex(tex: string, displayMode: boolean): string {
  if (tex.length > MAX_TEX_CHARS) return texError(tex, 'too long');
  try {
    // Security: trust:false keeps \href, \url, \htmlClass and friends off. throwOnError:true,
    // because KaTeX's own error output is a span with an inline style colour, which the CSP
    // refuses (a violation report per malformed formula); ours is marked with a class instead.
    // maxExpand and maxSize bound macro bombs (\def\a{\a\a}) and huge boxes.
    return katex.renderToString(tex, {
      displayMode,
      output: 'mathml',
      throwOnError: true,
      trust: false,
      strict: 'ignore',
      maxExpand: 500,
      maxSize: 50,
    });
  } catch (error) {
    return texError(tex, error instanceof Error ? error.message : String(error));
  }
}

/** A formula KaTeX refused: its TeX as code, marked as an error, the reason as a tooltip. */
function texError(tex: string, reason: string): string {
  return `<code class="math-error" title="${escapeHtml(reason.slice(0, 300))}">${escapeHtml(tex)}</code>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const DOLLAR = 0x24;
const BACKSLASH = 0x5c;

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function mathInline(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  let open: string;
  let close: string;
  if (src.charCodeAt(start) === DOLLAR) {
    // $$ inline is display math in the middle of a paragraph.
    open = src.charCodeAt(start + 1) === DOLLAR ? '$$' : '$';
    close = open;
  } else if (src.charCodeAt(start) === BACKSLASH && src[start + 1] === '(') {
    open = '\\(';
    close = '\\)';
  } else {
    return false;
  }
  const contentStart = start + open.length;
  if (open === '$' && (contentStart >= state.posMax || isWhitespace(src.charCodeAt(contentStart))))
    return false;
  let end = src.indexOf(close, contentStart);
  while (end !== -1 && open === '$' && src.charCodeAt(end - 1) === BACKSLASH) {
    end = src.indexOf(close, end + 1);
  }
  if (end === -1 || end + close.length > state.posMax || end === contentStart) return false;
  if (open === '$') {
    // "$5 and $10" is money, not math: no space before the closing $, no digit after it.
    if (isWhitespace(src.charCodeAt(end - 1))) return false;
    const after = src.charCodeAt(end + 1);
    if (after >= 0x30 && after <= 0x39) return false;
  }
  if (!silent) {
    const token = state.push(open === '$$' ? 'math_display_inline' : 'math_inline', 'math', 0);
    token.content = src.slice(contentStart, end);
    token.markup = open;
  }
  state.pos = end + close.length;
  return true;
}

function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const lineStart = state.bMarks[startLine]! + state.tShift[startLine]!;
  const lineEnd = state.eMarks[startLine]!;
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  const first = state.src.slice(lineStart, lineEnd);
  let close: string;
  if (first.startsWith('$$')) close = '$$';
  else if (first.startsWith('\\[')) close = '\\]';
  else return false;

  let content = first.slice(2);
  let line = startLine;
  let found = false;
  const sameLine = content.trimEnd().endsWith(close);
  if (sameLine && content.trim().length >= close.length) {
    content = content.trimEnd().slice(0, -close.length);
    found = true;
  } else {
    const lines = [content];
    for (line = startLine + 1; line < endLine; line++) {
      const s = state.bMarks[line]! + state.tShift[line]!;
      const e = state.eMarks[line]!;
      if (s < e && state.sCount[line]! < state.blkIndent) break;
      const text = state.src.slice(s, e);
      if (text.trimEnd().endsWith(close)) {
        lines.push(text.trimEnd().slice(0, -close.length));
        found = true;
        break;
      }
      lines.push(state.src.slice(state.bMarks[line], e));
    }
    content = lines.join('\n');
  }
  // An unterminated block (still streaming) stays a paragraph until its end arrives.
  if (!found) return false;
  if (silent) return true;
  state.line = line + 1;
  const token = state.push('math_block', 'math', 0);
  token.block = true;
  token.content = content.trim();
  token.markup = close;
  token.map = [startLine, state.line];
  return true;
}

export function mathPlugin(md: MarkdownIt): void {
  md.inline.ruler.before('escape', 'math_inline', mathInline);
  md.block.ruler.before('fence', 'math_block', mathBlock, {
    alt: ['paragraph', 'reference', 'blockquote', 'list'],
  });
  md.renderer.rules.math_inline = (tokens, idx) => renderTex(tokens[idx]!.content, false);
  md.renderer.rules.math_display_inline = (tokens, idx) => renderTex(tokens[idx]!.content, true);
  md.renderer.rules.math_block = (tokens, idx) =>
    `<div class="math-block">${renderTex(tokens[idx]!.content, true)}</div>\n`;
}
