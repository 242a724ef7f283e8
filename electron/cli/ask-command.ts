/**
 * `glimpse ask`: one question about images, answered on stdout as it streams. Everything
 * outside (argv, env, streams, files, fetch) comes in through `AskIo`, so tests can run it in
 * process as well as as a child process.
 */
import { ChatError, streamChat } from '../core/chat/index';
import type { ChatMessage, ChatResult, ContentPart, Endpoint, FunctionTool } from '../core/chat/index';
import { needsSettings, parseAskArgs, USAGE, UsageError, type AskContext, type AskOptions } from './ask-args';
import { cliDataDir, readCliSettings, SettingsSourceError } from './settings-source';
import { resolveAction } from '../core/settings/actions';
import type { Settings } from '../../shared/settings-schema';
import { ImageInputError, imageToDataUri } from './image-input';
import type { CliShield } from './privacy';

export interface AskIo {
  env: Readonly<Record<string, string | undefined>>;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  readStdin(): Promise<Uint8Array>;
  readFile(path: string): Promise<Uint8Array>;
  fetch: typeof globalThis.fetch;
  signal?: AbortSignal;
  /**
   * The app's data folder, for --action and --list-actions (the packaged app passes its userData);
   * without it: GLIMPSE_DATA_DIR, else the app's default folder (settings-source.ts).
   */
  dataDir?: string;
}

/** The app's settings when the arguments need them; a missing or bad file is said by --action. */
function askContext(argv: readonly string[], io: AskIo): AskContext {
  if (!needsSettings(argv)) return {};
  try {
    return { settings: readCliSettings(io.dataDir ?? cliDataDir(io.env)).settings };
  } catch (error) {
    if (error instanceof SettingsSourceError) return { settingsProblem: error.message };
    throw error;
  }
}

/** `--list-actions`: one line per action, tab-separated: id, name, capture, profile. */
function listActions(io: AskIo, settings: Settings): void {
  for (const action of settings.actions) {
    const { profile, fallback } = resolveAction(settings, action);
    const uses =
      action.profileId === null
        ? `active profile (${profile.name})`
        : fallback
          ? `${action.profileId} (missing: active profile ${profile.name})`
          : profile.name;
    const capture = action.engine === 'local-ocr' ? `${action.capture}, offline text` : action.capture;
    io.stdout.write(`${action.id}\t${action.name}\t${capture}\t${uses}\n`);
  }
}

export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/** The one JSON object of `--json` (DESIGN.md's CLI contract). */
export function jsonOutput(result: ChatResult): unknown {
  return {
    choices: result.choices.map((c) => ({
      index: c.index,
      content: c.content,
      reasoning: c.reasoning,
      refusal: c.refusal,
      tool_calls: c.tool_calls.map((t) => ({ id: t.id, name: t.name, arguments: t.arguments })),
      finish_reason: c.finish_reason,
    })),
    usage: result.usage,
    system_fingerprint: result.system_fingerprint,
    model: result.model,
  };
}

