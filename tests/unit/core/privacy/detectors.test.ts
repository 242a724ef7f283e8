import { describe, expect, it } from 'vitest';
import {
  detect,
  detectInText,
  digitize,
  isHighEntropy,
  padBox,
} from '../../../../electron/core/privacy/detectors';
import { ibanValid, luhnValid } from '../../../../electron/core/privacy/checksums';
import type { OcrLine, OcrPage, PrivacyCategory } from '../../../../electron/core/privacy/types';
import { FAKE } from '../../../fixtures/privacy/fake-secrets';

/** The matched substrings of one line, with their categories. */
function found(text: string, categories?: PrivacyCategory[]): string[] {
  return detectInText(text, categories).map((m) => `${m.category}:${text.slice(m.start, m.end)}`);
}

describe('checksums', () => {
  it('Luhn accepts test card numbers and rejects one changed digit', () => {
    expect(luhnValid('4242424242424242')).toBe(true);
    expect(luhnValid('378282246310005')).toBe(true);
    expect(luhnValid('4242424242424243')).toBe(false);
    expect(luhnValid('42424242a4242424')).toBe(false);
  });
  it('IBAN mod-97 accepts registry examples, rejects a swapped digit and a wrong length', () => {
    expect(ibanValid('FR1420041010050500013M02606')).toBe(true);
    expect(ibanValid('DE89370400440532013000')).toBe(true);
    expect(ibanValid('GB82WEST12345698765432')).toBe(true);
    expect(ibanValid('DE89370400440532013001')).toBe(false);
    expect(ibanValid('DE8937040044053201300')).toBe(false);
  });
});

