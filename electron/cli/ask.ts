/**
 * Entry point of `npm run --silent ask -- …` (tsx, no build). Wires the command to the process.
 *
 * Uses Node's own fetch: HTTPS_PROXY / NO_PROXY are not applied (that needs undici's
 * EnvHttpProxyAgent, which is not installed); the app's requests go through Electron's net.fetch.
 */
import { readFile } from 'node:fs/promises';
import { EXIT, runAsk } from './ask-command';

async function readStdin(): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  for await (const part of process.stdin) parts.push(part as Buffer);
  return new Uint8Array(Buffer.concat(parts));
}

const controller = new AbortController();
process.on('SIGINT', () => {
  // First Ctrl-C stops the request (the partial answer stays on screen); a second one quits.
  if (controller.signal.aborted) process.exit(EXIT.interrupted);
  controller.abort();
});
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // The reader went away (`| head`): nothing left to say.
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
  throw error;
});

process.exitCode = await runAsk(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin,
  readFile: async (path) => new Uint8Array(await readFile(path)),
  fetch: globalThis.fetch,
  signal: controller.signal,
});
