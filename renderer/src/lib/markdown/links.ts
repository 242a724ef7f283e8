/**
 * Links that cannot lie. A model (or a page it quotes) can write `[github.com](https://evil.example)`,
 * `https://github.com@evil.example`, a host with a Cyrillic `а` or a Greek `ο`, or hide bidi and
 * zero-width controls in a link. For each link we work out the host it really opens (the WHATWG
 * URL parser: userinfo dropped, IDNA applied, hostname in punycode) and show it beside the text
 * whenever the text could make the reader believe otherwise. Pure and DOM-free (tested in Node).
 */
import type { Token } from 'markdown-it';

/** Controls that reorder or hide text: bidi embeddings/overrides/isolates and LRM/RLM. */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F]/g;
/** Invisible characters that can hide inside a word: zero-width space/joiners, word joiner, BOM. */
export const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;
/** Bidi embeddings, overrides and isolates: these can reorder a file name ("cod\u202Eexe.txt"). */
export const REORDERING_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

export function stripControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '').replace(ZERO_WIDTH, '');
}

/** The hostname a URL opens (punycode, lower case), or null when it is not an http(s) URL. */
export function realHost(href: string): string | null {
  try {
    const url = new URL(href);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.hostname.toLowerCase();
  } catch {
    return null;
  }
}

/** Whether the URL carries a user name or password (`https://github.com@evil.example`). */
function hasUserInfo(href: string): boolean {
  try {
    const url = new URL(href);
    return url.username !== '' || url.password !== '';
  } catch {
    return false;
  }
}

// A host-like word: labels of letters, digits and hyphens joined by dots (any script, full-width
// dots included, since IDNA maps them to "."), ending in a label of at least two letters.
const HOST_IN_TEXT =
  /(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?[.\uFF0E\u3002\uFF61])+\p{L}[\p{L}\p{M}]+/gu;
/** Hosts claimed as `scheme://host` in the text: whatever stands between :// and the next / ? #. */
const URL_IN_TEXT = /[a-z][a-z0-9+.-]*:\/\/[^\s/?#]+/giu;

const FILE_EXTENSION =
  /\.(?:json|md|txt|ts|tsx|js|mjs|cjs|jsx|py|rs|go|java|c|h|cpp|hpp|cs|rb|php|sh|yml|yaml|toml|lock|ini|cfg|conf|html|css|svg|png|jpe?g|gif|webp|pdf|log|csv|xml|exe|zip|gz|tar|svelte|vue|kt|swift)$/i;

/** Hosts the text names (as the URL parser would read them), in punycode. */
export function hostsNamedIn(text: string): string[] {
  const clean = stripControls(text);
  const hosts = new Set<string>();
  for (const match of clean.matchAll(URL_IN_TEXT)) {
    const host = realHost(match[0].replace(/^[a-z][a-z0-9+.-]*:/i, 'https:'));
    if (host) hosts.add(host);
  }
  for (const match of clean.matchAll(HOST_IN_TEXT)) {
    // "package.json" or "README.md" in a link to the file is a file name, not a claimed host.
    if (FILE_EXTENSION.test(match[0])) continue;
    const host = realHost(`https://${match[0]}`);
    if (host && host.includes('.')) hosts.add(host);
  }
  return [...hosts];
}

/** `sub.example.com` belongs to `example.com`; `example.com.evil.example` does not. */
function sameSite(claimed: string, real: string): boolean {
  const a = claimed.replace(/^www\./, '');
  const b = real.replace(/^www\./, '');
  return a === b || b.endsWith(`.${a}`);
}

// Scripts whose letters pass for Latin ones (Cyrillic а, Greek ο, Armenian օ, Cherokee Ꭺ, …).
const CONFUSABLE_SCRIPTS = /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}\p{Script=Cherokee}]/u;
const LATIN = /\p{Script=Latin}/u;
const LETTER = /\p{L}/u;

/** Whether a Unicode label mixes scripts, or uses a script whose letters look like Latin ones. */
export function isConfusableLabel(label: string): boolean {
  if (CONFUSABLE_SCRIPTS.test(label)) return true;
  // Mixed scripts in one label (e.g. Latin with Han is legitimate in some registries, but a
  // reader cannot tell what they are looking at): any letter outside Latin next to a Latin one.
  const letters = [...label].filter((c) => LETTER.test(c));
  return letters.some((c) => LATIN.test(c)) && letters.some((c) => !LATIN.test(c));
}

/**
 * Decodes one `xn--` label (RFC 3492 Punycode, the bootstring parameters IDNA uses). The URL
 * parser only encodes; decoding is needed to see which letters a host really uses.
 */
