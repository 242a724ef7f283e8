/**
 * Glimpse's version in Node (web mode, the CLI, tests, benchmarks): package.json's, which is what
 * app.getVersion() answers in the app. Stores record it for their migrations, so both agree.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function packageVersion(): string {
  const text = readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}
