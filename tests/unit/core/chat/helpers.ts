/**
 * Shared by the chat client tests: the generated streams' manifest, replies that replay them, and a
 * collector that runs `streamChat` to its end.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ChatError, streamChat } from '../../../../electron/core/chat/index';
import type {
  ChatDeps,
  ChatEvent,
  ChatRequest,
  ChatResult,
  Endpoint,
} from '../../../../electron/core/chat/index';
import { StreamInterpreter } from '../../../../electron/core/chat/stream';
import { loadRecordingBytes, splitBytes, type MockReply } from '../../../support/mock-openai-server';

export interface StreamExpectation {
  ok: boolean;
  finish?: string;
  model?: string;
  fingerprint?: string | null;
  usage?: Record<string, number>;
  reasoning?: string;
  refusal?: string;
  toolCalls?: { id: string; name: string; arguments: string }[];
  choices?: string[];
  logprobs?: number;
  errorKind?: string;
  serverMessage?: string;
  partial?: string;
}

export interface StreamMeta {
  server: string;
  shows: string;
  contentType?: string;
  bytes: number;
  expect: StreamExpectation;
}

const MANIFEST = fileURLToPath(new URL('../../../fixtures/streams/manifest.json', import.meta.url));
export const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, StreamMeta>;
export const streamNames = Object.keys(manifest);

/** A reply that replays a generated stream in pieces of `size` bytes (cutting UTF-8 sequences). */
export function replay(
  name: string,
  size = 0,
  extra: Partial<Extract<MockReply, { kind: 'sse' }>> = {},
): MockReply {
  const bytes = loadRecordingBytes(name);
  const contentType = manifest[name]?.contentType;
  return {
    kind: 'sse',
    chunks: size > 0 ? splitBytes(bytes, size) : [bytes],
    ...(contentType ? { headers: { 'content-type': contentType } } : {}),
    ...extra,
  };
}

export const CANARY_KEY = 'sk-canary-7Qm2Tq9Vx3kLr8pWn4Zc1Hy6Bd5';

export function endpointFor(baseUrl: string, extra: Partial<Endpoint> = {}): Endpoint {
  return { baseUrl, apiKey: CANARY_KEY, retry: { maxAttempts: 1 }, ...extra };
}

export const imageRequest: ChatRequest = {
  model: 'gpt-4o',
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'What is on this screen?' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'high' } },
      ],
    },
  ],
};

export interface Collected {
  events: ChatEvent[];
  result?: ChatResult;
  error?: ChatError;
}

/** Runs the stream to its end; a thrown ChatError is returned, anything else rethrown. */
export async function collect(
  request: ChatRequest,
  endpoint: Endpoint,
  deps: Partial<ChatDeps> = {},
): Promise<Collected> {
  const events: ChatEvent[] = [];
  const iterator = streamChat(request, endpoint, { fetch: globalThis.fetch, ...deps });
  try {
    for (;;) {
      const step = await iterator.next();
      if (step.done) return { events, result: step.value };
      events.push(step.value);
    }
  } catch (error) {
    if (error instanceof ChatError) return { events, error };
    throw error;
  }
}

/** Text of one field of one choice, rebuilt from the delta events alone. */
export function streamedText(
  events: ChatEvent[],
  choice = 0,
  field: 'content' | 'reasoning' | 'refusal' = 'content',
): string {
  let text = '';
  for (const event of events)
    if (event.type === 'delta' && event.choice === choice) text += event[field] ?? '';
  return text;
}

export interface Interpreted {
  events: ChatEvent[];
  result: ChatResult;
  /** 'complete', or the ChatError kind. */
  outcome: string;
  serverMessage?: string;
}

/** The I/O-free part of the client, fed the given pieces in order. */
export function interpret(pieces: readonly Uint8Array[]): Interpreted {
  const interpreter = new StreamInterpreter({ host: '127.0.0.1', secrets: [CANARY_KEY] });
  const events: ChatEvent[] = [];
  for (const piece of pieces) {
    if (interpreter.finished) break;
    interpreter.push(piece);
    events.push(...interpreter.take());
  }
  interpreter.end();
  events.push(...interpreter.take());
  const outcome = interpreter.outcome();
  const failed = outcome.kind === 'failed' ? outcome.error : undefined;
  return {
    events,
    result: failed?.partial ?? interpreter.result(false),
    outcome: failed ? failed.kind : 'complete',
    ...(failed?.serverMessage !== undefined ? { serverMessage: failed.serverMessage } : {}),
  };
}
