/**
 * `glimpse ask …` in the packaged app: the CLI runs in this main process (Node APIs, no window),
 * so it ships without the RunAsNode fuse. Output goes to the terminal that started it (Linux and
 * macOS; a Windows GUI binary has no console — use `npm run ask` there).
 */
import { readFile } from 'node:fs/promises';
import { app } from 'electron';
import { EXIT, runAsk } from '../cli/ask-command';

async function readStdin(): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  for await (const part of process.stdin) parts.push(part as Buffer);
  return new Uint8Array(Buffer.concat(parts));
}

export function runAskInApp(args: string[]): void {
  app.dock?.hide();
  const controller = new AbortController();
  process.on('SIGINT', () => {
    if (controller.signal.aborted) app.exit(EXIT.interrupted);
    controller.abort();
  });
  runAsk(args, {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin,
    readFile: async (path) => new Uint8Array(await readFile(path)),
    fetch: globalThis.fetch,
    signal: controller.signal,
    // GLIMPSE_DATA_DIR is already applied to userData (index.ts): --action reads the app's settings.
    dataDir: app.getPath('userData'),
  }).then(
    (code) => app.exit(code),
    (error: unknown) => {
      process.stderr.write(`glimpse ask: ${error instanceof Error ? error.message : String(error)}\n`);
      app.exit(EXIT.failed);
    },
  );
}
