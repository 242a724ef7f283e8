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
 * once, when a blank line may have finished it or when the answer ends; a finished block that is
 * itself that big stays plain (#finishedBlocks).
 *
 * Markdown engines are shared by every answer on the page and warmed in idle time when the
 * first renderer is created (warm.ts), so an answer's first frames do not pay for compiling
 * markdown-it, linkify, KaTeX, DOMPurify and highlight.js's grammars.
 */
import { sharedMarkdownEngine, type MarkdownEngine, type MarkdownEnv, type MarkdownLabels } from './markdown';
import { toFragment } from './sanitize';
import { lastBlockStart, offsetOfLine } from './split';
import { warmUp } from './warm';

/** Open text up to this length is re-rendered as Markdown each frame (a few ms at most). */
export const TAIL_MARKDOWN_LIMIT = 12_000;
/** A run this long without white space is laid out again in full whenever it grows. */
const LONG_RUN = /\S{2000}/;
/** Characters per box of a plain tail: a box is laid out again only while it is the last one. */
const PLAIN_BOX_CHARS = 2_048;
/**
 * Source characters per box of finished blocks. Each box is skipped while off screen
 * (content-visibility in markdown.css), but the browser checks every box's visibility and
 * position each frame: one box per batch of finished blocks made 400+ boxes in a long answer
 * and that check alone a millisecond or two of every frame. Batches join the last box until
 * it holds this much (half a screen or so; larger boxes cost more to paint while on screen).
 */
const CHUNK_CHARS = 2_000;

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
  /** Source characters in the last box of finished blocks. */
  #chunkChars = CHUNK_CHARS;
  /** The open text as shown in plain boxes, or null while the tail is rendered as Markdown. */
  #plain: string | null = null;
  /** Length of the open text when a plain tail last tried to commit its finished blocks. */
  #plainTriedAt = 0;

  constructor(
    readonly root: HTMLElement,
    labels: MarkdownLabels,
    scheduler: Scheduler = animationFrames,
    /**
     * Called once per batch of finished blocks, with them in a detached element, just before
     * they are added (a screen reader reads them then). Read it at once: the nodes move on.
     */
    readonly onCommit?: (chunk: HTMLElement) => void,
  ) {
    this.#engine = sharedMarkdownEngine(labels);
    this.warmed = warmUp(this.#engine);
    this.#scheduler = scheduler;
    this.#committed = document.createElement('div');
    this.#committed.className = 'md-committed';
    this.#tail = document.createElement('div');
    this.#tail.className = 'md-tail';
    root.replaceChildren(this.#committed, this.#tail);
  }

  /** Resolves once the engine has been warmed in idle time (see warm.ts). */
  readonly warmed: Promise<void>;

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
    this.#chunkChars = CHUNK_CHARS;
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
    // A tail too big to render as Markdown every frame only needs its block starts here: the
    // inline parse (and linkify) of 50 kB would be a long task of its own.
    const big = !final && this.#tooBigForMarkdown(open);
    let tokens = final
      ? []
      : big
        ? this.#engine.parseBlocks(open, tailEnv)
        : this.#engine.parse(open, tailEnv);
    const finished = final ? open.length : lastBlockStart(open, tokens);
    if (finished > 0) {
      // Finished blocks go in boxes the browser may skip laying out and painting while they are
      // off screen (content-visibility in markdown.css), a few thousand characters each.
      const batch = this.#finishedBlocks(open.slice(0, finished));
      this.onCommit?.(batch);
      let chunk = this.#committed.lastElementChild;
      if (!chunk || this.#chunkChars >= CHUNK_CHARS) {
        chunk = document.createElement('div');
        chunk.className = 'md-chunk';
        this.#committed.append(chunk);
        this.#chunkChars = 0;
      }
      chunk.append(...batch.childNodes);
      this.#chunkChars += finished;
      this.#committedTo += finished;
      open = open.slice(finished);
      if (!final && this.#tooBigForMarkdown(open)) {
        this.#showPlain(open);
        return;
      }
      // The tail's own references must not leak into env before its blocks are finished.
      tailEnv = copyEnv(this.#env);
      tokens = open ? this.#engine.parse(open, tailEnv) : [];
    } else if (big) {
      this.#showPlain(open);
      return;
    }
    if (open === this.#renderedTail && this.#plain === null) return;
    this.#plain = null;
    this.#renderedTail = open;
    const html = open ? this.#engine.renderTokens(tokens, tailEnv, { highlight: false }) : '';
    this.#tail.replaceChildren(toFragment(html));
  }

  /**
   * Finished blocks, rendered, in a detached element. A block that is both longer than
   * TAIL_MARKDOWN_LIMIT and holds a long run without white space (50 kB of minified JSON or
   * Base64 on one line) stays plain text in 2 kB boxes, as it streamed: as Markdown it was one
   * task of 30 ms and more (inline parse, a link per URL, sanitising, laying out one paragraph),
   * for text nobody reads as prose. Such a code block is shown as code, not highlighted.
   * Every character is shown either way.
   */
  #finishedBlocks(source: string): HTMLElement {
    const batch = document.createElement('div');
    const markdown = (part: string) => {
      if (part.trim()) batch.append(toFragment(this.#engine.render(part, this.#env, { highlight: true })));
    };
    if (!(source.length > TAIL_MARKDOWN_LIMIT && LONG_RUN.test(source))) {
      markdown(source);
      return batch;
    }
    let from = 0;
    for (const token of this.#engine.parseBlocks(source, copyEnv(this.#env))) {
      if (token.level !== 0 || token.nesting === -1 || !token.map) continue;
      const start = offsetOfLine(source, token.map[0]);
      const end = offsetOfLine(source, token.map[1]);
      const block = source.slice(start, end);
      if (block.length <= TAIL_MARKDOWN_LIMIT || !LONG_RUN.test(block)) continue;
      markdown(source.slice(from, start));
      from = end;
      if (token.type === 'fence' || token.type === 'code_block') {
        batch.append(toFragment(this.#engine.render(block, this.#env, { highlight: false })));
        continue;
      }
      for (let at = 0; at < block.trimEnd().length; at += PLAIN_BOX_CHARS) {
        const box = document.createElement('div');
        box.className = 'md-plain';
        box.textContent = block.trimEnd().slice(at, at + PLAIN_BOX_CHARS);
        batch.append(box);
      }
    }
    markdown(source.slice(from));
    return batch;
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
