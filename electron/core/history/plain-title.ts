/**
 * Conversation titles are plain text: the list, the window title and exports show them as they
 * are, so the Markdown a model writes ("It is a **permission** error.") is reduced to its text
 * ("It is a permission error."). No parser: a title is one line, and these rules cover what
 * models put in a first line (headings, lists, quotes, emphasis, code, links, images, tables).
 */

/** Characters Markdown lets a backslash escape. */
const ESCAPED = /\\([\\`*_{}[\]()#+\-.!|~<>$])/g;
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
/** A thematic break or a table's delimiter row: nothing to read. */
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const TABLE_DELIMITER = /^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/;
/** Block markers at the start of a line, repeated ("> - # x"). */
const BLOCK_MARKER = /^\s*(?:#{1,6}(?=\s|$)|>|[-*+](?=\s)|\d{1,9}[.)](?=\s)|\[[ xX]\](?=\s))\s*/;

/** One line of Markdown as the text a reader sees. */
export function plainInline(line: string): string {
  let text = line;
  for (;;) {
    const next = text.replace(BLOCK_MARKER, '');
    if (next === text) break;
    text = next;
  }
  // A table row: its cells, separated.
  if (/^\|.*\|\s*$/.test(text.trim())) {
    text = text
      .trim()
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim())
      .filter((cell) => cell !== '')
      .join(' · ');
  }
  // Inline code and escaped characters first, kept aside so nothing touches them.
  const codes: string[] = [];
  text = text.replace(/(`+)(.+?)\1/g, (_m, _ticks: string, code: string) => {
    codes.push(code.trim());
    return `\uE000${codes.length - 1}\uE000`;
  });
  text = text.replace(ESCAPED, (_m, char: string) => {
    codes.push(char);
    return `\uE000${codes.length - 1}\uE000`;
  });
  const url = String.raw`\((?:[^()]|\([^()]*\))*\)`;
  text = text
    .replace(new RegExp(String.raw`!\[([^\]]*)\]` + url, 'g'), '$1')
    .replace(/!\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(new RegExp(String.raw`\[([^\]]+)\]` + url, 'g'), '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/<((?:https?|mailto):[^>\s]+)>/gi, '$1')
    .replace(/<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g, '')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/~~(?=\S)(.+?)(?<=\S)~~/g, '$1')
    .replace(/\*(?=[^\s*])(.+?)(?<=[^\s*])\*/g, '$1')
    .replace(/(^|\W)_(?=[^\s_])(.+?)(?<=[^\s_])_(?!\w)/g, '$1$2');
  text = text.replace(/\uE000(\d+)\uE000/g, (_m, i: string) => codes[Number(i)] ?? '');
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The first line of Markdown that reads as something, as plain text. Lines of fenced code are
 * used only when there is no prose at all (an answer that is only code).
 */
export function firstPlainLine(markdown: string): string {
  let inFence: string | null = null;
  let firstCode = '';
  for (const raw of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const fence = FENCE.exec(raw);
    if (fence) {
      const marker = fence[1]!;
      if (inFence === null) inFence = marker;
      else if (marker[0] === inFence[0] && marker.length >= inFence.length) inFence = null;
      continue;
    }
    if (inFence !== null) {
      if (firstCode === '' && raw.trim() !== '') firstCode = raw.replace(/\s+/g, ' ').trim();
      continue;
    }
    if (RULE.test(raw) || TABLE_DELIMITER.test(raw)) continue;
    const line = plainInline(raw);
    if (line !== '') return line;
  }
  return firstCode;
}
