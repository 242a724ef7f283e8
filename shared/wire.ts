/**
 * JSON framing for web mode's WebSocket: JSON cannot carry bytes, so Uint8Arrays travel as
 * tagged Base64. Used by the server (Node) and the shim (browser) alike.
 */
const BYTES_TAG = '$bytes';

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) {
    binary += String.fromCharCode(...bytes.subarray(i, i + step));
  }
  return btoa(binary);
}

function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function encodeWire(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Uint8Array ? { [BYTES_TAG]: bytesToBase64(v) } : v,
  );
}

export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const record = v as Record<string, unknown>;
      const tagged = record[BYTES_TAG];
      if (typeof tagged === 'string' && Object.keys(record).length === 1) return base64ToBytes(tagged);
    }
    return v;
  });
}

/** Messages of the web-mode protocol. */
export type WireRequest = { id: number; channel: string; args: unknown };
export type WireMessage = { id: number; reply: unknown } | { event: string; payload: unknown };
