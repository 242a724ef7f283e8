/**
 * Security: what diagnostics and logs may contain. Secrets are removed twice — by value (the
 * keys and header values the app knows, via the chat client's `redactSecrets`, which also
 * catches echoed fragments) and by shape (bearer tokens, well-known key formats, credentials in
 * URLs) — so a secret the app did not know about still does not reach a bug report.
 */
import { redactSecrets } from '../chat/errors';

export const REDACTED = '[redacted]';

/** Settings keys whose values are secret wherever they appear. */
const SECRET_KEY = /api[-_]?key|token|secret|passw(or)?d|passphrase|authorization|cookie|credential/i;

/** Shapes of secrets that are recognisable without knowing them. */
const SECRET_SHAPES: RegExp[] = [
  // Authorization: Bearer …, Basic …
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi,
  // OpenAI-style and friends: sk-…, sk-proj-…, gsk_…, xai-…, hf_…
  /\b(sk|gsk|xai|hf|pk|rk)[-_][A-Za-z0-9_-]{12,}/g,
  // Header or query-style assignments: api-key: …, x-api-key=…, "apiKey":"…"
  /\b((?:x-)?api[-_]?key|access[-_]?token|auth[-_]?token|password)("?\s*[:=]\s*"?)[^\s",;&]+/gi,
];

/** Credentials inside URLs: user:password@ and secret-looking query parameters. */
function redactUrls(text: string): string {
  return text
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+(:[^\s/@]*)?@/gi, `$1${REDACTED}@`)
    .replace(/([?&](?:key|api[-_]?key|token|access_token|sig|signature|code)=)[^\s&#"]+/gi, `$1${REDACTED}`);
}

/** Removes known secrets (and pieces of them) and anything shaped like a secret. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = redactSecrets(
    text,
    secrets.filter((s) => s.trim() !== ''),
  );
  out = redactUrls(out);
  for (const shape of SECRET_SHAPES) {
    out = out.replace(shape, (match: string, ...groups: unknown[]) => {
      // Keep the label of an assignment (`api-key: [redacted]`) so the report stays readable.
      const [label, separator] = groups;
      if (typeof label === 'string' && typeof separator === 'string' && match.startsWith(label + separator))
        return `${label}${separator}${REDACTED}`;
      if (typeof label === 'string' && /^(bearer|basic)$/i.test(label)) return `${label} ${REDACTED}`;
      return REDACTED;
    });
  }
  return out;
}

/**
 * A copy of a settings tree fit for a bug report: secret-named keys and every header value
 * are replaced (header names stay: they tell what was configured), strings are scrubbed.
 */
export function redactTree(value: unknown, secrets: readonly string[], key = ''): unknown {
  if (SECRET_KEY.test(key)) return value === null || value === undefined || value === '' ? value : REDACTED;
  if (Array.isArray(value)) return value.map((item) => redactTree(item, secrets));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [name, inner] of Object.entries(value as Record<string, unknown>)) {
      if (/^headers$/i.test(name) && inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
        out[name] = Object.fromEntries(Object.keys(inner).map((header) => [header, REDACTED]));
      } else {
        out[name] = redactTree(inner, secrets, name);
      }
    }
    return out;
  }
  if (typeof value === 'string') return redactText(value, secrets);
  return value;
}

/**
 * The secret values found in a settings tree, to redact by value: secret-named fields, and header
 * values of 8 characters or more (any custom header may carry a key; shorter values such as
 * `X-Title: Glimpse` cannot be secrets worth the noise of scrubbing that word everywhere).
 */
export function secretsInTree(value: unknown, key = ''): string[] {
  if (typeof value === 'string') return SECRET_KEY.test(key) && value.trim() !== '' ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((item) => secretsInTree(item));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([name, inner]) => {
      if (/^headers$/i.test(name) && inner !== null && typeof inner === 'object')
        return Object.values(inner as Record<string, unknown>).filter(
          (v): v is string => typeof v === 'string' && v.trim().length >= 8,
        );
      return secretsInTree(inner, name);
    });
  }
  return [];
}
