/**
 * The Chat Completions client: one request, streamed, with abort, timeouts and retries.
 *
 * `fetch` is injected (Electron's `net.fetch` in the app, Node's in the CLI and tests), so proxy
 * settings belong to whoever builds that fetch. Retries happen only before the first byte of an
 * answer: once text may have been shown, a failure is reported with the partial answer instead.
 */
import { ChatError, httpError, networkError, oneLine } from './errors';
import { buildHeaders, buildRequestBody, secretsOf, validateHeaders } from './request';
import { StreamInterpreter } from './stream';
import type { ChatEvent, ChatRequest, ChatResult, Endpoint, RetryPolicy, Timeouts } from './types';
import { endpointUrl, hostOf } from './url';

export interface ChatDeps {
  fetch: typeof globalThis.fetch;
  signal?: AbortSignal;
  /** Monotonic milliseconds (timeouts). */
  now?: () => number;
  /** Waits between retries; must reject when the signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const DEFAULT_TIMEOUTS: Required<Timeouts> = {
  connectMs: 30_000,
  // Reasoning models may think for minutes before their first token.
  firstByteMs: 180_000,
  idleMs: 120_000,
};

export const DEFAULT_RETRY: Required<RetryPolicy> = {
  maxAttempts: 3,
  baseDelayMs: 500,
  // Also the longest Retry-After we wait for; a longer one is reported to the user instead.
  maxDelayMs: 30_000,
};

/** Error bodies are only quoted: read enough of them, not a whole HTML site. */
const ERROR_BODY_LIMIT = 64 * 1024;

const RETRY_STATUSES = new Set([408, 409, 425, 429, 500, 502, 503, 504, 520, 522, 524, 529]);

const DNS_FAILURES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_NAME_NOT_RESOLVED',
  'ERR_NAME_RESOLUTION_FAILED',
]);

type Phase = 'connect' | 'first-byte' | 'idle';

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * One deadline at a time, cheap to extend: `start` per network read only moves the deadline, and
 * the timer re-arms itself when it fires early. `pause` stops it counting while the consumer, not
 * the server, is slow.
 */
class Watchdog {
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the pending timer fires; a nearer deadline needs a new timer. */
  private timerAt = 0;
  private deadline = 0;
  private active = false;
  phase: Phase = 'connect';
  fired: Phase | undefined;

  constructor(
    private readonly now: () => number,
    private readonly onFire: (phase: Phase) => void,
  ) {}

  start(phase: Phase, ms: number | undefined): void {
    if (ms === undefined || !Number.isFinite(ms) || ms <= 0) {
      this.active = false;
      return;
    }
    this.phase = phase;
    this.deadline = this.now() + ms;
    this.active = true;
    if (this.timer !== undefined && this.timerAt > this.deadline) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.timer === undefined) this.schedule(ms);
  }

  private schedule(ms: number): void {
    this.timerAt = this.deadline;
    this.timer = setTimeout(() => this.check(), ms);
  }

  pause(): void {
    this.active = false;
  }

  dispose(): void {
    this.active = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private check(): void {
    this.timer = undefined;
    if (!this.active) return;
    const left = this.deadline - this.now();
    if (left > 0) {
      this.schedule(left);
      return;
    }
    this.active = false;
    this.fired = this.phase;
    this.onFire(this.phase);
  }
}

/** Everything one attempt needs to know and to clean up. */
class Attempt {
  readonly controller = new AbortController();
  readonly watchdog: Watchdog;
  private readonly unlink: () => void;

  constructor(
    readonly userSignal: AbortSignal | undefined,
    now: () => number,
  ) {
    this.watchdog = new Watchdog(now, (phase) => this.controller.abort(new TimeoutSignal(phase)));
    const onAbort = () => this.controller.abort(userSignal?.reason);
    userSignal?.addEventListener('abort', onAbort, { once: true });
    this.unlink = () => userSignal?.removeEventListener('abort', onAbort);
  }

  get userAborted(): boolean {
    return this.userSignal?.aborted === true;
  }