function fail(io: AskIo, message: string): void {
  // One line: the contract promises a single line on stderr.
  io.stderr.write(`glimpse ask: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
}

async function readImage(io: AskIo, path: string): Promise<Uint8Array> {
  try {
    return path === '-' ? await io.readStdin() : await io.readFile(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES'
            ? 'permission denied'
            : String(code ?? error);
    throw new ImageInputError(`cannot read image ${path === '-' ? 'from stdin' : `"${path}"`}: ${why}`);
  }
}

async function readTools(io: AskIo, path: string): Promise<FunctionTool[]> {
  let text: string;
  try {
    text = new TextDecoder().decode(await io.readFile(path));
  } catch {
    throw new UsageError(`cannot read --tools file "${path}"`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`--tools file "${path}" is not valid JSON`);
  }
  const list: unknown = Array.isArray(parsed) ? parsed : (parsed as { tools?: unknown } | null)?.tools;
  if (!Array.isArray(list)) throw new UsageError(`--tools file "${path}" must hold a JSON array of tools`);
  // Bare function definitions ({name, parameters}) are wrapped; the request validation checks the rest.
  return list.map((tool: unknown) =>
    typeof tool === 'object' && tool !== null && !('type' in tool) && 'name' in tool
      ? ({ type: 'function', function: tool } as FunctionTool)
      : (tool as FunctionTool),
  );
}

async function buildMessages(io: AskIo, options: AskOptions, shield?: CliShield): Promise<ChatMessage[]> {
  const messages: ChatMessage[] = [];
  if (options.system !== undefined) messages.push({ role: 'system', content: options.system });
  if (options.images.length === 0) {
    messages.push({ role: 'user', content: options.prompt });
    return messages;
  }
  const parts: ContentPart[] = [{ type: 'text', text: options.prompt }];
  for (const path of options.images) {
    const name = path === '-' ? 'stdin' : `"${path}"`;
    let bytes = await readImage(io, path);
    if (shield && options.redact) bytes = await shield.redact(name, bytes, options.redact, io);
    const image = await imageToDataUri(name, bytes, options);
    const imagePart = (url: string): ContentPart => ({
      type: 'image_url',
      image_url: { url, ...(options.detail ? { detail: options.detail } : {}) },
    });
    parts.push(imagePart(image.dataUri));
    // --sharp-text: the same layout line and tile order as the app (core/image/sharp-text.ts).
    if (image.sharpText) {
      const { layoutNote, dataUris } = image.sharpText;
      parts.push({ type: 'text', text: layoutNote }, ...dataUris.map(imagePart));
    }
  }
  messages.push({ role: 'user', content: parts });
  return messages;
}

/** `--ocr`: text only, read on this machine. */
async function runOcr(images: readonly string[], io: AskIo): Promise<number> {
  const { CliShield, ShieldError } = await import('./privacy');
  const shield = new CliShield();
  try {
    const read = [];
    for (const path of images)
      read.push({ name: path === '-' ? 'stdin' : `"${path}"`, bytes: await readImage(io, path) });
    await shield.printText(read, io);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof ShieldError || error instanceof ImageInputError) {
      fail(io, error.message);
      return EXIT.failed;
    }
    throw error;
  } finally {
    await shield.dispose();
  }
}

/**
 * How the answer ended, said on stderr (stdout stays the answer): a content filter's cut is a
 * failure (exit 1), since what was printed is not the model's whole answer; a token-limit cut is a
 * note in text mode (--json carries finish_reason itself).
 */
function finishStatus(io: AskIo, result: ChatResult, json: boolean): number {
  const reason = result.choices.find((choice) => choice.index === 0)?.finish_reason;
  if (reason === 'content_filter') {
    fail(io, "the provider's content filter stopped the answer (finish_reason content_filter)");
    return EXIT.failed;
  }
  if (reason === 'length' && !json) {
    io.stderr.write(
      'glimpse ask: note: the answer was cut at the token limit (finish_reason length) — raise --max-tokens\n',
    );
  }
  return EXIT.ok;
}

export async function runAsk(argv: readonly string[], io: AskIo): Promise<number> {
  let options: AskOptions;
  try {
    const context = askContext(argv, io);
    const parsed = parseAskArgs(argv, io.env, context);
    if (parsed.kind === 'help') {
      io.stdout.write(USAGE);
      return EXIT.ok;
    }
    if (parsed.kind === 'list-actions') {
      listActions(io, context.settings!);
      return EXIT.ok;
    }
    if (parsed.kind === 'ocr') return await runOcr(parsed.images, io);
    options = parsed.options;
    for (const note of options.notes ?? []) io.stderr.write(`glimpse ask: note: ${note}\n`);
  } catch (error) {
    if (error instanceof UsageError) {
      fail(io, `${error.message} (see --help)`);
      return EXIT.usage;
    }
    throw error;
  }

  let wroteText = false;
  /** Whether the last text written ended a line: the answer always ends with one, piped or not. */
  let endedLine = true;
  const endLine = (): void => {
    if (wroteText && !endedLine) io.stdout.write('\n');
    endedLine = true;
  };
  // Loaded only for --redact: OCR starts a worker thread.
  const privacy = options.redact && options.images.length > 0 ? await import('./privacy') : undefined;
  const shield = privacy ? new privacy.CliShield() : undefined;
  try {
    const params = { ...options.params };
    if (options.toolsFile !== undefined) params.tools = await readTools(io, options.toolsFile);
    const messages = await buildMessages(io, options, shield);
    await shield?.dispose();
    const endpoint: Endpoint = {
      baseUrl: options.baseUrl,
      headers: options.headers,
      compat: { includeUsage: options.includeUsage },
    };
    if (options.apiKey !== undefined) endpoint.apiKey = options.apiKey;

    const stream = streamChat({ model: options.model, messages, params, stream: options.stream }, endpoint, {
      fetch: io.fetch,
      ...(io.signal ? { signal: io.signal } : {}),
    });
    let step = await stream.next();
    while (!step.done) {
      const event = step.value;
      if (!options.json && event.type === 'delta' && event.choice === 0 && event.content) {
        io.stdout.write(event.content);
        wroteText = true;
        endedLine = event.content.endsWith('\n');
      }
      step = await stream.next();
    }
    const result = step.value;
    if (options.json) io.stdout.write(`${JSON.stringify(jsonOutput(result))}\n`);
    else endLine();
    return finishStatus(io, result, options.json);
  } catch (error) {
    endLine();
    if (error instanceof ChatError) {
      fail(io, error.message);
      return error.kind === 'invalid-request'
        ? EXIT.usage
        : error.kind === 'aborted'
          ? EXIT.interrupted
          : EXIT.failed;
    }
    if (error instanceof UsageError) {
      fail(io, `${error.message} (see --help)`);
      return EXIT.usage;
    }
    if (error instanceof ImageInputError || (privacy && error instanceof privacy.ShieldError)) {
      fail(io, error.message);
      return EXIT.failed;
    }
    // Not ours to explain in detail, but still one line and never a stack.
    fail(io, `unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failed;
  } finally {
    await shield?.dispose();
  }
}