describe('keys', () => {
  const cases: [string, string][] = [
    ['openai', FAKE.openai],
    ['openai project', FAKE.openaiProject],
    ['aws', FAKE.aws],
    ['github classic', FAKE.github],
    ['github fine-grained', FAKE.githubPat],
    ['gitlab', FAKE.gitlab],
    ['slack', FAKE.slack],
    ['google', FAKE.google],
    ['jwt', FAKE.jwt],
    ['stripe', FAKE.stripe],
  ];
  it.each(cases)('finds a %s key after export NAME=', (_name, key) => {
    expect(found(`$ export MY_KEY=${key}`, ['keys'])).toEqual([`keys:${key}`]);
  });
  it.each(cases)('finds a %s key in quotes inside code', (_name, key) => {
    expect(found(`const client = new Client("${key}");`, ['keys'])).toEqual([`keys:${key}`]);
  });
  it('joins a key that OCR split with inserted spaces, and stops at ordinary words', () => {
    const key = FAKE.openaiProject;
    const split = `${key.slice(0, 19)} ${key.slice(19, 40)} ${key.slice(40)}`;
    expect(found(`key ${split} is set`, ['keys'])).toEqual([`keys:${split}`]);
    const aws = `${FAKE.aws.slice(0, 9)} ${FAKE.aws.slice(9)}`;
    expect(found(`access key ${aws} region`, ['keys'])).toEqual([`keys:${aws}`]);
  });
  it('reads an underscore OCR lost right after the prefix', () => {
    const google = 'AIza wR8ecLSsu-GVKW5PFM7gFPhc1HlI9Evn9R';
    expect(found(`maps ${google} ok`, ['keys'])).toEqual([`keys:${google}`]);
    const pat =
      'github_pat_ eTRlHGNQcBkWdcumKVLOEC_vkQZ4Xl2gSzHiQYXheRHY8xt4PA3xbmSfT3lrgBuOcHVDsF6vvLuBLu7JQ0';
    expect(found(`GH ${pat}`, ['keys'])).toEqual([`keys:${pat}`]);
    // Not a word of prose after a bare prefix.
    expect(found('the sk- prefix is for OpenAI keys', ['keys'])).toEqual([]);
  });
  it('as the value of an assignment, a token runs to the end of the value, whatever the key', () => {
    // The lost underscores of `…D8_noot_-4sj…` came out as spaces; "noot" does not look random.
    const split = 'sk-proj-CkHQFIu6ZR1-KxXVl2kR9lcD8 noot -4sj2ccM5n1B5dV3BAtu6kVFPb7o2wL';
    expect(found(`export KEY=${split}`, ['keys'])).toEqual([`keys:${split}`]);
    expect(found(`export KEY=${split} && ls`, ['keys'])).toEqual([`keys:${split}`]);
    // Two underscores lost after the prefix: the key reads one short, but its random rest is
    // found (as a random string) and covers the whole value.
    expect(found('export KEY=AIza -zgyINqRIy6nSuwQp5Dw1kFc71IZZ4FGF', ['keys', 'entropy'])).toEqual([
      'entropy:AIza -zgyINqRIy6nSuwQp5Dw1kFc71IZZ4FGF',
    ]);
    expect(
      found(`aws_access_key_id = ${FAKE.aws.slice(0, 9)} ${FAKE.aws.slice(9)} # prod`, ['keys']),
    ).toEqual([`keys:${FAKE.aws.slice(0, 9)} ${FAKE.aws.slice(9)}`]);
  });
  it('reads AKIA with a 1 or l for the I, and a Google key with l for I', () => {
    const aws = FAKE.aws.replace('AKIA', 'AK1A');
    expect(found(`id ${aws}`, ['keys'])).toEqual([`keys:${aws}`]);
    // A doubled character makes it one too long: the whole word is still covered.
    const doubled = `${FAKE.aws.slice(0, 10)}I${FAKE.aws.slice(10)}`;
    expect(found(`id ${doubled}`, ['keys'])).toEqual([`keys:${doubled}`]);
    const google = FAKE.google.replace('AIza', 'Alza');
    expect(found(`key=${google}`, ['keys'])).toEqual([`keys:${google}`]);
  });
  it('ignores look-alikes: task-force, short sk- strings, ghp_ too short, prose', () => {
    expect(found('the task-forceproject-alpha-bravo-charlie is late', ['keys'])).toEqual([]);
    expect(found('use sk-abc to test', ['keys'])).toEqual([]);
    expect(found('ghp_abc123 is not a token', ['keys'])).toEqual([]);
    expect(found('AKIA is the prefix of access key ids', ['keys'])).toEqual([]);
    expect(found('eyJ is how JSON starts in base64', ['keys'])).toEqual([]);
  });
  it('redacts a PEM private key from its header to its END line, and nothing after', () => {
    const lines = [
      '-----BEGIN OPENSSH PRIVATE KEY-----',
      'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
      'QyNTUxOQAAACDx4KqY1zS5mFJp0XrV2f3gHkq1qz0Q3bW9yJqY7tJ0aQAAAJg2Jt1cNibd',
      '-----END OPENSSH PRIVATE KEY-----',
      'Host github.com',
    ];
    const detections = detect(page(lines), ['keys']);
    expect(detections.map((d) => d.box.y)).toEqual([0, 20, 40, 60]);
    expect(detections.every((d) => d.kind === 'private-key')).toBe(true);
  });
});

