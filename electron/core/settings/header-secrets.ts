/**
 * Extra headers that carry credentials (an `X-API-Key`, a gateway's `Authorization`, a cookie)
 * are kept like API keys: encrypted in the vault, never in the settings file, never sent to the
 * renderer. The settings keep the header's name with a marker in place of its value, so the
 * form can show that a value is stored and send the marker back to keep it.
 */
import type { Profile } from '../../../shared/settings-schema';
import type { SecretVault } from './settings';

/** What the settings file and the renderer see instead of a stored header value. */
export const STORED_HEADER_VALUE = '(kept in the keychain)';

/** Header names whose values are credentials (the chat client redacts the same ones). */
export function isSecretHeader(name: string): boolean {
  return /auth|key|token|secret|cookie/i.test(name);
}

function vaultName(profileId: string, header: string): string {
  return `profile.${profileId}.header.${header.toLowerCase()}`;
}

/**
 * The profile as it may be stored: each secret header's value moved into the vault (a marker
 * keeps the value already there; a marker with nothing stored drops the header), and the vault
 * entries of secret headers the profile no longer has removed.
 */
export function sealHeaders(profile: Profile, vault: SecretVault, before?: Profile): Profile {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(profile.headers)) {
    if (!isSecretHeader(name)) {
      headers[name] = value;
      continue;
    }
    if (value !== STORED_HEADER_VALUE) vault.set(vaultName(profile.id, name), value);
    if (vault.get(vaultName(profile.id, name)) !== undefined) headers[name] = STORED_HEADER_VALUE;
  }
  const kept = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
  for (const name of Object.keys(before?.headers ?? {})) {
    if (isSecretHeader(name) && !kept.has(name.toLowerCase())) vault.set(vaultName(profile.id, name), null);
  }
  return { ...profile, headers };
}

/** The headers to send: markers replaced by the stored values (a missing one is left out). */
export function unsealHeaders(profile: Profile, vault: SecretVault): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(profile.headers)) {
    if (value !== STORED_HEADER_VALUE) headers[name] = value;
    else {
      const stored = vault.get(vaultName(profile.id, name));
      if (stored !== undefined) headers[name] = stored;
    }
  }
  return headers;
}

/** Removes every stored header value of a profile; returns it without those headers. */
export function forgetHeaders(profile: Profile, vault: SecretVault): Profile {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(profile.headers)) {
    if (isSecretHeader(name)) vault.set(vaultName(profile.id, name), null);
    else headers[name] = value;
  }
  return { ...profile, headers };
}

/** Whether any secret header of the profile is still written in plain text. */
export function hasPlainSecretHeaders(profile: Profile): boolean {
  return Object.entries(profile.headers).some(
    ([name, value]) => isSecretHeader(name) && value !== STORED_HEADER_VALUE,
  );
}
