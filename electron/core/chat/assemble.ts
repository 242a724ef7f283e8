/**
 * Chat completion chunks → typed events and the assembled result, per choice `index`.
 *
 * Chunks are checked by hand rather than with zod: this runs once per token, and a schema pass per
 * chunk would cost more than the JSON.parse before it (see bench/stream.ts). Anything of an
 * unexpected type is skipped, never trusted.
 */
import type { ChatEvent, ChatResult, ChoiceResult, ToolCall, Usage } from './types';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface ToolSlot {
  position: number;
  id: string;
  name: string;
  arguments: string;
}

class ChoiceState {
  content = '';
  reasoning = '';
  refusal = '';
  finish: string | null = null;
  logprobs: unknown[] | undefined;
  readonly tools: ToolSlot[] = [];
  /** Wire tool index → slot: servers may start at 1 or skip numbers. */
  readonly toolByWire = new Map<number, ToolSlot>();
  lastTool: ToolSlot | undefined;

  constructor(readonly index: number) {}
}

type DeltaEvent = Extract<ChatEvent, { type: 'delta' }>;
type ToolFragment = NonNullable<DeltaEvent['toolCalls']>[number];

export class ChatAssembler {
  /** Events produced since the last `take()`. */
  private events: ChatEvent[] = [];
  // Sparse by choice index: `n` choices may arrive in any order.
  private readonly choices: (ChoiceState | undefined)[] = [];
  private usage: Usage | null = null;
  private model: string | null = null;
  private fingerprint: string | null = null;
  /** True once any chunk (even an empty one) was accepted. */
  sawChunk = false;

  take(): ChatEvent[] {
    const out = this.events;
    if (out.length !== 0) this.events = [];
    return out;
  }

  get pendingEvents(): number {
    return this.events.length;
  }

  /** Every choice seen has a finish_reason (the stream may end without `[DONE]`). */
  allFinished(): boolean {
    let seen = 0;
    for (const choice of this.choices) {
      if (!choice) continue;
      seen++;
      if (choice.finish === null) return false;
    }
    return seen > 0;
  }

  /** One `chat.completion.chunk`. */
  acceptChunk(chunk: Json): void {
    this.sawChunk = true;
    this.acceptMeta(chunk);
    const choices = chunk.choices;
    if (Array.isArray(choices)) {
      for (let i = 0; i < choices.length; i++) {
        const choice: unknown = choices[i];
        if (isObject(choice)) this.acceptChoice(choice, i, false);
      }
    }
    this.acceptUsage(chunk);
  }

  /** A whole `chat.completion` (non-stream mode, or a server that ignored `stream: true`). */
  acceptCompletion(completion: Json): void {
    this.sawChunk = true;
    this.acceptMeta(completion);
    const choices = completion.choices;
    if (Array.isArray(choices)) {
      for (let i = 0; i < choices.length; i++) {
        const choice: unknown = choices[i];
        if (isObject(choice)) this.acceptChoice(choice, i, true);
      }
    }
    this.acceptUsage(completion);
  }

  result(interrupted: boolean): ChatResult {
    const choices: ChoiceResult[] = [];
    for (const state of this.choices) {
      if (!state) continue;
      const tool_calls: ToolCall[] = state.tools.map((slot) => ({
        // Some servers send no id; the conversation needs one to answer the call.
        id: slot.id !== '' ? slot.id : `call_${state.index}_${slot.position}`,
        name: slot.name,
        arguments: slot.arguments,
      }));
      const choice: ChoiceResult = {
        index: state.index,
        content: state.content,
        reasoning: state.reasoning,
        refusal: state.refusal,
        tool_calls,
        finish_reason: state.finish,
      };
      if (state.logprobs) choice.logprobs = state.logprobs;
      choices.push(choice);
    }
    return {
      choices,
      usage: this.usage,
      system_fingerprint: this.fingerprint,
      model: this.model,
      interrupted,
    };
  }

  private acceptMeta(chunk: Json): void {
    const model = chunk.model;
    const fingerprint = chunk.system_fingerprint;
    let changed = false;
    // Azure's first chunk has model "" (prompt filter results only): not a model name.
    if (typeof model === 'string' && model !== '' && model !== this.model) {
      this.model = model;
      changed = true;
    }
    if (typeof fingerprint === 'string' && fingerprint !== '' && fingerprint !== this.fingerprint) {
      this.fingerprint = fingerprint;
      changed = true;
    }
    if (changed) {
      const meta: ChatEvent = { type: 'meta' };
      if (this.model !== null) meta.model = this.model;
      if (this.fingerprint !== null) meta.system_fingerprint = this.fingerprint;
      this.events.push(meta);
    }
  }

  private acceptUsage(chunk: Json): void {
    let usage = chunk.usage;
    // Groq streams its usage inside x_groq on the last chunk.
    if (!isObject(usage)) {
      const groq = chunk.x_groq;
      usage = isObject(groq) ? groq.usage : undefined;
    }
    if (isObject(usage)) {
      this.usage = usage;
      this.events.push({ type: 'usage', usage: this.usage });
    }
  }

  private state(index: number): ChoiceState {
    let state = this.choices[index];
    if (!state) {
      state = new ChoiceState(index);
      this.choices[index] = state;
    }
    return state;
  }

