/**
 * Renders a growing Markdown text into one element without ever re-rendering what is finished.
 *
 * The text is cut into finished blocks and an open tail (see split.ts). Finished blocks are
 * rendered once (highlighted, sanitised) and appended; only the tail is re-rendered, at most once
 * per animation frame however many deltas arrived, and without highlighting. `finish()` commits
 * the tail too.
 *
 * An open block that is too big to re-render every frame (a 50 kB line of minified JSON or
 * Base64, a list nested a thousand deep) would make each frame cost in proportion to everything
 * streamed so far: parsing it (markdown-it, linkify), sanitising it, and laying out one
 * unbreakable line again. Such a tail is shown as plain text while it streams, appended delta
 * by delta into fixed-size boxes (only the last box is laid out again), and rendered as Markdown
 * once, when a blank line may have finished it or when the answer ends.
 */
import { createMarkdownEngine, type MarkdownEngine, type MarkdownEnv, type MarkdownLabels } from './markdown';
import { toFragment } from './sanitize';
import { lastBlockStart } from './split';

/** Open text up to this length is re-rendered as Markdown each frame (a few ms at most). */
export const TAIL_MARKDOWN_LIMIT = 12_000;
/** A run this long without white space is laid out again in full whenever it grows. */
const LONG_RUN = /\S{2000}/;
/** Characters per box of a plain tail: a box is laid out again only while it is the last one. */
const PLAIN_BOX_CHARS = 2_048;

export interface Scheduler {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

const animationFrames: Scheduler = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

/** Markdown normalises line ends itself; we do it first so that our line offsets agree with it. */
function normalise(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD');
}

/** A copy of markdown-it's env whose link references can be added to without touching ours. */
function copyEnv(env: MarkdownEnv): MarkdownEnv {
  const references = env.references;
  return typeof references === 'object' && references !== null
    ? { ...env, references: { ...references } }
    : { ...env };
}

export class IncrementalMarkdown {
  readonly #engine: MarkdownEngine;
  readonly #committed: HTMLElement;
  readonly #tail: HTMLElement;
  readonly #scheduler: Scheduler;
  #raw = '';
  /** Offset (in the normalised text) up to which blocks are rendered for good. */
  #committedTo = 0;
  #env: MarkdownEnv = {};
  #frame: number | null = null;
  #renderedTail = '';
  /** The open text as shown in plain boxes, or null while the tail is rendered as Markdown. */
  #plain: string | null = null;
  /** Length of the open text when a plain tail last tried to commit its finished blocks. */
  #plainTriedAt = 0;

