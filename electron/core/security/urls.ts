/**
 * Decisions about URLs that reach main from a renderer: links to open in the user's browser,
 * navigations, and the frame behind an IPC message.
 */
import { normaliseOrigins, pageOrigin } from './origins';

// The URL parser silently drops tabs and newlines, trims leading and trailing C0 controls and
// spaces, and reads `\` as `/` in http(s) URLs. The OS handler that finally gets the string may
// not, so rather than guess what it sees, any such raw character refuses the URL.
function hasUnsafeRawCharacter(url: string): boolean {
  for (let i = 0; i < url.length; i += 1) {
    const code = url.charCodeAt(i);
    // C0 controls and space, DEL and C1 controls, backslash.
    if (code <= 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x5c) return true;
  }
  return false;
}

/**
 * The canonical form of a URL that may be handed to `shell.openExternal`, or null. Only http:
 * and https: with a host. Everything else (javascript:, file:, data:, smb:, ms-settings: and any
 * other scheme an OS will launch a program for) is refused.
 *
 * Credentials are refused too: no link from a model answer needs them, and
 * `https://trusted.example@evil.example/` shows a trusted name while going elsewhere.
 *
 * Pass the returned string, not the input, to the OS: it is exactly what was checked.
 */
export function toSafeExternalUrl(url: string): string | null {
  if (typeof url !== 'string' || hasUnsafeRawCharacter(url)) return null;
  // Spelt as `http(s)://host` already: the parser also "repairs" `https:host` and `http:///host`
  // into URLs, and we want to open only what the link visibly said.
  if (!/^https?:\/\/[^/]/i.test(url)) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.hostname === '' || parsed.username !== '' || parsed.password !== '') return null;
  return parsed.href;
}

export function isSafeExternalUrl(url: string): boolean {
  return toSafeExternalUrl(url) !== null;
}

/**
 * Whether a window may navigate to `targetUrl`: only within one of `allowedOrigins` (our
 * `app://glimpse`, plus the dev server's origin in development). Malformed input of any kind,
 * in either argument, denies: this runs inside navigation events, so it never throws.
 */
export function isAllowedNavigation(targetUrl: string, allowedOrigins: readonly string[]): boolean {
  if (typeof targetUrl !== 'string') return false;
  const origin = pageOrigin(targetUrl);
  return origin !== null && normaliseOrigins(allowedOrigins).has(origin);
}

/**
 * Whether the frame that sent an IPC message shows one of our pages. A frame that is gone
 * (undefined URL), a web page, an about:blank or data: frame, or a file: page is not trusted.
 * The caller also checks that the webContents is one of our windows.
 */
export function isTrustedSender(frameUrl: string | undefined, allowedOrigins: readonly string[]): boolean {
  if (typeof frameUrl !== 'string' || frameUrl === '') return false;
  return isAllowedNavigation(frameUrl, allowedOrigins);
}
