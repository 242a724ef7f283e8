/**
 * One response body, interpreted: SSE framing → chunks → events, plus everything servers do
 * besides sending chunks — `[DONE]`, named events, error objects or error lines in the middle of
 * the stream, a 200 whose body is an error, plain JSON instead of a stream, an HTML page.
 *
 * Synchronous and free of I/O, so tests can replay a recording split at any byte.
 */
import { ChatAssembler } from './assemble';
import {
  ChatError,
  errorInfoFromPayload,
  kindForStatus,
  oneLine,
  parseErrorBody,
  redactSecrets,
} from './errors';
import type { ServerErrorInfo } from './errors';
import { BodyDecoder } from './sse';
import type { ChatEvent, ChatResult } from './types';

type Json = Record<string, unknown>;

export type StreamOutcome =
  /** `[DONE]`, or every choice finished, or a whole JSON completion. */
  { kind: 'complete' } | { kind: 'failed'; error: ChatError };

export interface InterpreterContext {
  /** `host[:port]`, for messages. */
  host: string;
  /** Redacted from every server message. */
  secrets: readonly string[];
}

export class StreamInterpreter {
  readonly assembler = new ChatAssembler();
  private readonly decoder: BodyDecoder;
  /** `data: [DONE]` arrived: the rest of the body is ignored. */
  done = false;
  failure: ChatError | undefined;
  private jsonBody = false;
  /** The start of any non-SSE text, quoted when nothing else made sense. */
  private stray = '';

  constructor(private readonly ctx: InterpreterContext) {
    this.decoder = new BodyDecoder({
      event: (name, data) => this.onEvent(name, data),
      strayLine: (line) => this.onStrayLine(line),
      json: (text) => this.onJson(text),
      html: (text) => this.onHtml(text),
    });
  }

  /** True once nothing more needs reading. */
  get finished(): boolean {
    return this.done || this.failure !== undefined;
  }

  get bytes(): number {
    return this.decoder.bytes;
  }

  push(bytes: Uint8Array): void {
    if (!this.finished) this.decoder.push(bytes);
  }

  /** The body ended (or will not be read further). */
  end(): void {
    if (!this.finished) this.decoder.end();
  }

  take(): ChatEvent[] {
    return this.assembler.take();
  }

  result(interrupted: boolean): ChatResult {
    return this.assembler.result(interrupted);
  }

  /** After `end()`: how the body ended. A failure carries the partial answer when there is one. */
  outcome(): StreamOutcome {
    if (this.failure) return { kind: 'failed', error: this.withPartial(this.failure) };
    if (this.done || this.jsonBody || this.assembler.allFinished()) return { kind: 'complete' };
    if (!this.assembler.sawChunk) {
      if (this.stray.trim() !== '') {
        return {
          kind: 'failed',
          error: new ChatError(
            'not-openai',
            `The server at ${this.ctx.host} did not answer with an OpenAI-compatible stream ("${this.quote(this.stray)}") — check the base URL (it usually ends in /v1).`,
            { code: 'chat.notStream', fields: { host: this.ctx.host, text: this.quote(this.stray) } },
          ),
        };
      }
      return {
        kind: 'failed',
        error: new ChatError(
          'interrupted',
          `The server at ${this.ctx.host} closed the connection without answering — try again.`,
          { code: 'chat.noAnswer', fields: { host: this.ctx.host } },
        ),
      };
    }
    return {
      kind: 'failed',
      error: this.withPartial(
        new ChatError(
          'interrupted',
          `The answer from ${this.ctx.host} stopped before it was complete — the partial answer is kept; try again.`,
          { code: 'chat.cutShort', fields: { host: this.ctx.host } },
        ),
      ),
    };
  }

  /** Attaches what arrived so far, marked interrupted. */
  withPartial(error: ChatError): ChatError {
    if (this.assembler.sawChunk && !error.partial) error.partial = this.assembler.result(true);
    return error;
  }

  private quote(text: string): string {
    return oneLine(redactSecrets(text, this.ctx.secrets), 160);
  }

