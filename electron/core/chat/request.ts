/**
 * Request validation (zod) and the wire body. Everything is checked before anything is sent, and
 * a bad value is reported by its field name and the allowed range, in the user's words.
 */
import { z } from 'zod';
import { ChatError } from './errors';
import type { ChatRequest, Endpoint } from './types';
import { isAzureOpenAiHost } from './url';

const finite = (name: string) =>
  z.number({ error: `${name} must be a number` }).refine(Number.isFinite, `${name} must be a finite number`);

const ranged = (name: string, min: number, max: number) =>
  finite(name).refine((v) => v >= min && v <= max, { error: `${name} must be between ${min} and ${max}` });

const integer = (name: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .number({ error: `${name} must be a number` })
    .refine((v) => Number.isInteger(v), `${name} must be a whole number`)
    .refine((v) => v >= min && v <= max, {
      error:
        max === Number.MAX_SAFE_INTEGER
          ? `${name} must be at least ${min}`
          : `${name} must be between ${min} and ${max}`,
    });

/** Data URIs of the formats every vision API reads, or a remote http(s) URL. */
const IMAGE_URL = /^(data:image\/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/]+={0,2}|https?:\/\/\S+)$/;

const contentPart = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('text'), text: z.string({ error: 'a text part needs its text' }) }),
    z.object({
      type: z.literal('image_url'),
      image_url: z.object({
        url: z.string().regex(IMAGE_URL, {
          error: 'image_url.url must be a data:image/(png|jpeg|webp|gif);base64 URI or an http(s) URL',
        }),
        detail: z.enum(['auto', 'low', 'high'], { error: 'detail must be auto, low or high' }).optional(),
      }),
    }),
  ],
  { error: 'a content part must be {type:"text"} or {type:"image_url"}' },
);

const toolCallSchema = z.object({
  id: z.string(),
  type: z.literal('function'),
  function: z.object({ name: z.string(), arguments: z.string() }),
});

const messageSchema = z.discriminatedUnion(
  'role',
  [
    z.object({
      role: z.literal('system'),
      content: z.string({ error: 'a system message needs text content' }),
    }),
    z.object({
      role: z.literal('user'),
      content: z.union([z.string(), z.array(contentPart).min(1, 'a user message needs at least one part')], {
        error: 'a user message needs text or an array of parts',
      }),
    }),
    z.object({
      role: z.literal('assistant'),
      content: z.string().nullable(),
      tool_calls: z.array(toolCallSchema).optional(),
    }),
    z.object({ role: z.literal('tool'), content: z.string(), tool_call_id: z.string().min(1) }),
  ],
  { error: 'role must be system, user, assistant or tool' },
);

const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

const functionTool = z.object({
  type: z.literal('function', { error: 'tools[].type must be "function"' }),
  function: z.object({
    name: z.string().regex(FUNCTION_NAME, { error: 'a function name must be 1–64 letters, digits, _ or -' }),
    description: z.string().optional(),
    parameters: z
      .record(z.string(), z.unknown(), { error: 'function parameters must be a JSON Schema object' })
      .optional(),
    strict: z.boolean().optional(),
  }),
});

const toolChoice = z.union(
  [
    z.enum(['none', 'auto', 'required']),
    z.object({ type: z.literal('function'), function: z.object({ name: z.string().regex(FUNCTION_NAME) }) }),
  ],
  { error: 'tool_choice must be "none", "auto", "required" or {type:"function", function:{name}}' },
);

const paramsSchema = z
  .object({
    temperature: ranged('temperature', 0, 2).optional(),
    top_p: ranged('top_p', 0, 1).optional(),
    n: integer('n', 1, 128).optional(),
    stop: z
      .array(z.string().min(1, 'a stop sequence cannot be empty'), {
        error: 'stop must be a list of strings',
      })
      .max(4, 'stop takes at most 4 sequences')
      .optional(),
    max_tokens: integer('max_tokens', 1).optional(),
    presence_penalty: ranged('presence_penalty', -2, 2).optional(),
    frequency_penalty: ranged('frequency_penalty', -2, 2).optional(),
    logit_bias: z
      .record(
        z.string().regex(/^\d+$/, { error: 'logit_bias keys must be token ids (whole numbers)' }),
        ranged('a logit_bias value', -100, 100),
        { error: 'logit_bias must map token ids to numbers' },
      )
      .optional(),
    user: z
      .string({ error: 'user must be a string' })
      .max(256, 'user must be at most 256 characters')
      .optional(),
    response_format: z
      .object({
        type: z.enum(['json_object', 'text'], { error: 'response_format.type must be json_object or text' }),
      })
      .optional(),
    seed: integer('seed', Number.MIN_SAFE_INTEGER).optional(),
    tools: z.array(functionTool).max(128, 'at most 128 tools').optional(),
    tool_choice: toolChoice.optional(),
    logprobs: z.boolean({ error: 'logprobs must be true or false' }).optional(),
    top_logprobs: integer('top_logprobs', 0, 20).optional(),
  })
  .strict();

const requestSchema = z.object({
  model: z.string({ error: 'model is required' }).trim().min(1, 'model is required'),
  messages: z.array(messageSchema, { error: 'messages must be a list' }).min(1, 'messages cannot be empty'),
  params: paramsSchema.optional(),
  stream: z.boolean().optional(),
});

