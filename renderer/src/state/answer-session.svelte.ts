/**
 * One capture and the answer being written about it. Events of other (stale) requests are
 * dropped by requestId, and out-of-order deltas by seq.
 */
import type { CaptureInfo, EventPayloads } from '../../../shared/ipc-contract';
import { api } from '../lib/api';

export type AnswerStatus = 'idle' | 'connecting' | 'streaming' | 'done' | 'stopped' | 'error';

export class AnswerSession {
  capture = $state.raw<CaptureInfo | null>(null);
  prompt = $state('');
  answer = $state('');
  status = $state<AnswerStatus>('idle');
  error = $state<string | null>(null);
  interrupted = $state(false);
  usage = $state.raw<EventPayloads['chat:done']['usage']>(null);
  startedAt = $state(0);
  busy = $derived(this.status === 'connecting' || this.status === 'streaming');

  #requestId: string | null = null;
  #nextSeq = 0;

  constructor(defaultPrompt = '') {
    this.prompt = defaultPrompt;
  }

  /** Subscribes to main's events; returns the clean-up. */
  connect(): () => void {
    const glimpse = api();
    const offs = [
      glimpse.capture.onReady((info) => {
        this.#reset();
        this.capture = info;
        if (info.autoAsk) void this.ask();
      }),
      glimpse.capture.onFailed(({ message }) => {
        this.error = message;
      }),
      glimpse.chat.onDelta((event) => {
        if (event.requestId !== this.#requestId || event.seq < this.#nextSeq) return;
        this.#nextSeq = event.seq + 1;
        this.status = 'streaming';
        let text = '';
        for (const part of event.parts) if (part.choice === 0 && part.content) text += part.content;
        if (text) this.answer += text;
      }),
      glimpse.chat.onDone((event) => {
        if (event.requestId !== this.#requestId) return;
        this.status = 'done';
        this.usage = event.usage;
        this.#requestId = null;
      }),
      glimpse.chat.onError((event) => {
        if (event.requestId !== this.#requestId) return;
        this.#requestId = null;
        if (event.kind === 'aborted') {
          this.status = 'stopped';
          return;
        }
        this.status = 'error';
        this.error = event.message;
        this.interrupted = event.interrupted;
      }),
    ];
    return () => offs.forEach((off) => off());
  }

  async useFile(file: Blob & { name?: string }): Promise<void> {
    this.error = null;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      await api().capture.fromImage({ name: file.name ?? 'pasted image', bytes });
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  async captureScreen(): Promise<void> {
    this.error = null;
    try {
      await api().capture.screen();
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  async ask(): Promise<void> {
    if (!this.capture || this.busy) return;
    this.answer = '';
    this.error = null;
    this.interrupted = false;
    this.usage = null;
    this.status = 'connecting';
    this.startedAt = Date.now();
    const requestId = crypto.randomUUID();
    this.#requestId = requestId;
    this.#nextSeq = 0;
    try {
      await api().chat.ask({ requestId, captureId: this.capture.captureId, prompt: this.prompt });
    } catch (error) {
      if (this.#requestId !== requestId) return;
      this.#requestId = null;
      this.status = 'error';
      this.error = (error as Error).message;
    }
  }

  async stop(): Promise<void> {
    if (this.#requestId) await api().chat.stop(this.#requestId);
  }

  #reset(): void {
    this.#requestId = null;
    this.answer = '';
    this.error = null;
    this.interrupted = false;
    this.usage = null;
    this.status = 'idle';
  }
}
