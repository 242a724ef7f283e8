import { describe, expect, it } from 'vitest';
import {
  appResponseHeaders,
  contentSecurityPolicy,
  contentSecurityPolicyFor,
  withSecurityHeaders,
} from '../../../../electron/core/security';

/** Parses a policy the way a browser splits it: `;`-separated directives of space-separated tokens. */
function parse(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (!name) continue;
    expect(directives.has(name), `directive ${name} appears twice`).toBe(false);
    directives.set(name, values);
  }
  return directives;
}

const STRICT: Record<string, string[]> = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
  'object-src': ["'none'"],
};

describe('contentSecurityPolicy', () => {
  it('is exactly the strict policy by default', () => {
    expect(Object.fromEntries(parse(contentSecurityPolicy()))).toStrictEqual(STRICT);
  });

  it('allows no inline or evaluated code, no wildcard and no remote scheme anywhere', () => {
    const policy = contentSecurityPolicy();
    for (const token of [
      "'unsafe-inline'",
      "'unsafe-eval'",
      "'unsafe-hashes'",
      "'wasm-unsafe-eval'",
      '*',
      'http:',
      'https:',
    ]) {
      for (const [name, values] of parse(policy))
        expect(values, `${name} contains ${token}`).not.toContain(token);
    }
  });

  it('lets the page connect to the loopback sockets it is given, and to nothing else', () => {
    const directives = parse(
      contentSecurityPolicy({ connectSrc: ['ws://127.0.0.1:40123', 'wss://localhost:8443'] }),
    );
    expect(directives.get('connect-src')).toStrictEqual(['ws://127.0.0.1:40123', 'wss://localhost:8443']);
    expect(directives.get('style-src')).toStrictEqual(["'self'"]);
    expect(directives.get('default-src')).toStrictEqual(["'none'"]);
  });

  it.each([
    'http://127.0.0.1:40123',
    'ws://example.com:40123',
    'ws://192.168.0.2:1',
    'ws://127.0.0.1:40123/ipc',
    'ws://127.0.0.1:40123/',
    "ws://127.0.0.1:1; script-src 'unsafe-inline'",
    '*',
    "'self'",
    'ws:',
    '',
  ])('refuses the connect-src entry %j', (entry) => {
    expect(() => contentSecurityPolicy({ connectSrc: [entry] })).toThrow(/loopback ws/);
  });

  it("adds 'unsafe-inline' to style-src for the dev server only, and nowhere else", () => {
    const dev = parse(contentSecurityPolicy({ devServer: true, connectSrc: ['ws://localhost:5173'] }));
    expect(dev.get('style-src')).toStrictEqual(["'self'", "'unsafe-inline'"]);
    expect(dev.get('script-src')).toStrictEqual(["'self'"]);
    expect(dev.get('connect-src')).toStrictEqual(['ws://localhost:5173']);
  });
});

describe('contentSecurityPolicyFor', () => {
  it('gives dev-server pages the dev policy with their HMR socket', () => {
    const dev = parse(contentSecurityPolicyFor('http://localhost:5173/index.html', 'http://localhost:5173'));
    expect(dev.get('style-src')).toContain("'unsafe-inline'");
    expect(dev.get('connect-src')).toStrictEqual(['ws://localhost:5173']);
  });

  it.each([
    ['app://glimpse/index.html', 'http://localhost:5173'],
    ['http://localhost:5174/index.html', 'http://localhost:5173'],
    ['http://127.0.0.1:5173/index.html', 'http://localhost:5173'],
    ['https://api.openai.com/v1/chat/completions', 'http://localhost:5173'],
    ['http://localhost:5173/index.html', undefined],
    ['http://evil.example/index.html', 'http://evil.example'],
  ])('gives %s (dev server %s) the strict policy', (url, dev) => {
    expect(contentSecurityPolicyFor(url, dev)).toBe(contentSecurityPolicy());
  });
});

describe('withSecurityHeaders', () => {
  it('replaces any policy the server sent, whatever its case, and keeps other headers', () => {
    const input = {
      'content-security-policy': ['default-src *'],
      'Content-Security-Policy-Report-Only': ['default-src *'],
      'X-CONTENT-TYPE-OPTIONS': ['sniff'],
      'Content-Type': ['text/html'],
      'Set-Cookie': ['a=1', 'b=2'],
    };
    const copy = structuredClone(input);
    const output = withSecurityHeaders(input, 'default-src none');
    expect(output).toStrictEqual({
      'Content-Type': ['text/html'],
      'Set-Cookie': ['a=1', 'b=2'],
      'Content-Security-Policy': ['default-src none'],
      'X-Content-Type-Options': ['nosniff'],
    });
    expect(input).toStrictEqual(copy);
  });

  it('works when the response had no headers', () => {
    expect(withSecurityHeaders(undefined, 'x')).toStrictEqual({
      'Content-Security-Policy': ['x'],
      'X-Content-Type-Options': ['nosniff'],
    });
  });
});

describe('appResponseHeaders', () => {
  it('carries the type, the strict policy, nosniff and no referrer', () => {
    expect(appResponseHeaders('text/html; charset=utf-8')).toStrictEqual({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': contentSecurityPolicy(),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
  });
});
