/**
 * The detectors on generated layouts, not fixed fixtures: fast-check draws a seed, the fixture
 * generator (tests/fixtures/privacy/gen/values.ts, independent of the detectors) draws values in
 * the public formats and a layout of config lines, forms and hard negatives, and the words are
 * laid out as OCR gives them, with its slips: underscores lost, long tokens split by a space, a
 * character misread. Every planted secret must be covered end to end by the detection boxes;
 * lines with only hard negatives must get none.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detect, detectInText } from '../../../../electron/core/privacy/detectors';
import type { Box, OcrLine, OcrPage } from '../../../../electron/core/privacy/types';
import {
  awsKey,
  base64Image,
  buildId,
  card,
  commitSubject,
  dockerDigest,
  email,
  gitSha,
  githubClassic,
  githubPat,
  googleKey,
  iban,
  keyName,
  npmIntegrity,
  openaiKey,
  password,
  phone,
  Rand,
  SECRET_KEY_WORDS,
  slackToken,
  stripeKey,
  uuid,
  type KeyCase,
} from '../../../fixtures/privacy/gen/values';

const CHAR = 10;
const ROW = 24;

/** One generated line: its text and the [start, end) of each planted secret in it. */
interface Planted {
  text: string;
  secrets: [number, number][];
  /** A label line: the secret is on the next line. */
  label?: boolean;
}

function plant(before: string, secret: string, after = ''): Planted {
  return { text: before + secret + after, secrets: [[before.length, before.length + secret.length]] };
}

const CASES: KeyCase[] = ['UPPER_SNAKE', 'snake', 'camel', 'kebab', 'lower'];
const VENDORS = [awsKey, githubClassic, githubPat, slackToken, stripeKey, googleKey, openaiKey];

function secretLine(r: Rand): Planted[] {
  const word = r.pick(SECRET_KEY_WORDS)[0];
  const key = keyName(r.pick(['', 'db', 'smtp', 'admin']), word, r.pick(CASES));
  const value = password(r);
  switch (r.int(0, 9)) {
    case 0:
      return [plant(`${r.int(1, 40)} ${key.replace(/ /g, '_')}=`, value)];
    case 1:
      return [plant(`${key.replace(/ /g, '-')}: `, value)];
    case 2:
      return [plant(`  "${keyName('', word, 'camel')}": "`, value, '",')];
    case 3: // a form: the label, the field below
      return [{ text: keyName('', word, 'Title'), secrets: [], label: true }, plant('', value)];
    case 4:
      return [plant(`export ${r.pick(['API_KEY', 'TOKEN', 'KEY'])}=`, r.pick(VENDORS)(r))];
    case 5:
      return [plant('From: Jane <', email(r), '>')];
    case 6:
      return [plant('Card ', card(r), ' exp 12/29')];
    case 7:
      return [plant('IBAN ', iban(r), ' BIC')];
    case 8:
      return [plant('Call me on ', phone(r), ' today')];
    default:
      return [plant(`${r.pick(['token', 'jeton', 'clave'])}: `, r.pick(VENDORS)(r))];
  }
}

function negativeLine(r: Rand): string {
  switch (r.int(0, 8)) {
    case 0:
      return `${gitSha(r, 7)} ${commitSubject(r)}`;
    case 1:
      return `commit ${gitSha(r)}`;
    case 2:
      return `https://app.example.com/projects/${uuid(r)}/settings`;
    case 3:
      return `/var/lib/docker/volumes/${uuid(r)}/_data`;
    case 4:
      return `"integrity": "${npmIntegrity(r)}",`;
    case 5:
      return `Digest: ${dockerDigest(r)}`;
    case 6:
      return `Build ${buildId(r)} started, run ${buildId(r)}`;
    case 7:
      return `url("data:image/png;base64,${base64Image(r, 36)}`;
    default:
      return `Restoring cache key node-modules-${gitSha(r, 64)}`;
  }
}

/**
 * What OCR makes of a line: underscores lost (a space), a long token split by a space, now and
 * then one character of a long token misread. Secret spans move with the text.
 */
function ocrSlips(r: Rand, line: Planted): Planted {
  let text = line.text;
  let secrets = line.secrets.map((s) => [...s] as [number, number]);
  const edit = (at: number, remove: number, insert: string) => {
    text = text.slice(0, at) + insert + text.slice(at + remove);
    const shift = insert.length - remove;
    secrets = secrets.map(([a, b]) => [a > at ? a + shift : a, b > at ? b + shift : b]);
  };
  for (let i = 0; i < text.length; i++) if (text[i] === '_' && r.chance(0.3)) edit(i, 1, ' ');
  for (const [a, b] of [...secrets]) {
    // Long random tokens are where Tesseract inserts spaces (addresses and grouped numbers keep theirs).
    if (b - a > 24 && !/[@ ]/.test(text.slice(a, b)) && r.chance(0.3))
      edit(a + r.int(10, b - a - 10), 0, ' ');
  }
  return { ...line, text, secrets };
}