  private acceptChoice(choice: Json, position: number, whole: boolean): void {
    const rawIndex = choice.index;
    const index =
      typeof rawIndex === 'number' && Number.isInteger(rawIndex) && rawIndex >= 0 && rawIndex < 1024
        ? rawIndex
        : position;
    const state = this.state(index);
    // Chunks carry `delta`; whole completions (and a few servers' chunks) carry `message`.
    const delta = whole ? choice.message : (choice.delta ?? choice.message);
    if (isObject(delta)) this.acceptDelta(state, delta, whole);

    const logprobs = choice.logprobs;
    if (isObject(logprobs) && Array.isArray(logprobs.content)) {
      state.logprobs = state.logprobs ? state.logprobs.concat(logprobs.content) : logprobs.content.slice();
    }
    const finish = choice.finish_reason;
    if (typeof finish === 'string' && finish !== '' && finish !== state.finish) {
      state.finish = finish;
      this.events.push({ type: 'finish', choice: index, reason: finish });
    }
  }

  private acceptDelta(state: ChoiceState, delta: Json, whole: boolean): void {
    let content = '';
    let reasoning = '';
    let refusal = '';

    const rawContent = delta.content;
    if (typeof rawContent === 'string') content = rawContent;
    else if (Array.isArray(rawContent)) {
      // Content as typed parts (Mistral's thinking models, some proxies).
      for (const part of rawContent) {
        if (typeof part === 'string') content += part;
        else if (isObject(part)) {
          const type = part.type;
          if (type === 'thinking' || type === 'reasoning') reasoning += textOf(part.thinking ?? part.text);
          else if (type === 'refusal') refusal += textOf(part.refusal);
          else if (type === 'text' || type === 'output_text' || type === undefined)
            content += textOf(part.text);
        }
      }
    }
    // DeepSeek, vLLM and llama.cpp say reasoning_content; OpenRouter, Ollama and newer vLLM say
    // reasoning. Some send both with the same text: take one.
    const reasoningContent = delta.reasoning_content;
    if (typeof reasoningContent === 'string' && reasoningContent !== '') reasoning += reasoningContent;
    else if (typeof delta.reasoning === 'string') reasoning += delta.reasoning;
    if (typeof delta.refusal === 'string') refusal += delta.refusal;

    let fragments: ToolFragment[] | undefined;
    const toolCalls = delta.tool_calls;
    if (Array.isArray(toolCalls)) {
      for (let i = 0; i < toolCalls.length; i++) {
        const call: unknown = toolCalls[i];
        if (!isObject(call)) continue;
        const fragment = this.acceptToolCall(state, call, whole ? i : undefined);
        if (fragment) (fragments ??= []).push(fragment);
      }
    }

    if (content === '' && reasoning === '' && refusal === '' && !fragments) return;
    const event: DeltaEvent = { type: 'delta', choice: state.index };
    if (content !== '') {
      state.content += content;
      event.content = content;
    }
    if (reasoning !== '') {
      state.reasoning += reasoning;
      event.reasoning = reasoning;
    }
    if (refusal !== '') {
      state.refusal += refusal;
      event.refusal = refusal;
    }
    if (fragments) event.toolCalls = fragments;
    this.events.push(event);
  }

  /**
   * Tool calls arrive in fragments: id and name in the first, arguments spread over the rest,
   * matched by `index`. Without an index (older Gemini, some proxies) a fragment belongs to the
   * call with its id, or continues the last call unless it names a new function.
   */
  private acceptToolCall(
    state: ChoiceState,
    call: Json,
    wholeIndex: number | undefined,
  ): ToolFragment | undefined {
    const fn = isObject(call.function) ? call.function : undefined;
    const id = typeof call.id === 'string' && call.id !== '' ? call.id : undefined;
    const name = fn && typeof fn.name === 'string' && fn.name !== '' ? fn.name : undefined;
    let args = fn ? fn.arguments : undefined;
    // A few servers send arguments as an object rather than a JSON string.
    if (isObject(args)) args = JSON.stringify(args);
    const argText = typeof args === 'string' ? args : '';

    const wire = typeof call.index === 'number' ? call.index : wholeIndex;
    let slot: ToolSlot | undefined;
    if (wire !== undefined) slot = state.toolByWire.get(wire);
    else if (id !== undefined) slot = state.tools.find((s) => s.id === id);
    else if (state.lastTool && !(name !== undefined && state.lastTool.name !== '')) slot = state.lastTool;
    if (!slot) {
      if (id === undefined && name === undefined && argText === '') return undefined;
      slot = { position: state.tools.length, id: '', name: '', arguments: '' };
      state.tools.push(slot);
      if (wire !== undefined) state.toolByWire.set(wire, slot);
    }
    state.lastTool = slot;

    const fragment: ToolFragment = { index: slot.position };
    if (id !== undefined && slot.id === '') {
      slot.id = id;
      fragment.id = id;
    }
    if (name !== undefined && slot.name === '') {
      slot.name = name;
      fragment.name = name;
    }
    if (argText !== '') {
      slot.arguments += argText;
      fragment.arguments = argText;
    }
    return fragment;
  }
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    let out = '';
    for (const part of value) {
      if (typeof part === 'string') out += part;
      else if (isObject(part)) out += textOf(part.text ?? part.thinking);
    }
    return out;
  }
  return '';
}