/** Header names are RFC 7230 tokens; values must not smuggle a second header through CR/LF. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** `params.tools.0.function.name` → `tools[0].function.name`, the way the API docs name fields. */
function fieldName(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out.replace(/^params\./, '');
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

type Issue = z.core.$ZodIssue;

/**
 * For a value that matches no branch of a union, the branch that got furthest says best what is
 * wrong ("detail must be auto, low or high" rather than "expected a string").
 */
function deepestIssue(issue: Issue): { issue: Issue; path: PropertyKey[] } {
  let best = { issue, path: [...issue.path] };
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return best;
  let bestDepth = 0;
  for (const branch of issue.errors) {
    const first = branch[0];
    if (!first) continue;
    const inner = deepestIssue(first);
    if (inner.path.length > bestDepth) {
      bestDepth = inner.path.length;
      best = { issue: inner.issue, path: [...issue.path, ...inner.path] };
    }
  }
  return best;
}

function firstIssue(error: z.ZodError, input: unknown): string {
  const top = error.issues[0];
  if (!top) return 'invalid request';
  const { issue, path } = deepestIssue(top);
  const field = fieldName(path);
  if (issue.code === 'unrecognized_keys') {
    return `unknown parameter ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  const leaf = field.split(/[.[]/).pop() ?? '';
  const said =
    field === '' || (leaf !== '' && issue.message.startsWith(leaf))
      ? issue.message
      : `${field}: ${issue.message}`;
  const value = valueAt(input, path);
  const shown =
    typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : typeof value === 'string'
        ? JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value)
        : undefined;
  return shown === undefined ? said : `${said} (got ${shown})`;
}

export function validateRequest(request: ChatRequest): ChatRequest {
  const parsed = requestSchema.safeParse(request);
  if (!parsed.success) {
    throw new ChatError('invalid-request', `Invalid request: ${firstIssue(parsed.error, request)}.`);
  }
  const params = request.params;
  if (params?.top_logprobs !== undefined && params.logprobs !== true) {
    throw new ChatError('invalid-request', 'Invalid request: top_logprobs needs logprobs: true.');
  }
  const choice = params?.tool_choice;
  if (choice !== undefined && choice !== 'none' && (params?.tools?.length ?? 0) === 0) {
    throw new ChatError('invalid-request', 'Invalid request: tool_choice needs at least one tool in tools.');
  }
  if (typeof choice === 'object') {
    const names = new Set(params?.tools?.map((t) => t.function.name));
    if (!names.has(choice.function.name)) {
      throw new ChatError(
        'invalid-request',
        `Invalid request: tool_choice names the function "${choice.function.name}", which is not in tools.`,
      );
    }
  }
  const names = params?.tools?.map((t) => t.function.name) ?? [];
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) {
    throw new ChatError('invalid-request', `Invalid request: two tools are named "${duplicate}".`);
  }
  return request;
}

export function validateHeaders(headers: Record<string, string> | undefined): void {
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!HEADER_NAME.test(name)) {
      throw new ChatError('invalid-request', `Invalid extra header name "${name.slice(0, 40)}".`);
    }
    if (typeof value !== 'string' || /[\r\n\0]/.test(value)) {
      throw new ChatError(
        'invalid-request',
        `Invalid value for the extra header "${name}": no line breaks allowed.`,
      );
    }
  }
}

/**
 * The JSON body of `POST /chat/completions`. Unset parameters are not sent; compatibility
 * switches pick `max_tokens` vs `max_completion_tokens` and whether to ask for usage.
 */
export function buildRequestBody(request: ChatRequest, endpoint: Endpoint): Record<string, unknown> {
  validateRequest(request);
  const stream = request.stream ?? true;
  const body: Record<string, unknown> = { model: request.model.trim(), messages: request.messages };
  const params = request.params ?? {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (key === 'max_tokens') body[endpoint.compat?.maxTokensField ?? 'max_tokens'] = value;
    else body[key] = value;
  }
  body.stream = stream;
  if (stream && (endpoint.compat?.includeUsage ?? true)) body.stream_options = { include_usage: true };
  return body;
}

/** The request headers. Extra headers from the profile come last so that they can replace ours. */
export function buildHeaders(endpoint: Endpoint, stream: boolean): Record<string, string> {
  validateHeaders(endpoint.headers);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream, application/json' : 'application/json',
  };
  const key = endpoint.apiKey?.trim();
  if (key) headers.authorization = `Bearer ${key}`;
  // Azure OpenAI's deployment URLs take the key as `api-key` (its v1 API takes Bearer too): sent
  // to Azure hosts only, so the key stays in the keychain rather than in a plain extra header.
  if (key && isAzureHost(endpoint.baseUrl)) headers['api-key'] = key;
  for (const [name, value] of Object.entries(endpoint.headers ?? {})) headers[name.toLowerCase()] = value;
  return headers;
}

function isAzureHost(baseUrl: string): boolean {
  try {
    return isAzureOpenAiHost(new URL(baseUrl).hostname);
  } catch {
    return false;
  }
}

/** Values that must never appear in an error: the key and any secret-looking extra header. */
export function secretsOf(endpoint: Endpoint): string[] {
  const secrets: string[] = [];
  const key = endpoint.apiKey?.trim();
  if (key) secrets.push(key);
  for (const [name, value] of Object.entries(endpoint.headers ?? {})) {
    if (/auth|key|token|secret|cookie/i.test(name) && value.trim() !== '') {
      secrets.push(value.trim().replace(/^(Bearer|Basic)\s+/i, ''));
    }
  }
  return secrets;
}
