/**
 * A 429 that is a plain rate limit says when to retry, even when the server's words mention
 * billing in a link (Groq's do), and is retried; a 429 for an exhausted quota says so and is not.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { httpError } from '../../../../electron/core/chat/errors';
import { startMockServer, type MockServer } from '../../../support/mock-openai-server';
import { collect, endpointFor, imageRequest, replay } from './helpers';

/** Groq's 429 body, as its API returns it (organisation and figures shortened). */
const GROQ_429 = {
  error: {
    message:
      'Rate limit reached for model `llama-4-scout-17b-16e-instruct` in organization `org_01` service tier `on_demand` on tokens per minute (TPM): Limit 30000, Used 29000, Requested 2400. Please try again in 2.8s. Need more tokens? Upgrade to Dev Tier today at https://console.groq.com/settings/billing',
    type: 'tokens',
    code: 'rate_limit_exceeded',
  },
};

const context = (body: unknown, headers: Record<string, string> = {}) => ({
  status: 429,
  body: JSON.stringify(body),
  headers: new Headers(headers),
  host: 'api.groq.com',
  model: 'llama-4-scout',
  secrets: [],
  operation: 'chat' as const,
});

describe('429 rate limit or quota', () => {
  it("Groq's rate limit with a billing URL and retry-after: rate limited, retry in N s", () => {
    const error = httpError(context(GROQ_429, { 'retry-after': '3' }));
    expect(error.kind).toBe('rate-limit');
    expect(error.message).toMatch(/rate limited: try again in 3 s/);
    expect(error.message).not.toMatch(/out of quota/);
    expect(error.outOfQuota).toBeUndefined();
  });

  it('a rate-limit code wins over quota-like words outside a URL too', () => {
    const error = httpError(
      context({
        error: { message: 'Too many requests; see your billing tier', code: 'rate_limit_exceeded' },
      }),
    );
    expect(error.message).toMatch(/rate limited: wait a moment/);
  });

  it("OpenAI's insufficient_quota is still out of quota", () => {
    const error = httpError(
      context(
        {
          error: {
            message: 'You exceeded your current quota.',
            type: 'insufficient_quota',
            code: 'insufficient_quota',
          },
        },
        { 'retry-after': '3' },
      ),
    );
    expect(error.message).toMatch(/out of quota or credit/);
    expect(error.outOfQuota).toBe(true);
  });

  const servers: MockServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it("Groq's rate limit is retried after its Retry-After (it mentions billing only in a link)", async () => {
    let n = 0;
    const server = await startMockServer(() =>
      n++ === 0
        ? { kind: 'json', status: 429, headers: { 'retry-after': '1' }, body: GROQ_429 }
        : replay('openai-explain'),
    );
    servers.push(server);
    const delays: number[] = [];
    const { error, result } = await collect(
      imageRequest,
      endpointFor(server.baseUrl, { retry: { maxAttempts: 3 } }),
      {
        sleep: (ms) => {
          delays.push(ms);
          return Promise.resolve();
        },
      },
    );
    expect(error).toBeUndefined();
    expect(result).toBeDefined();
    expect(server.requests).toHaveLength(2);
    expect(delays).toEqual([1000]);
  });
});