describe('passwords', () => {
  it('finds the value of password=/secret:/token assignments, not the name', () => {
    expect(found('DB_PASSWORD=hunter2!', ['passwords'])).toEqual(['passwords:hunter2!']);
    expect(found('client_secret: "s3cr3t-value"', ['passwords'])).toEqual(['passwords:s3cr3t-value']);
    // A quoted value runs to its closing quote, spaces included.
    expect(found("password = 'correct horse'", ['passwords'])).toEqual(['passwords:correct horse']);
    expect(found('mot de passe : Soleil2024', ['passwords'])).toEqual(['passwords:Soleil2024']);
    expect(found('SECRET_KEY=django-insecure-x', ['passwords'])).toEqual(['passwords:django-insecure-x']);
  });
  it('on a config line the value runs to the end (OCR turns lost underscores into spaces) or to a new command', () => {
    expect(found('DB PASSWORD=riviere quartz lantern 28', ['passwords'])).toEqual([
      'passwords:riviere quartz lantern 28',
    ]);
    expect(found('+ APP_PWD=Riviere178* ./migrate --all', ['passwords'])).toEqual(['passwords:Riviere178*']);
    // In a config file a word starting with a dash is the rest of a value OCR split, not a flag;
    // after a prompt, or after a command's words, it is a flag.
    expect(found('admin_contraseña=falcon-lantern -riviere-92', ['passwords'])).toEqual([
      'passwords:falcon-lantern -riviere-92',
    ]);
    expect(found('34 admin-api-key=quartz-lantern -riviere-45', ['passwords'])).toEqual([
      'passwords:quartz-lantern -riviere-45',
    ]);
    expect(found('$ DB_PASSWORD=hunter22 -v', ['passwords'])).toEqual(['passwords:hunter22']);
    expect(found('mysql -u root --password=hunter22 -h db', ['passwords'])).toEqual(['passwords:hunter22']);
    expect(found('export TOKEN=abc123 && ls', ['passwords'])).toEqual(['passwords:abc123']);
    expect(found('12 smtp_password: s3cr3t value # rotated', ['passwords'])).toEqual([
      'passwords:s3cr3t value',
    ]);
  });
  it('in prose the value is one word, joined with the next only when both look random', () => {
    expect(found('so the secret: hunter2 is what I use', ['passwords'])).toEqual(['passwords:hunter2']);
    expect(found('and the token: Zx81Kq0 vT7pLm2 was leaked', ['passwords'])).toEqual([
      'passwords:Zx81Kq0 vT7pLm2',
    ]);
  });
  it('ignores placeholders, masked fields and variables', () => {
    expect(found('Password: ••••••••', ['passwords'])).toEqual([]);
    expect(found('password=${DB_PASSWORD}', ['passwords'])).toEqual([]);
    expect(found('API_KEY=<your key here>', ['passwords'])).toEqual([]);
    expect(found('token: process.env.TOKEN', ['passwords'])).toEqual([]);
    expect(found('password=%APPDATA%', ['passwords'])).toEqual([]);
    expect(found('pwd: $DB_PASS', ['passwords'])).toEqual([]);
  });
  it('a random value between percent signs is a password, not a Windows variable', () => {
    expect(found('Password: %XmXGbJH6GLGx3S%', ['passwords'])).toEqual(['passwords:%XmXGbJH6GLGx3S%']);
    expect(found('Forgot your password? Reset it', ['passwords'])).toEqual([]);
  });
});

describe('emails', () => {
  it('finds addresses, with OCR spaces around @ or © for @', () => {
    expect(found('From: Alice Martin <alice.martin@example.com>', ['emails'])).toEqual([
      'emails:alice.martin@example.com',
    ]);
    expect(found('Cc: bob+news @ mail.example.co.uk;', ['emails'])).toEqual([
      'emails:bob+news @ mail.example.co.uk',
    ]);
    expect(found('jean.dupont©laposte.fr', ['emails'])).toEqual(['emails:jean.dupont©laposte.fr']);
  });
  it('ignores @mentions, decorators and versions', () => {
    expect(found('@Component({ selector: "x" }) by @alice', ['emails'])).toEqual([]);
    expect(found('npm i react@18.2.0', ['emails'])).toEqual([]);
  });
});

describe('phones', () => {
  it('finds international, French and US numbers', () => {
    expect(found('Tel: +33 6 12 34 56 78', ['phones'])).toEqual(['phones:+33 6 12 34 56 78']);
    expect(found('appelez le 01 42 68 53 00.', ['phones'])).toEqual(['phones:01 42 68 53 00']);
    expect(found('Call (415) 555-0132 today', ['phones'])).toEqual(['phones:(415) 555-0132']);
    expect(found('+1 415-555-0132', ['phones'])).toEqual(['phones:+1 415-555-0132']);
  });
  it('reads O for 0 and l for 1 inside a number', () => {
    expect(found('Tel: +33 6 l2 34 56 78', ['phones'])).toEqual(['phones:+33 6 l2 34 56 78']);
  });
  it('ignores dates, times, versions and amounts', () => {
    expect(found('2026-11-26 00:18:06 v1.2.3 $1,299.00 build 20261126', ['phones'])).toEqual([]);
    expect(found('192.168.100.200', ['phones'])).toEqual([]);
  });
});

