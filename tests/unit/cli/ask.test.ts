/**
 * The CLI as a user runs it: a child process against the local server. stdout is the answer and
 * nothing else; --json is DESIGN.md's object; failures are one stderr line and a non-zero exit.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/run-cli';
import {
  answerText,
  loadRecording,
  startMockServer,
  type MockReply,
  type MockServer,
} from '../../support/mock-openai-server';

const KEY = 'sk-cli-canary-Zp4Lq8Wm2Xv6Nc0Rb3';

let server: MockServer;
let reply: MockReply;
let dir: string;
let png: Uint8Array;
let jpeg: Uint8Array;

/** A white screen of `width × height` with the small test image in its middle, as a PNG file. */
async function screenFile(name: string, width: number, height: number): Promise<string> {
  const screen = await sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite([{ input: Buffer.from(png), top: Math.round(height * 0.4), left: Math.round(width * 0.45) }])
    .png()
    .toBuffer();
  writeFileSync(join(dir, name), screen);
  return join(dir, name);
}

beforeAll(async () => {
  server = await startMockServer((req) => (req.path.endsWith('/chat/completions') ? reply : undefined));
  dir = mkdtempSync(join(tmpdir(), 'glimpse-ask-'));
  png = new Uint8Array(
    await sharp({ create: { width: 64, height: 32, channels: 3, background: '#3366cc' } })
      .png()
      .toBuffer(),
  );
  jpeg = new Uint8Array(
    await sharp({ create: { width: 40, height: 40, channels: 3, background: '#cc6633' } })
      .jpeg()
      .toBuffer(),
  );
  writeFileSync(join(dir, 'x.png'), png);
  writeFileSync(join(dir, 'notes.png'), 'these are notes, not a picture\n');
  writeFileSync(
    join(dir, 'tools.json'),
    JSON.stringify([
      { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
      { type: 'function', function: { name: 'translate_text' } },
    ]),
  );
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The answer as printed: the CLI ends it with a newline when it does not end with one. */
const asLine = (text: string): string => (text === '' || text.endsWith('\n') ? text : `${text}\n`);

function lastBody(): Record<string, unknown> {
  return server.requests[server.requests.length - 1]!.body as Record<string, unknown>;
}

interface SentPart {
  type: string;
  text?: string;
  image_url?: { url: string; detail?: string };
}

/** The content parts of the last request's first message. */
function sentParts(): SentPart[] {
  return (lastBody() as { messages: { content: SentPart[] }[] }).messages[0]!.content;
}

/** Width and height of the image a data URI carries. */
async function imageSize(dataUri: string): Promise<[number | undefined, number | undefined]> {
  const meta = await sharp(Buffer.from(dataUri.slice(dataUri.indexOf(',') + 1), 'base64')).metadata();
  return [meta.width, meta.height];
}

describe('glimpse ask', () => {
  it('prints exactly the recorded answer, sending the image as a PNG data URI', async () => {
    reply = { kind: 'sse', chunks: [loadRecording('openai-explain')] };
    const result = await runCli([
      '--base-url',
      server.baseUrl,
      '--api-key',
      KEY,
      '--model',
      'm',
      '--image',
      join(dir, 'x.png'),
      'What is this?',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(asLine(answerText('openai-explain')));
    const request = server.requests[server.requests.length - 1]!;
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
    const body = request.body as {
      model: string;
      stream: boolean;
      messages: { content: { type: string; text?: string; image_url?: { url: string } }[] }[];
    };
    expect(body.model).toBe('m');
    expect(body.stream).toBe(true);
    expect(body.messages[0]!.content[0]).toEqual({ type: 'text', text: 'What is this?' });
    const url = body.messages[0]!.content[1]!.image_url!.url;
    expect(url).toBe(`data:image/png;base64,${Buffer.from(png).toString('base64')}`);
  });

  it('works through the npm script of the contract, with the endpoint from the environment', async () => {
    reply = { kind: 'sse', chunks: [loadRecording('groq-photo')] };
    const result = await runCli(['--model', 'llama', 'Describe the photo'], {
      viaNpm: true,
      env: { OPENAI_BASE_URL: server.baseUrl, OPENAI_API_KEY: KEY },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(asLine(answerText('groq-photo')));
    expect(server.requests[server.requests.length - 1]!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('--json prints the one object of DESIGN.md', async () => {
    reply = { kind: 'sse', chunks: [loadRecording('deepseek-reasoner')] };
    const result = await runCli([
      '--base-url',
      server.baseUrl,
      '--model',
      'deepseek-reasoner',
      '--json',
      'Read the whiteboard',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout.endsWith('\n')).toBe(true);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    const object = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(object)).toEqual(['choices', 'usage', 'system_fingerprint', 'model']);
    const choices = object.choices as Record<string, unknown>[];
    expect(Object.keys(choices[0]!)).toEqual([
      'index',
      'content',
      'reasoning',
      'refusal',
      'tool_calls',
      'finish_reason',
    ]);
    expect(choices[0]).toMatchObject({
      index: 0,
      content: answerText('deepseek-reasoner'),
      refusal: '',
      tool_calls: [],
      finish_reason: 'stop',
    });
    expect(choices[0]!.reasoning).toMatch(/^The user shows a whiteboard photo/);
    expect(object).toMatchObject({
      model: 'deepseek-reasoner',
      system_fingerprint: 'fp_393bca965e_prod0425fp8',
    });
    expect(object.usage).toMatchObject({ prompt_tokens: 52 });
  });

  it('--json with tools: the assembled calls', async () => {
    reply = { kind: 'sse', chunks: [loadRecording('tool-calls')] };
    const result = await runCli([
      '--base-url',
      server.baseUrl,
      '--model',
      'gpt-4o',
      '--json',
      '--tools',
      join(dir, 'tools.json'),
      '--tool-choice',
      'auto',
      'Weather where this photo was taken?',
    ]);
    expect(result.code).toBe(0);
    expect(lastBody()).toMatchObject({
      tools: [
        { type: 'function', function: { name: 'get_weather' } },
        { type: 'function', function: { name: 'translate_text' } },
      ],
      tool_choice: 'auto',
    });
    const object = JSON.parse(result.stdout) as {
      choices: { tool_calls: unknown[]; finish_reason: string }[];
    };
    expect(object.choices[0]!.finish_reason).toBe('tool_calls');
    expect(object.choices[0]!.tool_calls).toEqual([
      { id: 'call_Vx3kQm2Tq9', name: 'get_weather', arguments: '{"city": "Lyon", "unit": "celsius"}' },
      { id: 'call_Lr8pWn4Zc1', name: 'translate_text', arguments: '{"text": "欢迎光临", "target": "fr"}' },
    ]);
  });

  it('sends one flag per parameter, and nothing unset', async () => {
    reply = { kind: 'sse', chunks: [loadRecording('n2')] };
    const result = await runCli([
      '--base-url',
      server.baseUrl,
      '--model',
      'gpt-4o-mini',
      '--temperature',
      '0.7',
      '--top-p',
      '0.9',
      '--n',
      '2',
      '--stop',
      'END',
      '--stop',
      '###',
      '--max-tokens',
      '300',
      '--presence-penalty',
      '0.5',
      '--frequency-penalty',
      '-0.5',
      '--logit-bias',
      '{"50256": -100}',
      '--user',
      'u-1',
      '--json-mode',
      '--seed',
      '42',
      'Two answers please',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(asLine(answerText('n2')));
    expect(lastBody()).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Two answers please' }],
      temperature: 0.7,
      top_p: 0.9,
      n: 2,
      stop: ['END', '###'],
      max_tokens: 300,
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
      logit_bias: { '50256': -100 },
      user: 'u-1',
      response_format: { type: 'json_object' },
      seed: 42,
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('--no-stream asks for a plain JSON answer and prints it; stdin images keep their type', async () => {
    reply = {
      kind: 'raw',
      headers: { 'content-type': 'application/json' },
      body: loadRecording('quirk-plain-json'),
    };
    const result = await runCli(
      ['--base-url', server.baseUrl, '--model', 'llava', '--no-stream', '--image', '-', '--detail', 'low'],
      {
        input: jpeg,
      },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(asLine(answerText('quirk-plain-json')));
    const body = lastBody() as {
      stream: boolean;
      messages: { content: { image_url?: { url: string; detail?: string } }[] }[];
    };
    expect(body.stream).toBe(false);
    expect(body).not.toHaveProperty('stream_options');
    expect(body.messages[0]!.content[0]).toMatchObject({
      type: 'text',
      text: 'Explain what this image shows.',
    });
    expect(body.messages[0]!.content[1]!.image_url).toEqual({
      url: `data:image/jpeg;base64,${Buffer.from(jpeg).toString('base64')}`,
      detail: 'low',
    });
  });

  it('--max-edge scales the image through the image pipeline', async () => {
    reply = { kind: 'sse', chunks: [loadRecording('quirk-no-done')] };
    const result = await runCli([
      '--base-url',
      server.baseUrl,
      '--model',
      'm',
      '--image',
      join(dir, 'x.png'),
      '--max-edge',
      '16',
      'Tiny?',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const url = sentParts()[1]!.image_url!.url;
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    expect(await imageSize(url)).toEqual([16, 8]);
  });

  it("--preset sizes the image for the provider's own limits, through the app's pipeline", async () => {
    reply = { kind: 'sse', chunks: [loadRecording('quirk-no-done')] };
    // A wide screenshot with text-like detail: a local model (Ollama) reads at most 2048 px.
    const base = [
      '--base-url',
      server.baseUrl,
      '--model',
      'm',
      '--image',
      await screenFile('wide.png', 3000, 1000),
    ];
    const result = await runCli([...base, '--preset', 'ollama', 'Wide?']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const url = sentParts()[1]!.image_url!.url;
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    expect(await imageSize(url)).toEqual([2048, 683]);

    const unknown = await runCli([...base, '--preset', 'claude', 'Wide?']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--preset must be openai, azure/);
  });

  it('--sharp-text sends the image, the layout line and full-resolution tiles, as the app does', async () => {
    reply = { kind: 'sse', chunks: [loadRecording('quirk-no-done')] };
    const base = [
      '--base-url',
      server.baseUrl,
      '--model',
      'm',
      '--image',
      await screenFile('screen-4k.png', 3840, 2160),
    ];
    const result = await runCli([...base, '--preset', 'openai', '--sharp-text', 'Read it.']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const parts = sentParts();
    expect(parts.map((p) => p.type)).toEqual([
      'text',
      'image_url',
      'text',
      ...Array<string>(6).fill('image_url'),
    ]);
    expect(parts[2]!.text).toContain('3 rows × 2 columns');
    for (const part of parts.slice(3)) expect(await imageSize(part.image_url!.url)).toEqual([1932, 736]);
    // An image the provider keeps whole goes alone.
    await runCli([
      '--base-url',
      server.baseUrl,
      '--model',
      'm',
      '--image',
      join(dir, 'x.png'),
      '--sharp-text',
      '--preset',
      'openai',
      'Hi',
    ]);
    expect(sentParts().map((p) => p.type)).toEqual(['text', 'image_url']);
  });

  it('401: one line on stderr with the status and the server message, no key, exit 1', async () => {
    reply = {
      kind: 'json',
      status: 401,
      body: {
        error: {
          message: `Incorrect API key provided: ${KEY}.`,
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      },
    };
    const result = await runCli(['--base-url', server.baseUrl, '--api-key', KEY, '--model', 'm', 'hi']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/HTTP 401 Unauthorized/);
    expect(lines[0]).toMatch(/"Incorrect API key provided: \[redacted\]\."/);
    expect(result.stderr).not.toContain(KEY);
    expect(result.stderr).not.toContain(KEY.slice(8, 20));
  });

  it('an interrupted stream: the partial text on stdout, one line on stderr, exit 1', async () => {
    reply = { kind: 'sse', chunks: [loadRecording('quirk-error-object')] };
    const result = await runCli(['--base-url', server.baseUrl, '--model', 'm', 'hi']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(asLine(answerText('quirk-error-object')));
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/"Provider returned error: upstream connection reset"/);
  });

  it('an --image that is not an image: a clear error, nothing sent', async () => {
    const before = server.requests.length;
    const result = await runCli([
      '--base-url',
      server.baseUrl,
      '--model',
      'm',
      '--image',
      join(dir, 'notes.png'),
      'hi',
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /notes\.png" is not a PNG, JPEG, WebP or GIF image \(it starts with 74 68 65 73/,
    );
    expect(server.requests.length).toBe(before);
  });

  it('a damaged --image: the pipeline’s English sentence, as before its message had a code', async () => {
    // The page words image errors by their code (issue 16.5); the CLI has no French: it prints
    // the core's English sentence unchanged. --max-edge makes it decode the file.
    writeFileSync(join(dir, 'cut.png'), png.subarray(0, 60));
    const before = server.requests.length;
    const result = await runCli([
      '--base-url',
      server.baseUrl,
      '--model',
      'm',
      '--max-edge',
      '32',
      '--image',
      join(dir, 'cut.png'),
      'hi',
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /cut\.png": This image could not be read: the file looks damaged or incomplete\.$/m,
    );
    expect(server.requests.length).toBe(before);
  });

  it('a missing --image file, a bad flag, a bad value, no model: exit 2 or 1 with one line', async () => {
    const missing = await runCli([
      '--base-url',
      server.baseUrl,
      '--model',
      'm',
      '--image',
      join(dir, 'nope.png'),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read image ".*nope\.png": no such file/);

    const flag = await runCli(['--base-url', server.baseUrl, '--model', 'm', '--temprature', '1', 'hi']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe('glimpse ask: unknown option --temprature (see --help)\n');

    const value = await runCli(['--base-url', server.baseUrl, '--model', 'm', '--top-p', '1.5', 'hi']);
    expect(value.code).toBe(2);
    expect(value.stderr).toMatch(/top_p must be between 0 and 1 \(got 1\.5\)/);

    const noModel = await runCli(['--base-url', server.baseUrl, 'hi']);
    expect(noModel.code).toBe(2);
    expect(noModel.stderr).toMatch(/no model: pass --model NAME/);
  });

  it('goes straight to a loopback server even with a proxy set, and names a malformed proxy', async () => {
    reply = { kind: 'sse', chunks: [loadRecording('openai-explain')] };
    const proxied = await runCli(['--base-url', server.baseUrl, '--model', 'm', 'hi'], {
      env: { HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9' },
    });
    expect(proxied.code).toBe(0);
    expect(proxied.stdout).toBe(asLine(answerText('openai-explain')));

    const bad = await runCli(['--base-url', server.baseUrl, '--model', 'm', 'hi'], {
      env: { HTTPS_PROXY: 'socks5://127.0.0.1:1080' },
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^glimpse ask: The proxy "socks5:.*HTTPS_PROXY/);
  });

  it('--help', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: npm run --silent ask -- \[options\] \[prompt\]/);
    for (const flag of [
      '--base-url',
      '--api-key',
      '--model',
      '--image',
      '--no-stream',
      '--temperature',
      '--top-p',
      '--n',
      '--stop',
      '--max-tokens',
      '--presence-penalty',
      '--frequency-penalty',
      '--logit-bias',
      '--user',
      '--json-mode',
      '--seed',
      '--tools',
      '--tool-choice',
      '--max-edge',
      '--format',
      '--preset',
      '--prompt-preset',
      '--json',
    ]) {
      expect(result.stdout).toContain(flag);
    }
  });
});
