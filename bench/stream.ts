/**
 * `npm run bench -- stream`: the streaming path, each figure against its baseline in this run.
 *
 * - stream.cpu-per-token: CPU time (process.cpuUsage, user + system) per token to parse and
 *   assemble a 100,000-token generated stream (shaped after OpenAI's chat-completions chunks, its
 *   tokens cycled from the generated openai-explain fixture) — our client (streamChat: decode,
 *   eventsource-parser, assembly, typed events, plus the IPC coalescer main uses) against the
 *   official openai SDK's streaming parser (Stream.fromSSEResponse) with the simplest per-choice
 *   assembly, on the same bytes delivered in the same 16 KiB network chunks. Median of 7
 *   interleaved runs (bench/measure.ts).
 * - stream.ipc-messages-per-s: IPC messages per second while the local mock server streams
 *   1,000 tokens/s for 2 s, through streamChat and createDeltaCoalescer (one batch per 16.7 ms
 *   frame), against the same stream through the same path forwarding one message per delta
 *   (what main did before the coalescer). Median of 5 interleaved runs of each.
 */
import { Stream } from 'openai/core/streaming';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { createDeltaCoalescer, streamChat } from '../electron/core/chat/index';
import type { ChatEvent, ChatRequest, Endpoint } from '../electron/core/chat/index';
import { loadRecording, startMockServer } from '../tests/support/mock-openai-server';
import { compare, describeSpread } from './measure';
import type { BenchContext } from './types';

const TOKENS = 100_000;
const NETWORK_CHUNK = 16 * 1024;
const RUNS = 7;
const IPC_RATE = 1_000;
const IPC_SECONDS = 2;
const IPC_RUNS = 5;

const request: ChatRequest = {
  model: 'gpt-4o',
  messages: [{ role: 'user', content: 'Explain this screen.' }],
};

/** The token texts of the generated openai-explain stream (tests/fixtures), in order. */
function fixtureTokens(): string[] {
  const tokens: string[] = [];
  for (const line of loadRecording('openai-explain').split('\n')) {
    if (!line.startsWith('data: {')) continue;
    const chunk = JSON.parse(line.slice(6)) as { choices: { delta?: { content?: string } }[] };
    const content = chunk.choices[0]?.delta?.content;
    if (content) tokens.push(content);
  }
  return tokens;
}

/** An OpenAI-shaped stream of `count` tokens (the fixture's tokens, cycled), as SSE text chunks. */
function openaiStream(count: number): string[] {
  const words = fixtureTokens();
  const base = {
    id: 'chatcmpl-BenchStream0000000000000000',
    object: 'chat.completion.chunk',
    created: 1748977994,
    model: 'gpt-4o-2024-08-06',
    service_tier: 'default',
    system_fingerprint: 'fp_07871e2ad8',
  };
  const events: string[] = [];
  events.push(
    `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }], usage: null })}\n\n`,
  );
  for (let i = 0; i < count; i++) {
    const content = words[i % words.length]!;
    events.push(
      `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content }, logprobs: null, finish_reason: null }], usage: null, obfuscation: 'x'.repeat(1 + (i % 11)) })}\n\n`,
    );
  }
  events.push(
    `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }], usage: null })}\n\n`,
  );
  events.push(
    `data: ${JSON.stringify({ ...base, choices: [], usage: { prompt_tokens: 1000, completion_tokens: count, total_tokens: 1000 + count } })}\n\n`,
  );
  events.push('data: [DONE]\n\n');
  return events;
}

function networkChunks(bytes: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += NETWORK_CHUNK) chunks.push(bytes.subarray(i, i + NETWORK_CHUNK));
  return chunks;
}

/**
 * A fresh streaming Response over the same chunks, as fetch would hand it over. `beforeChunk`
 * runs each time the reader asks for the next network chunk.
 */
