/**
 * `glimpse ask` arguments → options. Pure (no I/O): files named here are read by the command.
 */
import { parseArgs } from 'node:util';
import type { ChatParameters, ImageDetail, ToolChoice } from '../core/chat/index';
import {
  PRESET_NAMES as IMAGE_PRESETS,
  PROVIDER_PRESETS as IMAGE_PRESET_TABLE,
  type PresetName as ImagePreset,
} from '../core/image/presets';
import { parseCategories, type PrivacyCategory } from '../core/privacy/types';
import { actionQuestion, findAction } from '../../shared/actions';
import type { Settings } from '../../shared/settings-schema';
import { resolveAction } from '../core/settings/actions';
import { STORED_HEADER_VALUE } from '../core/settings/header-secrets';

/** Ready-made questions (`--prompt-preset`), the same four as the app's presets. */
export const PRESETS = {
  explain: 'Explain what this image shows.',
  translate: 'Translate the text in this image into English, keeping its layout.',
  'extract-text': 'Extract all the text in this image, exactly as written.',
  'debug-error': 'This is an error on my screen. Explain what causes it and how to fix it.',
} as const;
export type PresetName = keyof typeof PRESETS;

export const USAGE = `Usage: npm run --silent ask -- [options] [prompt]

Ask an OpenAI-compatible vision model about images. Prints the answer as it streams.

Endpoint
  --base-url URL            API root, e.g. https://api.openai.com/v1 (default $OPENAI_BASE_URL)
  --api-key KEY             (default $OPENAI_API_KEY; local servers may need none)
  --model NAME, -m NAME     model to ask (required)
  --header "Name: value"    extra request header (repeatable)
  --no-usage                do not send stream_options (for servers that reject it)

Input
  --image PATH, -i PATH     PNG, JPEG, WebP or GIF file; "-" reads stdin (repeatable)
  --detail auto|low|high    image detail the model should use
  --max-edge PX             scale images down so their longest edge is at most PX
  --format png|jpeg|webp|auto
                            re-encode images (auto: keep the file's format unless scaled;
                            webp: lossless WebP, with a --preset whose provider accepts it)
  --preset PROVIDER         size images for what this provider reads: openai, azure,
                            anthropic-compatible, gemini, ollama, lmstudio or generic
  --sharp-text              also send each image the provider would shrink as full-resolution
                            tiles (more tokens; small text stays readable)
  --prompt-preset NAME      explain, translate, extract-text or debug-error
  --system TEXT             system message

Your actions (the app's: settings.json in $GLIMPSE_DATA_DIR, else the app's data folder)
  --action NAME             ask the action's question (by id or name, any case) with its
                            profile's base URL, headers and model and its parameters; the
                            options above still win. Extract-text actions read offline (--ocr)
  --list-actions            print each action: id, name, capture, profile
  The API key is never read from the app (its keychain is out of reach here): give
  --api-key or $OPENAI_API_KEY.

Parameters (unset ones are not sent)
  --temperature 0..2  --top-p 0..1  --n N  --stop TEXT (repeatable, at most 4)
  --max-tokens N  --presence-penalty -2..2  --frequency-penalty -2..2
  --logit-bias JSON (e.g. '{"50256":-100}')  --user ID  --json-mode  --seed N
  --tools FILE (JSON array of function tools)  --tool-choice none|auto|required|FUNCTION

Privacy (offline: nothing leaves the machine for these)
  --ocr                     print the text of the --image files, lines as laid out; no endpoint needed
  --redact[=LIST]           black out secrets in the images before sending; LIST is all (default) or
                            some of keys,passwords,emails,phones,cards,ibans,entropy. stderr lists
                            each redaction's category and box, never its text

Output
  --no-stream               ask for the whole answer at once
  --json                    print one JSON object when the answer ends, instead of the text
  --help, -h                show this help

Exit status: 0 answered, 1 the request failed (one line on stderr), 2 bad arguments.
`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface AskOptions {
  baseUrl: string;
  apiKey?: string;
  model: string;
  prompt: string;
  images: string[];
  detail?: ImageDetail;
  maxEdge?: number;
  format: 'png' | 'jpeg' | 'webp' | 'auto';
  /** The provider whose image limits apply (re-encodes through the app's pipeline). */
  preset?: ImagePreset;
  /** Also send full-resolution tiles of each image the provider would shrink. */
  sharpText?: boolean;
  system?: string;
  stream: boolean;
  includeUsage: boolean;
  headers: Record<string, string>;
  params: ChatParameters;
  /** Read by the command: a JSON file of tools. */
  toolsFile?: string;
  json: boolean;
  /** `--redact`: scan the images offline and black out these categories before sending. */
  redact?: PrivacyCategory[];
  /** Said on stderr before asking (e.g. the action's profile is missing: the active one is used). */
  notes?: string[];
}

