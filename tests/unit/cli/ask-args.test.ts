/**
 * Argument parsing of `glimpse ask`, without a process.
 */
import { describe, expect, it } from 'vitest';
import { PRESETS, UsageError, parseAskArgs } from '../../../electron/cli/ask-args';
import { jsonOutput, runAsk, type AskIo } from '../../../electron/cli/ask-command';

const base = ['--base-url', 'http://127.0.0.1:1/v1', '--model', 'm'];

function ask(argv: string[], env: Record<string, string> = {}) {
  const parsed = parseAskArgs(argv, env);
  if (parsed.kind !== 'ask') throw new Error('expected ask');
  return parsed.options;
}

function usageError(argv: string[], env: Record<string, string> = {}): string {
  try {
    parseAskArgs(argv, env);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseAskArgs', () => {
  it('takes the endpoint from the environment unless given', () => {
    expect(
      ask(['--model', 'm', 'hi'], { OPENAI_BASE_URL: 'http://env/v1', OPENAI_API_KEY: 'k-env' }),
    ).toMatchObject({
      baseUrl: 'http://env/v1',
      apiKey: 'k-env',
    });
    expect(
      ask(['--base-url', 'http://flag/v1', '--api-key', 'k-flag', '--model', 'm', 'hi'], {
        OPENAI_BASE_URL: 'http://env/v1',
        OPENAI_API_KEY: 'k-env',
      }),
    ).toMatchObject({ baseUrl: 'http://flag/v1', apiKey: 'k-flag' });
    expect(ask([...base, 'hi'])).not.toHaveProperty('apiKey');
  });

  it('joins the positional words into the prompt; an image alone gets the explain prompt', () => {
    expect(ask([...base, 'What', 'is', 'this?']).prompt).toBe('What is this?');
    expect(ask([...base, '--image', 'a.png']).prompt).toBe(PRESETS.explain);
    expect(ask([...base, '--prompt-preset', 'translate', 'into French']).prompt).toBe(
      `${PRESETS.translate}\n\ninto French`,
    );
  });

  it('maps every parameter flag, negative numbers included', () => {
    const options = ask([
      ...base,
      '--temperature',
      '0',
      '--top-p',
      '1',
      '--n',
      '3',
      '--stop',
      'a',
      '--stop',
      'b',
      '--max-tokens',
      '10',
      '--presence-penalty',
      '-1.5',
      '--frequency-penalty',
      '-.5',
      '--logit-bias',
      '{"1":-100}',
      '--user',
      'u',
      '--json-mode',
      '--seed',
      '-7',
      '--tool-choice',
      'lookup',
      'q',
    ]);
    expect(options.params).toEqual({
      temperature: 0,
      top_p: 1,
      n: 3,
      stop: ['a', 'b'],
      max_tokens: 10,
      presence_penalty: -1.5,
      frequency_penalty: -0.5,
      logit_bias: { '1': -100 },
      user: 'u',
      response_format: { type: 'json_object' },
      seed: -7,
      tool_choice: { type: 'function', function: { name: 'lookup' } },
    });
    expect(ask([...base, '--tool-choice', 'none', 'q']).params.tool_choice).toBe('none');
  });

  it('reads the output, image and endpoint switches', () => {
    const options = ask([
      ...base,
      '--no-stream',
      '--json',
      '--no-usage',
      '--header',
      'X-Title: Glimpse',
      '-i',
      'a.png',
      '-i',
      '-',
      '--detail',
      'high',
      '--max-edge',
      '1024',
      '--format',
      'jpeg',
      '--system',
      'Be brief.',
      'q',
    ]);
    expect(options).toMatchObject({
      stream: false,
      json: true,
      includeUsage: false,
      headers: { 'X-Title': 'Glimpse' },
      images: ['a.png', '-'],
      detail: 'high',
      maxEdge: 1024,
      format: 'jpeg',
      system: 'Be brief.',
    });
  });

  it.each([
    [['--model', 'm', 'hi'], /no endpoint: pass --base-url or set OPENAI_BASE_URL/],
    [['--base-url', 'http://x/v1', 'hi'], /no model/],
    [[...base], /nothing to ask/],
    [[...base, '--temperature', 'hot', 'q'], /--temperature needs a number \(got "hot"\)/],
    [[...base, '--n', '1.5', 'q'], /--n needs a whole number/],
    [[...base, '--format', 'bmp', 'q'], /--format must be png, jpeg, webp, auto \(got "bmp"\)/],
    [
      [...base, '--format', 'webp', 'q'],
      /--format webp needs --preset with a provider that accepts WebP \(openai, anthropic-compatible, gemini\)/,
    ],
    [[...base, '--format', 'webp', '--preset', 'ollama', 'q'], /accepts WebP .*; ollama is sent PNG or JPEG/],
    [
      [...base, '--prompt-preset', 'poem', 'q'],
      /--prompt-preset must be explain, translate, extract-text, debug-error/,
    ],
    [[...base, '--preset', 'claude', 'q'], /--preset must be openai, azure, anthropic-compatible, gemini/],
    [[...base, '--detail', 'ultra', 'q'], /--detail must be auto, low, high/],
    [
      [...base, '--sharp-text', '--detail', 'low', 'q'],
      /--sharp-text needs the full detail: drop --detail low/,
    ],
    [[...base, '--max-edge', '0', 'q'], /--max-edge must be at least 1/],
    [[...base, '--logit-bias', '[1]', 'q'], /--logit-bias needs a JSON object/],
    [[...base, '--header', 'novalue', 'q'], /--header needs "Name: value"/],
    [[...base, '-i', '-', '-i', '-', 'q'], /only one --image can read stdin/],
    [[...base, '--wat', 'q'], /unknown option --wat/],
    [[...base, '--model'], /--model needs a value/],
  ])('%j → %s', (argv, message) => {
    expect(usageError(argv)).toMatch(message);
  });

  it('--format webp with a preset whose provider accepts WebP', () => {
    for (const preset of ['openai', 'anthropic-compatible', 'gemini']) {
      expect(ask([...base, '--format', 'webp', '--preset', preset, 'q'])).toMatchObject({
        format: 'webp',
        preset,
      });
    }
  });

  it('--help wins', () => {
    expect(parseAskArgs(['--help'], {})).toEqual({ kind: 'help' });
    expect(parseAskArgs(['-h', '--model', 'm'], {})).toEqual({ kind: 'help' });
  });
});

