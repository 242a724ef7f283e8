/**
 * Records an answer while it streams: the question (text and image) and the answer are in the
 * conversation file from the first moment, and the answer's text is saved again at most one
 * second after any change, so a crash or a kill loses at most the last second. The end of the
 * stream (done, error, stop) saves at once, with the finish reason, usage and timings, or how
 * it ended badly: `interrupted` when some of the answer arrived (that part is kept), `failed`
 * when none did (a 401, a refused connection…); `error` says why in either case.
 */
import type { ChatDeltaPart } from '../../../shared/ipc-contract';
import type { MessageFields } from '../../../shared/messages';
import { answerArrived } from '../../../shared/history-rules';
import type { Conversation, ImagePart, StoredMessage } from '../../../shared/history-schema';
import type { AnswerSink } from '../app/chat-controller';
import type { ChoiceResult, Usage } from '../chat';
import { titleFrom, type HistoryRepository, type ImageInput } from './repository';

export const SAVE_INTERVAL_MS = 1000;

export interface AnswerStart {
  /** Continue this conversation; a new one is created when absent. */
  conversationId?: string;
  prompt: string;
  image?: ImageInput;
  model: string;
  profileId?: string;
  parameters?: Record<string, unknown>;
  /** The action that asked (issue 17): recorded on the question. */
  action?: { id: string; name: string };
  /** Name a new conversation after the answer's first line (the prompt was a stock one). */
  titleFromAnswer?: boolean;
  /** The question went out with sharp-text tiles: said on the question in the history. */
  sharpText?: { rows: number; columns: number };
  /**
   * A new answer to the conversation's last question: only the answer is added, after the
   * earlier one, marked `regenerated` (the question is not stored twice).
   */
  regenerate?: boolean;
}

export interface AnswerEnd {
  finishReason: string | null;
  model: string | null;
  usage: Usage | null;
  /** Every choice as assembled (choice 0 is the answer, the others its alternatives when n > 1). */
  choices?: ChoiceResult[];
  /** The stream ended without its end marker: the text is kept, marked interrupted. */
  interrupted?: boolean;
}

export interface Timer {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimer: Timer = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface ChoiceText {
  content: string;
  reasoning: string;
  refusal: string;
}

export class AnswerRecording implements AnswerSink {
  readonly conversationId: string;
  readonly #repo: HistoryRepository;
  readonly #timer: Timer;
  #conversation: Promise<Conversation>;
  #message: StoredMessage;
  readonly #choices = new Map<number, ChoiceText>();
  #pending: unknown;
  #lastSave: number;
  #ended = false;
  /** Resolves when the last save of this recording has finished. */
  #saving: Promise<void> = Promise.resolve();
  readonly #retitle: boolean;

  constructor(repo: HistoryRepository, start: AnswerStart, timer: Timer = realTimer) {
    this.#repo = repo;
    this.#timer = timer;
    const now = repo.now();
    this.conversationId = start.conversationId ?? repo.newId();
    this.#retitle = !start.conversationId && Boolean(start.titleFromAnswer);
    this.#lastSave = now;
    this.#message = {
      id: repo.newId(),
      role: 'assistant',
      createdAt: now,
      parts: [{ type: 'text', text: '' }],
      model: start.model,
      ...(start.profileId ? { profileId: start.profileId } : {}),
      ...(start.parameters ? { parameters: start.parameters } : {}),
      timings: { startedAt: now },
      streaming: true,
    };
    this.#conversation = this.#begin(start, now);
    this.#saving = this.#conversation.then(() => undefined);
  }

  async #begin(start: AnswerStart, now: number): Promise<Conversation> {
    const conversation = start.conversationId
      ? await this.#repo.get(start.conversationId)
      : this.#repo.draft(start.prompt, this.conversationId);
    if (start.regenerate && this.#answersAgain(conversation, start.prompt)) {
      this.#message.regenerated = true;
      if (start.sharpText) this.#message.sharpText = start.sharpText;
      conversation.messages.push(this.#message);
      conversation.updatedAt = now;
      await this.#repo.commit(conversation, { index: true, search: true });
      return conversation;
    }
    const parts: StoredMessage['parts'] = [{ type: 'text', text: start.prompt }];
    if (start.image) {
      let image: ImagePart | undefined;
      try {
        image = await this.#repo.putImage(start.image);
      } catch {
        // The disk refused the image: the question is still kept, without it.
      }
      if (image) parts.push(image);
    }
    conversation.messages.push(
      {
        id: this.#repo.newId(),
        role: 'user',
        createdAt: now,
        parts,
        ...(start.sharpText ? { sharpText: start.sharpText } : {}),
        ...(start.action ? { action: { ...start.action } } : {}),
      },
      this.#message,
    );
    conversation.updatedAt = now;
    await this.#repo.commit(conversation, { index: true, search: true });
    return conversation;
  }

