/**
 * Our own origin, the privileges of its scheme, and the origin arithmetic every other check here
 * relies on. Pure: no Electron import (electron/main applies these values).
 */

/** The custom scheme that serves the built renderer (never `file://`). */
export const APP_SCHEME = 'app';
/** The only host of that scheme: `app://glimpse/…`. */
export const APP_HOST = 'glimpse';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Privileges for `protocol.registerSchemesAsPrivileged`. Everything not needed is stated `false`
 * so that a reader (and the tests) can see it was decided, not forgotten.
 */
export const APP_SCHEME_PRIVILEGES = Object.freeze({
  // A standard (RFC 3986) scheme has a real tuple origin `app://glimpse`: relative URLs resolve
  // (Vite builds with base './'), `'self'` in the CSP matches, and web storage works.
  standard: true,
  // A secure context, like https: APIs such as navigator.clipboard require one, and nothing on
  // the page is treated as mixed content.
  secure: true,
  // Security: the CSP must apply to our own pages; bypassing it would void the whole policy.
  bypassCSP: false,
  // Security: the renderer makes no network request (connect-src 'none'); module scripts do not
  // need the Fetch API. Leaving it off also keeps fetch('app://…') from other origins impossible.
  supportFetchAPI: false,
  // Security: no other origin may read our resources; our own modules are same-origin.
  corsEnabled: false,
  allowServiceWorkers: false,
  stream: false,
  codeCache: false,
  allowExtensions: false,
});

const LOOPBACK_HOSTNAMES = new Set(['localhost', '[::1]']);

/** Whether a URL hostname (as `URL.hostname` gives it) is this machine's loopback interface. */
export function isLoopbackHostname(hostname: string): boolean {
  return LOOPBACK_HOSTNAMES.has(hostname) || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/**
 * The origin of a URL a window may show, or null when it has none we could ever trust.
 * WHATWG's `URL.origin` is the opaque "null" for custom schemes, so ours is computed by hand.
 * URLs carrying credentials are refused outright: we never use them, and `user@host` URLs are
 * a classic way to make one host look like another.
 */
export function pageOrigin(value: string): string | null {
  const url = parseUrl(value);
  if (!url || url.username !== '' || url.password !== '') return null;
  if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
  // For a non-special scheme the parser keeps the host as written and any port in `host`, so
  // this accepts exactly `app://glimpse` and nothing that merely resembles it.
  if (url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST) return APP_ORIGIN;
  // file:, data:, blob:, about:, javascript:, other schemes: no origin we would ever allow.
  return null;
}

/**
 * Normalises a list of allowed origins, dropping every entry that is not exactly an origin
 * (an optional trailing slash aside). Fails closed: a malformed entry allows nothing, it never
 * throws, because the callers run inside navigation and IPC events where a throw would let the
 * event through.
 */
export function normaliseOrigins(origins: readonly string[]): Set<string> {
  const result = new Set<string>();
  for (const entry of origins) {
    if (typeof entry !== 'string') continue;
    const origin = pageOrigin(entry);
    if (origin !== null && (entry === origin || entry === `${origin}/`)) result.add(origin);
  }
  return result;
}

/**
 * The origin of the electron-vite dev server, if `url` is one we accept: plain http(s) on the
 * loopback interface. Anything else (a leaked or hostile ELECTRON_RENDERER_URL pointing at a
 * remote host) gives null, so our windows never load remote code with the preload attached.
 */
export function devServerOrigin(url: string | undefined): string | null {
  if (!url) return null;
  const parsed = parseUrl(url);
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return null;
  if (parsed.username !== '' || parsed.password !== '') return null;
  return isLoopbackHostname(parsed.hostname) ? parsed.origin : null;
}

/** The WebSocket origin on the same host and port as an http(s) origin (Vite's HMR socket). */
export function webSocketOriginOf(httpOrigin: string): string {
  return httpOrigin.replace(/^http(s?):/, 'ws$1:');
}

const ROUTE = /^[\w-]+(?:\/[\w-]+)*(?:\?[\w\-.=&%]*)?$/;

/**
 * The URL a window loads for a renderer route: `app://glimpse/index.html#/<route>`, or the same
 * page on the dev server. The route only ever lands in the fragment; it is still validated so a
 * typo fails loudly at window creation instead of showing an empty page.
 */
export function appPageUrl(route: string, devServer?: string | null): string {
  const path = route.startsWith('/') ? route.slice(1) : route;
  if (!ROUTE.test(path)) throw new Error(`Invalid renderer route: ${JSON.stringify(route)}`);
  const base = devServer ? devServerOrigin(devServer) : APP_ORIGIN;
  if (!base) throw new Error(`Refusing a dev server that is not on the loopback interface: ${devServer}`);
  return `${base}/index.html#/${path}`;
}