/** Monospace words with character boxes, as Tesseract gives them. */
function pageOf(lines: string[]): OcrPage {
  const out: OcrLine[] = lines.map((text, row) => {
    const words = [...text.matchAll(/\S+/g)].map((m) => ({
      text: m[0],
      confidence: 90,
      box: { x: m.index * CHAR, y: row * ROW, width: m[0].length * CHAR, height: 16 },
      chars: [...m[0]].map((_, i) => ({
        x: (m.index + i) * CHAR + 1,
        y: row * ROW + 2,
        width: CHAR - 2,
        height: 12,
      })),
    }));
    return { words, box: { x: 0, y: row * ROW, width: text.length * CHAR, height: 16 } };
  });
  return { width: 4000, height: lines.length * ROW, lines: out.filter((l) => l.words.length > 0) };
}

/** Is the ink of every character in [start, end) of this row inside a box? Spaces carry none. */
function covered(boxes: readonly Box[], row: number, text: string, start: number, end: number): boolean {
  const y = row * ROW + 8;
  const onRow = boxes.filter((b) => b.y <= y && y < b.y + b.height);
  for (let i = start; i < end; i++) {
    if (text[i] === ' ') continue;
    const x0 = i * CHAR + 1;
    const x1 = (i + 1) * CHAR - 1;
    if (!onRow.some((b) => b.x <= x0 && x1 <= b.x + b.width)) return false;
  }
  return true;
}

/**
 * fast-check's seed: fixed in CI (a red build is the same red build when re-run), random
 * locally unless FC_SEED is given; printed either way, so any failure can be replayed with
 * `FC_SEED=<seed> npx vitest run <this file>`. FC_RUNS runs more layouts (e.g. 20000 locally).
 */
const SEED = process.env.FC_SEED
  ? Number(process.env.FC_SEED)
  : process.env.CI
    ? 20_251_206
    : Date.now() % 2 ** 31;
const RUNS = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : 300;
console.info(`detectors-generated: fast-check seed ${SEED}, ${RUNS} runs (FC_SEED=${SEED} to replay)`);

/** Layout seeds that once failed (the generator's seed, not fast-check's): always run first. */
const KNOWN_COUNTEREXAMPLES: [number][] = [
  // `admin_contraseña=falcon-lantern -riviere-92`: the value's second piece read as a flag
  // (fast-check seed 1513602743).
  [12994341],
  // `export KEY=sk-proj-…D8 noot -4sj…`: a token ended at a lost underscore before a plain word.
  [14966911],
  // `34 admin-api-key=quartz-lantern -riviere-45`
  [143919907],
  // `export KEY=AIza wR8ec…`: the underscore right after the prefix lost.
  [187007186],
  // `export KEY=AIza  -zgy…`: two underscores lost, the key one character short.
  [123829408],
  // `export KEY=github_pat_ eTRl…`
  [179840491],
  // A form field `%XmXGbJH6GLGx3S%` taken for a Windows variable.
  [190499469],
  // `clave: AIza…` below base64 data: `clave:AIza…` taken for more of the data (a slip of `:`).
  [966482050],
];

describe('detectors on generated layouts (property)', () => {
  it('every planted secret is covered end to end, whatever the key language, case and OCR slips', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const r = new Rand(seed);
        const lines: Planted[] = [];
        for (let i = 0; i < 6; i++) {
          if (r.chance(0.4)) lines.push({ text: negativeLine(r), secrets: [] });
          else lines.push(...secretLine(r).map((l) => ocrSlips(r, l)));
        }
        const boxes = detect(pageOf(lines.map((l) => l.text))).map((d) => d.box);
        lines.forEach((line, row) => {
          for (const [a, b] of line.secrets) {
            expect(covered(boxes, row, line.text, a, b), `${line.text} (seed ${seed})`).toBe(true);
          }
        });
      }),
      { seed: SEED, numRuns: RUNS, examples: KNOWN_COUNTEREXAMPLES },
    );
  });

  it('lines holding only hard negatives get no box (SHAs, UUIDs in URLs and paths, integrity, digests, build ids, base64 images)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const r = new Rand(seed);
        const lines = Array.from({ length: 8 }, () => negativeLine(r));
        const found = detect(pageOf(lines));
        expect(found, lines.join('\n')).toEqual([]);
      }),
      { seed: SEED + 1, numRuns: RUNS },
    );
  });
});