  private onEvent(name: string | undefined, data: string): void {
    if (this.finished) return;
    if (name === 'error') {
      this.fail(this.errorFromText(data));
      return;
    }
    let text = data;
    // Fast path: chunks are JSON objects. `[DONE]` (sometimes padded) ends the stream.
    if (text.charCodeAt(0) !== 123 /* { */) {
      text = text.trim();
      if (text === '[DONE]') {
        this.done = true;
        return;
      }
      if (!text.startsWith('{')) {
        if (name === undefined || name === 'message') this.noteStray(text);
        return;
      }
    }
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      // A truncated or garbled chunk: skip it; a stream that then ends early is reported as such.
      return;
    }
    const chunk = payload as Json;
    if (chunk.error !== undefined && chunk.error !== null) {
      this.fail(this.streamError(errorInfoFromPayload(chunk) ?? { message: JSON.stringify(chunk.error) }));
      return;
    }
    // Named events that are not chat chunks (pings, progress, vendor metadata) are not ours.
    if (name !== undefined && name !== 'message' && !Array.isArray(chunk.choices)) return;
    this.assembler.acceptChunk(chunk);
  }

  private onStrayLine(line: string): void {
    if (this.finished) return;
    const trimmed = line.trim();
    if (trimmed.startsWith('{')) {
      try {
        const info = errorInfoFromPayload(JSON.parse(trimmed) as unknown);
        if (info) {
          this.fail(this.streamError(info));
          return;
        }
      } catch {
        // Not JSON: quoted below if nothing else arrives.
      }
    }
    const errorLine = /^error\s*:\s*(.*)$/i.exec(trimmed);
    if (errorLine) {
      this.fail(this.errorFromText(errorLine[1] ?? ''));
      return;
    }
    this.noteStray(trimmed);
  }

  private onJson(text: string): void {
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      this.fail(
        new ChatError(
          'not-openai',
          `The server at ${this.ctx.host} sent malformed JSON ("${this.quote(text)}") — it may not be OpenAI-compatible; check the base URL.`,
          { code: 'chat.badJson', fields: { host: this.ctx.host, text: this.quote(text) } },
        ),
      );
      return;
    }
    const info = errorInfoFromPayload(payload);
    if (info) {
      this.fail(this.bodyError(info));
      return;
    }
    if (typeof payload === 'object' && payload !== null && Array.isArray((payload as Json).choices)) {
      const completion = payload as Json;
      const choices = completion.choices as unknown[];
      const streamed = choices.some((c) => typeof c === 'object' && c !== null && 'delta' in c);
      if (streamed) this.assembler.acceptChunk(completion);
      else this.assembler.acceptCompletion(completion);
      this.jsonBody = true;
      return;
    }
    this.fail(
      new ChatError(
        'not-openai',
        `The server at ${this.ctx.host} answered with JSON that is not a chat completion ("${this.quote(text)}") — check the base URL (it usually ends in /v1).`,
        { code: 'chat.notCompletion', fields: { host: this.ctx.host, text: this.quote(text) } },
      ),
    );
  }

  private onHtml(text: string): void {
    const title = parseErrorBody(text).message;
    this.fail(
      new ChatError(
        'not-openai',
        `The server at ${this.ctx.host} answered with a web page${title ? ` ("${this.quote(title)}")` : ''}, not an OpenAI-compatible API — check the base URL (it usually ends in /v1).`,
        {
          code: 'chat.webPage',
          fields: { host: this.ctx.host, ...(title ? { title: this.quote(title) } : {}) },
        },
      ),
    );
  }

  private noteStray(text: string): void {
    if (this.stray.length < 400) this.stray += (this.stray ? ' ' : '') + text;
  }

  private fail(error: ChatError): void {
    if (!this.failure) this.failure = error;
  }

  private errorFromText(text: string): ChatError {
    const info = parseErrorBody(text);
    return this.streamError(info.message ? info : { message: text });
  }

  /** An error reported inside the stream: what arrived before it is kept. */
  private streamError(info: ServerErrorInfo): ChatError {
    const message = this.quote(info.message ?? 'unknown error');
    const status = numericStatus(info.code);
    const code = info.code !== undefined ? ` (${String(info.code)})` : '';
    const what = this.assembler.sawChunk
      ? 'the partial answer is kept; try again'
      : 'try again, or check the model and the request';
    return new ChatError(
      'stream-error',
      `The server at ${this.ctx.host} reported an error${code}: "${message}" — ${what}.`,
      {
        code: 'chat.streamError',
        fields: {
          host: this.ctx.host,
          server: message,
          advice: this.assembler.sawChunk ? 'partial' : 'request',
          ...(info.code !== undefined ? { code: String(info.code) } : {}),
        },
        serverMessage: message,
        ...(status !== undefined ? { status } : {}),
      },
    );
  }

  /** A 200 response whose whole body is an error: classified by the code it names, if any. */
  private bodyError(info: ServerErrorInfo): ChatError {
    const status = numericStatus(info.code);
    if (status === undefined) return this.streamError(info);
    const message = this.quote(info.message ?? 'unknown error');
    const kind = kindForStatus(status);
    return new ChatError(
      kind,
      `The server at ${this.ctx.host} answered with error ${status}: "${message}" — ${adviceFor(kind)}.`,
      {
        code: 'chat.bodyError',
        fields: { host: this.ctx.host, status, server: message, advice: adviceCodeFor(kind) },
        status,
        serverMessage: message,
      },
    );
  }
}

function numericStatus(code: string | number | undefined): number | undefined {
  const n =
    typeof code === 'number' ? code : typeof code === 'string' && /^\d{3}$/.test(code) ? Number(code) : NaN;
  return Number.isInteger(n) && n >= 400 && n <= 599 ? n : undefined;
}

/** The code of adviceFor's words, for the page's catalog (chat.bodyError.advice.<code>). */
function adviceCodeFor(kind: ChatError['kind']): string {
  switch (kind) {
    case 'auth':
      return 'key';
    case 'not-found':
      return 'modelAndUrl';
    case 'too-large':
      return 'tooLarge';
    case 'rate-limit':
      return 'retry';
    case 'server':
      return 'server';
    default:
      return 'rejected';
  }
}

function adviceFor(kind: ChatError['kind']): string {
  switch (kind) {
    case 'auth':
      return 'check the API key of this endpoint';
    case 'not-found':
      return 'check the model name and the base URL';
    case 'too-large':
      return 'the image is too large for this server: lower the longest edge or send JPEG';
    case 'rate-limit':
      return 'rate limited: wait a moment and try again';
    case 'server':
      return 'the server failed: try again later';
    default:
      return 'the server rejected the request';
  }
}
