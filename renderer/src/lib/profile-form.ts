/**
 * The settings form's text fields → a profile's typed values, with every range the API enforces
 * checked here first, so the user sees which field is wrong before anything is saved. Pure, so it
 * is tested in Node; main validates again with the settings schema.
 */
import type { Profile, ProfileParameters } from '../../../shared/settings-schema';
import { en, type MessageKey } from './i18n/en';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** English from the catalog until the UI installs its reactive t() (Node tests keep English). */
let tr: Translate = (key, params = {}) =>
  en[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));

/** The form's messages follow the UI language: the settings page passes its t(). */
export function setFormTranslator(translate: Translate): void {
  tr = translate;
}

type FunctionTool = NonNullable<ProfileParameters['tools']>[number];
type ToolChoice = NonNullable<ProfileParameters['tool_choice']>;

const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The tools JSON editor: an array of function tools (one object alone is accepted too), each
 * checked the way the API and the chat client check it. Errors name the tool by position.
 */
export function parseTools(text: string): { value?: FunctionTool[]; error?: string } {
  if (!text.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { error: tr('form.notJson', { message: (error as Error).message }) };
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  if (list.length > 128) return { error: tr('form.toolsCount') };
  const value: FunctionTool[] = [];
  for (const [i, tool] of list.entries()) {
    const at = `tools[${i}]`;
    if (!isObject(tool)) return { error: tr('form.toolNotObject', { at }) };
    if (tool.type !== 'function') return { error: tr('form.toolType', { at }) };
    const extra = Object.keys(tool).find((k) => k !== 'type' && k !== 'function');
    if (extra) return { error: tr('form.toolUnknown', { at, field: extra }) };
    const fn = tool.function;
    if (!isObject(fn)) return { error: tr('form.toolFunctionMissing', { at }) };
    const unknown = Object.keys(fn).find((k) => !['name', 'description', 'parameters', 'strict'].includes(k));
    if (unknown) return { error: tr('form.toolUnknown', { at: `${at}.function`, field: unknown }) };
    if (typeof fn.name !== 'string' || !FUNCTION_NAME.test(fn.name))
      return { error: tr('form.toolName', { at }) };
    if (fn.description !== undefined && (typeof fn.description !== 'string' || fn.description.length > 4096))
      return { error: tr('form.toolDescription', { at }) };
    if (fn.parameters !== undefined && !isObject(fn.parameters))
      return { error: tr('form.toolParameters', { at }) };
    if (fn.strict !== undefined && typeof fn.strict !== 'boolean')
      return { error: tr('form.toolStrict', { at }) };
    if (value.some((t) => t.function.name === fn.name))
      return { error: tr('form.toolDuplicate', { name: fn.name }) };
    value.push(tool as unknown as FunctionTool);
  }
  return { value };
}

/** The tool_choice select → the API's value, checked against the tools. */
export function parseToolChoice(
  choice: string,
  tools: readonly FunctionTool[] = [],
): { value?: ToolChoice; error?: string } {
  if (choice === '') return {};
  if (choice === 'none') return { value: 'none' };
  if (tools.length === 0) return { error: tr('form.choiceNeedsTool') };
  if (choice === 'auto' || choice === 'required') return { value: choice };
  const name = choice.startsWith('function:') ? choice.slice('function:'.length) : '';
  if (!tools.some((t) => t.function.name === name)) return { error: tr('form.choiceUnknown', { name }) };
  return { value: { type: 'function', function: { name } } };
}

export function toolChoiceField(choice: ToolChoice | undefined): string {
  if (choice === undefined) return '';
  return typeof choice === 'string' ? choice : `function:${choice.function.name}`;
}

export interface ParameterFields {
  temperature: string;
  top_p: string;
  n: string;
  stop: string;
  max_tokens: string;
  presence_penalty: string;
  frequency_penalty: string;
  logit_bias: string;
  user: string;
  json_mode: boolean;
  seed: string;
  /** `tools` as JSON: an array of `{type:"function", function:{name, description?, parameters?}}`. */
  tools: string;
  /** '' (not sent), none, auto, required, or `function:<name>`. */
  tool_choice: string;
}

export type FieldErrors = Partial<Record<keyof ParameterFields | 'headers', string>>;

interface NumberRule {
  min: number;
  max: number;
  integer: boolean;
}

export const PARAMETER_RANGES = {
  temperature: { min: 0, max: 2, integer: false },
  top_p: { min: 0, max: 1, integer: false },
  n: { min: 1, max: 16, integer: true },
  max_tokens: { min: 1, max: 1_000_000, integer: true },
  presence_penalty: { min: -2, max: 2, integer: false },
  frequency_penalty: { min: -2, max: 2, integer: false },
  seed: { min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, integer: true },
} as const satisfies Record<string, NumberRule>;

/**
 * How each numeric parameter is edited: whether it gets a slider, where "Set" starts (the usual
 * server default), and its step. Settings shows them all; an action's overrides a few of them.
 */
export const PARAMETER_CONTROLS = [
  { name: 'temperature', step: 0.05, start: 1, slider: true },
  { name: 'top_p', step: 0.01, start: 1, slider: true },
  { name: 'presence_penalty', step: 0.05, start: 0, slider: true },
  { name: 'frequency_penalty', step: 0.05, start: 0, slider: true },
  { name: 'n', step: 1, start: 1, slider: true },
  { name: 'max_tokens', step: 1, start: 1024, slider: false },
  { name: 'seed', step: 1, start: 0, slider: false },
] as const satisfies readonly {
  name: keyof typeof PARAMETER_RANGES;
  step: number;
  start: number;
  slider: boolean;
}[];

function numberField(text: string, rule: NumberRule): { value?: number; error?: string } {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { error: tr('form.notNumber') };
  if (rule.integer && !Number.isInteger(value)) return { error: tr('form.wholeNumber') };
  if (value < rule.min || value > rule.max)
    return { error: tr('form.between', { min: rule.min, max: rule.max }) };
  return { value };
}

/** `{"50256": -100}`: token ids to a bias between −100 and 100. */
export function parseLogitBias(text: string): { value?: Record<string, number>; error?: string } {
  if (!text.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { error: tr('form.logitBiasJson') };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { error: tr('form.logitBiasJson') };
  const value: Record<string, number> = {};
  for (const [token, bias] of Object.entries(parsed)) {
    if (!/^\d{1,10}$/.test(token)) return { error: tr('form.notTokenId', { token }) };
    if (typeof bias !== 'number' || bias < -100 || bias > 100)
      return { error: tr('form.biasRange', { token }) };
    value[token] = bias;
  }
  return { value };
}

/** One stop sequence per line, at most 4. */
export function parseStop(text: string): { value?: string[]; error?: string } {
  const lines = text
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line !== '');
  if (lines.length === 0) return {};
  if (lines.length > 4) return { error: tr('form.stopCount') };
  if (lines.some((line) => line.length > 256)) return { error: tr('form.stopLength') };
  return { value: lines };
}

/** `Name: value` per line. */
export function parseHeaders(text: string): { value?: Record<string, string>; error?: string } {
  const value: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const match = /^\s*([A-Za-z0-9-]+)\s*:\s*(.*?)\s*$/.exec(line);
    if (!match) return { error: tr('form.headerLine', { line: line.trim() }) };
    if (/^authorization$/i.test(match[1]!)) return { error: tr('form.headerAuth') };
    value[match[1]!] = match[2]!;
  }
  if (Object.keys(value).length > 32) return { error: tr('form.headerCount') };
  return { value };
}

