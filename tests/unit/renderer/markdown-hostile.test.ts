/**
 * Hostile answers in the Markdown engine (issue 16), in Node: nothing past markdown-it's nesting
 * limit is dropped, links show the host they really open, controls cannot hide or reorder text,
 * and KaTeX's errors come out marked with a class instead of an inline style.
 */
import { describe, expect, it } from 'vitest';
import { FLAT_LEVEL, createMarkdownEngine } from '../../../renderer/src/lib/markdown/markdown';
import { hostsNamedIn, linkWarning, punycodeLabelToUnicode } from '../../../renderer/src/lib/markdown/links';
import { renderTex } from '../../../renderer/src/lib/markdown/math';
import { deepListAnswer } from '../../support/markdown-answers';

const engine = createMarkdownEngine({ copyCode: 'Copy', image: 'Image:' });
const render = (text: string): string => engine.render(text, {}, { highlight: true });

describe('past the nesting limit', () => {
  it('keeps every level of a list nested 1,000 deep and the sentence after it', () => {
    const answer = deepListAnswer(1_000, 'The closing sentence.');
    const html = render(answer.text);
    expect(html).toContain('level 1000');
    expect(html).toContain('The closing sentence.');
    for (const level of [1, 19, 20, 21, 500, 999]) expect(html).toMatch(new RegExp(`level ${level}(?!\\d)`));
    // Flat past the limit: a bounded depth of boxes, one paragraph per deeper line.
    expect((html.match(/<ul>/g) ?? []).length).toBeLessThanOrEqual(FLAT_LEVEL / 2);
    expect(html).toContain('<p class="md-flat">- level 1000</p>');
  });

  it('keeps the text of quotes and list markers nested 1,000 deep on one line', () => {
    expect(render(`${'> '.repeat(1_000)}deepest quote\n\nafter`)).toMatch(/deepest quote[\s\S]*after/);
    expect(render(`${'- '.repeat(1_000)}deepest item\n\nafter`)).toMatch(/deepest item[\s\S]*after/);
  });

  it('lines up at most 8 bullets for a line of 60 list markers, then shows the rest of the line', () => {
    // Each nested list puts its bullet beside the one before: 20 of them took two thirds of the
    // panel's width, and the rest of the line wrapped in what was left.
    const html = render(`${'- '.repeat(60)}deep item`);
    expect((html.match(/<ul>/g) ?? []).length).toBeLessThanOrEqual(8);
    expect(html).toMatch(/<p class="md-flat">(- ){52}deep item<\/p>/);
  });
});

describe('links that cannot lie', () => {
  const badge = (html: string) =>
    /<span class="link-host" data-warning="([a-z-]+)">([^<]*)<\/span>/.exec(html);

  it('shows the real host when the text names another one', () => {
    const html = render('[github.com](https://github.com.evil.example/login)');
    expect(badge(html)?.slice(1)).toEqual(['names-other-host', 'github.com.evil.example']);
    expect(badge(render('[https://paypal.com/signin](https://evil.example/x)'))?.[2]).toBe('evil.example');
  });

  it('ends a bare URL at a quote, so a line of JSON is not one long link', () => {
    // linkify-it let a path run on through "…" segments: the whole JSON after the first URL
    // became one link (up to 10,000 characters) to an address that does not exist.
    const json =
      '[{"id":0,"url":"https://example.com/a/0","tags":["x","y"],"ok":true},{"url":"https://example.com/a/1"}]';
    const links = [...render(json).matchAll(/<a href="([^"]*)"[^>]*>([^<]*)<\/a>/g)].map((m) => [m[1], m[2]]);
    expect(links).toEqual([
      ['https://example.com/a/0', 'https://example.com/a/0'],
      ['https://example.com/a/1', 'https://example.com/a/1'],
    ]);
    // The same for single quotes (a Python dict); an apostrophe inside a word still belongs.
    expect(render("{'url': 'https://x.example/a', 'n': 'b'}")).toContain('<a href="https://x.example/a">');
    expect(render("https://example.com/it's-fine")).toContain('<a href="https://example.com/it\'s-fine">');
    // Every character of the JSON is still shown.
    expect(
      render(json)
        .replace(/<[^>]*>/g, '')
        .replace(/&quot;/g, '"')
        .trim(),
    ).toBe(json);
  });

  it('shows the real host behind user info', () => {
    expect(badge(render('<https://github.com@evil.example/login>'))?.slice(1)).toEqual([
      'user-info',
      'evil.example',
    ]);
  });

  it('shows look-alike hosts in punycode (Cyrillic, Greek) and reads full-width as the URL parser does', () => {
    expect(badge(render('[docs](https://gіthub.com/login)'))?.slice(1)).toEqual([
      'confusable',
      'xn--gthub-n2e.com',
    ]);
    expect(badge(render('[gοogle.com](https://gοogle.com/)'))?.[2]).toBe('xn--gogle-rce.com');
    expect(badge(render('[ｇｉｔｈｕｂ.com](https://evil.example/)'))?.[2]).toBe('evil.example');
    // Full width in the destination is the ASCII host itself: nothing to warn about.
    expect(badge(render('[github.com](https://ｇｉｔｈｕｂ.com/)'))).toBeNull();
  });

  it('leaves honest links alone: own host, subdomains, plain words, file names, Latin IDNs', () => {
    for (const text of [
      '[github.com](https://github.com/x)',
      '[github.com](https://docs.github.com/x)',
      '[www.github.com](https://github.com/)',
      '[the npm docs](https://docs.npmjs.com/)',
      '[package.json](https://github.com/a/b/blob/main/package.json)',
      '[München](https://münchen.de/)',
      'https://example.com/plain',
    ]) {
      expect(badge(render(text)), text).toBeNull();
    }
  });

  it('removes bidi and zero-width controls from link text and destination before encoding', () => {
    const html = render('[invoice\u202Egpj.exe](https://exa\u200Bmple.com/files/inv\u202Eoice)');
    expect(html).toContain('<a href="https://example.com/files/invoice">invoicegpj.exe</a>');
  });

  it('marks reordering controls in text and code instead of obeying them', () => {
    const html = render('file report\u202Efdp.exe and `x\u2066y` and\n\n```\ncode\u202E\n```');
    expect(html.match(/class="md-control"/g)).toHaveLength(3);
    expect(html).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });

  it('names hosts and decodes punycode as the standards say', () => {
    expect(hostsNamedIn('see https://github.com@evil.example and gitlab.com').sort()).toEqual([
      'evil.example',
      'github.com',
      'gitlab.com',
    ]);
    expect(punycodeLabelToUnicode('xn--mnchen-3ya')).toBe('münchen');
    expect(punycodeLabelToUnicode('xn--gthub-n2e')).toBe('gіthub');
    expect(linkWarning('docs', 'javascript:alert(1)')).toBeNull();
  });
});

describe('KaTeX errors', () => {
  it('renders a malformed formula and a macro bomb as marked TeX, with no inline style', () => {
    for (const tex of ['\\frac{1}{', '\\def\\a{\\a\\a}\\a', '\\begin{matrix} a \\end{pmatrix}']) {
      const html = renderTex(tex, false);
      expect(html).toMatch(/^<code class="math-error" title="[^"]*">/);
      expect(html).not.toContain('style=');
    }
    expect(renderTex('x^2', false)).toContain('<math');
  });
});
