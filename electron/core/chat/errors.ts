/**
 * ChatError and the classification of everything that can go wrong into one line a user can act
 * on: what happened, the server's own words, and what to do. Never a stack, never the API key.
 */
import type { MessageFields } from '../../../shared/messages';
import type { ChatErrorKind, ChatResult } from './types';

export interface ChatErrorOptions {
  status?: number;
  serverMessage?: string;
  retryAfterMs?: number;
  /** A 429 that waiting will not fix: the account's quota or credit is used up. */
  outOfQuota?: boolean;
  partial?: ChatResult;
  /** A sanitised description of the underlying failure (never the raw error: it may hold secrets). */
  cause?: { name?: string; code?: string; message: string };
  /**
   * What the page words the message from in its language (renderer/src/lib/i18n/core-messages.ts):
   * `message` stays English for the CLI and the log.
   */
  code?: string;
  fields?: MessageFields;
}

export class ChatError extends Error {
  override name = 'ChatError';
  readonly kind: ChatErrorKind;
  status?: number;
  serverMessage?: string;
  retryAfterMs?: number;
  /** A 429 that waiting will not fix (quota or credit used up), so it is never retried. */
  outOfQuota?: boolean;
  partial?: ChatResult;
  code?: string;
  fields?: MessageFields;

  constructor(kind: ChatErrorKind, message: string, options: ChatErrorOptions = {}) {
    super(message, options.cause ? { cause: options.cause } : undefined);
    this.kind = kind;
    if (options.code !== undefined) this.code = options.code;
    if (options.fields !== undefined) this.fields = options.fields;
    if (options.status !== undefined) this.status = options.status;
    if (options.serverMessage !== undefined) this.serverMessage = options.serverMessage;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.partial !== undefined) this.partial = options.partial;
    if (options.outOfQuota) this.outOfQuota = true;
  }
}

// ---------------------------------------------------------------------------------------------
// Secrets

/**
 * Security: servers echo keys back ("Incorrect API key provided: sk-abc…"), and some echo only a
 * part of it. Every word of the text that shares 8 consecutive characters with a secret is
 * replaced whole, so neither the key nor a recognisable piece of it survives.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    out = out.split(secret).join('[redacted]');
    if (secret.length < 8) continue;
    out = out.replace(/[A-Za-z0-9_\-.~+/=*]{8,}/g, (word) =>
      sharesRun(word, secret, 8) ? '[redacted]' : word,
    );
  }
  return out;
}

function sharesRun(word: string, secret: string, run: number): boolean {
  for (let i = 0; i + run <= word.length; i++) {
    if (secret.includes(word.slice(i, i + run))) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Formatting helpers

/** One line, bounded: server messages can be multi-line JSON dumps or whole HTML pages. */
export function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

const REASON_PHRASES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function statusLabel(status: number): string {
  const phrase = REASON_PHRASES[status];
  return phrase ? `HTTP ${status} ${phrase}` : `HTTP ${status}`;
}

function formatSeconds(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s >= 120 ? `${Math.ceil(s / 60)} min` : `${s} s`;
}

// ---------------------------------------------------------------------------------------------
// Server error bodies

export interface ServerErrorInfo {
  message?: string;
  code?: string | number;
  type?: string;
}

/** Reads the error out of the body shapes servers use: OpenAI, OpenRouter, FastAPI, plain text. */
export function parseErrorBody(text: string): ServerErrorInfo {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const info = errorInfoFromPayload(JSON.parse(trimmed) as unknown);
      if (info) return info;
    } catch {
      // Not JSON after all: fall through to plain text.
    }
  }
  if (looksLikeHtml(trimmed)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1];
    const heading = /<h1[^>]*>([^<]*)<\/h1>/i.exec(trimmed)?.[1];
    const message = (title ?? heading)?.trim();
    return message ? { message: decodeEntities(message) } : {};
  }
  return { message: trimmed };
}

