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
import type { Box, Detection, OcrLine, OcrPage, OcrWord, PrivacyCategory } from './types';
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

/** Characters OCR puts in place of a token's own (© ® | ! …), not those that end a token. */
const MISREAD = /[^\sA-Za-z0-9"'`,;)\]}<>=:/\\.([{]/;

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
  let misread = 0;
  for (;;) {
    if (spec.exact !== undefined && length >= spec.exact) break;
    const ch = text[i];
    if (ch === undefined) break;
    // A character OCR misread inside the token (© for @ for 0…): between two body characters,
    // not one of the characters that end a token in code or prose. Two at most.
    const misreadHere =
      length > 0 &&
      misread < 2 &&
      MISREAD.test(ch) &&
      spec.body.test(text[i + 1] ?? ' ') &&
      spec.body.test(text[i - 1] ?? ' ');
    if (misreadHere) misread++;
    if (spec.body.test(ch) || misreadHere) {
      length++;
      i++;
      end = i;
      continue;
    }
    // Right after the prefix, a space is an underscore OCR lost (`AIza_wR8…`, `github_pat__e…`)
    // only when the body allows one and what follows looks random.
    if (ch === ' ' && (length > 0 || spec.body.test('_'))) {
      const nextWord = /^\S+/.exec(text.slice(i + 1))?.[0] ?? '';
      const first = nextWord[0];
      if (first === undefined || !spec.body.test(first)) break;
      if (length === 0 && !looksRandom(nextWord)) break;
      if (length < spec.min || looksRandom(nextWord)) {
        // OCR drops underscores (they sit below the baseline): where the format allows one, the
        // space most likely stands for it and counts towards the length.
        if (spec.body.test('_')) length++;
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
// password=… / secret: … assignments, and form fields labelled as secrets.
//
// A key names a secret when one of its parts (split on _ - . spaces and camelCase, accents
// folded) is a word for password, secret or token in one of the languages below, or close to
// one (OCR slips a letter in long words: LÜSENORD), and no part after it says the value is
// something else (PASSWORD_MIN_LENGTH, token_ttl, secret_file).

/** Words for a secret, folded (lower case, no accents); multi-word ones as parts. */
const SECRET_WORDS: readonly string[] = [
  'password',
  'passwords',
  'passwd',
  'pwd',
  'pass',
  'passphrase',
  'passcode',
  'pw',
  'passwort',
  'kennwort', // de
  'mot de passe',
  'mdp',
  'jeton', // fr
  'contrasena',
  'clave', // es
  'senha', // pt
  'wachtwoord', // nl
  'losenord', // sv
  'passord',
  'adgangskode', // no, da
  'salasana', // fi
  'haslo',
  'heslo', // pl, cs
  'jelszo', // hu
  'parola',
  'parola d ordine', // it, ro
  'sifre',
  'parol',
  'пароль', // tr, ru
  'secret',
  'secrets',
  'token',
  'tokens',
  'credential',
  'credentials',
  'apikey',
  'api key',
  'access key',
  'private key',
  'secret key',
  'signing key',
  'encryption key',
  'master key',
];
const SECRET_PHRASES = SECRET_WORDS.map((w) => w.split(' '));

/** Parts after the secret word that make the value something other than the secret. */
const NOT_THE_SECRET = new Set([
  'ttl',
  'expiry',
  'expires',
  'expiration',
  'lifetime',
  'timeout',
  'url',
  'uri',
  'endpoint',
  'path',
  'file',
  'dir',
  'type',
  'length',
  'len',
  'min',
  'max',
  'count',
  'name',
  'label',
  'policy',
  'header',
  'field',
  'prompt',
  'hint',
  'reset',
  'required',
  'enabled',
  'rotation',
  'format',
  'id',
  'env',
  'var',
  'placeholder',
  'strength',
  'hash',
  'salt',
  'algorithm',
  'algo',
  'mode',
  'version',
  'provider',
  'source',
  'store',
  'manager',
]);

/** Lower case, accents and a few letters folded to ASCII, as the word list is. */
function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .replace(/ø/g, 'o')
    .replace(/ß/g, 'ss')
    .toLowerCase();
}

/** The parts of a key: DB_MOT_DE_PASSE → db mot de passe; smtpPasswd → smtp passwd. */
export function keyParts(key: string): string[] {
  return fold(key.replace(/([a-z\u00df-\u00ff])([A-Z])/g, '$1 $2'))
    .split(/[^a-z0-9\u0400-\u04ff]+/)
    .filter(Boolean);
}

/** Levenshtein distance ≤ 1, for OCR's one-letter slips in long words. */
function nearly(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return a.slice(i + 1) === b.slice(i + 1) || a.slice(i) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i);
}

const partIs = (part: string, word: string) => part === word || (word.length >= 7 && nearly(part, word));

/** Does this key (or label) name a secret? */
export function isSecretKey(key: string): boolean {
  const parts = keyParts(key);
  if (parts.length === 0 || parts.length > 6) return false;
  let last = -1;
  for (let i = 0; i < parts.length; i++) {
    for (const phrase of SECRET_PHRASES) {
      if (phrase.every((w, k) => parts[i + k] !== undefined && partIs(parts[i + k]!, w))) {
        last = Math.max(last, i + phrase.length - 1);
      }
    }
  }
  if (last < 0) return false;
  return !parts.slice(last + 1).some((p) => NOT_THE_SECRET.has(p));
}

/** A separator between a key and its value: = := => : (one space allowed around each). */
const SEPARATOR = /\s?(?::=|=>|[:=])\s?/g;
/** The key before a separator: up to four words of letters, digits, _ - . (quotes around it allowed). */
const KEY_BEFORE = /["'`]?([\p{L}\p{N}_.-]+(?: [\p{L}\p{N}_.-]+){0,3})["'`]?$/u;
/** Words that begin something else on a command line: a comment, a pipe, a flag, a path. */
const STOP_WORD = /^(?:#|\/\/|\.\/|&&|\|\||[|;>]|-{1,2}[A-Za-z]|\\$)/;
/**
 * Words that end a value in a config file (`.env`, YAML, INI) or after `export`: the same but a
 * flag. There a word starting with a dash is more of a value OCR split (`falcon-lantern -riviere-92`).
 */
const CONFIG_STOP_WORD = /^(?:#|\/\/|\.\/|&&|\|\||[|;>]|\\$)/;
/** A word that is the next assignment on the line (`USER=admin`), not more of the value (`ab==`). */
const NEXT_ASSIGNMENT = /^[\p{L}_][\p{L}\p{N}_.-]*[=:](?!=)/u;

/**
 * A variable, not a value: `${…}`, or `$NAME` / `%NAME%` whose name is UPPER_SNAKE, lower_snake
 * or CamelCase words (`%ProgramFiles%`). Case matters: a password `%XmXGbJH6GLGx3S%` is none.
 */
const VARIABLE =
  /^(?:\$\{[^}]*\}?|\$(?:[A-Z_][A-Z0-9_]*|[a-z_][a-z0-9_]*|(?:[A-Z][a-z]+)+)|%(?:[A-Z_][A-Z0-9_]*|[a-z_][a-z0-9_]*|(?:[A-Z][a-z]+)+)%)$/;
const PLACEHOLDER_WORD =
  /^(?:[*•●·.x-]+|<.*|\{\{.*|\{[A-Za-z_]\w*\}|null|none|nil|undefined|true|false|required|optional|string|changeme|process\.env.*|os\.environ.*|env\(.*)$/i;
const isPlaceholder = (value: string) => VARIABLE.test(value) || PLACEHOLDER_WORD.test(value);

/** Small words of sentences, not of keys (en, fr, de, es). */
const PROSE =
  /^(?:the|a|an|my|your|our|his|her|their|its|is|was|and|or|so|to|of|for|with|le|la|les|un|une|mon|ma|ton|ta|son|sa|notre|votre|et|ou|pour|der|die|das|ein|eine|mein|und|el|los|las|mi|tu|su|y)$/i;

/** Leading words that do not make a line prose: line numbers, prompts, bullets, timestamps. */
const LEADING = /^(?:\d+|[+>$#*%-]|[\d:.TZ-]{6,}|~\S*\$)$/;
/** A shell prompt or trace (`$`, `%`, `>`, `#`, `+`, `~/app$`): what follows is a command. */
const PROMPT = /^(?:[+>$#%]|~\S*\$)$/;
/** Words that declare an assignment (shell, Dockerfile): `export KEY=value` is a config line. */
const DECLARE = /^(?:export|set|setx|declare|local|readonly|typeset|ENV|ARG)$/;

/** The value of one `key<separator>value` on a line, and whether its key names a secret. */
interface Assignment {
  start: number;
  end: number;
  secret: boolean;
}

/**
 * The assignments on one line. `configLine`: the key starts the line (after line numbers,
 * prompts, bullets, `export` and the like) or the separator is `=`, so the value is the rest of
 * the line (OCR turns lost underscores into spaces and splits long values with a space). On a
 * line the value ends at a word starting something else: a comment, a pipe, a path, and on a
 * command line (after a prompt, or with words that are not a key before the key) a flag too. In prose
 * (`… the secret: hunter2 is …`) the value is one word, joined with the next only when both
 * look random (a string OCR split). Keys that do not name a secret are kept only on config
 * lines without quotes (their values are where a known token may run on, see detectInText).
 */
function assignments(text: string): Assignment[] {
  const out: Assignment[] = [];
  let from = 0;
  SEPARATOR.lastIndex = 0;
  for (let sep = SEPARATOR.exec(text); sep; sep = SEPARATOR.exec(text)) {
    if (sep.index < from) continue;
    const before = text.slice(Math.max(0, sep.index - 60), sep.index);
    const keyMatch = KEY_BEFORE.exec(before);
    if (!keyMatch) continue;
    // The longest tail of the key words that names a secret and reads as a key, not a sentence
    // ("smtp senha", "admin mot de passe"; "so the secret" → "secret").
    const words = keyMatch[1]!.split(' ');
    let keyWords = 0;
    for (let n = 1; n <= words.length; n++) {
      const tail = words.slice(-n);
      if (n > 1 && PROSE.test(tail[0]!)) break;
      if (isSecretKey(tail.join(' '))) keyWords = n;
    }
    const secret = keyWords > 0;
    if (!secret) keyWords = 1;
    const closing = /["'`]$/.test(keyMatch[0]) ? 1 : 0;
    const keyStart = sep.index - closing - words.slice(-keyWords).join(' ').length;
    const leading = text.slice(0, Math.max(0, keyStart)).split(' ').filter(Boolean);
    const equals = sep[0].trim() !== ':';
    const keyFirst = leading.every((w) => LEADING.test(w) || DECLARE.test(w) || /^["'`{[]$/.test(w));
    const configLine = equals || keyFirst;
    const command =
      !keyFirst ||
      leading.some((w) => PROMPT.test(w)) ||
      words.slice(-keyWords).some((w) => STOP_WORD.test(w));

    let start = sep.index + sep[0].length;
    const quote = /^["'`]/.exec(text.slice(start))?.[0];
    if (quote) start++;
    if (!secret && (quote || !configLine)) continue;
    let end: number;
    if (quote) {
      const close = text.indexOf(quote, start);
      end = close < 0 ? text.length : close;
    } else if (configLine) {
      end = start;
      const rest = text.slice(start);
      const stop = command ? STOP_WORD : CONFIG_STOP_WORD;
      let i = 0;
      for (const m of rest.matchAll(/\S+/g)) {
        if (i > 0 && (stop.test(m[0]) || NEXT_ASSIGNMENT.test(m[0]))) break;
        end = start + m.index + m[0].length;
        i++;
      }
    } else {
      end = start + (/^[^\s"'`,;]+/.exec(text.slice(start))?.[0].length ?? 0);
      for (;;) {
        const next = text[end] === ' ' ? /^[^\s"'`,;]+/.exec(text.slice(end + 1))?.[0] : undefined;
        const value = text.slice(start, end);
        if (!next || !(value.length < 3 || (looksRandom(value) && looksRandom(next)))) break;
        end += 1 + next.length;
      }
    }
    // Trailing punctuation of the syntax around the value (`",` `;`) is not the value.
    while (end > start && /[,;"'`)\]}]/.test(text[end - 1]!)) end--;
    out.push({ start, end, secret });
    if (secret) from = end;
  }
  return out;
}

/** Values of secret assignments in one line (see assignments). */
export function detectPasswords(text: string): LineMatch[] {
  const out: LineMatch[] = [];
  for (const { start, end, secret } of assignments(text)) {
    const value = text.slice(start, end).trim();
    if (!secret || value.length < 3 || isPlaceholder(value)) continue;
    out.push({ category: 'passwords', kind: 'assignment', start, end });
  }
  return out;
}

/** A line that is only a label naming a secret ("Mot de passe", "Client secret:", "Password *"). */
export function isSecretLabel(text: string): boolean {
  const label = text.replace(/[\s:*]+$/, '').trim();
  const words = label.split(' ');
  return (
    /^\p{L}/u.test(label) &&
    words.length <= 5 &&
    words.every((w) => w.length <= 20) &&
    !/[=:]/.test(label) &&
    isSecretKey(label)
  );
}

// ---------------------------------------------------------------------------------------------
// E-mail addresses. OCR sometimes reads @ as © or ® and puts spaces around it, or before a dot.

const EMAIL =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]* ?[@©®] ?[A-Za-z0-9-]+(?: ?\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}(?![A-Za-z0-9])/g;

export function detectEmails(text: string): LineMatch[] {
  return [...text.matchAll(EMAIL)].map((m) => {
    // In a header's <address>, a word between the < and the match is the local part's start,
    // split where OCR lost an underscore.
    const before = /<([A-Za-z0-9._%+-]+) $/.exec(text.slice(0, m.index));
    const start = before ? m.index - before[1]!.length - 1 : m.index;
    return { category: 'emails' as const, kind: 'email', start, end: m.index + m[0].length };
  });
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
  // A small 4 with a closed top, read at 1× (`A242 A242 A242 A242`).
  A: '4',
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
/**
 * Is [start, end) part of a longer word: letters or digits right before or after it, or a dash
 * joining it to them (a UUID's groups, a hash's slices)?
 */
function inLongerWord(text: string, start: number, end: number): boolean {
  return (
    /[A-Za-z0-9]-?$/.test(text.slice(Math.max(0, start - 2), start)) ||
    /^-?[A-Za-z0-9]/.test(text.slice(end, end + 2))
  );
}

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
        const start = pos[k]!;
        const end = pos[k + found - 1]! + 1;
        // Not the middle of a longer word (a UUID or hash whose b/l/o read as digits), and
        // mostly real digits.
        const inWord = inLongerWord(text, start, end);
        const printed = text.slice(start, end);
        const letters = (printed.match(/[^\d\s-]/g) ?? []).length;
        // Printed in groups (as cards are, and hashes never), one slip per group is still a card:
        // the same misread glyph repeats in every group (`A242 A242 A242 A242`).
        const groups = printed.split(/[\s-]+/);
        const slipPerGroup = groups.length >= 3 && groups.every((g) => (g.match(/[^\d]/g) ?? []).length <= 1);
        if (inWord || (letters > 2 && !slipPerGroup)) found = 0;
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
    // Countries of the registry only: trying every length of an unknown one finds a mod-97
    // match by chance in long random strings (hashes, base64).
    const lengths = IBAN_LENGTHS[country] !== undefined ? [IBAN_LENGTHS[country]] : [];
    for (const n of lengths) {
      if (n > raw.length) continue;
      // Printed without spaces, it ends where the word ends.
      if (!m[0].slice(0, n + 3).includes(' ') && /[A-Za-z0-9]/.test(text[pos[n - 1]! + 1] ?? '')) continue;
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
  // A full stop may end the sentence after it; a dot between digits is a version or address.
  /(?<![\dA-Za-z]|\d\.)\d{3}[ .-]\d{3}[ .-]\d{4}(?!\d|\.\d)/g,
  /(?<![\dA-Za-z])0\d{3,4} ?\d{6,7}(?!\d)/g,
];

export function detectPhones(text: string): LineMatch[] {
  const digits = digitize(text);
  const out: LineMatch[] = [];
  for (const re of PHONES) {
    for (const m of digits.matchAll(re)) {
      const count = m[0].replace(/\D/g, '').length;
      if (count < 9 || count > 15) continue;
      // Not the middle of a longer word (a UUID or hash whose b/o/l read as digits), mostly real digits.
      const end = m.index + m[0].trimEnd().length;
      if (inLongerWord(text, m.index, end)) continue;
      if ((text.slice(m.index, end).match(/[A-Za-z]/g) ?? []).length > 2) continue;
      out.push({ category: 'phones', kind: 'phone', start: m.index, end: m.index + m[0].trimEnd().length });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Long random-looking strings (unknown key formats, passwords in URLs, session ids).
//
// Identifiers that look random but are not secrets are left alone: hex of any length (git SHAs,
// digests, content hashes), UUIDs, Subresource Integrity values (sha512-…), base64 image data,
// and URL paths. A secret among them sits in an assignment (`API_SECRET=<hex>`), which the
// password detector covers.

const TOKEN = /[A-Za-z0-9+/_~.@-]{20,}={0,2}/g;
/** Subresource Integrity (npm's `integrity`), and `data:…;base64,`: what follows is a hash or a file. */
const NOT_SECRET_PREFIX = /(?:\bsha(?:1|256|384|512)-|;base64,)/i;
/** Starts of base64-encoded images and fonts: PNG, JPEG, GIF, WebP, SVG, WOFF2. */
const IMAGE_BASE64 = /^(?:iVBORw0KGgo|\/9j\/|R0lGOD|UklGR|PHN2Zy|PD94bW|d09GMg)/;

/** Hex with OCR's usual slips (O for 0, l/I for 1): still hex. */
const hexLike = (s: string) => /^[0-9a-fOolI]+$/.test(s) && /[0-9]/.test(s);

export function isHighEntropy(token: string): boolean {
  if (/@[A-Za-z0-9-]+\.[A-Za-z]/.test(token)) return false; // an address: the e-mail detector's
  const core = token.replace(/^[._@/-]+|[._=@/-]+$/g, '');
  if (core.length < 20) return false;
  if (/^(?:https?:|www\.)/i.test(core) || IMAGE_BASE64.test(core)) return false;
  // Hex ids and hashes, UUIDs (8-4-4-4-12), dashed or not, also after a name
  // (node-modules-<sha256>): identifiers, not secrets.
  const split = core.split(/[-_.:/]/).filter((part) => part !== '');
  const long = split.filter((part) => part.length >= 12);
  if (split.every(hexLike) || (long.length > 0 && long.every(hexLike))) return false;
  // A path or URL (several / separated parts, one of them a domain or a plain word).
  const slashParts = core.split('/');
  if (slashParts.length >= 3 && slashParts.some((p) => /^[a-z]+(?:\.[a-z]{2,})+$|^[a-z]{3,}$/.test(p)))
    return false;
  // Something random must be in it: a long part mixing letters and digits.
  const parts = core.split(/[/._~+-]/);
  const mixed = parts.some((p) => p.length >= 12 && /\d/.test(p) && /[A-Za-z]/.test(p));
  if (!mixed) return false;
  const threshold = Math.min(4, Math.log2(core.length) - 0.7);
  return shannonEntropy(core) >= threshold;
}

/** A word that could be part of a random string OCR split in two: letters and digits mixed. */
const PIECE = /^[A-Za-z0-9+/_~.@-]{6,}={0,2}$/;
const isPiece = (word: string) =>
  PIECE.test(word) && ((/\d/.test(word) && /[A-Za-z]/.test(word)) || /[a-z][A-Z]|[A-Z]{2}[a-z]/.test(word));

export function detectEntropy(text: string): LineMatch[] {
  const out: LineMatch[] = [];
  // After an integrity prefix or a base64 header, the rest of the line is that value.
  const stop = NOT_SECRET_PREFIX.exec(text);
  const limit = stop ? stop.index : text.length;
  const scan = text.slice(0, limit);
  for (const m of scan.matchAll(TOKEN)) {
    // A URL's path: after "://" or a domain.
    if (/:\/?\/?$/.test(scan.slice(0, m.index)) && m[0].startsWith('/')) continue;
    if (isHighEntropy(m[0])) {
      out.push({ category: 'entropy', kind: 'high-entropy', start: m.index, end: m.index + m[0].length });
    }
  }
  // Random strings OCR split with spaces: consecutive random-looking words, joined.
  const words = [...scan.matchAll(/\S+/g)];
  for (let i = 0; i < words.length; i++) {
    let j = i;
    while (j < words.length && isPiece(words[j]![0])) j++;
    if (j - i >= 2) {
      const joined = words
        .slice(i, j)
        .map((w) => w[0])
        .join('');
      // Random base62 has both cases and digits; words that merely sit side by side rarely do.
      if (/[a-z]/.test(joined) && /[A-Z]/.test(joined) && /\d/.test(joined) && isHighEntropy(joined)) {
        const last = words[j - 1]!;
        out.push({
          category: 'entropy',
          kind: 'high-entropy',
          start: words[i]!.index,
          end: last.index + last[0].length,
        });
      }
    }
    i = Math.max(i, j - 1);
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
  // A token in the value of an assignment covers that whole value, whatever the key's name
  // (`export KEY=sk-proj-…`): OCR may have split it where lost underscores were, before a piece
  // that does not look random on its own (`… D8 noot -4sj…`) or after a bare prefix (`AIza  -zg…`).
  if (all.some((m) => m.category === 'keys' || m.category === 'entropy')) {
    const values = assignments(clean);
    for (const m of all) {
      if (m.category !== 'keys' && m.category !== 'entropy') continue;
      // The token starts the value, or a piece OCR split off does (one word before it, no quote).
      const value = values.find(
        (v) => v.start <= m.start && m.start < v.end && /^[^\s"'`(]*\s?$/.test(clean.slice(v.start, m.start)),
      );
      if (!value) continue;
      m.start = value.start;
      m.end = Math.max(m.end, value.end);
    }
  }
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

/** Average width of one character in a line, from its words' boxes. */
function charWidth(line: OcrLine): number {
  let chars = 0;
  let width = 0;
  for (const w of line.words) {
    chars += w.text.length;
    width += w.box.width;
  }
  return chars > 0 ? width / chars : 0;
}

/**
 * The words of a field that are its value: a field showing `whsec: Zx81…` or `Token: abc` names
 * its value first, and that name (a first word ending in a colon) is not the secret.
 */
function fieldValueWords(words: readonly OcrWord[]): OcrWord[] {
  return words.length > 1 && /^\p{L}[\p{L}\p{N}_.-]*:$/u.test(words[0]!.text) ? words.slice(1) : [...words];
}

/** A value standing under (or beside) a label: a few words, not a placeholder. */
function isFieldValue(words: readonly OcrWord[]): boolean {
  const text = words.map((w) => w.text).join(' ');
  // Up to five words: a passphrase whose underscores OCR lost.
  return words.length > 0 && words.length <= 5 && text.length >= 3 && !isPlaceholder(text);
}

/**
 * Form fields: a label naming a secret ("Password", "Mot de passe", "Client secret") with its
 * value on the next line just below it, or beside it across a wide gap (label left, field right).
 */
function formFields(lines: readonly OcrLine[]): { line: OcrLine; words: OcrWord[] }[] {
  const out: { line: OcrLine; words: OcrWord[] }[] = [];
  lines.forEach((line, i) => {
    const words = line.words;
    const cw = charWidth(line);
    // Beside: the label is the words before the first gap wider than three characters.
    for (let k = 1; k < words.length && k <= 5; k++) {
      const gap = words[k]!.box.x - (words[k - 1]!.box.x + words[k - 1]!.box.width);
      if (gap > 3 * cw) {
        const label = words
          .slice(0, k)
          .map((w) => w.text)
          .join(' ');
        const value = fieldValueWords(words.slice(k));
        if (isSecretLabel(label) && isFieldValue(value)) out.push({ line, words: value });
        break;
      }
    }
    // Below: the next line starts near the label's left edge, within two line heights.
    const next = lines[i + 1];
    if (!next || next.words.length === 0 || !isSecretLabel(words.map((w) => w.text).join(' '))) return;
    const height = Math.max(...words.map((w) => w.box.height));
    const below = next.box.y - (line.box.y + line.box.height);
    const first = next.words[0]!;
    if (
      below >= -2 &&
      below <= 2.5 * height &&
      Math.abs(first.box.x - words[0]!.box.x) <= 4 * height &&
      isFieldValue(fieldValueWords(next.words))
    ) {
      out.push({ line: next, words: fieldValueWords(next.words) });
    }
  });
  return out;
}

/** The detections of one line's own text. */
function detectLine(line: OcrLine, categories: readonly PrivacyCategory[], lt = lineText(line)): Detection[] {
  const out: Detection[] = [];
  for (const m of detectInText(lt.text, categories)) {
    const box = boxOf(line, lt, m.start, m.end);
    if (box) out.push({ category: m.category, kind: m.kind, box });
  }
  return out;
}

/** A line that is one long base64 run (a data: URI or an image wrapped over several lines). */
const BASE64_LINE = /^[A-Za-z0-9+/]{40,}={0,2}[")';]*$/;

/**
 * BASE64_LINE, or such a run with an OCR slip or two in it: a glyph of the dense data misread as
 * a bracket or a bar (`…IeeE]jhesx…`, `…ZqG!/0s…`). Without this, one misread character ended
 * the data and its next lines were boxed as random strings. At most one slip per 30 characters,
 * and only marks OCR makes of thin glyphs: never a quote, a parenthesis or `;` (what ends a data
 * URI), nor `:`, `.`, `_`, `=` or `-` (a label, or a token's separators, after the data: fast-check
 * found `clave: AIza…` below base64 data taken for more of it when `:` counted as a slip).
 */
function isBase64Line(text: string): boolean {
  if (BASE64_LINE.test(text)) return true;
  const body = text.replace(/={0,2}[")';]*$/, '');
  if (body.length < 40 || !/^[A-Za-z0-9+/[\]|!{}]+$/.test(body)) return false;
  const slips = body.replace(/[A-Za-z0-9+/]/g, '').length;
  return slips <= Math.floor(body.length / 30);
}

/** Every detection on an OCR'd page, for the enabled categories. Pure. */
export function detect(
  page: OcrPage,
  categories: readonly PrivacyCategory[] = PRIVACY_CATEGORIES,
): Detection[] {
  const out: Detection[] = [];
  let inPrivateKey = 0;
  let inBase64 = false;
  if (categories.includes('passwords')) {
    for (const field of formFields(page.lines)) {
      const box = union(field.words.map((w) => w.box));
      if (box) out.push({ category: 'passwords', kind: 'form-field', box });
    }
  }
  for (const line of page.lines) {
    if (line.words.length === 0) continue;
    const lt = lineText(line);
    // Base64 data wrapped over lines after a `;base64,` start: a file's bytes, not a secret.
    // The line may begin with other text (line numbers, a file tree beside the editor).
    if (inBase64) {
      // Only short words (line numbers, file names) may come before the data on the line.
      const k = line.words.findIndex(
        (_, i) =>
          line.words.slice(0, i).every((w) => w.text.length <= 16 && !/[:=]/.test(w.text)) &&
          isBase64Line(
            line.words
              .slice(i)
              .map((w) => w.text)
              .join(''),
          ),
      );
      if (k >= 0) {
        if (k > 0) out.push(...detectLine({ ...line, words: line.words.slice(0, k) }, categories));
        continue;
      }
    }
    // Short lines in between (a file tree OCR read in between) do not end it.
    if (inBase64 && lt.text.length <= 24 && !/["')]/.test(lt.text)) {
      out.push(...detectLine(line, categories, lt));
      continue;
    }
    inBase64 =
      /;base64,/.test(lt.text) && !/["')]\s*;?\s*$/.test(lt.text.slice(lt.text.indexOf(';base64,') + 8));
    if (categories.includes('keys')) {
      // A PEM block: the header and every line up to its END line are the key.
      if (PRIVATE_KEY_BEGIN.test(lt.text)) inPrivateKey = 100;
      if (inPrivateKey > 0) {
        out.push({ category: 'keys', kind: 'private-key', box: lineBox(line) });
        inPrivateKey = PRIVATE_KEY_END.test(lt.text) ? 0 : inPrivateKey - 1;
        continue;
      }
    }
    out.push(...detectLine(line, categories, lt));
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
