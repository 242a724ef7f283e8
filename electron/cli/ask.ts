/**
 * Entry point of `npm run --silent ask -- …` (tsx, no build). Wires the command to the process.
 *
 * Requests honour HTTP_PROXY / HTTPS_PROXY / NO_PROXY like curl, except to loopback hosts.
 */
import { readFile } from 'node:fs/promises';
import { createProxyFetch, ProxyConfigError } from '../core/net/proxy-fetch';
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

let fetch: typeof globalThis.fetch;
try {
  fetch = createProxyFetch({ env: process.env });
} catch (error) {
  if (!(error instanceof ProxyConfigError)) throw error;
  process.stderr.write(`glimpse ask: ${error.message} (from the HTTP_PROXY / HTTPS_PROXY environment)\n`);
  process.exit(EXIT.usage);
}

process.exitCode = await runAsk(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin,
  readFile: async (path) => new Uint8Array(await readFile(path)),
  fetch,
  signal: controller.signal,
});
