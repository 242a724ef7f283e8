/**
 * One capture and the conversation about it: the first question, the answer being written,
 * follow-ups that resend the earlier turns with the same image. Events of other (stale) requests
 * are dropped by requestId, and out-of-order deltas by seq.
 */
import type { CaptureInfo, EventPayloads } from '../../../shared/ipc-contract';
import { api } from '../lib/api';
import { takeEarlyCaptureEvent } from './early-capture';

export type AnswerStatus = 'idle' | 'connecting' | 'streaming' | 'done' | 'stopped' | 'error';

export interface Turn {
  role: 'user' | 'assistant';
  content: string;
}

export class AnswerSession {
  capture = $state.raw<CaptureInfo | null>(null);
  /** The question being edited (before the first ask) or asked (shown above the answer). */
  prompt = $state('');
  /** Finished turns before the current question, oldest first. */
  history = $state.raw<Turn[]>([]);
  /** The question the current answer replies to. */
  question = $state('');
  answer = $state('');
  reasoning = $state('');
  refusal = $state('');
  status = $state<AnswerStatus>('idle');
  error = $state<string | null>(null);
  /** The failure's kind (auth, not-found, network, not-configured…): says whether Settings is the fix. */
  errorKind = $state<string | null>(null);
  interrupted = $state(false);
  usage = $state.raw<EventPayloads['chat:done']['usage']>(null);
  model = $state<string | null>(null);
  systemFingerprint = $state<string | null>(null);
  finishReason = $state<string | null>(null);
  toolCalls = $state.raw<NonNullable<EventPayloads['chat:done']['toolCalls']>>([]);
  startedAt = $state(0);
  firstTokenAt = $state(0);
  endedAt = $state(0);
  /** Stream chunks received for choice 0 (one per token for the providers we know). */
  tokens = $state(0);
  busy = $derived(this.status === 'connecting' || this.status === 'streaming');

  /** Where main records this conversation in the history (set by the first answer). */
  conversationId = $state<string | null>(null);
  #requestId: string | null = null;
  #nextSeq = 0;

  constructor(defaultPrompt = '') {
    this.prompt = defaultPrompt;
  }