  constructor(
    readonly root: HTMLElement,
    labels: MarkdownLabels,
    scheduler: Scheduler = animationFrames,
    /** Called once per batch of finished blocks, when it is added (a screen reader reads it then). */
    readonly onCommit?: (chunk: HTMLElement) => void,
  ) {
    this.#engine = createMarkdownEngine(labels);
    this.#scheduler = scheduler;
    this.#committed = document.createElement('div');
    this.#committed.className = 'md-committed';
    this.#tail = document.createElement('div');
    this.#tail.className = 'md-tail';
    root.replaceChildren(this.#committed, this.#tail);
  }

  get text(): string {
    return this.#raw;
  }

  /** Adds a delta; the DOM catches up at the next frame. */
  append(delta: string): void {
    if (!delta) return;
    this.#raw += delta;
    this.#schedule();
  }

  /**
   * Shows `text`: an extension of what is shown is an append; anything else starts over (a new
   * answer, a regenerated one, another alternative).
   */
  set(text: string): void {
    if (text.startsWith(this.#raw)) {
      this.append(text.slice(this.#raw.length));
      return;
    }
    this.reset();
    this.append(text);
  }

  reset(): void {
    this.#cancel();
    this.#raw = '';
    this.#committedTo = 0;
    this.#env = {};
    this.#renderedTail = '';
    this.#plain = null;
    this.#plainTriedAt = 0;
    this.#committed.replaceChildren();
    this.#tail.replaceChildren();
  }

  /** Renders what is pending now, instead of at the next frame. */
  flush(): void {
    this.#cancel();
    this.#render(false);
  }

  /** The text is complete: everything is rendered as finished blocks, highlighted. */
  finish(): void {
    this.#cancel();
    this.#render(true);
  }

  destroy(): void {
    this.#cancel();
  }

  #schedule(): void {
    if (this.#frame !== null) return;
    this.#frame = this.#scheduler.request(() => {
      this.#frame = null;
      this.#render(false);
    });
  }

  #cancel(): void {
    if (this.#frame === null) return;
    this.#scheduler.cancel(this.#frame);
    this.#frame = null;
  }

  #render(final: boolean): void {
    // A trailing CR may be the first half of a CRLF: it waits for the next delta.
    const raw = !final && this.#raw.endsWith('\r') ? this.#raw.slice(0, -1) : this.#raw;
    const text = normalise(raw);
    let open = text.slice(this.#committedTo);
    if (!final && open === this.#renderedTail) return;
    if (!final && this.#tooBigForMarkdown(open)) {
      // Parse again only when a blank line has arrived (a block may have finished) and the text
      // has grown by a quarter since the last try: the parses of a long tail then add up to a
      // few times its length, not its length per frame.
      const grown = open.length >= this.#plainTriedAt * 1.25;
      const blank = open.indexOf('\n\n', Math.max(0, (this.#plain?.length ?? 0) - 1)) !== -1;
      if (!(grown && blank)) {
        this.#showPlain(open);
        return;
      }
      this.#plainTriedAt = open.length;
    }
    let tailEnv = copyEnv(this.#env);
    let tokens = final ? [] : this.#engine.parse(open, tailEnv);
    const finished = final ? open.length : lastBlockStart(open, tokens);
    if (finished > 0) {
      const html = this.#engine.render(open.slice(0, finished), this.#env, { highlight: true });
      // Each batch of finished blocks is its own box, which the browser may skip laying out and
      // painting while it is off screen (content-visibility in markdown.css).
      const chunk = document.createElement('div');
      chunk.className = 'md-chunk';
      chunk.append(toFragment(html));
      this.#committed.append(chunk);
      this.onCommit?.(chunk);
      this.#committedTo += finished;
      open = open.slice(finished);
      // The tail's own references must not leak into env before its blocks are finished.
      tailEnv = copyEnv(this.#env);
      tokens = open ? this.#engine.parse(open, tailEnv) : [];
    }
    if (!final && this.#tooBigForMarkdown(open)) {
      this.#showPlain(open);
      return;
    }
    if (open === this.#renderedTail && this.#plain === null) return;
    this.#plain = null;
    this.#renderedTail = open;
    const html = open ? this.#engine.renderTokens(tokens, tailEnv, { highlight: false }) : '';
    this.#tail.replaceChildren(toFragment(html));
  }

  #tooBigForMarkdown(open: string): boolean {
    return open.length > TAIL_MARKDOWN_LIMIT || (open.length >= 2000 && LONG_RUN.test(open));
  }

  /** Shows the open text as plain text, appending to what is shown when it extends it. */
  #showPlain(open: string): void {
    if (this.#plain === null || !open.startsWith(this.#plain)) {
      this.#plain = '';
      this.#tail.replaceChildren();
    }
    let rest = open.slice(this.#plain.length);
    while (rest) {
      let box = this.#tail.lastElementChild as HTMLElement | null;
      if (!box || (box.textContent?.length ?? 0) >= PLAIN_BOX_CHARS) {
        box = document.createElement('div');
        box.className = 'md-plain';
        box.append(document.createTextNode(''));
        this.#tail.append(box);
      }
      const room = PLAIN_BOX_CHARS - (box.textContent?.length ?? 0);
      (box.firstChild as Text).appendData(rest.slice(0, room));
      rest = rest.slice(room);
    }
    this.#plain = open;
    this.#renderedTail = open;
  }
}