describe('cards', () => {
  it('finds Luhn-valid numbers, grouped or not', () => {
    expect(found('Card number 4242 4242 4242 4242 exp 12/29', ['cards'])).toEqual([
      'cards:4242 4242 4242 4242',
    ]);
    expect(found('5555-5555-5555-4444', ['cards'])).toEqual(['cards:5555-5555-5555-4444']);
    expect(found('amex 3782 822463 10005', ['cards'])).toEqual(['cards:3782 822463 10005']);
    expect(found('4111111111111111', ['cards'])).toEqual(['cards:4111111111111111']);
  });
  it('reads O/o for 0, l/I for 1 and inserted spaces', () => {
    expect(found('4111 l111 1111 1111', ['cards'])).toEqual(['cards:4111 l111 1111 1111']);
    expect(found('55 55 5555 5555 4444', ['cards'])).toEqual(['cards:55 55 5555 5555 4444']);
    expect(digitize('4O42 42')).toBe('4042 42');
    expect(digitize('Order 4')).toBe('Order 4');
  });
  it('reads A for a small 4 in every group, as English OCR reads a 1× card', () => {
    expect(found('A242 A242 A242 A242', ['cards'])).toEqual(['cards:A242 A242 A242 A242']);
    // One slip per group only: a word of letters among digits is not a misread card.
    expect(found('A2A2 A242 4242 4242', ['cards'])).toEqual([]);
    expect(found('Paper A4 and 42 42', ['cards'])).toEqual([]);
  });
  it('rejects numbers that fail Luhn, timestamps and order ids', () => {
    expect(found('4242 4242 4242 4241', ['cards'])).toEqual([]);
    expect(found('1764116286000 ms', ['cards'])).toEqual([]);
    expect(found('Order #100023456789 shipped', ['cards'])).toEqual([]);
  });
});

describe('ibans', () => {
  it('finds IBANs printed in groups of four, and compact', () => {
    expect(found('IBAN: FR14 2004 1010 0505 0001 3M02 606 BIC', ['ibans'])).toEqual([
      'ibans:FR14 2004 1010 0505 0001 3M02 606',
    ]);
    expect(found('DE89370400440532013000', ['ibans'])).toEqual(['ibans:DE89370400440532013000']);
    expect(found('GB82 WEST 1234 5698 7654 32', ['ibans'])).toEqual(['ibans:GB82 WEST 1234 5698 7654 32']);
  });
  it('reads O for 0 in the account digits', () => {
    expect(found('DE89 3704 OO44 0532 0130 00', ['ibans'])).toEqual(['ibans:DE89 3704 OO44 0532 0130 00']);
  });
  it('rejects a wrong checksum when the number is not printed like an IBAN', () => {
    expect(found('DE89370400440532013001', ['ibans'])).toEqual([]);
    expect(found('ZZ89 3704 0044 0532 0130 01', ['ibans'])).toEqual([]);
  });
  it('still redacts an IBAN printed in groups whose checksum OCR broke by a character', () => {
    const m = detectInText('IBAN FR76 3000 6000 0112 3456 78960 189 BIC', ['ibans']);
    expect(m).toMatchObject([{ kind: 'iban-shaped' }]);
    expect('IBAN FR76 3000 6000 0112 3456 78960 189 BIC'.slice(m[0]!.start, m[0]!.end)).toBe(
      'FR76 3000 6000 0112 3456 78960 189',
    );
  });
});

