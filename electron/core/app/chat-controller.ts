/**
 * Runs answers: one streaming request per ask, its deltas coalesced per frame and forwarded as
 * events, stoppable at any point. Events carry the requestId so a renderer can drop stale ones.
 */
import type { ChatDeltaPart } from '../../../shared/ipc-contract';
import type { MessageFields } from '../../../shared/messages';
import {
  ChatError,
  completeChat,
  createDeltaCoalescer,
  listModels,
  streamChat,
  type ChatEvent,
  type ChatParameters,
  type ChatRequest,
  type ChatResult,
  type Endpoint,
} from '../chat';
import { sharpTextLayoutNote, type PreparedImage } from '../image';
import { UserFacingError, type EventSink } from '../ipc/dispatch';
import { ProxyConfigError, type ProxyChoice } from '../net/proxy-fetch';

export interface ChatControllerDeps {
  fetch: typeof globalThis.fetch;
  events: EventSink;
  /**
   * The endpoint and model to use now (read at each ask, so settings changes apply at once); with
   * `actionId`, that action's profile, model and parameter overrides (settings.chatProfile).
   */
  endpoint: (actionId?: string) => {
    endpoint: Endpoint;
    model: string;
    params?: ChatParameters;
    profile?: { proxy: ProxyChoice };
    /** The action asked for (recorded in the history), and its profile fallback when there was one. */
    action?: { id: string; name: string; fallback?: { message: string } };
  };
  /** The fetch for a profile's proxy choice; without it, `fetch` serves every profile. */
  fetchFor?: (proxy: ProxyChoice | undefined) => typeof globalThis.fetch;
  log?: (line: string) => void;
  /**
   * Where answers are recorded as they stream (the history); undefined records nothing. Called
   * once per ask, before the request starts.
   */
  record?: (ask: RecordedAsk) => AnswerSink | undefined;
}

/** What a request sends for a capture: the image, and its sharp-text tiles when the user asked for them. */
export interface CaptureImages {
  image: PreparedImage;
  /** Full-resolution tiles of the image, left to right then top to bottom (image/sharp-text.ts). */
  sharpText?: { rows: number; columns: number; tiles: readonly PreparedImage[] };
}

/** What the history needs to know about an ask. */
export interface RecordedAsk {
  requestId: string;
  prompt: string;
  image: PreparedImage;
  model: string;
  /** Continue this conversation (a follow-up); absent for a new one. */
  conversationId?: string;
  isFollowUp: boolean;
  /** The question went out with sharp-text tiles (rows × columns). */
  sharpText?: { rows: number; columns: number };
  /** A new answer to the conversation's last question: recorded as its newer version. */
  regenerate?: boolean;
  /** A capture added to this follow-up ("Add a capture"): stored with the question. */
  addedImage?: PreparedImage;
  /** The action that asked this question (issue 17). */
  action?: { id: string; name: string };
}

/** Where an ask stands in its conversation. */
export interface AskContext {
  /** Earlier turns, oldest first, starting with the question the image was captured for. */
  history?: readonly ChatTurn[];
  /** Record in this conversation (a follow-up, or a regenerated answer); a new one otherwise. */
  conversationId?: string;
  /** Answer the conversation's last question again, keeping the earlier answer. */
  regenerate?: boolean;
  /** A capture added to this question ("Add a capture"): sent in the new prompt's own message. */
  added?: CaptureImages;
  /** The question came from this action: its profile, model and parameters are used. */
  actionId?: string;
}

/** Receives an answer as it streams (see electron/core/history/recorder.ts). */
export interface AnswerSink {
  readonly conversationId: string;
  append(parts: readonly ChatDeltaPart[]): void;
  finish(end: ChatAnswerEnd): unknown;
  /** `detail`: the code and fields the page words the reason from (shared/messages.ts). */
  fail(reason: string, detail?: { code?: string; fields?: MessageFields }): unknown;
}

export interface ChatAnswerEnd {
  finishReason: string | null;
  model: string | null;
  usage: ChatResult['usage'];
  choices: ChatResult['choices'];
  interrupted: boolean;
}

function toParts(batch: ChatEvent[]): ChatDeltaPart[] {
  const parts: ChatDeltaPart[] = [];
  for (const event of batch) {
    if (event.type !== 'delta') continue;
    const { choice, content, reasoning, refusal, toolCalls } = event;
    if (content === undefined && reasoning === undefined && refusal === undefined && !toolCalls?.length)
      continue;
    // Tool-call fragments go too, so the panel shows the calls while they stream.
    parts.push({ choice, content, reasoning, refusal, ...(toolCalls?.length ? { toolCalls } : {}) });
  }
  return parts;
}

