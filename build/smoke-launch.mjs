#!/usr/bin/env node
/**
 * Release CI: starts a packaged Glimpse once with `--smoke-test` and fails unless it prints the
 * one ready line and exits 0 within the time limit (the app's side: electron/core/app/smoke.ts).
 * A missing native module, a fuse or an asar integrity check that kills the app at launch, a
 * main bundle that throws: the release stops here instead of reaching users.
 *
 *   node build/smoke-launch.mjs [--timeout SECONDS] <executable> [arguments…]
 *
 * The arguments must include --smoke-test (the workflow writes it out, so the command reads as
 * what it runs).
 */
import { spawn } from 'node:child_process';

/** Kept equal to SMOKE_READY_PATTERN in electron/core/app/smoke.ts (a unit test checks). */
export const READY_PATTERN = /^glimpse smoke: ready \(electron [^,()]+, sharp [^,()]+, asar (yes|no)\)$/m;

/** The verdict on one run: undefined when it passed, else why not. */
export function verdict({ code, signal, stdout, timedOut, seconds }) {
  if (timedOut) return `no ready line within ${seconds} s: the app hung or never started`;
  const ready = stdout.split(/\r?\n/).filter((line) => READY_PATTERN.test(line));
  if (code !== 0) return `the app exited with ${signal ?? `code ${String(code)}`}`;
  if (ready.length !== 1) return `expected exactly one ready line, got ${ready.length}`;
  return undefined;
}

async function main(argv) {
  let seconds = 120;
  if (argv[0] === '--timeout') {
    seconds = Number(argv[1]);
    argv = argv.slice(2);
  }
  const [command, ...args] = argv;
  if (!command || !args.includes('--smoke-test') || !(seconds > 0)) {
    console.error(
      'usage: node build/smoke-launch.mjs [--timeout SECONDS] <executable> --smoke-test [arguments…]',
    );
    return 2;
  }
  console.log(`smoke launch: ${[command, ...args].join(' ')}`);
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' },
  });
  let stdout = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    process.stdout.write(chunk);
  });
  child.stderr.on('data', (chunk) => process.stderr.write(chunk));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, seconds * 1000);
  const result = await new Promise((resolve) => {
    child.on('error', (error) => resolve({ code: null, signal: null, spawnError: error }));
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  clearTimeout(timer);
  if (result.spawnError) {
    console.error(`smoke launch failed: ${command} could not be started (${result.spawnError.message})`);
    return 1;
  }
  const why = verdict({ ...result, stdout, timedOut, seconds });
  if (why) {
    console.error(`smoke launch failed: ${why}`);
    return 1;
  }
  console.log('smoke launch passed');
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('smoke-launch.mjs')) {
  process.exitCode = await main(process.argv.slice(2));
}