describe('entropy', () => {
  it('flags long random strings, also when they hold an @ as passwords do', () => {
    expect(isHighEntropy('Zx81Kq0vT7pLm2Wn9RbC4yHd')).toBe(true);
    expect(isHighEntropy('Zx81Kq@vT7pLm2wn9RbC4yHd')).toBe(true);
  });
  it('leaves hex hashes, UUIDs and digests alone, but not in a secret assignment', () => {
    const sha256 = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
    expect(isHighEntropy(sha256)).toBe(false);
    expect(found(`sha256:${sha256}`)).toEqual([]);
    expect(found(`key node-modules-${sha256}`)).toEqual([]);
    expect(found('https://app.example.com/projects/e32f8ef1-9311-4cba-95a5-ff15d5d5e0b2/settings')).toEqual(
      [],
    );
    expect(found('/var/lib/app/volumes/6628b94b-0423-4ec6-bf50-3e615a18d843/_data')).toEqual([]);
    expect(found(`API_SECRET=${sha256}`)).toEqual([`passwords:${sha256}`]);
  });
  it('does not flag identifiers, paths, URLs, words and short hashes', () => {
    expect(isHighEntropy('getElementsByClassNameAndTag')).toBe(false);
    expect(isHighEntropy('/usr/local/lib/node_modules/typescript')).toBe(false);
    expect(isHighEntropy('https://example.com/a/b/c/d/e/f/g/h')).toBe(false);
    expect(isHighEntropy('internationalization')).toBe(false);
    expect(isHighEntropy('a1b2c3d')).toBe(false);
    expect(isHighEntropy('e0f08c5a7b8e9d0c1f2a')).toBe(false);
    expect(isHighEntropy('aaaaaaaaaaaaaaaaaaaaaaa1')).toBe(false);
  });
});

describe('detect over a page', () => {
  it('gives character-exact boxes when OCR gave character boxes, else whole words', () => {
    const lines = page([`export OPENAI_API_KEY=${FAKE.openai}`]);
    const [d] = detect(lines, ['keys']);
    // 10 px per character: the key starts after "export OPENAI_API_KEY=" (22 characters).
    expect(d).toMatchObject({ category: 'keys', kind: 'openai-key' });
    expect(d!.box.x).toBe(219.5);
    expect(d!.box.width).toBe(FAKE.openai.length * 10 + 0.5);
    const wordsOnly = page([`export OPENAI_API_KEY=${FAKE.openai}`], false);
    expect(detect(wordsOnly, ['keys'])[0]!.box.x).toBe(70);
  });
  it('runs only the enabled categories, and proposals carry no text', () => {
    const lines = page([`mail alice@example.com card 4242 4242 4242 4242`]);
    expect(detect(lines, ['emails']).map((d) => d.category)).toEqual(['emails']);
    const all = detect(lines);
    expect(all.map((d) => d.category)).toEqual(['emails', 'cards']);
    expect(JSON.stringify(all)).not.toContain('alice');
    expect(JSON.stringify(all)).not.toContain('4242');
  });
  it('pads boxes and keeps them inside the image', () => {
    expect(padBox({ x: 10, y: 10, width: 100, height: 20 }, 1000, 1000)).toEqual({
      x: 4,
      y: 4,
      width: 112,
      height: 32,
    });
    expect(padBox({ x: 1, y: 1, width: 100, height: 20 }, 103, 22)).toEqual({
      x: 0,
      y: 0,
      width: 103,
      height: 22,
    });
  });
});

/** Lines of monospace text, 10 px per character and 20 px per line, as OCR would give them. */
function page(lines: string[], withChars = true): OcrPage {
  const out: OcrLine[] = lines.map((text, row) => {
    const words = [...text.matchAll(/\S+/g)].map((m) => ({
      text: m[0],
      confidence: 90,
      box: { x: m.index * 10, y: row * 20, width: m[0].length * 10, height: 16 },
      ...(withChars
        ? {
            chars: [...m[0]].map((_, i) => ({
              x: (m.index + i) * 10,
              y: row * 20 + 2,
              width: 9,
              height: 12,
            })),
          }
        : {}),
    }));
    return { words, box: { x: 0, y: row * 20, width: text.length * 10, height: 16 } };
  });
  return { width: 2000, height: lines.length * 20, lines: out };
}

describe('OCR slips seen on the generated screens', () => {
  it('reads keys whose underscores OCR turned into spaces', () => {
    const gh = FAKE.github.replace('_', ' ');
    expect(found(gh, ['keys'])).toEqual([`keys:${gh}`]);
    const stripe = FAKE.stripe.replace(/_/g, ' ');
    expect(found(`STRIPE SECRET KEY=${stripe}`, ['keys'])).toEqual([`keys:${stripe}`]);
  });
  it('leaves addresses to the e-mail detector', () => {
    expect(found('write to marc.leroy2024@example-corp.fr', ['entropy'])).toEqual([]);
  });
});
