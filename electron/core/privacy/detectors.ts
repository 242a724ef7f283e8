/**
 * Detectors: pure functions from OCR lines to proposed redactions. Each belongs to one
 * category users can switch off. They read a line as its words joined by single spaces and
 * map every match back to the words' (or, when OCR gave them, the characters') pixel boxes.
 *
 * OCR is not exact, so the detectors allow for its usual confusions: O/0, l/I/1, S/5, B/8 and
 * @/0 next to digits, dashes read as long dashes, underscores lost (they sit below the baseline
 * and come out as spaces), and spaces inserted inside long strings.
 * False boxes cost a click; a missed key leaves the machine. Ties go to redacting.
 */
import { ibanValid, IBAN_LENGTHS, luhnValid, shannonEntropy } from './checksums';
import type { Box, Detection, OcrLine, OcrPage, PrivacyCategory } from './types';
import { PRIVACY_CATEGORIES } from './types';

/** A match inside one line's text, before it becomes a box. */
export interface LineMatch {
  category: PrivacyCategory;
  kind: string;
  start: number;
  end: number;
}

interface LineText {
  text: string;
  /** For each character of `text`: the word and character it came from (undefined for the joining spaces). */
  at: ({ w: number; c: number } | undefined)[];
}

const DASHES = /[\u2010-\u2015\u2212]/g;

function lineText(line: OcrLine): LineText {
  let text = '';
  const at: LineText['at'] = [];
  line.words.forEach((word, w) => {
    if (w > 0) {
      text += ' ';
      at.push(undefined);
    }
    const clean = word.text.replace(DASHES, '-');
    for (let c = 0; c < clean.length; c++) at.push({ w, c });
    text += clean;
  });
  return { text, at };
}

function union(boxes: readonly Box[]): Box | undefined {
  if (boxes.length === 0) return undefined;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const b of boxes) {
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.width);
    y1 = Math.max(y1, b.y + b.height);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * The pixels of `[start, end)` of a line. A word covered entirely gives its box; a word covered
 * in part gives its character boxes (when OCR gave them), stretched to the word's own edge on
 * the side where the match reaches it: character boxes hug the ink and OCR's are not always
 * exact, while a word's edges are.
 */
function boxOf(line: OcrLine, lt: LineText, start: number, end: number): Box | undefined {
  const covered = new Map<number, number[]>();
  for (let i = start; i < end; i++) {
    const pos = lt.at[i];
    if (!pos) continue;
    const list = covered.get(pos.w) ?? [];
    list.push(pos.c);
    covered.set(pos.w, list);
  }
  const boxes: Box[] = [];
  for (const [w, chars] of covered) {
    const word = line.words[w]!;
    const n = word.text.length;
    const first = Math.min(...chars);
    const last = Math.max(...chars);
    const charBoxes = word.chars;
    if ((first === 0 && last === n - 1) || !charBoxes || charBoxes.length !== n) {
      boxes.push(word.box);
      continue;
    }
    const part = union(chars.map((c) => charBoxes[c]!))!;
    const x0 =
      first === 0
        ? word.box.x
        : Math.min(part.x, (charBoxes[first - 1]!.x + charBoxes[first - 1]!.width + part.x) / 2);
    const x1 =
      last === n - 1
        ? word.box.x + word.box.width
        : Math.max(part.x + part.width, (part.x + part.width + charBoxes[last + 1]!.x) / 2);
    boxes.push({ x: x0, y: word.box.y, width: x1 - x0, height: word.box.height });
  }
  return union(boxes);
}

// ---------------------------------------------------------------------------------------------
// Keys and tokens of known shapes.

interface KeySpec {
  kind: string;
  /** Matches the prefix only; must not be preceded by a letter or digit. */
  prefix: RegExp;
  body: RegExp;
  min: number;
  /** Exact body length when the format fixes it. */
  exact?: number;
  /** Optional check on the whole token (prefix + body, spaces removed). */
  check?: (token: string) => boolean;
}