  /** Stops timers and, unless the body was read to its end, the connection (no dangling socket). */
  close(abortConnection: boolean): void {
    this.watchdog.dispose();
    this.unlink();
    if (abortConnection && !this.controller.signal.aborted) this.controller.abort(new Error('closed'));
  }
}

class TimeoutSignal extends Error {
  constructor(readonly phase: Phase) {
    super(`timeout: ${phase}`);
  }
}

function timeoutError(phase: Phase, host: string, ms: number): ChatError {
  const seconds = Math.max(1, Math.round(ms / 1000));
  switch (phase) {
    case 'connect':
      return new ChatError(
        'timeout',
        `No response from ${host} within ${seconds} s — check that the server is running and reachable, or raise the connect timeout.`,
        { code: 'chat.timeout.connect', fields: { host, seconds } },
      );
    case 'first-byte':
      return new ChatError(
        'timeout',
        `${host} accepted the request but sent nothing for ${seconds} s — the model may still be loading; try again or raise the first-byte timeout.`,
        { code: 'chat.timeout.firstByte', fields: { host, seconds } },
      );
    case 'idle':
      return new ChatError(
        'timeout',
        `The answer from ${host} stalled for ${seconds} s — the partial answer is kept; try again or raise the idle timeout.`,
        { code: 'chat.timeout.idle', fields: { host, seconds } },
      );
  }
}

function abortedError(): ChatError {
  return new ChatError('aborted', 'Stopped: the request was cancelled.', { code: 'chat.aborted' });
}

interface Opened {
  attempt: Attempt;
  reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  first: Uint8Array | undefined;
}

interface Target {
  url: string;
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string };
  host: string;
  model: string;
  secrets: readonly string[];
  operation: 'chat' | 'models';
  timeouts: Required<Timeouts>;
  retry: Required<RetryPolicy>;
}

function settings(endpoint: Endpoint): Pick<Target, 'timeouts' | 'retry'> {
  return {
    timeouts: { ...DEFAULT_TIMEOUTS, ...stripUndefined(endpoint.timeouts) },
    retry: { ...DEFAULT_RETRY, ...stripUndefined(endpoint.retry) },
  };
}

function stripUndefined<T extends object>(value: T | undefined): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, v] of Object.entries(value ?? {}))
    if (v !== undefined) (out as Record<string, unknown>)[key] = v;
  return out;
}

function backoff(retry: Required<RetryPolicy>, attempt: number): number {
  const exp = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
  // Jitter spreads out clients that failed together.
  return Math.round(exp * (0.5 + Math.random() * 0.5));
}

/** The first chunk plus the rest of the body, decoded once (UTF-8 may straddle the two). */
async function readAll(
  first: Uint8Array | undefined,
  reader: ReadableStreamDefaultReader<Uint8Array> | undefined,
  limit: number,
): Promise<string> {
  const decoder = new TextDecoder();
  const head = first ? decoder.decode(first, { stream: true }) : '';
  if (!reader) return head + decoder.decode();
  let text = head;
  let size = first?.length ?? 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    text += decoder.decode(value, { stream: true });
    if (size >= limit) {
      await reader.cancel().catch(() => undefined);
      break;
    }
  }
  return text + decoder.decode();
}

/**
 * Sends the request and waits for the first byte of a successful body, retrying what can be
 * retried (connection failures, 429/5xx, timeouts before any byte) with bounded backoff.
 */