export function looksLikeHtml(text: string): boolean {
  return /^\s*(<!doctype html|<html|<head|<body|<\?xml|<!--|<[a-z][a-z0-9]*[\s>])/i.test(text);
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * The error inside a parsed payload, or undefined when it carries none. Shapes seen in the wild:
 * `{error: {message, type, code}}` (OpenAI, Azure, OpenRouter, Groq), `{error: "text"}` (Ollama,
 * llama.cpp), `{message, code}` or `{detail}` (FastAPI servers, vLLM), `[{error: …}]` (old Gemini).
 */
export function errorInfoFromPayload(payload: unknown): ServerErrorInfo | undefined {
  if (Array.isArray(payload)) return payload.length > 0 ? errorInfoFromPayload(payload[0]) : undefined;
  if (typeof payload !== 'object' || payload === null) return undefined;
  const record = payload as Record<string, unknown>;
  const error = record.error;
  if (typeof error === 'string') return { message: error };
  if (typeof error === 'object' && error !== null) {
    const inner = error as Record<string, unknown>;
    const info: ServerErrorInfo = {};
    const message = inner.message ?? inner.msg ?? inner.detail;
    if (typeof message === 'string') info.message = message;
    else if (message !== undefined) info.message = JSON.stringify(message);
    if (typeof inner.code === 'string' || typeof inner.code === 'number') info.code = inner.code;
    else if (typeof inner.status === 'number') info.code = inner.status;
    if (typeof inner.type === 'string') info.type = inner.type;
    if (info.message === undefined) info.message = JSON.stringify(error);
    return info;
  }
  if (!('choices' in record) && !('object' in record && record.object !== 'error')) {
    const message = record.message ?? record.detail;
    if (typeof message === 'string') return { message };
    if (Array.isArray(message) || (typeof message === 'object' && message !== null)) {
      return { message: JSON.stringify(message) };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Classification

export interface HttpErrorContext {
  status: number;
  body: string;
  headers: Headers;
  /** `host[:port]` of the endpoint, so the message says which server answered. */
  host: string;
  model: string;
  secrets: readonly string[];
  /** What was asked for: a chat completion or the model list. */
  operation: 'chat' | 'models';
}

/** Retry-After in ms from `retry-after-ms` (Azure, OpenAI) or `retry-after` (seconds or a date). */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Number(ms);
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  if (Number.isFinite(date)) return Math.max(0, date - now);
  return undefined;
}

const IMAGE_TOO_LARGE =
  /(image|picture|payload|request entity|body|file)[^.]{0,80}(too (large|big)|exceed|maximum|max(imum)? (size|length|dimension)|limit)|(too (large|big)|exceed)[^.]{0,80}(image|pixel|payload|bytes)|too many (pixels|image tokens)/i;
const NO_VISION =
  /(does not|doesn't|not) support(s)? (image|vision|multimodal)|image input is not supported|no vision/i;
const QUOTA = /quota|billing|insufficient|credit|balance|exceeded your current/i;
/** Codes and types servers give a plain (wait and retry) rate limit: Groq, OpenAI, Mistral, Together. */
const RATE_LIMIT_CODE = /rate[_ -]?limit|too[_ ]many[_ ]requests|requests_per|tokens_per/i;
const QUOTA_CODE = /quota|billing|credit|balance|payment/i;

/**
 * A 429 is out of quota only when the server says so in its code or type, or, without a
 * rate-limit code, in its words. URLs are left out of the words: Groq's rate limit ends with
 * "Upgrade … at https://console.groq.com/settings/billing", which is not a billing problem.
 */
export function isQuotaExhausted(info: ServerErrorInfo): boolean {
  const code = `${String(info.code ?? '')} ${info.type ?? ''}`;
  if (QUOTA_CODE.test(code)) return true;
  if (RATE_LIMIT_CODE.test(code)) return false;
  const words = (info.message ?? '').replace(/\b(?:https?:\/\/|www\.)\S+/gi, ' ');
  return QUOTA.test(words);
}

export function kindForStatus(status: number): ChatErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not-found';
  if (status === 413) return 'too-large';
  if (status === 429) return 'rate-limit';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server';
  return 'bad-request';
}

/** An HTTP error response turned into the user's one line. */
export function httpError(ctx: HttpErrorContext): ChatError {
  const { status, headers, host } = ctx;
  const info = parseErrorBody(ctx.body);
  const html = looksLikeHtml(ctx.body) || (headers.get('content-type') ?? '').includes('text/html');
  const serverMessage = info.message ? oneLine(redactSecrets(info.message, ctx.secrets)) : undefined;
  const retryAfterMs = parseRetryAfter(headers);
  let kind = kindForStatus(status);
  const outOfQuota = kind === 'rate-limit' && isQuotaExhausted(info);
  const text = `${info.message ?? ''} ${info.type ?? ''} ${String(info.code ?? '')}`;
  if (status === 400 && IMAGE_TOO_LARGE.test(text)) kind = 'too-large';

  // Each advice has a code the page words in its language (chat.http.advice.<code>).
  let adviceCode = 'rejected';
  const advised = (code: string, words: string): string => {
    adviceCode = code;
    return words;
  };
  let advice: string;
  switch (kind) {
    case 'auth':
      advice =
        status === 401
          ? advised('key', 'check the API key of this endpoint')
          : advised('keyModel', 'check the API key and that it is allowed to use this model');
      break;
    case 'not-found':
      advice =
        ctx.operation === 'models'
          ? advised('modelsList', 'this server does not list its models: type the model name instead')
          : /model|deployment/i.test(text)
            ? advised('model', `check the model name ("${ctx.model}")`)
            : html
              ? advised('baseUrl', 'check the base URL: it usually ends in /v1')
              : advised('modelOrUrl', `check the model name ("${ctx.model}") and the base URL`);
      break;
    case 'too-large':
      advice = advised(
        'tooLarge',
        'the image is too large for this server: lower the longest edge or send JPEG',
      );
      break;
    case 'rate-limit':
      advice = outOfQuota
        ? advised('quota', 'the account is out of quota or credit: check its plan and billing')
        : retryAfterMs !== undefined
          ? advised('retryIn', `rate limited: try again in ${formatSeconds(retryAfterMs)}`)
          : advised('retry', 'rate limited: wait a moment and try again');
      break;
    case 'timeout':
      advice = advised('timeout', 'the server timed out: try again');
      break;
    case 'server':
      advice = advised('server', 'the server failed: try again later');
      break;
    default:
      advice =
        status === 402
          ? advised('noCredit', 'the account has no credit left: add credit and try again')
          : NO_VISION.test(text)
            ? advised('noVision', 'this model does not accept images: pick a vision model')
            : advised('rejected', 'the server rejected the request');
  }

  const label = `${statusLabel(status)} from ${host}`;
  const quoted = serverMessage
    ? `: "${serverMessage}"`
    : html
      ? ' (an HTML page, not an API answer)'
      : ' (no message)';
  const message = `${label}${quoted} — ${advice}.`;
  const fields: MessageFields = {
    status,
    host,
    model: ctx.model,
    body: serverMessage ? 'message' : html ? 'html' : 'none',
    advice: adviceCode,
    ...(serverMessage !== undefined ? { server: serverMessage } : {}),
    ...(retryAfterMs !== undefined ? { retryMs: retryAfterMs } : {}),
  };
  return new ChatError(kind, message, {
    status,
    ...(serverMessage !== undefined ? { serverMessage } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(outOfQuota ? { outOfQuota } : {}),
    code: 'chat.http',
    fields,
  });
}

/** Codes from Node (undici) and Electron's net module, found anywhere in an error's cause chain. */
function collectCodes(error: unknown, seen = new Set<unknown>()): string[] {
  if (typeof error !== 'object' || error === null || seen.has(error)) return [];
  seen.add(error);
  const record = error as Record<string, unknown>;
  const codes: string[] = [];
  if (typeof record.code === 'string') codes.push(record.code);
  if (typeof record.message === 'string') {
    const net = /net::(ERR_[A-Z_]+)/.exec(record.message);
    if (net?.[1]) codes.push(net[1]);
  }
  codes.push(...collectCodes(record.cause, seen));
  if (Array.isArray(record.errors))
    for (const inner of record.errors) codes.push(...collectCodes(inner, seen));
  return codes;
}

function innermostMessage(error: unknown): string {
  let current: unknown = error;
  let message = '';
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const record = current as Record<string, unknown>;
    if (typeof record.message === 'string' && record.message !== '') message = record.message;
    current = record.cause;
  }
  return message;
}

const TLS_CODES =
  /^(CERT_|ERR_TLS|ERR_SSL|ERR_CERT|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_BAD_SSL|EPROTO$|HOSTNAME_MISMATCH|ERR_OSSL)/;

/** A failure of `fetch` itself (no HTTP response): unreachable host, TLS, reset. */
export function networkError(error: unknown, host: string, secrets: readonly string[]): ChatError {
  const codes = collectCodes(error);
  const detail = oneLine(redactSecrets(innermostMessage(error), secrets), 160);
  const code = codes.find((c) => c !== 'UND_ERR_SOCKET') ?? codes[0];
  const cause = { code: code ?? 'unknown', message: detail };
  const has = (...wanted: string[]) => codes.some((c) => wanted.includes(c));
  const shown = code ?? (detail || 'network error');
  if (codes.some((c) => TLS_CODES.test(c)) || /certificate|ssl|tls/i.test(detail)) {
    return new ChatError(
      'tls',
      `Secure connection to ${host} failed (${code ?? detail}) — check the URL's scheme (http or https) and the server's certificate.`,
      { cause, code: 'chat.tls', fields: { host, detail: code ?? detail } },
    );
  }
  if (has('ENOTFOUND', 'EAI_AGAIN', 'ERR_NAME_NOT_RESOLVED', 'ERR_NAME_RESOLUTION_FAILED')) {
    return new ChatError(
      'unreachable',
      `Cannot find the server ${host} (${code}) — check the base URL and your network connection.`,
      { cause, code: 'chat.dns', fields: { host, detail: shown } },
    );
  }
  if (has('ECONNREFUSED', 'ERR_CONNECTION_REFUSED')) {
    return new ChatError(
      'unreachable',
      `Nothing is listening at ${host} (connection refused) — start the server or check the base URL and port.`,
      { cause, code: 'chat.refused', fields: { host } },
    );
  }
  if (has('UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT', 'ERR_CONNECTION_TIMED_OUT', 'ERR_TIMED_OUT')) {
    return new ChatError(
      'timeout',
      `Connecting to ${host} timed out — check your network connection, proxy and the base URL.`,
      { cause, code: 'chat.connectTimeout', fields: { host } },
    );
  }
  return new ChatError(
    'unreachable',
    `Cannot reach ${host} (${shown}) — check your network connection, proxy and the base URL.`,
    { cause, code: 'chat.unreachable', fields: { host, detail: shown } },
  );
}
