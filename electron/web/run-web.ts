/**
 * `npm run web` as a function of its argv, environment and output, so tests can run it in
 * process: the port, the data folder (GLIMPSE_DATA_DIR, as the app reads it) and every failure as
 * one line, never a stack.
 */
import { parseArgs } from 'node:util';
import { prepareDataDir } from '../core/app/startup';
import {
  startWebServer,
  WEB_MODE_OPTIONS,
  WebListenError,
  type WebServer,
  type WebServerOptions,
} from './server';

export interface WebCliIo {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Builds the renderer when it is stale and says where it is. */
  build: (force: boolean) => string;
  start?: (options: WebServerOptions) => Promise<WebServer>;
}

export type WebCliResult = { code: 0; server: WebServer } | { code: 1 | 2 };

export async function runWebCli(io: WebCliIo): Promise<WebCliResult> {
  let values: { port: string; rebuild: boolean };
  try {
    ({ values } = parseArgs({
      args: [...io.argv],
      options: { port: { type: 'string', default: '0' }, rebuild: { type: 'boolean', default: false } },
    }) as { values: { port: string; rebuild: boolean } });
  } catch (error) {
    io.err(`glimpse web: ${(error as Error).message} (options: --port P, --rebuild)`);
    return { code: 2 };
  }
  const port = Number(values.port);
  if (values.port.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
    io.err(`glimpse web: --port must be a number from 0 to 65535, not "${values.port}"`);
    return { code: 2 };
  }

  let dataDir: string | undefined;
  try {
    // The same rule as the app: relative to the working folder, created when missing.
    dataDir = prepareDataDir({ env: io.env.GLIMPSE_DATA_DIR, cwd: io.cwd, smoke: false });
  } catch (error) {
    io.err(
      `glimpse web: the data folder GLIMPSE_DATA_DIR=${io.env.GLIMPSE_DATA_DIR} cannot be used (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
    return { code: 1 };
  }

  try {
    const rendererDir = io.build(values.rebuild);
    const server = await (io.start ?? startWebServer)({
      // The privacy shield runs as in the app, as Settings shows it.
      ...WEB_MODE_OPTIONS,
      rendererDir,
      port,
      log: (line) => io.err(line),
      ...(dataDir ? { dataDir } : {}),
    });
    io.out(`Glimpse web mode (development only): open ${server.url}`);
    io.out(
      dataDir
        ? `Settings and history are kept in ${dataDir} (GLIMPSE_DATA_DIR), keys in memory; press Ctrl+C to stop.`
        : 'Settings and history are kept in a temporary folder (set GLIMPSE_DATA_DIR to keep them), keys in memory; press Ctrl+C to stop.',
    );
    return { code: 0, server };
  } catch (error) {
    io.err(
      `glimpse web: ${error instanceof WebListenError ? error.message : (error as Error).message.replace(/\s*\n[\s\S]*$/, '')}`,
    );
    return { code: 1 };
  }
}