  /**
   * Whether `prompt` is the conversation's last question, already answered: only then is a
   * regenerated answer added after that answer. A question that never reached the history (a
   * follow-up refused before it was sent, then retried) is recorded as a question of its own.
   */
  #answersAgain(conversation: Conversation, prompt: string): boolean {
    const last = conversation.messages.at(-1);
    const question = conversation.messages.findLast((m) => m.role === 'user');
    if (last?.role !== 'assistant' || !question) return false;
    const text = question.parts.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('\n\n');
    return text === prompt;
  }

  /** The conversation as it was first saved (tests, and the handler's reply). */
  get ready(): Promise<Conversation> {
    return this.#conversation;
  }

  /** Resolves when every save started so far has finished (tests, quitting). */
  settled(): Promise<void> {
    return this.#saving;
  }

  /** New text arrived (the coalesced parts main forwards to the renderer). */
  append(parts: readonly ChatDeltaPart[]): void {
    if (this.#ended) return;
    for (const part of parts) {
      const choice = this.#choices.get(part.choice) ?? { content: '', reasoning: '', refusal: '' };
      choice.content += part.content ?? '';
      choice.reasoning += part.reasoning ?? '';
      choice.refusal += part.refusal ?? '';
      this.#choices.set(part.choice, choice);
    }
    this.#message.timings!.firstTokenAt ??= this.#repo.now();
    this.#apply();
    if (this.#pending === undefined) {
      const wait = Math.max(0, this.#lastSave + SAVE_INTERVAL_MS - this.#repo.now());
      this.#pending = this.#timer.set(() => {
        this.#pending = undefined;
        void this.#persist(false);
      }, wait);
    }
  }

  #apply(): void {
    const first = this.#choices.get(0);
    const message = this.#message;
    message.parts = [{ type: 'text', text: first?.content ?? '' }];
    if (first?.reasoning) message.reasoning = first.reasoning;
    if (first?.refusal) message.refusal = first.refusal;
    const others = [...this.#choices].filter(([index]) => index !== 0);
    if (others.length > 0)
      message.alternatives = others.map(([choice, text]) => ({ choice, text: text.content }));
  }

  /** The stream ended normally. */
  finish(end: AnswerEnd): Promise<void> {
    if (end.choices) {
      for (const choice of end.choices) {
        this.#choices.set(choice.index, {
          content: choice.content,
          reasoning: choice.reasoning,
          refusal: choice.refusal,
        });
      }
    }
    this.#apply();
    const message = this.#message;
    const calls = end.choices?.find((c) => c.index === 0)?.tool_calls ?? [];
    if (calls.length > 0)
      message.toolCalls = calls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args }));
    message.finishReason = end.finishReason;
    if (end.usage) message.usage = end.usage;
    if (end.model) message.model = end.model;
    if (end.interrupted)
      this.#endBadly(
        answerArrived(message)
          ? 'The connection closed before the answer was finished.'
          : 'The connection closed before any answer arrived.',
      );
    if (message.alternatives && end.choices) {
      for (const alternative of message.alternatives)
        alternative.finishReason =
          end.choices.find((c) => c.index === alternative.choice)?.finish_reason ?? null;
    }
    return this.#end();
  }

  /**
   * The request failed, broke or was stopped. What arrived is kept, marked interrupted; when
   * nothing arrived the answer is marked failed: "interrupted, what arrived is kept" would be
   * untrue. `reason` is the error as the user saw it (the chat client has already scrubbed keys).
   */
  fail(reason: string, detail: { code?: string; fields?: MessageFields } = {}): Promise<void> {
    this.#apply();
    this.#endBadly(reason, detail);
    return this.#end();
  }

  #endBadly(reason: string, detail: { code?: string; fields?: MessageFields } = {}): void {
    const message = this.#message;
    if (answerArrived(message)) message.interrupted = true;
    else message.failed = true;
    message.error = reason;
    // Kept so the history page words it in its language, like the panel did.
    if (detail.code !== undefined) message.errorCode = detail.code;
    if (detail.fields !== undefined) message.errorFields = detail.fields;
  }

  #end(): Promise<void> {
    if (this.#ended) return this.#saving;
    this.#ended = true;
    if (this.#pending !== undefined) this.#timer.clear(this.#pending);
    this.#pending = undefined;
    delete this.#message.streaming;
    this.#message.timings!.finishedAt = this.#repo.now();
    return this.#persist(true);
  }

  #persist(final: boolean): Promise<void> {
    this.#lastSave = this.#repo.now();
    this.#saving = this.#saving
      .then(() => this.#conversation)
      .then(async (conversation) => {
        conversation.updatedAt = this.#repo.now();
        const answer = this.#message.parts[0]?.type === 'text' ? this.#message.parts[0].text : '';
        if (final && this.#retitle && answer.trim() !== '') conversation.title = titleFrom(answer);
        // While streaming only the conversation file is rewritten; the list and search learn the
        // text when the answer ends (after a crash, opening the history recovers it).
        await this.#repo.commit(conversation, { index: final, search: final });
      })
      .catch(() => {
        // The repository has reported the failure; the recording carries on in memory.
      });
    return this.#saving;
  }
}