function responseOf(chunks: Uint8Array[], beforeChunk: () => void = () => undefined): Response {
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      beforeChunk();
      const chunk = chunks[i++];
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

/** Ours: what main does — streamChat's events pushed into the IPC coalescer. */
async function runOurs(chunks: Uint8Array[]): Promise<{ micros: number; text: string }> {
  const endpoint: Endpoint = { baseUrl: 'http://127.0.0.1:1/v1', retry: { maxAttempts: 1 } };
  let forwarded = 0;
  const coalescer = createDeltaCoalescer((batch) => (forwarded += batch.length), {
    // No timers in a CPU measurement: the coalescer is flushed as if a frame passed per network
    // chunk, i.e. each time the parser asks for the next chunk (about 64 deltas each).
    setTimer: () => 0,
    clearTimer: () => undefined,
  });
  const fetch = (() =>
    Promise.resolve(responseOf(chunks, () => coalescer.flush()))) as typeof globalThis.fetch;
  const start = cpuMicros();
  const iterator = streamChat(request, endpoint, { fetch });
  let step = await iterator.next();
  while (!step.done) {
    coalescer.push(step.value);
    step = await iterator.next();
  }
  coalescer.flush();
  const micros = cpuMicros() - start;
  if (forwarded === 0) throw new Error('nothing forwarded');
  return { micros, text: step.value.choices[0]?.content ?? '' };
}

/** Baseline: the openai SDK's SSE parser, assembling content per choice as its users do. */
async function runSdk(chunks: Uint8Array[]): Promise<{ micros: number; text: string }> {
  const start = cpuMicros();
  const stream = Stream.fromSSEResponse<ChatCompletionChunk>(responseOf(chunks), new AbortController());
  const contents: string[] = [];
  const finish: (string | null)[] = [];
  let usage: unknown = null;
  for await (const chunk of stream) {
    for (const choice of chunk.choices) {
      contents[choice.index] = (contents[choice.index] ?? '') + (choice.delta.content ?? '');
      if (choice.finish_reason) finish[choice.index] = choice.finish_reason;
    }
    if (chunk.usage) usage = chunk.usage;
  }
  const micros = cpuMicros() - start;
  if (usage === null || finish[0] !== 'stop')
    throw new Error('the SDK run did not see the end of the stream');
  return { micros, text: contents[0] ?? '' };
}

async function cpuPerToken(ctx: BenchContext): Promise<void> {
  const text = openaiStream(TOKENS).join('');
  const bytes = new TextEncoder().encode(text);
  const chunks = networkChunks(bytes);
  ctx.log(
    `cpu-per-token: ${TOKENS} tokens, ${(bytes.length / 1e6).toFixed(1)} MB in ${chunks.length} chunks of 16 KiB`,
  );

  // Warm both up (JIT), and check they agree on the answer.
  const ours0 = await runOurs(chunks);
  const sdk0 = await runSdk(chunks);
  if (ours0.text !== sdk0.text) throw new Error('our client and the SDK assembled different answers');

  // Interleaved, so drift (thermal, GC of the other run) hits both alike; warmed up above.
  const { candidate: value, baseline: baselineValue } = await compare({
    candidate: async () => (await runOurs(chunks)).micros / TOKENS,
    baseline: async () => (await runSdk(chunks)).micros / TOKENS,
    runs: RUNS,
    warmup: 0,
  });
  ctx.log(`cpu-per-token: ours ${describeSpread(value, 'µs')}; SDK ${describeSpread(baselineValue, 'µs')}`);
  ctx.record({
    id: 'stream.cpu-per-token',
    metric: `CPU time per token to parse + assemble a ${TOKENS.toLocaleString('en')}-token generated OpenAI-shaped stream, 16 KiB chunks (median of ${RUNS} interleaved runs)`,
    unit: 'µs/token',
    value,
    baseline: 'openai SDK Stream.fromSSEResponse + per-choice assembly',
    baselineValue,
    better: 'lower',
  });
}

/**
 * One stream from the local server at IPC_RATE tokens/s through streamChat, each event handed to
 * `forward`; returns messages sent per second of streaming (first delta to end).
 */
async function messagesPerSecond(
  baseUrl: string,
  forwarder: (send: () => void) => { push(event: ChatEvent): void; flush(): void },
): Promise<{ perSecond: number; deltas: number }> {
  let messages = 0;
  const forward = forwarder(() => messages++);
  let deltas = 0;
  let first = 0;
  const iterator = streamChat(request, { baseUrl }, { fetch: globalThis.fetch });
  let step = await iterator.next();
  while (!step.done) {
    const event: ChatEvent = step.value;
    if (event.type === 'delta') {
      if (deltas === 0) first = performance.now();
      deltas++;
    }
    forward.push(event);
    step = await iterator.next();
  }
  forward.flush();
  const seconds = (performance.now() - first) / 1000;
  if (deltas < IPC_RATE * IPC_SECONDS) throw new Error(`only ${deltas} deltas arrived`);
  return { perSecond: messages / seconds, deltas };
}

async function ipcMessagesPerSecond(ctx: BenchContext): Promise<void> {
  const tokens = IPC_RATE * IPC_SECONDS;
  const events = openaiStream(tokens);
  const server = await startMockServer(() => ({ kind: 'sse', chunks: events, ratePerSecond: IPC_RATE }));
  try {
    const { candidate, baseline } = await compare({
      // What main does: the coalescer, one batch per frame.
      candidate: async () =>
        (await messagesPerSecond(server.baseUrl, (send) => createDeltaCoalescer(() => send()))).perSecond,
      // What main did before it: one IPC message per delta (and per other event).
      baseline: async () =>
        (
          await messagesPerSecond(server.baseUrl, (send) => ({
            push: () => send(),
            flush: () => undefined,
          }))
        ).perSecond,
      runs: IPC_RUNS,
      warmup: 0,
    });
    ctx.log(
      `ipc: coalesced ${describeSpread(candidate, 'messages/s', 1)}; one per delta ${describeSpread(baseline, 'messages/s', 1)}`,
    );
    ctx.record({
      id: 'stream.ipc-messages-per-s',
      metric: `IPC messages per second while a local server streams ${IPC_RATE.toLocaleString('en')} tokens/s for ${IPC_SECONDS} s, through streamChat and the coalescer (median of ${IPC_RUNS} interleaved runs)`,
      unit: 'messages/s',
      value: candidate,
      baseline: 'the same stream through the same path, one message per delta, measured interleaved',
      baselineValue: baseline,
      better: 'lower',
    });
  } finally {
    await server.close();
  }
}

export default async function run(ctx: BenchContext): Promise<void> {
  await cpuPerToken(ctx);
  await ipcMessagesPerSecond(ctx);
}