/** A profile's extra headers, without the ones whose value is kept in the app's keychain. */
function profileHeaders(profile: { headers: Record<string, string> } | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(profile?.headers ?? {}).filter(([, value]) => value !== STORED_HEADER_VALUE),
  );
}

export type ParsedArgs =
  | { kind: 'help' }
  | { kind: 'ask'; options: AskOptions }
  | { kind: 'ocr'; images: string[] }
  | { kind: 'list-actions' };

/** The app's settings, for --action (read by the command: see settings-source.ts). */
export interface AskContext {
  settings?: Settings;
  /** Why there are none (no file, an invalid one): said when --action needs them. */
  settingsProblem?: string;
}

/** Whether these arguments need the app's settings (the command reads them only then). */
export function needsSettings(argv: readonly string[]): boolean {
  return argv.some((arg) => arg === '--action' || arg.startsWith('--action=') || arg === '--list-actions');
}

/** The page language an action's question is picked in: the app's, or the system's. */
function settingsLanguage(settings: Settings, env: Readonly<Record<string, string | undefined>>): string {
  if (settings.language !== 'system') return settings.language;
  return env.LC_ALL || env.LC_MESSAGES || env.LANG || 'en';
}

const OPTIONS = {
  'base-url': { type: 'string' },
  'api-key': { type: 'string' },
  model: { type: 'string', short: 'm' },
  header: { type: 'string', multiple: true },
  'no-usage': { type: 'boolean' },
  image: { type: 'string', short: 'i', multiple: true },
  detail: { type: 'string' },
  'max-edge': { type: 'string' },
  format: { type: 'string' },
  preset: { type: 'string' },
  'sharp-text': { type: 'boolean' },
  'prompt-preset': { type: 'string' },
  system: { type: 'string' },
  temperature: { type: 'string' },
  'top-p': { type: 'string' },
  n: { type: 'string' },
  stop: { type: 'string', multiple: true },
  'max-tokens': { type: 'string' },
  'presence-penalty': { type: 'string' },
  'frequency-penalty': { type: 'string' },
  'logit-bias': { type: 'string' },
  user: { type: 'string' },
  'json-mode': { type: 'boolean' },
  seed: { type: 'string' },
  tools: { type: 'string' },
  'tool-choice': { type: 'string' },
  'no-stream': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  ocr: { type: 'boolean' },
  redact: { type: 'string' },
  action: { type: 'string' },
  'list-actions': { type: 'boolean' },
} as const;

function number(flag: string, value: string | undefined, integer = false): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(n))
    throw new UsageError(`--${flag} needs a number (got "${value}")`);
  if (integer && !Number.isInteger(n))
    throw new UsageError(`--${flag} needs a whole number (got "${value}")`);
  return n;
}

