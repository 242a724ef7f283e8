import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isInsideDirectory, resolveAppRequest, type PathApi } from '../../../../electron/core/security';

const PLATFORMS: [string, PathApi, string][] = [
  ['posix', path.posix, '/opt/glimpse/resources/out/renderer'],
  ['win32', path.win32, 'C:\\Program Files\\Glimpse\\resources\\out\\renderer'],
];

describe.each(PLATFORMS)('resolveAppRequest (%s paths)', (_name, paths, root) => {
  const resolve = (url: string): ReturnType<typeof resolveAppRequest> => resolveAppRequest(root, url, paths);

  it.each([
    ['app://glimpse/', ['index.html'], 'text/html; charset=utf-8'],
    ['app://glimpse', ['index.html'], 'text/html; charset=utf-8'],
    ['app://glimpse/index.html', ['index.html'], 'text/html; charset=utf-8'],
    ['app://glimpse/index.html#/answer', ['index.html'], 'text/html; charset=utf-8'],
    ['app://glimpse/index.html?../../etc/passwd', ['index.html'], 'text/html; charset=utf-8'],
    ['app://glimpse/web.html?token=abc', ['web.html'], 'text/html; charset=utf-8'],
    [
      'app://glimpse/assets/index-B7x_Qe-1.js',
      ['assets', 'index-B7x_Qe-1.js'],
      'text/javascript; charset=utf-8',
    ],
    ['app://glimpse/assets/index-Cz9.css', ['assets', 'index-Cz9.css'], 'text/css; charset=utf-8'],
    ['app://glimpse/assets/inter-latin.woff2', ['assets', 'inter-latin.woff2'], 'font/woff2'],
    ['app://glimpse/assets/logo.svg', ['assets', 'logo.svg'], 'image/svg+xml'],
    ['app://glimpse/assets/%69con.png', ['assets', 'icon.png'], 'image/png'],
  ])('maps %s into the root', (url, segments, mimeType) => {
    expect(resolve(url)).toStrictEqual({ filePath: paths.join(root, ...segments), mimeType });
  });

  // Every trick we know of for leaving the root or reaching something that is not a build file.
  const refused = [
    // other schemes, hosts, authorities
    'file:///etc/passwd',
    'http://glimpse/index.html',
    'https://glimpse/index.html',
    'app://evil/index.html',
    'app://glimpse.evil/index.html',
    'app://glimpse@evil/index.html',
    'app://user@glimpse/index.html',
    'app://user:pw@glimpse/index.html',
    'app://glimpse:80/index.html',
    'app://GLIMPSE/index.html',
    'APP://glimpse/index.html',
    'app:glimpse/index.html',
    'app:/glimpse/index.html',
    'app:///index.html',
    'app:////etc/passwd',
    ' app://glimpse/index.html',
    '',
    // raw dot segments (the URL parser would fold these away)
    'app://glimpse/..',
    'app://glimpse/../index.html',
    'app://glimpse/../../../../etc/passwd',
    'app://glimpse/assets/../index.html',
    'app://glimpse/assets/../../secret.json',
    'app://glimpse/./index.html',
    'app://glimpse/assets/.',
    // encoded dots
    'app://glimpse/%2e%2e/%2e%2e/etc/passwd.json',
    'app://glimpse/%2E%2E/index.html',
    'app://glimpse/.%2e/index.html',
    'app://glimpse/%2e./index.html',
    'app://glimpse/%2e/index.html',
    // encoded separators
    'app://glimpse/..%2f..%2fetc%2fpasswd.json',
    'app://glimpse/..%2F..%2Fsecret.js',
    'app://glimpse/assets%2f..%2f..%2fsecret.js',
    'app://glimpse/%2fetc/passwd.json',
    'app://glimpse/..%5c..%5cwindows%5cwin.ini.json',
    'app://glimpse/..%5C..%5Csecret.js',
    'app://glimpse/%5c%5cserver%5cshare%5cx.js',
    // raw backslashes
    'app://glimpse/..\\..\\secret.js',
    'app://glimpse/assets\\..\\..\\secret.js',
    'app://glimpse/\\\\server\\share\\x.js',
    // double and triple encoding
    'app://glimpse/%252e%252e/%252e%252e/secret.js',
    'app://glimpse/%252e%252e%252fsecret.js',
    'app://glimpse/%25252e%25252e/secret.js',
    'app://glimpse/..%252fsecret.js',
    // overlong UTF-8 and bogus escapes
    'app://glimpse/%c0%ae%c0%ae/secret.js',
    'app://glimpse/%c0%af/secret.js',
    'app://glimpse/%u002e%u002e/secret.js',
    'app://glimpse/%zz.js',
    'app://glimpse/%.js',
    'app://glimpse/index.html%',
    // look-alike dots and slashes
    'app://glimpse/\uff0e\uff0e/secret.js',
    'app://glimpse/%EF%BC%8E%EF%BC%8E/secret.js',
    'app://glimpse/%E2%88%95etc%E2%88%95passwd.js',
    // NUL and other controls
    'app://glimpse/index.html%00.js',
    'app://glimpse/secret.txt%00.html',
    'app://glimpse/index.html\u0000.js',
    'app://glimpse/ind\nex.html',
    'app://glimpse/index%0a.html',
    // absolute paths and drive letters
    'app://glimpse//etc/passwd.json',
    'app://glimpse///etc/passwd.json',
    'app://glimpse/C:/Windows/win.ini.js',
    'app://glimpse/C:%5cWindows%5cwin.ini.js',
    'app://glimpse/C%3A/Windows/win.ini.js',
    'app://glimpse/c%3a%5cwindows%5cwin.ini.js',
    'app://glimpse/index.html::$DATA',
    'app://glimpse/index.html:stream.js',
    // Windows aliasing: trailing dots and spaces, device names
    'app://glimpse/index.html.',
    'app://glimpse/index.html%20',
    'app://glimpse/index.html%2e',
    'app://glimpse/assets./x.js',
    'app://glimpse/con.js',
    'app://glimpse/NUL.html',
    'app://glimpse/assets/lpt1.css',
    'app://glimpse/assets/..;/x.js',
    // hidden files, folders, unknown or tricky extensions
    'app://glimpse/.env',
    'app://glimpse/.git/config',
    'app://glimpse/assets/.hidden.js',
    'app://glimpse/assets/',
    'app://glimpse/assets',
    'app://glimpse/index.HTML',
    'app://glimpse/main.exe',
    'app://glimpse/preload.cjs',
    'app://glimpse/settings.env',
    'app://glimpse/index.constructor',
    'app://glimpse/index.__proto__',
    'app://glimpse/index.toString',
    'app://glimpse/index.hasOwnProperty',
  ];

  it.each(refused)('refuses %j', (url) => {
    expect(resolve(url)).toBeNull();
  });

  it('never returns a path outside the root, whatever the request', () => {
    const piece = fc.constantFrom(
      '..',
      '.',
      '/',
      '\\',
      '%2e',
      '%2E',
      '%2f',
      '%2F',
      '%5c',
      '%25',
      '%00',
      '%3a',
      ':',
      'C:',
      '~',
      'a',
      'assets',
      'index.html',
      '.js',
      '.css',
      '%c0%ae',
      '\uff0e',
      '?',
      '#',
      '//',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const result = resolve(`app://glimpse/${pieces.join('')}`);
        if (result === null) return;
        const relative = paths.relative(root, result.filePath);
        expect(relative.split(paths.sep)).not.toContain('..');
        expect(paths.isAbsolute(relative)).toBe(false);
        expect(relative).not.toBe('');
      }),
      { numRuns: 3000 },
    );
  });
});

