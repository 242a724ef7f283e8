/**
 * Response body → SSE events, whatever the network's chunking: UTF-8 is decoded across chunk
 * boundaries, lines are framed by eventsource-parser (CRLF, CR, comments, `data:` with or without
 * a space, multi-line data). Bodies that are not SSE at all (plain JSON, an HTML page) are
 * recognised by their first character, not by a Content-Type that servers often get wrong.
 */
import { createParser, type EventSourceParser } from 'eventsource-parser';

export interface BodySink {
  /** One SSE event; `name` is undefined for unnamed events. */
  event(name: string | undefined, data: string): void;
  /** A line inside an SSE stream that is not an SSE field, e.g. llama.cpp's `error: {…}`. */
  strayLine(line: string): void;
  /** The whole body, when it was JSON rather than SSE. */
  json(text: string): void;
  /** The start of the body, when it was an HTML page. */
  html(text: string): void;
}

/** HTML pages are only quoted in messages: keep enough to find their title. */
const HTML_LIMIT = 64 * 1024;

export class BodyDecoder {
  private readonly decoder = new TextDecoder('utf-8');
  private mode: 'sniff' | 'sse' | 'json' | 'html' = 'sniff';
  private readonly parser: EventSourceParser;
  /** Text not yet handed on: the sniffed prefix, a partial SSE line, or the JSON/HTML body. */
  private pending = '';
  private ended = false;
  /** How many bytes arrived (keep-alive comments included). */
  bytes = 0;

  constructor(private readonly sink: BodySink) {
    this.parser = createParser({
      onEvent: (message) => sink.event(message.event, message.data),
      onError: (error) => {
        // Unknown fields are ignored by the SSE spec; we look at them because servers put errors there.
        if (error.type === 'unknown-field' && error.line !== undefined) sink.strayLine(error.line);
      },
    });
  }

  push(bytes: Uint8Array): void {
    if (this.ended || bytes.length === 0) return;
    this.bytes += bytes.length;
    this.take(this.decoder.decode(bytes, { stream: true }));
  }

  end(): void {
    if (this.ended) return;
    this.take(this.decoder.decode());
    this.ended = true;
    const rest = this.pending;
    this.pending = '';
    switch (this.mode) {
      case 'sse':
        // A last event without its blank line is still dispatched: servers forget it.
        this.parser.feed(`${rest}\n\n`);
        break;
      case 'json':
        this.sink.json(rest);
        break;
      case 'html':
        this.sink.html(rest);
        break;
      case 'sniff':
        break;
    }
  }

  private take(text: string): void {
    if (text === '') return;
    if (this.mode === 'sniff') {
      const all = this.pending + text;
      const first = /\S/.exec(all);
      if (!first) {
        this.pending = all;
        return;
      }
      const c = first[0];
      this.mode = c === '{' || c === '[' ? 'json' : c === '<' ? 'html' : 'sse';
      this.pending = '';
      text = all;
    }
    switch (this.mode) {
      case 'sse':
        this.feedLines(text);
        break;
      case 'json':
        this.pending += text;
        break;
      case 'html':
        if (this.pending.length < HTML_LIMIT) this.pending += text;
        break;
      default:
        break;
    }
  }

  /**
   * Hands the parser whole lines only. eventsource-parser drops a partial line it cannot yet
   * recognise as an SSE field (see its `shouldBufferTrailing`), so an error line split by the
   * network would vanish without this.
   */
  private feedLines(text: string): void {
    const end = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
    if (end === -1) {
      this.pending += text;
      return;
    }
    const head = text.slice(0, end + 1);
    this.parser.feed(this.pending === '' ? head : this.pending + head);
    this.pending = text.slice(end + 1);
  }
}