function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${flag} must be ${allowed.join(', ')} (got "${value}")`);
  }
  return value as T;
}

function parseHeaders(values: readonly string[] | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const value of values ?? []) {
    const colon = value.indexOf(':');
    if (colon <= 0) throw new UsageError(`--header needs "Name: value" (got "${value}")`);
    headers[value.slice(0, colon).trim()] = value.slice(colon + 1).trim();
  }
  return headers;
}

function parseLogitBias(value: string | undefined): Record<string, number> | undefined {
  if (value === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new UsageError(`--logit-bias needs a JSON object such as '{"50256": -100}' (got "${value}")`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`--logit-bias needs a JSON object such as '{"50256": -100}'`);
  }
  // Ranges and types are checked with the rest of the request.
  return parsed as Record<string, number>;
}

function toolChoice(value: string | undefined): ToolChoice | undefined {
  if (value === undefined) return undefined;
  if (value === 'none' || value === 'auto' || value === 'required') return value;
  return { type: 'function', function: { name: value } };
}

function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown option ${unknown[1]}`;
  const missing = /Option '(?:-\w, )?(--[\w-]+)[^']*' argument missing/.exec(message);
  if (missing) return `${missing[1]} needs a value`;
  return message.split('\n')[0] ?? message;
}

/** `--frequency-penalty -0.5` → `--frequency-penalty=-0.5`: parseArgs takes "-0.5" for an option. */
function joinNegativeNumbers(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name !== undefined && name in OPTIONS && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** `--redact` takes an optional list: bare, or followed by a list of categories (`--redact keys,cards`). */
function normalizeRedact(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== '--redact') {
      out.push(argv[i]!);
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && /^[a-z]+(,[a-z]+)*$/.test(next)) {
      out.push(`--redact=${next}`);
      i++;
    } else out.push('--redact=all');
  }
  return out;
}

