import { describe, expect, it } from 'vitest';
import {
  APP_HOST,
  APP_ORIGIN,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  appPageUrl,
  devServerOrigin,
  isLoopbackHostname,
  normaliseOrigins,
  pageOrigin,
  webSocketOriginOf,
} from '../../../../electron/core/security';

describe('app origin and scheme privileges', () => {
  it('serves pages from app://glimpse', () => {
    expect(APP_SCHEME).toBe('app');
    expect(APP_HOST).toBe('glimpse');
    expect(APP_ORIGIN).toBe('app://glimpse');
  });

  it('registers a standard, secure scheme that bypasses nothing and is closed to other origins', () => {
    expect(APP_SCHEME_PRIVILEGES).toStrictEqual({
      standard: true,
      secure: true,
      bypassCSP: false,
      supportFetchAPI: false,
      corsEnabled: false,
      allowServiceWorkers: false,
      stream: false,
      codeCache: false,
      allowExtensions: false,
    });
    expect(Object.isFrozen(APP_SCHEME_PRIVILEGES)).toBe(true);
  });
});

describe('isLoopbackHostname', () => {
  it.each(['localhost', '127.0.0.1', '127.1.2.3', '[::1]'])('accepts %s', (host) => {
    expect(isLoopbackHostname(host)).toBe(true);
  });
  it.each([
    'example.com',
    'localhost.example.com',
    '128.0.0.1',
    '0.0.0.0',
    '127.0.0.1.nip.io',
    '::1',
    '',
    '10.0.0.1',
  ])('refuses %j', (host) => {
    expect(isLoopbackHostname(host)).toBe(false);
  });
});

describe('pageOrigin', () => {
  it.each([
    ['app://glimpse/index.html#/answer', 'app://glimpse'],
    ['app://glimpse', 'app://glimpse'],
    ['http://localhost:5173/index.html', 'http://localhost:5173'],
    ['HTTPS://Example.COM:443/x', 'https://example.com'],
  ])('%s has origin %s', (url, origin) => {
    expect(pageOrigin(url)).toBe(origin);
  });

  it.each([
    'app://GLIMPSE/index.html',
    'app://glimpse:1/index.html',
    'app://glimpse.evil/index.html',
    'app://user@glimpse/index.html',
    'app://evil/index.html',
    'http://user:pass@localhost:5173/',
    'https://trusted.example@evil.example/',
    'file:///etc/passwd',
    'data:text/html,<script>alert(1)</script>',
    'blob:app://glimpse/0b8e2a6c',
    'about:blank',
    'javascript:alert(1)',
    'ws://localhost:5173',
    'other://glimpse/',
    'not a url',
    '',
  ])('%j has no origin we would trust', (url) => {
    expect(pageOrigin(url)).toBeNull();
  });
});

describe('normaliseOrigins', () => {
  it('keeps exact origins (a trailing slash aside) and drops everything else', () => {
    const origins = normaliseOrigins([
      'app://glimpse',
      'http://localhost:5173/',
      'http://localhost:5174/path',
      '*',
      'null',
      '',
      'file://',
      42 as unknown as string,
    ]);
    expect([...origins].sort()).toStrictEqual(['app://glimpse', 'http://localhost:5173']);
  });
});

describe('devServerOrigin', () => {
  it.each([
    ['http://localhost:5173', 'http://localhost:5173'],
    ['http://localhost:5173/', 'http://localhost:5173'],
    ['http://127.0.0.1:5173/some/path', 'http://127.0.0.1:5173'],
    ['https://[::1]:8443', 'https://[::1]:8443'],
  ])('accepts %s', (url, origin) => {
    expect(devServerOrigin(url)).toBe(origin);
  });

  it.each([
    undefined,
    '',
    'http://example.com:5173',
    'http://192.168.1.10:5173',
    'http://localhost.evil.com:5173',
    'http://user@localhost:5173',
    'file:///tmp/index.html',
    'ws://localhost:5173',
    'app://glimpse',
    'localhost:5173',
  ])('refuses %j', (url) => {
    expect(devServerOrigin(url)).toBeNull();
  });

  it('derives the HMR socket origin', () => {
    expect(webSocketOriginOf('http://localhost:5173')).toBe('ws://localhost:5173');
    expect(webSocketOriginOf('https://localhost:5173')).toBe('wss://localhost:5173');
  });
});

describe('appPageUrl', () => {
  it('loads index.html with the route in the fragment', () => {
    expect(appPageUrl('answer')).toBe('app://glimpse/index.html#/answer');
    expect(appPageUrl('/main')).toBe('app://glimpse/index.html#/main');
    expect(appPageUrl('overlay?display=2')).toBe('app://glimpse/index.html#/overlay?display=2');
    expect(appPageUrl('history/abc-123')).toBe('app://glimpse/index.html#/history/abc-123');
  });

  it('uses the dev server origin when one is given, and only a loopback one', () => {
    expect(appPageUrl('answer', 'http://localhost:5173/')).toBe('http://localhost:5173/index.html#/answer');
    expect(appPageUrl('answer', null)).toBe('app://glimpse/index.html#/answer');
    expect(() => appPageUrl('answer', 'https://evil.example')).toThrow(/loopback/);
  });

  it.each(['', '/', '../etc', 'a//b', 'a b', 'a#b', 'https://evil.example', '//evil.example', 'a\nb'])(
    'refuses the route %j',
    (route) => {
      expect(() => appPageUrl(route)).toThrow(/Invalid renderer route/);
    },
  );
});
