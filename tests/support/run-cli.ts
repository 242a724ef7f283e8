/**
 * `glimpse ask` as a user runs it: a child process of the CLI's entry point (or `npm run ask`),
 * from the repository root, without the caller's OPENAI_* variables unless given.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  options: { env?: Record<string, string>; input?: Uint8Array; viaNpm?: boolean } = {},
): Promise<CliRun> {
  const command = options.viaNpm ? 'npm' : process.execPath;
  const argv = options.viaNpm
    ? ['run', '--silent', 'ask', '--', ...args]
    : ['--import', 'tsx', 'electron/cli/ask.ts', ...args];
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !k.startsWith('OPENAI_')) env[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { cwd: REPO_ROOT, env: { ...env, ...options.env }, stdio: 'pipe' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
    child.stdin.end(options.input ?? new Uint8Array());
  });
}
