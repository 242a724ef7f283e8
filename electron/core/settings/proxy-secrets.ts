/**
 * A custom proxy URL may carry a password (`http://user:secret@proxy.example:3128`). It is kept
 * like an API key: encrypted in the vault, never in the settings file, never sent to the
 * renderer. The settings keep the URL with a marker in place of the password (the user name
 * stays), so the form can show that one is stored and send the marker back to keep it.
 *
 * The URL is edited as text, not rebuilt with `new URL()`: what the user typed comes back
 * exactly as typed (no added slash, no re-encoding), and the proxy gets the very same URL.
 */
import type { Profile } from '../../../shared/settings-schema';
import type { ProxyChoice } from '../net/proxy-fetch';
import type { SecretVault } from './settings';

/**
 * What the settings file and the renderer see instead of a stored proxy password: the words of
 * STORED_HEADER_VALUE, joined by hyphens so the URL needs no percent-escapes (parentheses and
 * hyphens are allowed in a URL's userinfo) and passes through URL parsing unchanged.
 */
export const STORED_PROXY_PASSWORD = '(kept-in-the-keychain)';

export function proxyPasswordName(profileId: string): string {
  return `profile.${profileId}.proxy-password`;
}

/** A URL cut around its userinfo, the way the WHATWG URL parser reads it. */
interface UrlParts {
  /** `http://` */
  scheme: string;
  username: string;
  /** Undefined without a `:` in the userinfo; as typed (percent-escapes kept). */
  password: string | undefined;
  /** `host:port` */
  host: string;
  /** Path, query and fragment. */
  rest: string;
}

function splitUrl(url: string): UrlParts | undefined {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#\\]*)([\s\S]*)$/i.exec(url);
  if (!match) return undefined;
  const [, scheme = '', authority = '', rest = ''] = match;
  // The last `@` ends the userinfo (an unescaped `@` in a password belongs to the password).
  const at = authority.lastIndexOf('@');
  if (at < 0) return { scheme, username: '', password: undefined, host: authority, rest };
  const userinfo = authority.slice(0, at);
  const colon = userinfo.indexOf(':');
  return {
    scheme,
    username: colon < 0 ? userinfo : userinfo.slice(0, colon),
    password: colon < 0 ? undefined : userinfo.slice(colon + 1),
    host: authority.slice(at + 1),
    rest,
  };
}

/** The URL with this password (none: the user name alone, or no userinfo at all). */
function joinUrl(parts: UrlParts, password: string | undefined): string {
  const withPassword = password !== undefined && password !== '';
  const userinfo = withPassword
    ? `${parts.username}:${password}@`
    : parts.username
      ? `${parts.username}@`
      : '';
  return `${parts.scheme}${userinfo}${parts.host}${parts.rest}`;
}

/** The proxy a URL points at (scheme, host, port), for "is it still the same proxy?". */
function proxyOrigin(url: string): string {
  const parts = splitUrl(url);
  const bare = parts ? joinUrl({ ...parts, username: '' }, undefined) : url;
  try {
    return new URL(bare).origin.toLowerCase();
  } catch {
    return bare.trim().toLowerCase();
  }
}

function withProxyUrl(profile: Profile, url: string): Profile {
  return url === profile.proxy.url ? profile : { ...profile, proxy: { ...profile.proxy, url } };
}

/**
 * The profile as it may be stored: a password typed in the proxy URL moved into the vault and
 * replaced by the marker; a marker keeps the password already stored; a URL without password
 * removes it. Security: as a key belongs to its server, a stored password belongs to the proxy
 * it was saved for — a marker sent with another proxy host (`before` says which it was) does not
 * carry the password there: it is forgotten. A marker with nothing stored drops the password.
 */
