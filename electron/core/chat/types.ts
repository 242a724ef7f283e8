/**
 * Types of the Chat Completions client. Plain data only: these values cross IPC, are written to
 * history, and are printed by the CLI.
 */

export type ImageDetail = 'auto' | 'low' | 'high';

export type ContentPart =
  { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string; detail?: ImageDetail } };

export interface ToolCall {
  id: string;
  name: string;
  /** The JSON arguments as the model wrote them (may be invalid JSON if the stream broke). */
  arguments: string;
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | ContentPart[] }
  | {
      role: 'assistant';
      content: string | null;
      tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
    }
  | { role: 'tool'; content: string; tool_call_id: string };

export interface FunctionTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean };
}

export type ToolChoice = 'none' | 'auto' | 'required' | { type: 'function'; function: { name: string } };

/** Every sampling parameter of the reference API. Unset means "not sent". */
export interface ChatParameters {
  temperature?: number;
  top_p?: number;
  n?: number;
  stop?: string[];
  max_tokens?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
  logit_bias?: Record<string, number>;
  user?: string;
  response_format?: { type: 'json_object' | 'text' };
  seed?: number;
  tools?: FunctionTool[];
  tool_choice?: ToolChoice;
  logprobs?: boolean;
  top_logprobs?: number;
}

/** Per-profile switches for servers that differ from the reference API. */
export interface CompatibilityOptions {
  /** Send `stream_options: {include_usage: true}` (some servers reject it). Default true. */
  includeUsage?: boolean;
  /** Newer OpenAI models want `max_completion_tokens`. Default `max_tokens`. */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
}

export interface Timeouts {
  /** Until response headers arrive. */
  connectMs?: number;
  /** From headers to the first answer byte. */
  firstByteMs?: number;
  /** Longest silence between two chunks of a stream. */
  idleMs?: number;
}

export interface RetryPolicy {
  /** Total attempts, 1 = no retry. Retries happen only before the first byte of an answer. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export interface Endpoint {
  baseUrl: string;
  apiKey?: string;
  headers?: Record<string, string>;
  compat?: CompatibilityOptions;
  timeouts?: Timeouts;
  retry?: RetryPolicy;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  params?: ChatParameters;
  /** Default true. */
  stream?: boolean;
}

export interface Usage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  [key: string]: unknown;
}

export interface ChoiceResult {
  index: number;
  content: string;
  reasoning: string;
  refusal: string;
  tool_calls: ToolCall[];
  finish_reason: string | null;
  logprobs?: unknown[];
}

export interface ChatResult {
  choices: ChoiceResult[];
  usage: Usage | null;
  system_fingerprint: string | null;
  model: string | null;
  /** True when the stream broke before it ended: what arrived is kept. */
  interrupted: boolean;
}

/** What the consumer (main's IPC forwarder, the CLI) receives as the answer arrives. */
export type ChatEvent =
  | {
      type: 'delta';
      choice: number;
      content?: string;
      reasoning?: string;
      refusal?: string;
      /** Fragments as they arrive; the assembled calls are in the final result. */
      toolCalls?: { index: number; id?: string; name?: string; arguments?: string }[];
    }
  | { type: 'finish'; choice: number; reason: string }
  | { type: 'usage'; usage: Usage }
  | { type: 'meta'; model?: string; system_fingerprint?: string };

export type ChatErrorKind =
  | 'invalid-request' // our validation, before sending
  | 'auth' // 401/403
  | 'not-found' // 404: model or path
  | 'too-large' // 413, or 400 about image size
  | 'rate-limit' // 429
  | 'bad-request' // other 4xx
  | 'server' // 5xx
  | 'unreachable' // DNS, refused, reset before response
  | 'tls'
  | 'timeout'
  | 'not-openai' // HTML page or other shape
  | 'stream-error' // error object inside a stream
  | 'interrupted' // stream cut before its end
  | 'aborted';
