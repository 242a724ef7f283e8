/**
 * `--ocr` and `--redact` as a user runs them: child processes of `npm run ask`'s entry point.
 * --ocr prints the text and calls no endpoint; --redact sends an image whose secrets are black
 * and lists category and box on stderr, never the secret.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/run-cli';
import { judge } from '../../fixtures/privacy/evaluate';
import { PRIVACY_FIXTURES, readManifest, readScreen } from '../../fixtures/privacy/manifest';
import { loadRecording, startMockServer, type MockServer } from '../../support/mock-openai-server';

const REPO_TESTS = join(import.meta.dirname, '..', '..');
const manifest = await readManifest();
const screen = (file: string) => manifest.images.find((i) => i.file === file)!;
let server: MockServer;

/** The image URL of the last request the server received. */
function sentImageUrl(): string {
  const body = server.requests.at(-1)!.body as {
    messages: { content: { type: string; image_url?: { url: string } }[] }[];
  };
  return body.messages[0]!.content.find((p) => p.type === 'image_url')!.image_url!.url;
}

beforeAll(async () => {
  server = await startMockServer((req) =>
    req.path.endsWith('/chat/completions')
      ? { kind: 'sse', chunks: [loadRecording('openai-explain')] }
      : undefined,
  );
});
afterAll(() => server.close());

describe('ask --ocr', () => {
  it('prints the text as lines and needs no endpoint, model or key', async () => {
    const before = server.requests.length;
    const result = await runCli(['--ocr', '--image', join(PRIVACY_FIXTURES, 'env-editor@2x.png')]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.some((l) => l.includes('PORT=3000'))).toBe(true);
    expect(lines.some((l) => /LOG.LEVEL=info/.test(l))).toBe(true);
    expect(server.requests.length).toBe(before);
  }, 60_000);

  it('reads English and French together, as the app does, and leaves no language folder behind', async () => {
    // With English alone this line reads "prélevement a échéance" and "ga requ déja".
    const tmp = await mkdtemp(join(tmpdir(), 'glimpse-cli-tmp-'));
    try {
      const result = await runCli(
        ['--ocr', '--image', join(REPO_TESTS, 'unit/core/privacy/support/french-form.png')],
        { env: { TMPDIR: tmp } },
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('prélèvement à échéance');
      expect(result.stdout).toContain('ça reçu déjà été créé');
      // The language files were linked into a folder of the CLI's own, removed at the end.
      // (tsx keeps its own cache there too.)
      expect((await readdir(tmp)).filter((name) => name.startsWith('glimpse'))).toEqual([]);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }, 60_000);

  it('says plainly when there is no image to read', async () => {
    const result = await runCli(['--ocr']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--ocr needs at least one --image/);
  });
});

describe('ask --redact', () => {
  it('sends the image with every secret black and lists category and box, never the secret', async () => {
    const image = screen('terminal@1x.png');
    const result = await runCli([
      '--base-url',
      server.baseUrl,
      '--model',
      'gpt-4o-mini',
      '--redact',
      '--image',
      join(PRIVACY_FIXTURES, image.file),
      'What is on my screen?',
    ]);
    expect(result.code).toBe(0);
    const url = sentImageUrl();
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    const sent = new Uint8Array(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
    const verdict = await judge(image, await readScreen(image), sent, []);
    expect(verdict.missed).toEqual([]);
    expect(verdict.plainHit).toEqual([]);

    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(image.secrets.length);
    for (const line of lines)
      expect(line).toMatch(/^glimpse ask: redacted keys \([a-z-]+\) in ".+" at x=\d+ y=\d+ \d+×\d+$/);
    for (const secret of image.secrets) {
      expect(result.stderr).not.toContain(secret.text.slice(4, 14));
      // The answer on stdout is the model's, and no secret went out in any form either.
      expect(server.requests.at(-1)!.rawBody).not.toContain(secret.text.slice(4, 14));
    }
  }, 60_000);

  it('redacts only the categories asked for', async () => {
    const image = screen('checkout@1x.png');
    const result = await runCli([
      '--base-url',
      server.baseUrl,
      '--model',
      'gpt-4o-mini',
      '--redact',
      'cards',
      '--image',
      join(PRIVACY_FIXTURES, image.file),
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/redacted cards \(luhn-card\)/);
    expect(result.stderr).not.toMatch(/redacted emails/);
    const url = sentImageUrl();
    const sent = new Uint8Array(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
    const verdict = await judge(image, await readScreen(image), sent, []);
    expect(verdict.missed.map((m) => m.category)).toEqual(['emails']);
  }, 60_000);

  it('refuses an unknown category before anything is read or sent', async () => {
    const before = server.requests.length;
    const result = await runCli(['--base-url', server.baseUrl, '-m', 'x', '--redact=keys,tokenz', 'hi']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--redact: unknown category tokenz/);
    expect(server.requests.length).toBe(before);
  });
});
