/**
 * One capture and the conversation about it: the first question, the answer being written,
 * follow-ups that resend the earlier turns with the same image. Events of other (stale) requests
 * are dropped by requestId, and out-of-order deltas by seq.
 */
import type { CaptureAction, CaptureInfo, EventPayloads } from '../../../shared/ipc-contract';
import { api } from '../lib/api';
import { withoutDanglingListItem } from '../lib/answer-view';
import { errorText, wordMessage } from '../lib/messages';
import { takeEarlyCaptureEvent } from './early-capture';
import { actionQuestion, shownActionName } from '../../../shared/actions';
import { MAX_IMAGE_UPLOAD_BYTES } from '../../../shared/upload-limits';
import { t } from '../lib/i18n';
import { locale } from '../lib/i18n/locale.svelte';

export type AnswerStatus = 'idle' | 'connecting' | 'streaming' | 'done' | 'stopped' | 'error';

export interface Turn {
  role: 'user' | 'assistant';
  content: string;
  /** A later question shown with its own capture ("Add a capture"). */
  captureId?: string;
  /** That capture's preview, for the turn's thumbnail. */
  preview?: string;
}

/** Failures that retrying as is cannot fix: the fix is in Settings, so no Retry is offered. */
const NO_RETRY = new Set(['not-configured', 'invalid-request', 'proxy']);

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

  /**
   * "Add a capture": a capture taken for the next follow-up, shown as a chip above it; it goes
   * with that question in its own message, and the conversation goes on.
   */
  addedCapture = $state.raw<CaptureInfo | null>(null);
  /** The capture that came with the current question (when it was added), and its preview. */
  questionCapture = $state.raw<CaptureInfo | null>(null);
  /** Whether Retry can help: not when the fix is in Settings (no endpoint yet, a bad proxy). */
  canRetry = $derived(this.status === 'error' && !NO_RETRY.has(this.errorKind ?? ''));
  /** The next capture:ready is for "Add a capture", not a new conversation. */
  #attachNext = false;
  /**
   * Until when that holds: a region selection the user cancels sends no event, and a capture
   * taken much later with the hotkey is a new conversation again.
   */
  #attachUntil = 0;

  /**
   * The action whose question this is (Alt+1…9, or the capture came from its shortcut): chat:ask
   * carries its id, so main asks with its profile, model and overrides. Null: the active profile.
   */
  action = $state.raw<{ id: string; name: string } | null>(null);
  /**
   * Runs instead of ask() for a capture whose action reads text offline (Extract text): the
   * panel sets it (the shield does the reading).
   */
  onLocalAction: (() => void) | null = null;
  /**
   * An action whose own capture failed (web mode has no screen to capture; a denied permission):
   * the next image the user gives is its, asked about at once when the action says so.
   */
  #actionForNextImage: CaptureAction | null = null;
  /** The action the current question was asked with (shown as "Asked by …"). */
  askedBy = $state.raw<{ id: string; name: string } | null>(null);

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
      if (this.#attachNext && Date.now() < this.#attachUntil && this.capture && this.question) {
        this.#attachNext = false;
        this.addedCapture = info;
        this.error = null;
        this.errorKind = null;
        return;
      }
      this.#attachNext = false;
      this.#reset();
      this.capture = info;
      // An image given after an action's own capture failed is that action's.
      const waiting = this.#actionForNextImage;
      this.#actionForNextImage = null;
      // (Only an image the page gave, and only while the action is still picked.)
      if (waiting && !info.action && !info.autoAsk && this.action?.id === waiting.id)
        info = { ...info, action: waiting, autoAsk: waiting.askAtOnce };
      // A capture an action started: its question, in the page's language, and its id with the ask.
      if (info.action) {
        this.action = { id: info.action.id, name: info.action.name };
        this.prompt = actionQuestion(info.action, locale.current);
        if (info.action.engine === 'local-ocr') {
          if (info.autoAsk || info.action.askAtOnce) this.onLocalAction?.();
          return;
        }
      }
      if (info.autoAsk) void this.ask();
    };
    const onFailed = (failure: EventPayloads['capture:failed']): void => {
      const { kind } = failure;
      this.#attachNext = false;
      this.error = wordMessage(failure);
      // An action's capture failed: it waits for the next image given, and says so.
      this.#actionForNextImage = failure.action ?? null;
      if (failure.action) {
        const action = failure.action;
        this.action = { id: action.id, name: action.name };
        this.prompt = actionQuestion(action, locale.current);
        this.error += ` ${t('actions.nextImage', { action: shownActionName(action, locale.current) })}`;
      }
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
        let calls: { id: string; name: string; arguments: string }[] | undefined;
        for (const part of event.parts) {
          if (part.choice !== 0) continue;
          this.tokens++;
          if (part.content) content += part.content;
          if (part.reasoning) reasoning += part.reasoning;
          if (part.refusal) refusal += part.refusal;
          // Tool calls show while they stream, their arguments growing; chat:done has them whole.
          for (const fragment of part.toolCalls ?? []) {
            calls ??= [...this.toolCalls];
            const call = calls[fragment.index] ?? { id: '', name: '', arguments: '' };
            calls[fragment.index] = {
              id: fragment.id ?? call.id,
              name: call.name + (fragment.name ?? ''),
              arguments: call.arguments + (fragment.arguments ?? ''),
            };
          }
        }
        if (calls) this.toolCalls = calls.filter(Boolean);
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
          // A stop inside a list leaves an empty bullet under the text.
          this.answer = withoutDanglingListItem(this.answer);
          return;
        }
        this.status = 'error';
        this.error = wordMessage(event);
        this.errorKind = event.kind;
        this.interrupted = event.interrupted;
      }),
    ];
    return () => offs.forEach((off) => off());
  }

  #intendAttach(attach: boolean): void {
    this.#attachNext = attach && this.canAddCapture;
    this.#attachUntil = Date.now() + 120_000;
  }

  async useFile(file: Blob & { name?: string }, attach = false): Promise<void> {
    this.error = null;
    this.errorKind = null;
    if (file.size > MAX_IMAGE_UPLOAD_BYTES) {
      // Refused here in the words main would use: in web mode a message far over the limit would
      // close the socket itself ("the server has stopped") before main could say why.
      const megabytes = MAX_IMAGE_UPLOAD_BYTES / 1024 / 1024;
      this.error = wordMessage({
        message: `The image file is larger than ${megabytes} MB: use a smaller image.`,
        code: 'image.uploadTooLarge',
        fields: { megabytes },
      });
      return;
    }
    this.#intendAttach(attach);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      await api().capture.fromImage({ name: file.name ?? 'pasted image', bytes });
    } catch (error) {
      this.#attachNext = false;
      this.error = errorText(error);
    }
  }

  /** "Add a capture" on the desktop: the region overlay, its selection attached to the follow-up. */
  async addRegion(): Promise<void> {
    this.error = null;
    this.errorKind = null;
    this.#intendAttach(true);
    try {
      await api().capture.region();
    } catch (error) {
      this.#attachNext = false;
      this.error = errorText(error);
      this.errorKind = (error as { kind?: string }).kind ?? null;
    }
  }

  async captureScreen(attach = false): Promise<void> {
    this.error = null;
    this.errorKind = null;
    this.#intendAttach(attach);
    try {
      await api().capture.screen();
    } catch (error) {
      this.#attachNext = false;
      this.error = errorText(error);
      this.errorKind = (error as { kind?: string }).kind ?? null;
    }
  }

  /** A file that is not an image (a .txt dropped or picked): said, not silently ignored. */
  rejectFile(message: string): void {
    this.error = message;
    this.errorKind = 'not-image';
  }

  /** Forgets a failure shown (after "Extract text", which does not ask the endpoint). */
  clearError(): void {
    if (this.busy) return;
    this.error = null;
    this.errorKind = null;
    if (this.status === 'error') this.status = this.answer ? 'stopped' : 'idle';
  }

  /** "Add a capture" is offered once a question was answered (or failed) in this conversation. */
  get canAddCapture(): boolean {
    return this.capture !== null && this.question !== '' && !this.busy;
  }

  removeAddedCapture(): void {
    this.addedCapture = null;
  }

  /** Starts the conversation over with the prompt box's question. */
  ask(): Promise<void> {
    if (this.busy) return Promise.resolve();
    this.history = [];
    this.conversationId = null;
    this.addedCapture = null;
    this.questionCapture = null;
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
    const asked = this.questionCapture;
    this.history = [
      ...this.history,
      {
        role: 'user',
        content: this.question,
        ...(asked ? { captureId: asked.captureId, preview: asked.previewUrl } : {}),
      },
      { role: 'assistant', content: this.answer },
    ];
    this.questionCapture = this.addedCapture;
    this.addedCapture = null;
    return this.#send(text);
  }

  async stop(): Promise<void> {
    if (this.#requestId) await api().chat.stop(this.#requestId);
  }

  async #send(prompt: string, regenerate = false): Promise<void> {
    if (!this.capture || this.busy || !prompt.trim()) return;
    this.#clearAnswer();
    this.question = prompt;
    this.askedBy = this.action;
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
        ...(this.history.length > 0
          ? {
              history: this.history.map(({ role, content, captureId }) =>
                captureId && role === 'user' ? { role, content, captureId } : { role, content },
              ),
            }
          : {}),
        ...(this.questionCapture ? { addedCaptureId: this.questionCapture.captureId } : {}),
        ...(this.conversationId && (this.history.length > 0 || regenerate)
          ? { conversationId: this.conversationId }
          : {}),
        ...(this.conversationId && regenerate ? { regenerate: true } : {}),
        ...(this.action ? { actionId: this.action.id } : {}),
      });
      if (reply.conversationId) this.conversationId = reply.conversationId;
    } catch (error) {
      if (this.#requestId !== requestId) return;
      this.#requestId = null;
      this.status = 'error';
      this.error = errorText(error);
      this.errorKind =
        (error as { kind?: unknown }).kind === undefined ? null : String((error as { kind?: unknown }).kind);
    }
  }

  #reset(): void {
    this.#requestId = null;
    this.conversationId = null;
    this.history = [];
    this.question = '';
    this.askedBy = null;
    this.addedCapture = null;
    this.questionCapture = null;
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
