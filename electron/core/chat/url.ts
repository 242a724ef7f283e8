/**
 * Base URLs the way users paste them: `api.openai.com`, `https://api.openai.com/v1/`,
 * `http://localhost:11434/v1/chat/completions`, an Azure deployment URL with `?api-version=`.
 */
import { ChatError } from './errors';

const LOCAL_HOST =
  /^(localhost|127(\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0|10(\.\d{1,3}){3}|192\.168(\.\d{1,3}){2}|172\.(1[6-9]|2\d|3[01])(\.\d{1,3}){2}|[^.:/]+\.local|[^.:/]+)(:\d+)?$/i;

/** Trailing path segments that name an operation rather than the API root. */
const OPERATION_SUFFIX = /\/(chat\/completions|completions|chat|models)\/*$/i;

/** Why codes for the page's catalog (chat.invalidBaseUrl.why.<code>); others are shown as written. */
const WHY_CODES: Readonly<Record<string, string>> = {
  'it is empty': 'empty',
  'only http and https URLs work': 'scheme',
  'it is not a URL': 'notUrl',
  'it has no host name': 'noHost',
  'it contains a user name or password; put the key in the API key field': 'credentials',
};

function invalid(input: string, why: string): ChatError {
  const shown = input.length > 80 ? `${input.slice(0, 79)}…` : input;
  return new ChatError('invalid-request', `Invalid base URL "${shown}": ${why}.`, {
    code: 'chat.invalidBaseUrl',
    fields: { url: shown, why: WHY_CODES[why] ?? why },
  });
}

/**
 * Returns the API root, e.g. `https://api.openai.com/v1`: no trailing slash, no
 * `/chat/completions`. A bare host gets `/v1` (where OpenAI, Ollama, LM Studio, vLLM and llama.cpp
 * all serve the API); any other path is kept as given (OpenRouter's `/api/v1`, Groq's
 * `/openai/v1`, Gemini's `/v1beta/openai`). A query string (Azure's `api-version`) is kept.
 */
export function normalizeBaseUrl(input: string): string {
  const trimmed = input.trim();
  if (trimmed === '') throw invalid(input, 'it is empty');
  let text = trimmed;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    if (/^[a-z][a-z0-9+.-]*:(?!\d)/i.test(text)) throw invalid(input, 'only http and https URLs work');
    const host = text.split(/[/?#]/, 1)[0] ?? '';
    // Local servers speak plain HTTP; anything else is assumed to be a public HTTPS API.
    text = `${LOCAL_HOST.test(host) ? 'http' : 'https'}://${text}`;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(input, 'it is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw invalid(input, 'only http and https URLs work');
  if (url.hostname === '') throw invalid(input, 'it has no host name');
  // fetch refuses URLs with credentials, and a key in a URL would end up in logs.
  if (url.username !== '' || url.password !== '') {
    throw invalid(input, 'it contains a user name or password; put the key in the API key field');
  }
  let path = url.pathname.replace(/\/+$/, '');
  while (OPERATION_SUFFIX.test(path)) path = path.replace(OPERATION_SUFFIX, '');
  path = path.replace(/\/+$/, '');
  if (path === '') path = '/v1';
  url.pathname = path;
  url.hash = '';
  return url.toString().replace(/\/+(\?|$)/, '$1');
}

/** `{base}/{operation}` that keeps the base's query string (Azure's `api-version`) at the end. */
export function endpointUrl(baseUrl: string, operation: 'chat/completions' | 'models'): string {
  const url = new URL(normalizeBaseUrl(baseUrl));
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${operation}`;
  return url.toString();
}

/** Whether a host name is Azure OpenAI's (resource or AI Services endpoint). */
export function isAzureOpenAiHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host.endsWith('.openai.azure.com') || host.endsWith('.cognitiveservices.azure.com');
}

/** `host[:port]` for messages: which server answered, without path, query or credentials. */
export function hostOf(baseUrl: string): string {
  try {
    return new URL(normalizeBaseUrl(baseUrl)).host;
  } catch {
    return 'the server';
  }
}