export function sealProxy(profile: Profile, vault: SecretVault, before?: Profile): Profile {
  const name = proxyPasswordName(profile.id);
  const parts = splitUrl(profile.proxy.url);
  if (!parts?.password) {
    vault.set(name, null);
    return profile;
  }
  if (parts.password !== STORED_PROXY_PASSWORD) {
    vault.set(name, parts.password);
    return withProxyUrl(profile, joinUrl(parts, STORED_PROXY_PASSWORD));
  }
  if (before && proxyOrigin(before.proxy.url) !== proxyOrigin(profile.proxy.url)) vault.set(name, null);
  return vault.get(name) === undefined ? withProxyUrl(profile, joinUrl(parts, undefined)) : profile;
}

/** The proxy to use: the marker replaced by the stored password (none stored: no password). */
export function unsealProxy(profile: Profile, vault: SecretVault): ProxyChoice {
  const parts = splitUrl(profile.proxy.url);
  if (parts?.password !== STORED_PROXY_PASSWORD) return { ...profile.proxy };
  return { ...profile.proxy, url: joinUrl(parts, vault.get(proxyPasswordName(profile.id))) };
}

/**
 * The proxy URL the renderer may see: the marker only while a password is really stored (a
 * session-only vault forgets it at a restart; the form then shows the URL without it).
 */
export function publicProxyUrl(profile: Profile, vault: SecretVault): string {
  const parts = splitUrl(profile.proxy.url);
  if (!parts?.password) return profile.proxy.url;
  if (parts.password === STORED_PROXY_PASSWORD && vault.get(proxyPasswordName(profile.id)) !== undefined)
    return profile.proxy.url;
  return joinUrl(parts, parts.password === STORED_PROXY_PASSWORD ? undefined : STORED_PROXY_PASSWORD);
}

/**
 * Why a custom proxy URL cannot be kept, or undefined. Its password is only found (and moved to
 * the vault) when the URL parses cleanly: an unescaped `#`, `/` or `?` in it would leave it in
 * the file, and such a URL reaches no proxy anyway. The message never repeats the URL.
 */
export function proxyUrlProblem(proxy: { mode: string; url?: string | undefined }): string | undefined {
  const url = proxy.url?.trim() ?? '';
  if (proxy.mode !== 'custom' || url === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    parsed = new URL('invalid://');
  }
  const clean =
    parsed.hostname !== '' &&
    parsed.hash === '' &&
    parsed.search === '' &&
    ['', '/'].includes(parsed.pathname);
  if (clean) return undefined;
  return (
    'The proxy URL must look like http://user:password@host:port. In the user name and password, ' +
    'write # / ? @ : as %23 %2F %3F %40 %3A.'
  );
}

/** Removes the stored proxy password of a profile (the profile is being deleted). */
export function forgetProxyPassword(profile: Profile, vault: SecretVault): void {
  vault.set(proxyPasswordName(profile.id), null);
}

/** Whether the profile's proxy URL still carries a password in plain text (older files, hand edits). */
export function hasPlainProxyPassword(profile: Profile): boolean {
  const password = splitUrl(profile.proxy.url)?.password;
  return password !== undefined && password !== '' && password !== STORED_PROXY_PASSWORD;
}

/**
 * The stored proxy password in every form a log line could show it: as typed in the URL, with
 * its percent-escapes decoded, and inside the `Proxy-Authorization: Basic …` value.
 */
export function proxySecrets(profile: Profile, vault: SecretVault): string[] {
  const stored = vault.get(proxyPasswordName(profile.id));
  if (stored === undefined) return [];
  const username = splitUrl(profile.proxy.url)?.username ?? '';
  const decode = (text: string): string => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  const decoded = decode(stored);
  const basic = Buffer.from(`${decode(username)}:${decoded}`).toString('base64');
  // As the URL parser writes it back (p@ss → p%40ss, päss → p%C3%A4ss), which is what a proxy
  // error message may quote.
  let normalized = stored;
  try {
    normalized = new URL(unsealProxy(profile, vault).url ?? '').password || stored;
  } catch {
    // Not a URL: the forms above are all there is.
  }
  return [...new Set([stored, decoded, basic, normalized])];
}