export function punycodeLabelToUnicode(label: string): string {
  if (!label.toLowerCase().startsWith('xn--')) return label;
  const input = label.slice(4).toLowerCase();
  const base = 36,
    tMin = 1,
    tMax = 26,
    skew = 38,
    damp = 700;
  const basicEnd = input.lastIndexOf('-');
  const output = basicEnd > 0 ? [...input.slice(0, basicEnd)].map((c) => c.codePointAt(0)!) : [];
  let n = 128;
  let i = 0;
  let bias = 72;
  const adapt = (delta: number, points: number, first: boolean): number => {
    delta = first ? Math.floor(delta / damp) : delta >> 1;
    delta += Math.floor(delta / points);
    let k = 0;
    for (; delta > ((base - tMin) * tMax) >> 1; k += base) delta = Math.floor(delta / (base - tMin));
    return k + Math.floor(((base - tMin + 1) * delta) / (delta + skew));
  };
  for (let pos = basicEnd > 0 ? basicEnd + 1 : 0; pos < input.length;) {
    const oldI = i;
    for (let w = 1, k = base; ; k += base) {
      if (pos >= input.length) throw new Error('bad punycode');
      const c = input.charCodeAt(pos++);
      const digit = c >= 0x30 && c <= 0x39 ? c - 22 : c >= 0x61 && c <= 0x7a ? c - 0x61 : base;
      if (digit >= base) throw new Error('bad punycode');
      i += digit * w;
      const t = k <= bias ? tMin : k >= bias + tMax ? tMax : k - bias;
      if (digit < t) break;
      w *= base - t;
    }
    bias = adapt(i - oldI, output.length + 1, oldI === 0);
    n += Math.floor(i / (output.length + 1));
    i %= output.length + 1;
    if (n > 0x10ffff) throw new Error('bad punycode');
    output.splice(i++, 0, n);
  }
  return String.fromCodePoint(...output);
}

/** Whether a punycode hostname should be shown as punycode: one of its labels, decoded, is confusable. */
export function isConfusableHost(
  host: string,
  toUnicode: (label: string) => string = punycodeLabelToUnicode,
): boolean {
  return host.split('.').some((label) => {
    if (!label.startsWith('xn--')) return false;
    try {
      return isConfusableLabel(toUnicode(label));
    } catch {
      return true; // an undecodable xn-- label is shown as it is
    }
  });
}

/**
 * Why a link needs its real host shown beside it, or null when its text cannot mislead:
 * - `names-other-host`: the text names a host (or is a URL) and the link opens another one;
 * - `user-info`: `https://trusted.example@real.example`;
 * - `confusable`: the host has look-alike letters (shown in punycode).
 */
export function linkWarning(
  text: string,
  href: string,
  toUnicode: (label: string) => string = punycodeLabelToUnicode,
  /** The text was made from the URL itself (an autolink or a linkified URL): it names no other host. */
  textIsUrl = false,
): 'names-other-host' | 'user-info' | 'confusable' | null {
  const host = realHost(href);
  if (!host) return null;
  if (hasUserInfo(href)) return 'user-info';
  if (isConfusableHost(host, toUnicode)) return 'confusable';
  if (textIsUrl) return null;
  const named = hostsNamedIn(text);
  if (named.some((claimed) => !sameSite(claimed, host))) return 'names-other-host';
  return null;
}

/**
 * A core rule for markdown-it: in every inline token, controls are removed from link text and
 * from what the link opens, and a link that could mislead gets a `link_host` token (its real
 * host, rendered beside the text) before its closing token.
 */
export function honestLinks(tokens: Token[], makeToken: (type: string) => Token): void {
  for (const block of tokens) {
    const children = block.children;
    if (block.type !== 'inline' || !children) continue;
    for (let i = 0; i < children.length; i++) {
      const open = children[i]!;
      if (open.type !== 'link_open') continue;
      const href = stripControls(String(open.attrGet('href') ?? ''));
      open.attrSet('href', href);
      let text = '';
      let close = i + 1;
      for (; close < children.length && children[close]!.type !== 'link_close'; close++) {
        const child = children[close]!;
        if (child.type === 'text' || child.type === 'code_inline') {
          text += child.content;
          child.content = stripControls(child.content);
        }
      }
      // markdown-it writes the text of autolinks and linkified URLs from the URL (markup
      // 'autolink' / 'linkify'); only user info and look-alike letters can mislead there.
      const fromUrl = open.markup === 'autolink' || open.markup === 'linkify';
      const warning = linkWarning(text, href, punycodeLabelToUnicode, fromUrl);
      if (warning && close < children.length) {
        const badge = makeToken('link_host');
        badge.content = realHost(href) ?? '';
        badge.meta = { warning };
        children.splice(close, 0, badge);
        close++;
      }
      i = close;
    }
  }
}