async function open(target: Target, deps: ChatDeps): Promise<Opened> {
  const now = deps.now ?? (() => performance.now());
  const sleep = deps.sleep ?? defaultSleep;
  const { timeouts, retry } = target;
  const attempts = Math.max(1, Math.floor(retry.maxAttempts));

  for (let n = 1; ; n++) {
    if (deps.signal?.aborted) throw abortedError();
    const attempt = new Attempt(deps.signal, now);
    let failure: ChatError;
    let retryAfterMs: number | undefined;
    let retryable: boolean;
    try {
      attempt.watchdog.start('connect', timeouts.connectMs);
      const response = await deps.fetch(target.url, { ...target.init, signal: attempt.controller.signal });
      // Typed here: the DOM and Node typings disagree on the body's chunk type.
      const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = response.body?.getReader();
      if (!response.ok) {
        attempt.watchdog.start('first-byte', timeouts.firstByteMs);
        const body = reader ? await readAll(undefined, reader, ERROR_BODY_LIMIT).catch(() => '') : '';
        failure = httpError({
          status: response.status,
          body,
          headers: response.headers,
          host: target.host,
          model: target.model,
          secrets: target.secrets,
          operation: target.operation,
        });
        retryAfterMs = failure.retryAfterMs;
        // Decided from the server's code and words, not from our message (which quotes URLs).
        retryable = RETRY_STATUSES.has(response.status) && failure.outOfQuota !== true;
        attempt.close(true);
      } else {
        attempt.watchdog.start('first-byte', timeouts.firstByteMs);
        const first = reader ? await reader.read() : { done: true as const, value: undefined };
        attempt.watchdog.pause();
        if (!first.done) return { attempt, reader, first: first.value };
        if (target.operation === 'models') return { attempt, reader: undefined, first: undefined };
        // An empty 200: nothing was shown yet, so trying again is safe.
        failure = new ChatError(
          'interrupted',
          `The server at ${target.host} closed the connection without answering — try again.`,
          { code: 'chat.noAnswer', fields: { host: target.host } },
        );
        retryable = true;
        attempt.close(true);
      }
    } catch (error) {
      attempt.close(true);
      if (attempt.userAborted) throw abortedError();
      if (attempt.watchdog.fired) {
        const phase = attempt.watchdog.fired;
        failure = timeoutError(
          phase,
          target.host,
          phase === 'connect' ? timeouts.connectMs : timeouts.firstByteMs,
        );
        retryable = true;
      } else if (error instanceof ChatError) {
        throw error;
      } else {
        failure = networkError(error, target.host, target.secrets);
        // DNS and TLS failures do not fix themselves in a second; resets and refusals might.
        const code = (failure.cause as { code?: string } | undefined)?.code ?? '';
        retryable = failure.kind === 'unreachable' && !DNS_FAILURES.has(code);
      }
    }

    if (deps.signal?.aborted) throw abortedError();
    if (!retryable || n >= attempts) throw failure;
    const delay = retryAfterMs ?? backoff(retry, n);
    if (delay > retry.maxDelayMs) throw failure;
    try {
      await sleep(delay, deps.signal);
    } catch {
      throw abortedError();
    }
  }
}

function targetFor(request: ChatRequest, endpoint: Endpoint, body: Record<string, unknown>): Target {
  const stream = body.stream === true;
  return {
    url: endpointUrl(endpoint.baseUrl, 'chat/completions'),
    init: { method: 'POST', headers: buildHeaders(endpoint, stream), body: JSON.stringify(body) },
    host: hostOf(endpoint.baseUrl),
    model: request.model,
    secrets: secretsOf(endpoint),
    operation: 'chat',
    ...settings(endpoint),
  };
}

/**
 * Streams one chat completion. Yields events as they arrive and returns the assembled result.
 * Throws ChatError; when anything had arrived, `error.partial` holds it (interrupted = true).
 * Stopping the iteration (break, return) or aborting `deps.signal` closes the connection.
 */