  /** Subscribes to main's events (and takes a capture that came before); returns the clean-up. */
  connect(): () => void {
    const glimpse = api();
    const onReady = (info: CaptureInfo): void => {
      this.#reset();
      this.capture = info;
      if (info.autoAsk) void this.ask();
    };
    const onFailed = ({ message, kind }: { message: string; kind?: string }): void => {
      this.error = message;
      // 'screen-permission' / 'wayland-portal': the panel explains the OS side (CaptureHelp).
      this.errorKind = kind ?? null;
    };
    const early = takeEarlyCaptureEvent();
    if (early?.kind === 'ready') onReady(early.info);
    else if (early?.kind === 'failed') onFailed(early.failure);
    const offs = [
      glimpse.capture.onReady(onReady),
      glimpse.capture.onFailed(onFailed),
      glimpse.chat.onDelta((event) => {
        if (event.requestId !== this.#requestId || event.seq < this.#nextSeq) return;
        this.#nextSeq = event.seq + 1;
        if (this.status !== 'streaming') {
          this.status = 'streaming';
          this.firstTokenAt = Date.now();
        }
        let content = '';
        let reasoning = '';
        let refusal = '';
        for (const part of event.parts) {
          if (part.choice !== 0) continue;
          this.tokens++;
          if (part.content) content += part.content;
          if (part.reasoning) reasoning += part.reasoning;
          if (part.refusal) refusal += part.refusal;
        }
        if (content) this.answer += content;
        if (reasoning) this.reasoning += reasoning;
        if (refusal) this.refusal += refusal;
      }),
      glimpse.chat.onDone((event) => {
        if (event.requestId !== this.#requestId) return;
        this.status = 'done';
        this.endedAt = Date.now();
        this.usage = event.usage;
        this.model = event.model;
        this.systemFingerprint = event.systemFingerprint;
        this.finishReason = event.finishReason;
        this.toolCalls = event.toolCalls ?? [];
        this.#requestId = null;
      }),
      glimpse.chat.onError((event) => {
        if (event.requestId !== this.#requestId) return;
        this.#requestId = null;
        this.endedAt = Date.now();
        if (event.kind === 'aborted') {
          this.status = 'stopped';
          return;
        }
        this.status = 'error';
        this.error = event.message;
        this.errorKind = event.kind;
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
    this.errorKind = null;
    try {
      await api().capture.screen();
    } catch (error) {
      this.error = (error as Error).message;
      this.errorKind = (error as { kind?: string }).kind ?? null;
    }
  }

  /** Starts the conversation over with the prompt box's question. */
  ask(): Promise<void> {
    if (this.busy) return Promise.resolve();
    this.history = [];
    this.conversationId = null;
    return this.#send(this.prompt);
  }

  /**
   * Picks up a stored conversation (from the main window): its image, now a capture again, and
   * its turns, the last two becoming the current question and answer.
   */
  resume(capture: CaptureInfo, conversationId: string, turns: readonly Turn[]): void {
    this.#reset();
    this.capture = capture;
    this.conversationId = conversationId;
    const lastAnswer = turns.at(-1)?.role === 'assistant' ? turns.length - 1 : -1;
    const lastQuestion = lastAnswer > 0 && turns[lastAnswer - 1]?.role === 'user' ? lastAnswer - 1 : -1;
    if (lastQuestion >= 0) {
      this.history = turns.slice(0, lastQuestion);
      this.question = turns[lastQuestion]!.content;
      this.answer = turns[lastAnswer]!.content;
      this.status = 'done';
    } else {
      this.history = [...turns];
    }
  }

  /** The same question again, with the same earlier turns: recorded as a newer answer. */
  regenerate(): Promise<void> {
    return this.#send(this.question || this.prompt, Boolean(this.question));
  }

  /** Continues the conversation: the current question and answer become history. */
  followUp(text: string): Promise<void> {
    if (!text.trim() || this.busy || !this.question) return Promise.resolve();
    this.history = [
      ...this.history,
      { role: 'user', content: this.question },
      { role: 'assistant', content: this.answer },
    ];
    return this.#send(text);
  }

  async stop(): Promise<void> {
    if (this.#requestId) await api().chat.stop(this.#requestId);
  }

  async #send(prompt: string, regenerate = false): Promise<void> {
    if (!this.capture || this.busy || !prompt.trim()) return;
    this.#clearAnswer();
    this.question = prompt;
    this.status = 'connecting';
    this.startedAt = Date.now();
    this.firstTokenAt = 0;
    this.endedAt = 0;
    const requestId = crypto.randomUUID();
    this.#requestId = requestId;
    this.#nextSeq = 0;
    try {
      const reply = await api().chat.ask({
        requestId,
        captureId: this.capture.captureId,
        prompt,
        ...(this.history.length > 0 ? { history: this.history } : {}),
        ...(this.conversationId && (this.history.length > 0 || regenerate)
          ? { conversationId: this.conversationId }
          : {}),
        ...(this.conversationId && regenerate ? { regenerate: true } : {}),
      });
      if (reply.conversationId) this.conversationId = reply.conversationId;
    } catch (error) {
      if (this.#requestId !== requestId) return;
      this.#requestId = null;
      this.status = 'error';
      this.error = (error as Error).message;
      this.errorKind =
        (error as { kind?: unknown }).kind === undefined ? null : String((error as { kind?: unknown }).kind);
    }
  }

  #reset(): void {
    this.#requestId = null;
    this.conversationId = null;
    this.history = [];
    this.question = '';
    this.#clearAnswer();
    this.status = 'idle';
  }

  /** Forgets the answer shown (its text, failure and details) before a new one. */
  #clearAnswer(): void {
    this.answer = '';
    this.reasoning = '';
    this.refusal = '';
    this.error = null;
    this.errorKind = null;
    this.interrupted = false;
    this.usage = null;
    this.model = null;
    this.systemFingerprint = null;
    this.finishReason = null;
    this.toolCalls = [];
    this.tokens = 0;
  }
}