/** One earlier turn of a conversation, as the renderer sends it with a follow-up. */
export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
  /** A later user turn that came with a capture of its own ("Add a capture"). */
  images?: CaptureImages;
}

/**
 * The messages of a request: the image goes with the first user turn (the question it was
 * captured for), later turns are text, and the new prompt comes last. A capture added later
 * ("Add a capture") goes in the user message of the question it came with, so each image is in
 * its own message, in the order the user showed them. With sharp text, the tiles follow their
 * image, after one line that says how they fit together.
 */
export function buildMessages(
  first: CaptureImages,
  prompt: string,
  history: readonly ChatTurn[],
  added?: CaptureImages,
): ChatRequest['messages'] {
  const turns: ChatTurn[] = [
    ...history,
    { role: 'user', content: prompt, ...(added ? { images: added } : {}) },
  ];
  const imagePart = (part: PreparedImage) => ({
    type: 'image_url' as const,
    image_url: { url: part.dataUri },
  });
  const partsOf = ({ image, sharpText }: CaptureImages) => [
    imagePart(image),
    ...(sharpText
      ? [
          { type: 'text' as const, text: sharpTextLayoutNote(sharpText.rows, sharpText.columns) },
          ...sharpText.tiles.map(imagePart),
        ]
      : []),
  ];
  return turns.map((turn, index) => {
    const images = index === 0 ? first : turn.role === 'user' ? turn.images : undefined;
    return images
      ? {
          role: 'user' as const,
          content: [{ type: 'text' as const, text: turn.content }, ...partsOf(images)],
        }
      : { role: turn.role, content: turn.content };
  });
}

export class ChatController {
  readonly #running = new Map<string, AbortController>();
  readonly #tasks = new Set<Promise<void>>();
  /** The recorder's last saves of each answer, awaited by stopAll. */
  readonly #saves = new Set<Promise<unknown>>();

  #trackSave(result: unknown): void {
    const save = Promise.resolve(result)
      .catch(() => undefined)
      .finally(() => this.#saves.delete(save));
    this.#saves.add(save);
  }

  constructor(private readonly deps: ChatControllerDeps) {}