const KEY_SPECS: readonly KeySpec[] = [
  {
    kind: 'openai-key',
    prefix: /sk-(?:proj-|svcacct-|admin-|ant-(?:api\d\d-)?)?/y,
    body: /[A-Za-z0-9_-]/,
    min: 20,
  },
  { kind: 'stripe-key', prefix: /[sr]k[_ ](?:live|test)[_ ]/y, body: /[A-Za-z0-9]/, min: 16 },
  {
    kind: 'aws-access-key',
    prefix: /(?:AK[I1l|]A|ASIA)/y,
    body: /[A-Za-z0-9]/,
    min: 16,
    exact: 16,
    // Real ids are upper case and digits; allow a few lower-case OCR slips (l for 1, o for 0).
    check: (token) => (token.slice(4).match(/[a-z]/g)?.length ?? 0) <= 3,
  },
  { kind: 'github-token', prefix: /gh[pousr][_ ]/y, body: /[A-Za-z0-9]/, min: 36, exact: 36 },
  { kind: 'github-token', prefix: /github[_ ]pat[_ ]/y, body: /[A-Za-z0-9_]/, min: 40 },
  { kind: 'gitlab-token', prefix: /gl(?:pat|dt|ptt|rt)-/y, body: /[A-Za-z0-9_-]/, min: 20 },
  { kind: 'slack-token', prefix: /xox[abposre]-/y, body: /[A-Za-z0-9-]/, min: 10 },
  { kind: 'slack-webhook', prefix: /hooks\.slack\.com\/services\//y, body: /[A-Za-z0-9/]/, min: 20 },
  { kind: 'google-api-key', prefix: /A[I1l|]za/y, body: /[A-Za-z0-9_-]/, min: 35, exact: 35 },
  {
    kind: 'jwt',
    prefix: /ey[JjI]/y,
    body: /[A-Za-z0-9_.-]/,
    min: 30,
    check: (token) => (token.match(/\./g)?.length ?? 0) >= 1,
  },
];

/** A word continuing a token despite the space before it: OCR split a long string. */
function looksRandom(word: string): boolean {
  return /\d/.test(word) || /[a-z][A-Z]|[A-Z]{2}[a-z]/.test(word) || /[_-]/.test(word);
}

/**
 * Reads a token body from `from`, jumping single spaces while the body is still shorter than
 * the format needs or the next word looks like more of the same random string.
 * Returns the end (exclusive) and the body length, or undefined.
 */
function readBody(text: string, from: number, spec: KeySpec): { end: number; length: number } {
  let i = from;
  let length = 0;
  let end = from;
  for (;;) {
    if (spec.exact !== undefined && length >= spec.exact) break;
    const ch = text[i];
    if (ch === undefined) break;
    if (spec.body.test(ch)) {
      length++;
      i++;
      end = i;
      continue;
    }
    if (ch === ' ' && length > 0) {
      const nextWord = /^\S+/.exec(text.slice(i + 1))?.[0] ?? '';
      const first = nextWord[0];
      if (first === undefined || !spec.body.test(first)) break;
      if (length < spec.min || looksRandom(nextWord)) {
        i++;
        continue;
      }
    }
    break;
  }
  return { end, length };
}

export function detectKeys(text: string): LineMatch[] {
  const out: LineMatch[] = [];
  for (let i = 0; i < text.length; i++) {
    if (i > 0 && /[A-Za-z0-9]/.test(text[i - 1]!)) continue;
    for (const spec of KEY_SPECS) {
      spec.prefix.lastIndex = i;
      const prefix = spec.prefix.exec(text);
      if (!prefix) continue;
      const body = readBody(text, i + prefix[0].length, spec);
      if (body.length < spec.min) continue;
      const token = text.slice(i, body.end).replace(/ /g, '');
      if (spec.check && !spec.check(token)) continue;
      // OCR may have doubled a character of a fixed-length key: the rest of the word goes too.
      const end = body.end + (/^[A-Za-z0-9_-]*/.exec(text.slice(body.end))?.[0].length ?? 0);
      out.push({ category: 'keys', kind: spec.kind, start: i, end });
      i = end;
      break;
    }
  }
  return out;
}

const PRIVATE_KEY_BEGIN = /BEGIN\s+(?:[A-Z0-9]+\s+)*PRIVATE\s+KEY/i;
const PRIVATE_KEY_END = /END\s+(?:[A-Z0-9]+\s+)*PRIVATE\s+KEY/i;

// ---------------------------------------------------------------------------------------------
// password=… / secret: … assignments.

const SECRET_NAME =
  /(?<![A-Za-z0-9])([A-Za-z0-9_.-]*(?:password|passwd|passwort|pwd|secret|token|api[_ -]?key|apikey|access[_ -]?key|private[_ -]?key|mot de passe|mdp|passphrase|credentials?)[A-Za-z0-9_.-]*)["']?\s?(?::=|=>|[:=])\s?["'`]?/gi;

const VALUE = /^[^\s"'`,;]+/;

const PLACEHOLDER =
  /^(?:[*•●·.x-]+|<.*|\$.*|%.*|\{.*|null|none|undefined|true|false|required|optional|string|process\.env.*|os\.environ.*)$/i;

export function detectPasswords(text: string): LineMatch[] {
  const out: LineMatch[] = [];
  SECRET_NAME.lastIndex = 0;
  for (let m = SECRET_NAME.exec(text); m; m = SECRET_NAME.exec(text)) {
    const start = m.index + m[0].length;
    let end = start + (VALUE.exec(text.slice(start))?.[0].length ?? 0);
    // OCR splits values with a stray space ("T rOub4dor"): a value too short to be one, or a
    // random-looking one followed by more of the same, goes on into the next word.
    for (;;) {
      const next = text[end] === ' ' ? VALUE.exec(text.slice(end + 1))?.[0] : undefined;
      const value = text.slice(start, end);
      if (!next || !(value.length < 3 || (looksRandom(value) && looksRandom(next)))) break;
      end += 1 + next.length;
    }
    const value = text.slice(start, end);
    if (value.length < 3 || PLACEHOLDER.test(value)) continue;
    out.push({ category: 'passwords', kind: 'assignment', start, end });
    SECRET_NAME.lastIndex = Math.max(SECRET_NAME.lastIndex, end);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// E-mail addresses. OCR sometimes reads @ as © or ® and puts spaces around it.

const EMAIL =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]* ?[@©®] ?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}(?![A-Za-z0-9])/g;

export function detectEmails(text: string): LineMatch[] {
  return [...text.matchAll(EMAIL)].map((m) => ({
    category: 'emails' as const,
    kind: 'email',
    start: m.index,
    end: m.index + m[0].length,
  }));
}

// ---------------------------------------------------------------------------------------------
// Digits read by OCR: letters that are usually digits when they sit next to digits.

const DIGIT_LOOKALIKES: Readonly<Record<string, string>> = {
  O: '0',
  o: '0',
  D: '0',
  Q: '0',
  l: '1',
  I: '1',
  '|': '1',
  i: '1',
  '!': '1',
  S: '5',
  s: '5',
  B: '8',
  Z: '2',
  z: '2',
  G: '6',
  b: '6',
  q: '9',
  g: '9',
  '@': '0',
};

/** Same length as `text`; look-alike letters next to a digit (or another look-alike in a digit run) become digits. */
export function digitize(text: string): string {
  const chars = [...text];
  if (chars.length !== text.length) return text; // astral characters: leave as is
  const isDigit = (i: number) => /\d/.test(chars[i] ?? '');
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < chars.length; i++) {
      const d = DIGIT_LOOKALIKES[chars[i]!];
      if (d !== undefined && (isDigit(i - 1) || isDigit(i + 1))) chars[i] = d;
    }
  }
  return chars.join('');
}

// ---------------------------------------------------------------------------------------------
// Payment cards: 13–19 digits, spaces or dashes anywhere, Luhn-valid, a card network's first digit.

const DIGIT_RUN = /\d(?:[ -]?\d)+/g;
const CARD_LENGTHS = [16, 15, 14, 13, 19, 18, 17];

export function detectCards(text: string): LineMatch[] {
  const digits = digitize(text);
  const out: LineMatch[] = [];
  DIGIT_RUN.lastIndex = 0;
  for (let m = DIGIT_RUN.exec(digits); m; m = DIGIT_RUN.exec(digits)) {
    const runStart = m.index;
    const run = m[0];
    // Positions (in the line) of each digit of the run.
    const pos: number[] = [];
    for (let i = 0; i < run.length; i++) if (/\d/.test(run[i]!)) pos.push(runStart + i);
    let k = 0;
    while (k < pos.length) {
      // A number starts at the run's start or after a separator.
      const startsGroup = k === 0 || pos[k]! - pos[k - 1]! > 1;
      let found = 0;
      if (startsGroup && /[2-6]/.test(digits[pos[k]!]!)) {
        for (const n of CARD_LENGTHS) {
          if (k + n > pos.length) continue;
          // The number must end where a group ends.
          if (k + n < pos.length && pos[k + n]! - pos[k + n - 1]! === 1) continue;
          const number = pos
            .slice(k, k + n)
            .map((p) => digits[p])
            .join('');
          if (luhnValid(number)) {
            found = n;
            break;
          }
        }
      }
      if (found > 0) {
        out.push({ category: 'cards', kind: 'luhn-card', start: pos[k]!, end: pos[k + found - 1]! + 1 });
        k += found;
      } else k++;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// IBANs: country, check digits, then the account, grouped by spaces; mod-97-checked.

const IBAN_GROUPED = /^[A-Z]{2}[0-9OIl]{2}(?: [A-Za-z0-9]{4,5}){2,7}(?: [A-Za-z0-9]{1,5})?(?![A-Za-z0-9])/;
const IBAN_START = /(?<![A-Za-z0-9])[A-Z]{2}[0-9OIl]{2}(?: ?[A-Za-z0-9]){11,34}/g;

export function detectIbans(text: string): LineMatch[] {
  const out: LineMatch[] = [];
  IBAN_START.lastIndex = 0;
  for (let m = IBAN_START.exec(text); m; m = IBAN_START.exec(text)) {
    const pos: number[] = [];
    for (let i = 0; i < m[0].length; i++) if (m[0][i] !== ' ') pos.push(m.index + i);
    const raw = pos
      .map((p) => text[p]!)
      .join('')
      .toUpperCase();
    const country = raw.slice(0, 2);
    const lengths = IBAN_LENGTHS[country] !== undefined ? [IBAN_LENGTHS[country]] : [];
    if (lengths.length === 0) for (let n = Math.min(34, raw.length); n >= 15; n--) lengths.push(n);
    for (const n of lengths) {
      if (n > raw.length) continue;
      const candidate = raw.slice(0, n);
      // Check digits read with OCR's O/I/l confusions, then the rest as read.
      const fixed =
        candidate.slice(0, 2) + digitize(candidate.slice(2, 4).replace(/L/g, 'l')) + candidate.slice(4);
      if (
        ibanValid(candidate) ||
        ibanValid(fixed) ||
        ibanValid(fixed.slice(0, 4) + digitize(fixed.slice(4)))
      ) {
        out.push({ category: 'ibans', kind: 'iban', start: pos[0]!, end: pos[n - 1]! + 1 });
        IBAN_START.lastIndex = pos[n - 1]! + 1;
        break;
      }
    }
    if (out.at(-1)?.start === pos[0]) continue;
    // The checksum failed, but the shape is an IBAN's as printed: a known country, groups of four,
    // about the right length. OCR dropped or doubled a character; redact it all the same.
    const grouped = IBAN_GROUPED.exec(text.slice(m.index))?.[0];
    const expected = IBAN_LENGTHS[country];
    if (grouped && expected !== undefined && Math.abs(grouped.replace(/ /g, '').length - expected) <= 2) {
      out.push({ category: 'ibans', kind: 'iban-shaped', start: m.index, end: m.index + grouped.length });
      IBAN_START.lastIndex = m.index + grouped.length;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Phone numbers: international (+…), and the common national shapes. On digitized text.

const PHONES: readonly RegExp[] = [
  /(?<![\dA-Za-z+])\+ ?\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,6}(?![\d])/g,
  /(?<![\dA-Za-z])0\d(?:[ .-]?\d{2}){4}(?!\d)/g,
  /(?<![\dA-Za-z])\(\d{3}\) ?\d{3}[ .-]\d{4}(?!\d)/g,
  /(?<![\dA-Za-z.])\d{3}[ .-]\d{3}[ .-]\d{4}(?![\d.])/g,
  /(?<![\dA-Za-z])0\d{3,4} ?\d{6,7}(?!\d)/g,
];

export function detectPhones(text: string): LineMatch[] {
  const digits = digitize(text);
  const out: LineMatch[] = [];
  for (const re of PHONES) {
    for (const m of digits.matchAll(re)) {
      const count = m[0].replace(/\D/g, '').length;
      if (count < 9 || count > 15) continue;
      out.push({ category: 'phones', kind: 'phone', start: m.index, end: m.index + m[0].trimEnd().length });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Long random-looking strings (unknown key formats, passwords in URLs, session ids).

const TOKEN = /[A-Za-z0-9+/_~.@-]{20,}={0,2}/g;

export function isHighEntropy(token: string): boolean {
  // OCR reads 0 as @ now and then; an address is the e-mail detector's business.
  if (/@[A-Za-z0-9-]+\.[A-Za-z]/.test(token)) return false;
  const core = token.replace(/^[._@-]+|[._=@-]+$/g, '').replace(/@/g, '0');
  if (core.length < 20) return false;
  if (/^https?:|^www\./i.test(core)) return false;
  if (/^[0-9a-f-]+$/i.test(core)) {
    // Hex: hashes and ids. Long ones are as likely secret as not; short ones are mostly commits.
    return core.replace(/-/g, '').length >= 32 && shannonEntropy(core) >= 3;
  }
  // Something random must be in it: a long part mixing letters and digits.
  const parts = core.split(/[/._~+-]/);
  const mixed = parts.some((p) => p.length >= 12 && /\d/.test(p) && /[A-Za-z]/.test(p));
  if (!mixed) return false;
  const threshold = Math.min(4, Math.log2(core.length) - 0.7);
  return shannonEntropy(core) >= threshold;
}

export function detectEntropy(text: string): LineMatch[] {
  const out: LineMatch[] = [];
  for (const m of text.matchAll(TOKEN)) {
    if (isHighEntropy(m[0])) {
      out.push({ category: 'entropy', kind: 'high-entropy', start: m.index, end: m.index + m[0].length });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

const LINE_DETECTORS: Readonly<Record<PrivacyCategory, (text: string) => LineMatch[]>> = {
  keys: detectKeys,
  passwords: detectPasswords,
  emails: detectEmails,
  phones: detectPhones,
  cards: detectCards,
  ibans: detectIbans,
  entropy: detectEntropy,
};

/** When two matches overlap, the one earlier in this list names the merged match. */
const PRIORITY: readonly PrivacyCategory[] = [
  'keys',
  'cards',
  'ibans',
  'passwords',
  'emails',
  'phones',
  'entropy',
];

/** Every match in one line of text, overlapping matches merged. Pure; the unit of the detector tests. */
export function detectInText(
  text: string,
  categories: readonly PrivacyCategory[] = PRIVACY_CATEGORIES,
): LineMatch[] {
  const clean = text.replace(DASHES, '-');
  const all = categories.flatMap((c) => LINE_DETECTORS[c](clean));
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: LineMatch[] = [];
  for (const m of all) {
    const last = merged[merged.length - 1];
    if (last && m.start < last.end) {
      last.end = Math.max(last.end, m.end);
      if (PRIORITY.indexOf(m.category) < PRIORITY.indexOf(last.category)) {
        last.category = m.category;
        last.kind = m.kind;
      }
    } else merged.push({ ...m });
  }
  return merged;
}

function lineBox(line: OcrLine): Box {
  return union(line.words.map((w) => w.box)) ?? line.box;
}

/** Every detection on an OCR'd page, for the enabled categories. Pure. */
export function detect(
  page: OcrPage,
  categories: readonly PrivacyCategory[] = PRIVACY_CATEGORIES,
): Detection[] {
  const out: Detection[] = [];
  let inPrivateKey = 0;
  for (const line of page.lines) {
    if (line.words.length === 0) continue;
    const lt = lineText(line);
    if (categories.includes('keys')) {
      // A PEM block: the header and every line up to its END line are the key.
      if (PRIVATE_KEY_BEGIN.test(lt.text)) inPrivateKey = 100;
      if (inPrivateKey > 0) {
        out.push({ category: 'keys', kind: 'private-key', box: lineBox(line) });
        inPrivateKey = PRIVATE_KEY_END.test(lt.text) ? 0 : inPrivateKey - 1;
        continue;
      }
    }
    for (const m of detectInText(lt.text, categories)) {
      const box = boxOf(line, lt, m.start, m.end);
      if (box) out.push({ category: m.category, kind: m.kind, box });
    }
  }
  return out;
}

/**
 * Grows a box so it covers the glyphs fully (OCR boxes hug the ink; anti-aliasing and
 * descenders reach beyond), clamped to the image.
 */
export function padBox(box: Box, imageWidth: number, imageHeight: number, pad?: number): Box {
  const p = pad ?? Math.max(3, Math.round(box.height * 0.3));
  const x0 = Math.max(0, Math.floor(box.x - p));
  const y0 = Math.max(0, Math.floor(box.y - p));
  const x1 = Math.min(imageWidth, Math.ceil(box.x + box.width + p));
  const y1 = Math.min(imageHeight, Math.ceil(box.y + box.height + p));
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}