export function parseAskArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  context: AskContext = {},
): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: normalizeRedact(joinNegativeNumbers(argv)),
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
  const v = parsed.values;
  if (v.help) return { kind: 'help' };
  if (v['list-actions']) {
    if (!context.settings)
      throw new UsageError(`--list-actions: ${context.settingsProblem ?? 'no settings'}`);
    return { kind: 'list-actions' };
  }
  // --action: the action's question, profile and overrides; explicit options still win.
  let chosen: ReturnType<typeof resolveAction> | undefined;
  if (v.action !== undefined) {
    const settings = context.settings;
    if (!settings) throw new UsageError(`--action: ${context.settingsProblem ?? 'no settings'}`);
    const action = findAction(settings.actions, v.action);
    if (!action)
      throw new UsageError(
        `there is no action "${v.action}"; the actions are: ${settings.actions.map((a) => a.id).join(', ') || 'none'}`,
      );
    chosen = resolveAction(settings, action);
    // Extract text reads on this machine, as in the app.
    if (action.engine === 'local-ocr' && !v.ocr) {
      const images = v.image ?? [];
      if (images.length === 0)
        throw new UsageError(`--action ${action.id} reads the text of --image files: give one`);
      return { kind: 'ocr', images };
    }
  }
  if (v.ocr) {
    // Text only, read on this machine: no endpoint, model or prompt involved.
    const images = v.image ?? [];
    if (images.length === 0) throw new UsageError('--ocr needs at least one --image');
    if (images.filter((p) => p === '-').length > 1)
      throw new UsageError('only one --image can read stdin ("-")');
    return { kind: 'ocr', images };
  }

  const profile = chosen?.profile;
  const baseUrl = v['base-url'] ?? (profile?.baseUrl.trim() || undefined) ?? env.OPENAI_BASE_URL ?? '';
  if (baseUrl.trim() === '') throw new UsageError('no endpoint: pass --base-url or set OPENAI_BASE_URL');
  const model = v.model?.trim() || chosen?.model.trim() || '';
  if (model === '') throw new UsageError('no model: pass --model NAME');
  const apiKey = v['api-key'] ?? env.OPENAI_API_KEY;

  const promptPreset = oneOf('prompt-preset', v['prompt-preset'], Object.keys(PRESETS) as PresetName[]);
  const preset = oneOf('preset', v.preset, IMAGE_PRESETS);
  const typed = parsed.positionals.join(' ').trim();
  const images = v.image ?? [];
  if (images.filter((p) => p === '-').length > 1)
    throw new UsageError('only one --image can read stdin ("-")');
  // An action's or a preset's question leads, the typed words follow.
  const question = chosen ? actionQuestion(chosen.action, settingsLanguage(context.settings!, env)) : '';
  const prompt =
    [question, promptPreset ? PRESETS[promptPreset] : '', typed].filter((s) => s !== '').join('\n\n') ||
    (images.length > 0 ? PRESETS.explain : '');
  if (prompt === '') throw new UsageError('nothing to ask: give a prompt, --image or --prompt-preset');

  const maxEdge = number('max-edge', v['max-edge'], true);
  if (maxEdge !== undefined && maxEdge < 1) throw new UsageError('--max-edge must be at least 1');

  // The action's parameters (over its profile's) first; each option given replaces one.
  const params: ChatParameters = chosen ? { ...chosen.parameters } : {};
  const set = <K extends keyof ChatParameters>(key: K, value: ChatParameters[K] | undefined) => {
    if (value !== undefined) params[key] = value;
  };
  set('temperature', number('temperature', v.temperature));
  set('top_p', number('top-p', v['top-p']));
  set('n', number('n', v.n, true));
  set('stop', v.stop);
  set('max_tokens', number('max-tokens', v['max-tokens'], true));
  set('presence_penalty', number('presence-penalty', v['presence-penalty']));
  set('frequency_penalty', number('frequency-penalty', v['frequency-penalty']));
  set('logit_bias', parseLogitBias(v['logit-bias']));
  set('user', v.user);
  if (v['json-mode']) params.response_format = { type: 'json_object' };
  set('seed', number('seed', v.seed, true));
  set('tool_choice', toolChoice(v['tool-choice']));

  const options: AskOptions = {
    baseUrl,
    model,
    prompt,
    images,
    format: oneOf('format', v.format, ['png', 'jpeg', 'webp', 'auto'] as const) ?? 'auto',
    stream: !v['no-stream'],
    includeUsage: !v['no-usage'] && (profile?.compat.includeUsage ?? true),
    headers: { ...profileHeaders(profile), ...parseHeaders(v.header) },
    params,
    json: v.json === true,
  };
  if (apiKey !== undefined && apiKey !== '') options.apiKey = apiKey;
  const detail = oneOf('detail', v.detail, ['auto', 'low', 'high'] as const);
  if (detail) options.detail = detail;
  if (maxEdge !== undefined) options.maxEdge = maxEdge;
  if (preset) options.preset = preset;
  if (options.format === 'webp' && !(preset && IMAGE_PRESET_TABLE[preset].acceptsWebp)) {
    // Only providers whose documentation lists WebP get it (see presets.ts).
    const accepting = IMAGE_PRESETS.filter((name) => IMAGE_PRESET_TABLE[name].acceptsWebp).join(', ');
    throw new UsageError(
      `--format webp needs --preset with a provider that accepts WebP (${accepting})` +
        (preset ? `; ${preset} is sent PNG or JPEG` : ''),
    );
  }
  if (v['sharp-text']) {
    // Low detail reads every image at 512 px: the tiles would be shrunk like the image.
    if (detail === 'low') throw new UsageError('--sharp-text needs the full detail: drop --detail low');
    options.sharpText = true;
  }
  if (v.system !== undefined) options.system = v.system;
  if (v.tools !== undefined) options.toolsFile = v.tools;
  if (chosen?.fallback) options.notes = [chosen.fallback.message];
  if (v.redact !== undefined) {
    try {
      options.redact = parseCategories(v.redact);
    } catch (error) {
      throw new UsageError(`--redact: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { kind: 'ask', options };
}
