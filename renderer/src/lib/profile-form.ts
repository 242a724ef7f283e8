/**
 * The settings form's text fields → a profile's typed values, with every range the API enforces
 * checked here first, so the user sees which field is wrong before anything is saved. Pure, so it
 * is tested in Node; main validates again with the settings schema.
 */
import type { Profile, ProfileParameters } from '../../../shared/settings-schema';

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

function numberField(text: string, rule: NumberRule): { value?: number; error?: string } {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { error: 'not a number' };
  if (rule.integer && !Number.isInteger(value)) return { error: 'a whole number' };
  if (value < rule.min || value > rule.max) return { error: `between ${rule.min} and ${rule.max}` };
  return { value };
}

/** `{"50256": -100}`: token ids to a bias between −100 and 100. */
export function parseLogitBias(text: string): { value?: Record<string, number>; error?: string } {
  if (!text.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { error: 'JSON like {"50256": -100}' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { error: 'JSON like {"50256": -100}' };
  const value: Record<string, number> = {};
  for (const [token, bias] of Object.entries(parsed)) {
    if (!/^\d{1,10}$/.test(token)) return { error: `"${token}" is not a token id` };
    if (typeof bias !== 'number' || bias < -100 || bias > 100)
      return { error: `the bias of ${token} must be between -100 and 100` };
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
  if (lines.length > 4) return { error: 'at most 4 stop sequences' };
  if (lines.some((line) => line.length > 256)) return { error: 'a stop sequence is at most 256 characters' };
  return { value: lines };
}

/** `Name: value` per line. */
export function parseHeaders(text: string): { value?: Record<string, string>; error?: string } {
  const value: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const match = /^\s*([A-Za-z0-9-]+)\s*:\s*(.*?)\s*$/.exec(line);
    if (!match) return { error: `"${line.trim()}" is not "Name: value"` };
    if (/^authorization$/i.test(match[1]!)) return { error: 'the API key field sets Authorization' };
    value[match[1]!] = match[2]!;
  }
  if (Object.keys(value).length > 32) return { error: 'at most 32 extra headers' };
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
  if (fields.user.length > 256) errors.user = 'at most 256 characters';
  else if (fields.user.trim()) value.user = fields.user.trim();
  if (fields.json_mode) value.response_format = { type: 'json_object' };
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value };
}

export type EditableProfile = Pick<
  Profile,
  'id' | 'name' | 'baseUrl' | 'model' | 'prompt' | 'headers' | 'parameters' | 'image' | 'proxy' | 'compat'
>;