describe('detectors: what the generated screens showed', () => {
  const found = (text: string) =>
    detectInText(text).map((m) => `${m.category}:${text.slice(m.start, m.end)}`);
  it('password keys in several languages and cases, including an OCR slip in a long word', () => {
    expect(found('DB_LÖSENORD=Xk2!pq9rT')).toEqual(['passwords:Xk2!pq9rT']);
    expect(found('DB_LÜSENORD=Xk2!pq9rT')).toEqual(['passwords:Xk2!pq9rT']);
    expect(found('smtpMotDePasse: Soleil2024!')).toEqual(['passwords:Soleil2024!']);
    expect(found('"contraseña": "maple.cobalt.72"')).toEqual(['passwords:maple.cobalt.72']);
    expect(found('app-hasło: Nuage88#')).toEqual(['passwords:Nuage88#']);
    expect(found('KENNWORT=Garten2024$')).toEqual(['passwords:Garten2024$']);
  });
  it('a config value OCR split before a dash is covered to the end of the line (fast-check seed 1513602743)', () => {
    expect(found('admin_contraseña=falcon-lantern -riviere-92')).toEqual([
      'passwords:falcon-lantern -riviere-92',
    ]);
    const boxes = detect(pageOf(['admin_contraseña=falcon-lantern -riviere-92'])).map((d) => d.box);
    expect(covered(boxes, 0, 'admin_contraseña=falcon-lantern -riviere-92', 17, 43)).toBe(true);
  });
  it('keys naming something else than the secret are not assignments of it', () => {
    expect(found('PASSWORD_MIN_LENGTH=12')).toEqual([]);
    expect(found('token_ttl: 3600s')).toEqual([]);
    expect(found('secret_file=/run/secrets/db')).toEqual([]);
    expect(found('compass: north-north-west')).toEqual([]);
  });
  it('a token with a character OCR misread inside is still covered to its end', () => {
    const pat =
      'github_pat_G28ZTwQHJQXSV4pa07a60H_bTlarfNNd90©gfA3Sf5c JvEaajzpS1DChbKe2ML35q7yrzYzdbnmnIkG5eXv';
    expect(found(`GH_PAT=${pat}`)).toEqual([`keys:${pat}`]);
  });
  it('a Google key whose underscore OCR lost is covered to its end', () => {
    const key = 'AIzacE9kWcrGKCO8mbsEbCuQphy50T rlD-8T3r';
    expect(found(`GOOGLE MAPS KEY=${key}`)).toEqual([`keys:${key}`]);
  });
  it('a card number is not found inside a UUID whose letters read as digits', () => {
    expect(found('/volumes/6628b94b-0423-4ec6-bf50-3e615a18d843/')).toEqual([]);
  });
  it('an address with a space OCR put before a dot, and a US number at the end of a sentence', () => {
    expect(found('Notify moreau@mail .example.net')).toEqual(['emails:moreau@mail .example.net']);
    expect(found('or 776-555-5177.')).toEqual(['phones:776-555-5177']);
  });
  it('a form field below its label, and beside it across a wide gap', () => {
    const below: OcrPage = pageOf(['Mot de passe', 'Riviere178*']);
    expect(detect(below)).toMatchObject([{ category: 'passwords', kind: 'form-field', box: { y: ROW } }]);
    const beside = pageOf(['Passphrase       2568b@7a3a2Ki']);
    expect(detect(beside)).toMatchObject([{ category: 'passwords', box: { x: 17 * CHAR } }]);
    expect(detect(pageOf(['Username', 'svc-billing']))).toEqual([]);
    // A field that names its value first: the name is not the secret.
    expect(detect(pageOf(['Webhook signing secret', 'whsec: Zx81Kq0vT7pLm2']))).toMatchObject([
      { category: 'passwords', kind: 'form-field', box: { x: 7 * CHAR } },
    ]);
  });
  it('base64 image data wrapped over lines (numbered, beside a file tree) gets no box, a PEM body does', () => {
    const r = new Rand(7);
    const data = base64Image(r, 200);
    const page = pageOf([
      `3 background: url("data:image/png;base64,${data.slice(0, 40)}`,
      `4 ${data.slice(40, 104)}`,
      'logo.css',
      `app.css 5 ${data.slice(104, 168)}`,
      '6 ");',
    ]);
    expect(detect(page)).toEqual([]);
    const pem = pageOf(['-----BEGIN PRIVATE KEY-----', data.slice(40, 104), '-----END PRIVATE KEY-----']);
    expect(detect(pem)).toHaveLength(3);
  });
  it('base64 image data keeps its place when OCR misreads a glyph of it as a bracket or a bar', () => {
    const r = new Rand(11);
    const data = base64Image(r, 240);
    // As read on a generated CSS screen: a glyph read as `]` and the run split there, a `|`.
    const slipped = (s: string, at: number, mark: string) => s.slice(0, at) + mark + s.slice(at + 1);
    const page = pageOf([
      `3 background: url("data:image/png;base64,${data.slice(0, 40)}`,
      `4 ${data.slice(40, 104)}`,
      `5 ${slipped(data.slice(104, 168), 34, '] ')}`,
      `6 ${slipped(data.slice(168, 232), 20, '|')}`,
      '7 ");',
    ]);
    expect(detect(page)).toEqual([]);
    // The slips allowed are not a token's separators: a token right below the data is boxed.
    const token = githubClassic(r);
    const after = pageOf([
      `3 background: url("data:image/png;base64,${data.slice(0, 40)}`,
      `4 ${data.slice(40, 104)}`,
      `5 ${token}`,
    ]);
    expect(detect(after)).toMatchObject([{ box: { x: 2 * CHAR, width: token.length * CHAR } }]);
  });
});
