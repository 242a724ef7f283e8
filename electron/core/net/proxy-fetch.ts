/**
 * The `fetch` the chat client gets when a proxy applies: an explicit proxy from the profile's
 * settings, or else the HTTP(S)_PROXY / NO_PROXY environment (the CLI, like curl). Loopback
 * targets (a local Ollama, LM Studio, llama.cpp) always go direct: a corporate proxy cannot
 * reach the user's own machine, and routing a local model through it would leak the image.
 *
 * The app without a proxy setting uses Electron's net.fetch instead, which follows the system
 * proxy configuration.
 */
import { Agent, EnvHttpProxyAgent, ProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';
import { isLoopbackHostname } from '../security/origins';

export interface ProxyFetchOptions {
  /** `http://host:port` (credentials allowed); overrides the environment. */
  proxyUrl?: string | null;
  /** Where HTTP_PROXY, HTTPS_PROXY and NO_PROXY are read (any case); default: none. */
  env?: Record<string, string | undefined>;
}

/** A proxy setting Glimpse cannot use; `code` and `fields` let a page word it in its language. */
export class ProxyConfigError extends Error {
  constructor(
    message: string,
    readonly code: 'proxy.notUrl' | 'proxy.scheme' | 'proxy.noHost',
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ProxyConfigError';
  }
}

/** Checks a proxy URL as users type it; returns the normalised URL or throws a readable error. */
export function parseProxyUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.includes('://') ? value : `http://${value}`);
  } catch {
    // Never echo what was typed: a proxy URL may carry a password.
    throw new ProxyConfigError(
      'The proxy setting is not a URL: write it as http://host:port.',
      'proxy.notUrl',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProxyConfigError(
      `The proxy "${url.protocol}//…" is not supported: use an http:// or https:// proxy.`,
      'proxy.scheme',
      { scheme: url.protocol },
    );
  }
  if (!url.hostname)
    throw new ProxyConfigError('The proxy URL has no host: write it as http://host:port.', 'proxy.noHost');
  return url.href;
}

function envValue(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name] ?? env[name.toLowerCase()];
  return value && value.trim() !== '' ? value.trim() : undefined;
}

/** Which dispatcher serves non-loopback requests, or undefined when there is no proxy at all. */
function proxyDispatcher(options: ProxyFetchOptions): Dispatcher | undefined {
  if (options.proxyUrl) return new ProxyAgent(parseProxyUrl(options.proxyUrl));
  const env = options.env ?? {};
  const httpProxy = envValue(env, 'HTTP_PROXY');
  const httpsProxy = envValue(env, 'HTTPS_PROXY');
  if (!httpProxy && !httpsProxy) return undefined;
  return new EnvHttpProxyAgent({
    ...(httpProxy ? { httpProxy: parseProxyUrl(httpProxy) } : {}),
    ...(httpsProxy ? { httpsProxy: parseProxyUrl(httpsProxy) } : {}),
    noProxy: envValue(env, 'NO_PROXY') ?? '',
  });
}

function requestUrl(input: string | URL | Request): string {
  if (input instanceof Request) {
    // The chat client passes (url, init); a Request object would carry its own body and method,
    // which this wrapper does not forward.
    throw new TypeError('proxy fetch takes a URL and init, not a Request');
  }
  return typeof input === 'string' ? input : input.href;
}

/**
 * A fetch that sends non-loopback requests through the configured proxy; with no proxy
 * configured, plain Node fetch. Throws ProxyConfigError at once for a malformed proxy URL.
 */
export function createProxyFetch(options: ProxyFetchOptions): typeof globalThis.fetch {
  const proxied = proxyDispatcher(options);
  if (!proxied) return globalThis.fetch;
  const direct = new Agent();
  const proxyFetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = requestUrl(input);
    const dispatcher = isLoopbackHostname(new URL(url).hostname) ? direct : proxied;
    // undici's fetch is the same WHATWG fetch as Node's (Node bundles undici); only the types
    // are declared separately, hence the casts at this one boundary.
    const options = { ...init, dispatcher } as Parameters<typeof undiciFetch>[1];
    const pending: Promise<unknown> = undiciFetch(url, options);
    return pending as Promise<Response>;
  };
  return proxyFetch;
}

/** A profile's proxy choice, as settings store it. */
export interface ProxyChoice {
  mode: 'system' | 'none' | 'custom';
  url: string;
}

/**
 * Picks the fetch for a profile's proxy choice: `system` is the platform's own (Electron's
 * net.fetch follows the OS proxy settings), `none` goes direct, `custom` through the given proxy
 * (loopback still direct). Custom fetches are made once per proxy URL and reused.
 */
export function createFetchSelector(fetches: {
  system: typeof globalThis.fetch;
  direct: typeof globalThis.fetch;
}): (choice: ProxyChoice | undefined) => typeof globalThis.fetch {
  const custom = new Map<string, typeof globalThis.fetch>();
  return (choice) => {
    if (!choice || choice.mode === 'system') return fetches.system;
    if (choice.mode === 'none' || choice.url.trim() === '') return fetches.direct;
    let fetch = custom.get(choice.url);
    if (!fetch) {
      fetch = createProxyFetch({ proxyUrl: choice.url });
      custom.set(choice.url, fetch);
    }
    return fetch;
  };
}
