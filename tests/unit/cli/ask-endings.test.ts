/**
 * How `glimpse ask` ends its output: the answer always ends with a newline (piped too, so the
 * shell prompt or the next line of a script does not stick to it), a content filter's cut is a
 * failure with one stderr line, and a token-limit cut is noted in text mode.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, runAsk, type AskIo } from '../../../electron/cli/ask-command';
import { startMockServer, type MockReply, type MockServer } from '../../support/mock-openai-server';

let server: MockServer;
let reply: MockReply;

beforeAll(async () => {
  server = await startMockServer(() => reply);
});
afterAll(async () => {
  await server.close();
});

/** A streamed answer whose deltas are `pieces`, ending with `finishReason`. */
function stream(pieces: string[], finishReason: string): MockReply {
  const chunk = (delta: object, finish: string | null): string =>
    `data: ${JSON.stringify({
      id: 'c1',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'm',
      choices: [{ index: 0, delta, finish_reason: finish }],
    })}\n\n`;
  return {
    kind: 'sse',
    chunks: [
      chunk({ role: 'assistant', content: '' }, null),
      ...pieces.map((content) => chunk({ content }, null)),
      chunk({}, finishReason),
      'data: [DONE]\n\n',
    ],
  };
}

/** Runs the command in process with stdout piped (not a terminal). */
async function ask(args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: AskIo = {
    env: {},
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text) },
    readStdin: () => Promise.resolve(new Uint8Array()),
    readFile: () => Promise.reject(new Error('no files here')),
    fetch: globalThis.fetch,
  };
  const code = await runAsk(['--base-url', server.baseUrl, '--model', 'm', ...args, 'hi'], io);
  return { code, stdout, stderr };
}

describe('glimpse ask: how the output ends', () => {
  it('piped, the answer ends with one newline', async () => {
    reply = stream(['Hello', ' there.'], 'stop');
    const result = await ask();
    expect(result).toEqual({ code: EXIT.ok, stdout: 'Hello there.\n', stderr: '' });
  });

  it('an answer that already ends with a newline gets no second one', async () => {
    reply = stream(['- one\n', '- two\n'], 'stop');
    expect((await ask()).stdout).toBe('- one\n- two\n');
  });

  it('content_filter: the text printed, one stderr line naming the filter, exit 1', async () => {
    reply = stream(['I can describe the first'], 'content_filter');
    const result = await ask();
    expect(result.code).toBe(EXIT.failed);
    expect(result.stdout).toBe('I can describe the first\n');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/content filter stopped the answer/);
  });

  it('content_filter with --json: the object (with its finish_reason) and exit 1', async () => {
    reply = stream(['Cut'], 'content_filter');
    const result = await ask(['--json']);
    expect(result.code).toBe(EXIT.failed);
    expect(JSON.parse(result.stdout)).toMatchObject({ choices: [{ finish_reason: 'content_filter' }] });
  });

  it('length in text mode: a note on stderr, exit 0', async () => {
    reply = stream(['A long answer that goes on'], 'length');
    const result = await ask();
    expect(result.code).toBe(EXIT.ok);
    expect(result.stderr).toMatch(/cut at the token limit .*--max-tokens/);
  });
});
