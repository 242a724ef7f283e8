/**
 * The Content-Security-Policy of every page we serve: by the app:// protocol handler, by the web
 * mode server, and (through webRequest) by the electron-vite dev server.
 */
import { devServerOrigin, isLoopbackHostname, pageOrigin, webSocketOriginOf } from './origins';

export interface ContentSecurityPolicyOptions {
  /**
   * Loopback WebSocket origins the page may connect to: web mode's IPC socket, or Vite's HMR
   * socket in development. Without any, `connect-src 'none'`: the renderer makes no request.
   */
  connectSrc?: readonly string[];
  /**
   * The page comes from the Vite dev server, which injects component CSS as `<style>` elements:
   * only then is `'unsafe-inline'` added to style-src. Never for built pages.
   */
  devServer?: boolean;
}

/**
 * Accepts only an exact `ws://` or `wss://` origin on the loopback interface. Anything else is a
 * programming error, and would widen the policy (or inject a directive through `;`), so it throws.
 */
function loopbackSocketOrigin(value: string): string {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    // handled below
  }
  const valid =
    url !== null &&
    (url.protocol === 'ws:' || url.protocol === 'wss:') &&
    url.origin === value &&
    isLoopbackHostname(url.hostname);
  if (!valid)
    throw new Error(`connect-src accepts only loopback ws(s) origins, not ${JSON.stringify(value)}`);
  return value;
}

export function contentSecurityPolicy(options: ContentSecurityPolicyOptions = {}): string {
  const sockets = (options.connectSrc ?? []).map(loopbackSocketOrigin);
  const directives: [string, ...string[]][] = [
    // Security: nothing is allowed unless a directive below names it.
    ['default-src', "'none'"],
    // Security: only our own bundled scripts; no inline script, no eval.
    ['script-src', "'self'"],
    // Built Svelte 5 pages need no inline styles: component CSS is emitted to files, style: and
    // style={…} go through the CSSOM, and transitions use the Web Animations API (none of which CSP
    // governs). A static style="…" attribute in a template is the one thing this refuses.
    ['style-src', "'self'", ...(options.devServer ? ["'unsafe-inline'"] : [])],
    // Captures and previews are data: or blob: URLs; no remote image is ever shown.
    ['img-src', "'self'", 'data:', 'blob:'],
    ['font-src', "'self'"],
    // Security: every request goes through main; the page itself talks to nothing.
    ['connect-src', ...(sockets.length > 0 ? sockets : ["'none'"])],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
    ['object-src', "'none'"],
  ];
  return directives.map((parts) => parts.join(' ')).join('; ');
}

/**
 * The policy for a response, by the URL it answers: the dev-server policy for pages from the
 * accepted dev server origin, the strict one for everything else.
 */
export function contentSecurityPolicyFor(responseUrl: string, devServer?: string | null): string {
  const dev = devServerOrigin(devServer ?? undefined);
  if (dev !== null && pageOrigin(responseUrl) === dev) {
    return contentSecurityPolicy({ connectSrc: [webSocketOriginOf(dev)], devServer: true });
  }
  return contentSecurityPolicy();
}

const REPLACED_HEADERS = new Set([
  'content-security-policy',
  'content-security-policy-report-only',
  'x-content-type-options',
]);

/**
 * Response headers with our CSP in place of any the server sent (ours is the policy of record)
 * and `X-Content-Type-Options: nosniff`. The input is not modified.
 */
export function withSecurityHeaders(
  responseHeaders: Readonly<Record<string, readonly string[]>> | undefined,
  csp: string,
): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(responseHeaders ?? {})) {
    if (!REPLACED_HEADERS.has(name.toLowerCase())) headers[name] = [...values];
  }
  headers['Content-Security-Policy'] = [csp];
  headers['X-Content-Type-Options'] = ['nosniff'];
  return headers;
}

/** Headers of a response from the app:// protocol handler. */
export function appResponseHeaders(mimeType: string): Record<string, string> {
  return {
    'Content-Type': mimeType,
    'Content-Security-Policy': contentSecurityPolicy(),
    // Security: a file is only ever what its extension says (no script sniffed out of an image).
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}