describe('resolveAppRequest arguments', () => {
  it('requires an absolute root', () => {
    expect(() => resolveAppRequest('out/renderer', 'app://glimpse/index.html')).toThrow(/absolute/);
  });

  it('refuses a request that is not a string', () => {
    expect(resolveAppRequest('/srv', undefined as unknown as string)).toBeNull();
  });
});

describe('isInsideDirectory', () => {
  it.each([
    ['/srv/app', '/srv/app', true],
    ['/srv/app', '/srv/app/index.html', true],
    ['/srv/app', '/srv/app/a/../b.js', true],
    ['/srv/app', '/srv/app2/index.html', false],
    ['/srv/app', '/srv/app/../secret', false],
    ['/srv/app', '/srv', false],
    ['/srv/app', '/etc/passwd', false],
  ])('posix: %s contains %s: %s', (root, candidate, expected) => {
    expect(isInsideDirectory(root, candidate, path.posix)).toBe(expected);
  });

  it.each([
    ['C:\\app', 'C:\\app\\index.html', true],
    ['C:\\app', 'c:\\APP\\index.html', true],
    ['C:\\app', 'C:\\app2\\index.html', false],
    ['C:\\app', 'D:\\app\\index.html', false],
    ['C:\\app', '\\\\server\\share\\x.js', false],
  ])('win32: %s contains %s: %s', (root, candidate, expected) => {
    expect(isInsideDirectory(root, candidate, path.win32)).toBe(expected);
  });
});