describe('runAsk in process', () => {
  function io(fetch: typeof globalThis.fetch): AskIo & { out: string; err: string } {
    const state = {
      out: '',
      err: '',
      env: {},
      stdout: { write: (t: string) => (state.out += t) },
      stderr: { write: (t: string) => (state.err += t) },
      readStdin: () => Promise.resolve(new Uint8Array()),
      readFile: () => Promise.reject(Object.assign(new Error('nope'), { code: 'ENOENT' })),
      fetch,
    };
    return state;
  }

  it('reports an unexpected failure of fetch itself in one line, exit 1', async () => {
    const state = io(() => Promise.reject(new Error('boom\n    at secret.ts:1:1')));
    const code = await runAsk([...base, 'hi'], state);
    expect(code).toBe(1);
    expect(state.err.split('\n').filter(Boolean)).toHaveLength(1);
    expect(state.out).toBe('');
  });

  it('an unreadable --tools file is a usage error', async () => {
    const state = io(globalThis.fetch);
    expect(await runAsk([...base, '--tools', 'missing.json', 'hi'], state)).toBe(2);
    expect(state.err).toBe('glimpse ask: cannot read --tools file "missing.json" (see --help)\n');
  });

  it('jsonOutput keeps the contract fields only', () => {
    expect(
      jsonOutput({
        choices: [
          {
            index: 0,
            content: 'a',
            reasoning: '',
            refusal: '',
            tool_calls: [],
            finish_reason: 'stop',
            logprobs: [1],
          },
        ],
        usage: null,
        system_fingerprint: null,
        model: 'm',
        interrupted: false,
      }),
    ).toEqual({
      choices: [
        { index: 0, content: 'a', reasoning: '', refusal: '', tool_calls: [], finish_reason: 'stop' },
      ],
      usage: null,
      system_fingerprint: null,
      model: 'm',
    });
  });
});
