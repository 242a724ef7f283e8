/**
 * The log file: one line per event, every line scrubbed of secrets before it is written, rotated
 * by size (glimpse.log → glimpse.1.log → … → dropped) so it never grows without bound. Logging
 * never throws: a full disk must not take the app down with it.
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { redactText } from './redact';

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogEntry {
  time: string;
  level: LogLevel;
  message: string;
}

export interface DiagnosticLogOptions {
  dir: string;
  /** File name without extension. */
  name?: string;
  /** Rotate once the current file would grow past this size. */
  maxBytes?: number;
  /** Files kept, the current one included. */
  maxFiles?: number;
  /** How many recent warnings and errors `lastErrors()` keeps for diagnostics. */
  keepErrors?: number;
  /** The secrets known now (API keys, header values), read at each write. */
  secrets: () => readonly string[];
  now?: () => Date;
  /** Also echo each (scrubbed) line here, e.g. to the console. */
  echo?: (line: string) => void;
}

/** The message of anything thrown, on one line, without a stack. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const cause = error.cause instanceof Error ? ` (cause: ${error.cause.message})` : '';
    return `${error.name}: ${error.message}${typeof code === 'string' ? ` [${code}]` : ''}${cause}`;
  }
  return String(error);
}

export class DiagnosticLog {
  readonly path: string;
  readonly #dir: string;
  readonly #name: string;
  readonly #maxBytes: number;
  readonly #maxFiles: number;
  readonly #keepErrors: number;
  readonly #options: DiagnosticLogOptions;
  readonly #errors: LogEntry[] = [];
  #size: number | undefined;
  /** Writes that failed (disk full, permissions): reported in diagnostics. */
  writeFailures = 0;

  constructor(options: DiagnosticLogOptions) {
    this.#options = options;
    this.#dir = options.dir;
    this.#name = options.name ?? 'glimpse';
    this.#maxBytes = Math.max(1024, options.maxBytes ?? 1024 * 1024);
    this.#maxFiles = Math.max(1, options.maxFiles ?? 3);
    this.#keepErrors = options.keepErrors ?? 20;
    this.path = join(this.#dir, `${this.#name}.log`);
  }

  info(message: string): void {
    this.write('info', message);
  }

  warn(message: string, error?: unknown): void {
    this.write('warn', error === undefined ? message : `${message}: ${describeError(error)}`);
  }

  error(message: string, error?: unknown): void {
    this.write('error', error === undefined ? message : `${message}: ${describeError(error)}`);
  }

  write(level: LogLevel, message: string): void {
    const entry: LogEntry = {
      time: (this.#options.now?.() ?? new Date()).toISOString(),
      level,
      // One line per entry, scrubbed before it exists anywhere outside this function.
      message: redactText(message.replace(/\s*[\r\n]+\s*/g, ' ⏎ '), this.#options.secrets()),
    };
    if (level !== 'info') {
      this.#errors.push(entry);
      if (this.#errors.length > this.#keepErrors) this.#errors.shift();
    }
    const line = `${entry.time} ${level.toUpperCase().padEnd(5)} ${entry.message}\n`;
    this.#options.echo?.(line.trimEnd());
    try {
      this.#append(line);
    } catch {
      this.writeFailures++;
    }
  }

  /** The most recent warnings and errors, oldest first. */
  lastErrors(): LogEntry[] {
    return [...this.#errors];
  }

  /** The log files that exist, newest first. */
  files(): string[] {
    return [this.path, ...Array.from({ length: this.#maxFiles - 1 }, (_, i) => this.#rotated(i + 1))].filter(
      (path) => existsSync(path),
    );
  }

  #rotated(index: number): string {
    return join(this.#dir, `${this.#name}.${index}.log`);
  }

  #append(line: string): void {
    const bytes = Buffer.byteLength(line);
    if (this.#size === undefined) {
      mkdirSync(this.#dir, { recursive: true });
      this.#size = existsSync(this.path) ? statSync(this.path).size : 0;
    }
    if (this.#size > 0 && this.#size + bytes > this.#maxBytes) this.#rotate();
    appendFileSync(this.path, line, { mode: 0o600 });
    this.#size += bytes;
  }

  #rotate(): void {
    rmSync(this.#maxFiles > 1 ? this.#rotated(this.#maxFiles - 1) : this.path, { force: true });
    for (let i = this.#maxFiles - 2; i >= 1; i--) {
      if (existsSync(this.#rotated(i))) renameSync(this.#rotated(i), this.#rotated(i + 1));
    }
    if (this.#maxFiles > 1 && existsSync(this.path)) renameSync(this.path, this.#rotated(1));
    this.#size = 0;
  }
}