  ask(
    requestId: string,
    images: CaptureImages,
    prompt: string,
    { history = [], conversationId, regenerate = false, added, actionId }: AskContext = {},
  ): { requestId: string; conversationId?: string } {
    if (this.#running.has(requestId))
      throw new UserFacingError('That request is already running.', 'duplicate', { code: 'chat.duplicate' });
    const { endpoint, model, params, profile, action } = this.deps.endpoint(actionId);
    if (action?.fallback) this.deps.log?.(`action: ${action.fallback.message}`);
    if (!endpoint.baseUrl.trim() || !model.trim()) {
      throw new UserFacingError(
        'No endpoint is set up yet: open Settings and enter the base URL and the model.',
        'not-configured',
        { code: 'chat.notConfigured' },
      );
    }
    let fetch: typeof globalThis.fetch;
    try {
      fetch = this.#fetchFor(profile?.proxy);
    } catch (error) {
      if (error instanceof ProxyConfigError) throw new UserFacingError(error.message, 'proxy', error);
      throw error;
    }
    const abort = new AbortController();
    this.#running.set(requestId, abort);
    const sink = this.deps.record?.({
      requestId,
      prompt,
      image: images.image,
      model,
      ...(conversationId !== undefined ? { conversationId } : {}),
      isFollowUp: history.length > 0,
      ...(regenerate ? { regenerate } : {}),
      ...(added ? { addedImage: added.image } : {}),
      ...(action ? { action: { id: action.id, name: action.name } } : {}),
      ...(images.sharpText
        ? { sharpText: { rows: images.sharpText.rows, columns: images.sharpText.columns } }
        : {}),
    });
    const messages = buildMessages(images, prompt, history, added);
    const task = this.#run(requestId, abort, endpoint, model, messages, fetch, sink, params).finally(() => {
      this.#running.delete(requestId);
      this.#tasks.delete(task);
    });
    this.#tasks.add(task);
    return sink ? { requestId, conversationId: sink.conversationId } : { requestId };
  }

  /** `GET {base}/models` with this controller's fetch: the model picker and "test connection". */
  models(endpoint: Endpoint, proxy?: ProxyChoice): Promise<string[]> {
    return listModels(endpoint, { fetch: this.#fetchFor(proxy) });
  }

  /**
   * "Test connection" for a typed model: the model list when the server has one; otherwise (no
   * `GET /models`, or no list in its answer, as on many local and proxy servers) a one-line chat
   * with the model, so such a server can still be set up. Auth, network and other errors end
   * the test as they are: a chat would fail the same way.
   */
  async test(
    endpoint: Endpoint,
    model: string,
    proxy?: ProxyChoice,
  ): Promise<{ models: string[]; via: 'models' | 'chat' }> {
    const fetch = this.#fetchFor(proxy);
    try {
      return { models: await listModels(endpoint, { fetch }), via: 'models' };
    } catch (error) {
      if (!(error instanceof ChatError) || (error.kind !== 'not-found' && error.kind !== 'not-openai'))
        throw error;
    }
    await completeChat(
      { model, messages: [{ role: 'user', content: 'Reply with the word OK.' }] },
      endpoint,
      {
        fetch,
      },
    );
    return { models: [], via: 'chat' };
  }

  #fetchFor(proxy: ProxyChoice | undefined): typeof globalThis.fetch {
    return this.deps.fetchFor ? this.deps.fetchFor(proxy) : this.deps.fetch;
  }

  stop(requestId: string): boolean {
    const abort = this.#running.get(requestId);
    abort?.abort();
    return abort !== undefined;
  }

  /** Stops every answer; resolves once each has ended and handed its last text to the recorder. */
  async stopAll(): Promise<void> {
    for (const abort of this.#running.values()) abort.abort();
    await Promise.allSettled([...this.#tasks]);
    await Promise.allSettled([...this.#saves]);
  }

  async #run(
    requestId: string,
    abort: AbortController,
    endpoint: Endpoint,
    model: string,
    messages: ChatRequest['messages'],
    fetch: typeof globalThis.fetch,
    sink?: AnswerSink,
    params?: ChatParameters,
  ): Promise<void> {
    const { events } = this.deps;
    let seq = 0;
    let received = false;
    const coalescer = createDeltaCoalescer((batch) => {
      const parts = toParts(batch);
      if (parts.length === 0) return;
      received = true;
      sink?.append(parts);
      events.emit('chat:delta', { requestId, seq: seq++, parts });
    });
    try {
      const stream = streamChat(
        { model, messages, ...(params && Object.keys(params).length > 0 ? { params } : {}) },
        endpoint,
        { fetch, signal: abort.signal },
      );
      let step = await stream.next();
      while (!step.done) {
        coalescer.push(step.value);
        step = await stream.next();
      }
      coalescer.flush();
      const result = step.value;
      this.#trackSave(
        sink?.finish({
          finishReason: result.choices[0]?.finish_reason ?? null,
          model: result.model,
          usage: result.usage,
          choices: result.choices,
          interrupted: result.interrupted,
        }),
      );
      const toolCalls = result.choices.find((c) => c.index === 0)?.tool_calls ?? [];
      events.emit('chat:done', {
        requestId,
        finishReason: result.choices[0]?.finish_reason ?? null,
        model: result.model,
        usage: result.usage,
        systemFingerprint: result.system_fingerprint,
        ...(toolCalls.length > 0
          ? { toolCalls: toolCalls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args })) }
          : {}),
      });
    } catch (error) {
      coalescer.flush();
      const chatError = error instanceof ChatError ? error : undefined;
      if (!chatError) this.deps.log?.(`chat: unexpected failure: ${String(error)}`);
      const message = chatError?.message ?? 'The answer failed for an unexpected reason. Please try again.';
      const detail: { code: string; fields?: MessageFields } = chatError
        ? {
            code: chatError.code ?? `chat.${chatError.kind}`,
            ...(chatError.fields ? { fields: chatError.fields } : {}),
          }
        : { code: 'chat.unexpected' };
      this.#trackSave(sink?.fail(message, detail));
      events.emit('chat:error', {
        requestId,
        message,
        ...detail,
        kind: chatError?.kind ?? 'internal',
        ...(chatError?.status !== undefined ? { status: chatError.status } : {}),
        interrupted: received,
      });
    } finally {
      coalescer.dispose();
    }
  }
}