export async function* streamChat(
  request: ChatRequest,
  endpoint: Endpoint,
  deps: ChatDeps,
): AsyncGenerator<ChatEvent, ChatResult, void> {
  const body = buildRequestBody(request, endpoint);
  const target = targetFor(request, endpoint, body);
  const { attempt, reader, first } = await open(target, deps);
  const interpreter = new StreamInterpreter({ host: target.host, secrets: target.secrets });
  let readToEnd = false;
  try {
    if (first) interpreter.push(first);
    let events = interpreter.take();
    for (const event of events) yield event;

    while (!interpreter.finished && reader) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      attempt.watchdog.start('idle', target.timeouts.idleMs);
      try {
        chunk = await reader.read();
      } catch (error) {
        attempt.watchdog.pause();
        throw interpreter.withPartial(readFailure(error, attempt, target));
      }
      attempt.watchdog.pause();
      if (chunk.done) {
        readToEnd = true;
        break;
      }
      interpreter.push(chunk.value);
      events = interpreter.take();
      for (const event of events) yield event;
    }
    interpreter.end();
    for (const event of interpreter.take()) yield event;
    const outcome = interpreter.outcome();
    if (outcome.kind === 'failed') throw outcome.error;
    return interpreter.result(false);
  } finally {
    // After [DONE] some servers keep the connection open: closing it is ours to do.
    attempt.close(!readToEnd);
  }
}

function readFailure(error: unknown, attempt: Attempt, target: Target): ChatError {
  if (attempt.userAborted) return abortedError();
  const phase = attempt.watchdog.fired;
  if (phase) return timeoutError(phase, target.host, target.timeouts.idleMs);
  const detail = networkError(error, target.host, target.secrets);
  const cause = detail.cause as { code?: string; message: string } | undefined;
  const why = cause?.message ? ` (${oneLine(cause.message, 80)})` : '';
  return new ChatError(
    'interrupted',
    `The connection to ${target.host} broke before the answer was complete${why} — the partial answer is kept; try again.`,
    {
      ...(cause ? { cause } : {}),
      code: 'chat.broken',
      fields: { host: target.host, ...(cause?.message ? { why: oneLine(cause.message, 80) } : {}) },
    },
  );
}

/** Drains `streamChat`: the assembled result, or a ChatError. */
export async function completeChat(
  request: ChatRequest,
  endpoint: Endpoint,
  deps: ChatDeps,
): Promise<ChatResult> {
  const iterator = streamChat(request, endpoint, deps);
  for (;;) {
    const step = await iterator.next();
    if (step.done) return step.value;
  }
}

/** `GET {base}/models`: the ids the server lists, sorted. */
export async function listModels(endpoint: Endpoint, deps: ChatDeps): Promise<string[]> {
  validateHeaders(endpoint.headers);
  const headers = buildHeaders(endpoint, false);
  delete headers['content-type'];
  const target: Target = {
    url: endpointUrl(endpoint.baseUrl, 'models'),
    init: { method: 'GET', headers },
    host: hostOf(endpoint.baseUrl),
    model: '',
    secrets: secretsOf(endpoint),
    operation: 'models',
    ...settings(endpoint),
  };
  const { attempt, reader, first } = await open(target, deps);
  let text: string;
  try {
    attempt.watchdog.start('idle', target.timeouts.idleMs);
    text = await readAll(first, reader, 16 * 1024 * 1024);
  } catch (error) {
    throw readFailure(error, attempt, target);
  } finally {
    attempt.close(false);
  }
  return parseModelList(text, target.host);
}

function parseModelList(text: string, host: string): string[] {
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    throw new ChatError(
      'not-openai',
      `The server at ${host} did not answer GET /models with JSON — check the base URL (it usually ends in /v1).`,
      { code: 'chat.modelsNotJson', fields: { host } },
    );
  }
  const record = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
  const list: unknown = Array.isArray(payload) ? payload : (record.data ?? record.models);
  if (!Array.isArray(list)) {
    throw new ChatError(
      'not-openai',
      `The server at ${host} answered GET /models without a model list — type the model name instead.`,
      { code: 'chat.modelsNoList', fields: { host } },
    );
  }
  const ids = new Set<string>();
  for (const entry of list) {
    if (typeof entry === 'string') ids.add(entry);
    else if (typeof entry === 'object' && entry !== null) {
      const e = entry as Record<string, unknown>;
      const id = e.id ?? e.name ?? e.model;
      if (typeof id === 'string' && id !== '') ids.add(id);
    }
  }
  return [...ids].sort((a, b) => a.localeCompare(b));
}
