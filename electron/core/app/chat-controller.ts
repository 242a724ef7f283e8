/**
 * Runs answers: one streaming request per ask, its deltas coalesced per frame and forwarded as
 * events, stoppable at any point. Events carry the requestId so a renderer can drop stale ones.
 */
import type { ChatDeltaPart } from '../../../shared/ipc-contract';
import { ChatError, createDeltaCoalescer, streamChat, type ChatEvent, type Endpoint } from '../chat';
import type { PreparedImage } from '../image';
import { UserFacingError, type EventSink } from '../ipc/dispatch';

export interface ChatControllerDeps {
  fetch: typeof globalThis.fetch;
  events: EventSink;
  /** The endpoint and model to use now (read at each ask, so settings changes apply at once). */
  endpoint: () => { endpoint: Endpoint; model: string };
  log?: (line: string) => void;
}

function toParts(batch: ChatEvent[]): ChatDeltaPart[] {
  const parts: ChatDeltaPart[] = [];
  for (const event of batch) {
    if (event.type !== 'delta') continue;
    const { choice, content, reasoning, refusal } = event;
    if (content === undefined && reasoning === undefined && refusal === undefined) continue;
    parts.push({ choice, content, reasoning, refusal });
  }
  return parts;
}

export class ChatController {
  readonly #running = new Map<string, AbortController>();

  constructor(private readonly deps: ChatControllerDeps) {}

  ask(requestId: string, image: PreparedImage, prompt: string): { requestId: string } {
    if (this.#running.has(requestId))
      throw new UserFacingError('That request is already running.', 'duplicate');
    const { endpoint, model } = this.deps.endpoint();
    if (!endpoint.baseUrl.trim() || !model.trim()) {
      throw new UserFacingError(
        'No endpoint is set up yet: open Settings and enter the base URL and the model.',
        'not-configured',
      );
    }
    const abort = new AbortController();
    this.#running.set(requestId, abort);
    void this.#run(requestId, abort, endpoint, model, image, prompt).finally(() =>
      this.#running.delete(requestId),
    );
    return { requestId };
  }

  stop(requestId: string): boolean {
    const abort = this.#running.get(requestId);
    abort?.abort();
    return abort !== undefined;
  }

  stopAll(): void {
    for (const abort of this.#running.values()) abort.abort();
  }

  async #run(
    requestId: string,
    abort: AbortController,
    endpoint: Endpoint,
    model: string,
    image: PreparedImage,
    prompt: string,
  ): Promise<void> {
    const { events } = this.deps;
    let seq = 0;
    let received = false;
    const coalescer = createDeltaCoalescer((batch) => {
      const parts = toParts(batch);
      if (parts.length === 0) return;
      received = true;
      events.emit('chat:delta', { requestId, seq: seq++, parts });
    });
    try {
      const stream = streamChat(
        {
          model,
          messages: [
            {
              role: 'user',
              content: [
                { type: 'text', text: prompt },
                { type: 'image_url', image_url: { url: image.dataUri } },
              ],
            },
          ],
        },
        endpoint,
        { fetch: this.deps.fetch, signal: abort.signal },
      );
      let step = await stream.next();
      while (!step.done) {
        coalescer.push(step.value);
        step = await stream.next();
      }
      coalescer.flush();
      const result = step.value;
      events.emit('chat:done', {
        requestId,
        finishReason: result.choices[0]?.finish_reason ?? null,
        model: result.model,
        usage: result.usage,
        systemFingerprint: result.system_fingerprint,
      });
    } catch (error) {
      coalescer.flush();
      const chatError = error instanceof ChatError ? error : undefined;
      if (!chatError) this.deps.log?.(`chat: unexpected failure: ${String(error)}`);
      events.emit('chat:error', {
        requestId,
        message: chatError?.message ?? 'The answer failed for an unexpected reason. Please try again.',
        kind: chatError?.kind ?? 'internal',
        ...(chatError?.status !== undefined ? { status: chatError.status } : {}),
        interrupted: received,
      });
    } finally {
      coalescer.dispose();
    }
  }
}
