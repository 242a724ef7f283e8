/**
 * Renders a growing Markdown text into one element without ever re-rendering what is finished.
 *
 * The text is cut into finished blocks and an open tail (see split.ts). Finished blocks are
 * rendered once (highlighted, sanitised) and appended; only the tail is re-rendered, at most once
 * per animation frame however many deltas arrived, and without highlighting. `finish()` commits
 * the tail too.
 */
import { createMarkdownEngine, type MarkdownEngine, type MarkdownEnv, type MarkdownLabels } from './markdown';
import { toFragment } from './sanitize';
import { lastBlockStart } from './split';

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
    if (open === this.#renderedTail) return;
    this.#renderedTail = open;
    const html = open ? this.#engine.renderTokens(tokens, tailEnv, { highlight: false }) : '';
    this.#tail.replaceChildren(toFragment(html));
  }
}
