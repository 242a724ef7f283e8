import { describe, expect, it } from 'vitest';
import {
  isAllowedNavigation,
  isSafeExternalUrl,
  isTrustedSender,
  toSafeExternalUrl,
} from '../../../../electron/core/security';

describe('isSafeExternalUrl', () => {
  it.each([
    ['https://example.com', 'https://example.com/'],
    ['http://example.com/path?q=1#frag', 'http://example.com/path?q=1#frag'],
    ['HTTPS://Example.COM/Docs', 'https://example.com/Docs'],
    ['https://例え.jp/', 'https://xn--r8jz45g.jp/'],
    ['https://127.0.0.1:8080/v1/models', 'https://127.0.0.1:8080/v1/models'],
    ['https://example.com/a%20b', 'https://example.com/a%20b'],
  ])('accepts %s and gives the canonical %s', (url, canonical) => {
    expect(isSafeExternalUrl(url)).toBe(true);
    expect(toSafeExternalUrl(url)).toBe(canonical);
  });

  it.each([
    // scripts and local files
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    ' javascript:alert(1)',
    '\u0000javascript:alert(1)',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'file://server/share/payload.exe',
    'FILE:///C:/Windows/System32/calc.exe',
    'data:text/html,<script>alert(1)</script>',
    'blob:https://example.com/0b8e2a6c',
    'about:blank',
    // schemes an OS hands to some program
    'smb://attacker.example/share',
    'ms-settings:',
    'ms-msdt:/id PCWDiagnostic',
    'search-ms:query=x',
    'mailto:someone@example.com',
    'tel:+100000000',
    'ftp://example.com/file',
    'ssh://example.com',
    'ws://example.com',
    'chrome://settings',
    'app://glimpse/index.html',
    'x-custom-handler://run?cmd=calc',
    // credentials
    'https://user:password@example.com/',
    'https://user@example.com/',
    'https://trusted.example@evil.example/',
    'https://example.com%2F@evil.example/',
    // whitespace, controls, backslashes
    'https://example.com\\@evil.example/',
    'https:\\\\evil.example',
    'https://exa mple.com',
    'https://example.com/\n',
    'https://example.com/\u0085',
    'https://example.com/\u007f',
    '\thttps://example.com',
    // malformed
    '',
    'https://',
    'http://',
    'http:///path',
    'https:example.com',
    'https:/example.com',
    'https://[::1',
    'https://example.com:99999/',
    '//example.com/path',
    '/relative/path',
    'example.com',
    'not a url',
  ])('refuses %j', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
    expect(toSafeExternalUrl(url)).toBeNull();
  });

  it('refuses values that are not strings', () => {
    const values: unknown[] = [undefined, null, 42, {}, new URL('https://example.com')];
    for (const value of values) {
      expect(isSafeExternalUrl(value as string)).toBe(false);
    }
  });
});

describe('isAllowedNavigation', () => {
  const production = ['app://glimpse'];
  const development = ['app://glimpse', 'http://localhost:5173'];

  it.each([
    ['app://glimpse/index.html#/answer', production],
    ['app://glimpse/', production],
    ['app://glimpse', production],
    ['http://localhost:5173/index.html#/main', development],
    ['app://glimpse/index.html', development],
  ])('allows %s', (url, origins) => {
    expect(isAllowedNavigation(url, origins)).toBe(true);
  });

  it.each([
    ['http://localhost:5173/index.html', production],
    ['https://example.com/', development],
    ['app://glimpse.evil/index.html', development],
    ['app://evil/index.html', development],
    ['app://glimpse:1/index.html', development],
    ['app://user@glimpse/index.html', development],
    ['app://GLIMPSE/index.html', development],
    ['http://localhost:5174/', development],
    ['https://localhost:5173/', development],
    ['http://127.0.0.1:5173/', development],
    ['http://localhost:5173.evil.example/', development],
    ['http://evil.example/?http://localhost:5173', development],
    ['http://user@localhost:5173/', development],
    ['file:///opt/glimpse/out/renderer/index.html', development],
    ['about:blank', development],
    ['data:text/html,<script>alert(1)</script>', development],
    ['javascript:alert(1)', development],
    ['blob:app://glimpse/0b8e2a6c', development],
    ['', development],
    ['not a url', development],
  ])('denies %s', (url, origins) => {
    expect(isAllowedNavigation(url, origins)).toBe(false);
  });

  it('denies everything when nothing is allowed, or when the allow-list is malformed', () => {
    expect(isAllowedNavigation('app://glimpse/index.html', [])).toBe(false);
    const malformed = ['*', 'null', '', 'app://glimpse/index.html', 'http://localhost:5173/path', 'glimpse'];
    expect(isAllowedNavigation('app://glimpse/index.html', malformed)).toBe(false);
    expect(isAllowedNavigation('http://localhost:5173/', malformed)).toBe(false);
    // An opaque origin never matches, even if someone allows the string "null".
    expect(isAllowedNavigation('about:blank', ['null'])).toBe(false);
    expect(isAllowedNavigation('data:text/html,x', ['null'])).toBe(false);
  });

  it('never throws, whatever it is given', () => {
    expect(isAllowedNavigation(undefined as unknown as string, production)).toBe(false);
    expect(isAllowedNavigation('app://glimpse/', [undefined, 7] as unknown as string[])).toBe(false);
  });
});

describe('isTrustedSender', () => {
  const origins = ['app://glimpse', 'http://localhost:5173'];

  it.each(['app://glimpse/index.html#/answer', 'http://localhost:5173/index.html#/main'])(
    'trusts %s',
    (url) => {
      expect(isTrustedSender(url, origins)).toBe(true);
    },
  );

  it.each([
    undefined,
    '',
    'about:blank',
    'about:srcdoc',
    'https://example.com/',
    'file:///opt/glimpse/out/renderer/index.html',
    'data:text/html,x',
    'app://evil/index.html',
    'devtools://devtools/bundled/inspector.html',
    'chrome-extension://abc/page.html',
  ])('does not trust %j', (url) => {
    expect(isTrustedSender(url, origins)).toBe(false);
  });

  it('does not trust our dev server in production', () => {
    expect(isTrustedSender('http://localhost:5173/index.html', ['app://glimpse'])).toBe(false);
  });
});