export function formatHeaders(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
}

export function fieldsFromParameters(parameters: ProfileParameters): ParameterFields {
  const text = (value: number | undefined): string => (value === undefined ? '' : String(value));
  return {
    temperature: text(parameters.temperature),
    top_p: text(parameters.top_p),
    n: text(parameters.n),
    stop: (parameters.stop ?? []).join('\n'),
    max_tokens: text(parameters.max_tokens),
    presence_penalty: text(parameters.presence_penalty),
    frequency_penalty: text(parameters.frequency_penalty),
    logit_bias: parameters.logit_bias ? JSON.stringify(parameters.logit_bias) : '',
    user: parameters.user ?? '',
    json_mode: parameters.response_format?.type === 'json_object',
    seed: text(parameters.seed),
    tools: parameters.tools ? JSON.stringify(parameters.tools, null, 2) : '',
    tool_choice: toolChoiceField(parameters.tool_choice),
  };
}

/** The parameters to save (unset ones left out), or the errors by field. */
export function parametersFromFields(
  fields: ParameterFields,
): { ok: true; value: ProfileParameters } | { ok: false; errors: FieldErrors } {
  const value: ProfileParameters = {};
  const errors: FieldErrors = {};
  for (const name of Object.keys(PARAMETER_RANGES) as (keyof typeof PARAMETER_RANGES)[]) {
    const result = numberField(fields[name], PARAMETER_RANGES[name]);
    if (result.error) errors[name] = result.error;
    else if (result.value !== undefined) value[name] = result.value;
  }
  const stop = parseStop(fields.stop);
  if (stop.error) errors.stop = stop.error;
  else if (stop.value) value.stop = stop.value;
  const bias = parseLogitBias(fields.logit_bias);
  if (bias.error) errors.logit_bias = bias.error;
  else if (bias.value) value.logit_bias = bias.value;
  if (fields.user.length > 256) errors.user = tr('form.userLength');
  else if (fields.user.trim()) value.user = fields.user.trim();
  if (fields.json_mode) value.response_format = { type: 'json_object' };
  const tools = parseTools(fields.tools);
  if (tools.error) errors.tools = tools.error;
  else if (tools.value) value.tools = tools.value;
  const choice = parseToolChoice(fields.tool_choice, tools.value);
  if (choice.error) errors.tool_choice = choice.error;
  else if (choice.value !== undefined) value.tool_choice = choice.value;
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value };
}

export type EditableProfile = Pick<
  Profile,
  'id' | 'name' | 'baseUrl' | 'model' | 'prompt' | 'headers' | 'parameters' | 'image' | 'proxy' | 'compat'
>;
