/**
 * The baseline for privacy.recall and privacy.false-boxes: a plain regex-plus-entropy detector of
 * the kind secret scanners ship (gitleaks/detect-secrets style), run on the same OCR words as the
 * shield. Deliberately simple and honest: the vendors' documented token regexes, an English
 * `password|secret|token = value` rule, e-mail, Luhn-checked cards, mod-97 IBANs, a phone regex,
 * PEM blocks, and Shannon entropy on long tokens (detect-secrets' hex limit 3.0; 4.0 for
 * base64-like strings, below its 4.5 because short tokens cannot reach 4.5). A match boxes the
 * whole OCR words it touches; no OCR-slip tolerance, no context rules.
 */
import { padBox } from '../electron/core/privacy/detectors';
import { ibanValid, luhnValid, shannonEntropy } from '../electron/core/privacy/checksums';
import type { Box, OcrPage } from '../electron/core/privacy/types';

const PATTERNS: readonly RegExp[] = [
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
  /\bgh[pousr]_[A-Za-z0-9]{36}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{60,}/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
  /\b[sr]k_live_[A-Za-z0-9]{20,}/g,
  /\bAIza[A-Za-z0-9_-]{35}/g,
  /\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}/g,
  /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g,
  /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g,
  /(?<!\w)\+?\(?\d{1,4}\)?(?:[ .-]?\(?\d{2,4}\)?){2,5}(?!\w)/g,
];
const ASSIGNMENT = /(?:password|passwd|pwd|secret|token|api_?key)["']?\s*[:=]\s*["']?([^\s"',;]+)/gi;
const CARD = /(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4}){3,8}\b/g;
const TOKEN = /[A-Za-z0-9+/=_-]{20,}/g;

function highEntropy(token: string): boolean {
  if (/^[0-9a-f]+$/i.test(token)) return shannonEntropy(token) >= 3.0;
  return shannonEntropy(token) >= 4.0;
}

/** Character ranges [start, end) of one line's text that the plain detector flags. */
export function plainMatches(text: string): [number, number][] {
  const out: [number, number][] = [];
  for (const re of PATTERNS)
    for (const m of text.matchAll(re)) {
      const digits = m[0].replace(/\D/g, '').length;
      if (re.source.includes('\\+?') && (digits < 9 || digits > 15)) continue; // the phone rule
      out.push([m.index, m.index + m[0].length]);
    }
  for (const m of text.matchAll(ASSIGNMENT)) {
    const start = m.index + m[0].length - m[1]!.length;
    out.push([start, start + m[1]!.length]);
  }
  for (const m of text.matchAll(CARD))
    if (luhnValid(m[0].replace(/\D/g, ''))) out.push([m.index, m.index + m[0].length]);
  for (const m of text.matchAll(IBAN))
    if (ibanValid(m[0].replace(/ /g, ''))) out.push([m.index, m.index + m[0].length]);
  for (const m of text.matchAll(TOKEN)) if (highEntropy(m[0])) out.push([m.index, m.index + m[0].length]);
  return out;
}

/** Padded boxes, as the shield's proposals are, over the words each match touches. */
export function plainBoxes(page: OcrPage): Box[] {
  const boxes: Box[] = [];
  let inKey = false;
  for (const line of page.lines) {
    if (line.words.length === 0) continue;
    const text = line.words.map((w) => w.text).join(' ');
    const union = (ws: typeof line.words): Box => {
      const x0 = Math.min(...ws.map((w) => w.box.x));
      const y0 = Math.min(...ws.map((w) => w.box.y));
      const x1 = Math.max(...ws.map((w) => w.box.x + w.box.width));
      const y1 = Math.max(...ws.map((w) => w.box.y + w.box.height));
      return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
    };
    if (/BEGIN [A-Z ]*PRIVATE KEY/.test(text)) inKey = true;
    if (inKey) {
      boxes.push(padBox(union(line.words), page.width, page.height));
      if (/END [A-Z ]*PRIVATE KEY/.test(text)) inKey = false;
      continue;
    }
    // Where each word starts in the joined text.
    const starts: number[] = [];
    let at = 0;
    for (const w of line.words) {
      starts.push(at);
      at += w.text.length + 1;
    }
    for (const [s, e] of plainMatches(text)) {
      const touched = line.words.filter((w, i) => starts[i]! < e && s < starts[i]! + w.text.length);
      if (touched.length > 0) boxes.push(padBox(union(touched), page.width, page.height));
    }
  }
  return boxes;
}
