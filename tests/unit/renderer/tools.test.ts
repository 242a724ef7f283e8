import { describe, expect, it } from 'vitest';
import {
  fieldsFromParameters,
  parametersFromFields,
  parseToolChoice,
  parseTools,
} from '../../../renderer/src/lib/profile-form';
import { showToolCall } from '../../../renderer/src/lib/tool-calls';

const WEATHER = {
  type: 'function' as const,
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};

describe('the tools JSON editor', () => {
  it('accepts an array of function tools, or one tool alone', () => {
    expect(parseTools('')).toEqual({});
    expect(parseTools(JSON.stringify([WEATHER]))).toEqual({ value: [WEATHER] });
    expect(parseTools(JSON.stringify(WEATHER))).toEqual({ value: [WEATHER] });
  });

  it.each([
    ['[', /^not JSON: /],
    ['[1]', /^tools\[0\] is not an object$/],
    ['[{"type":"retrieval"}]', /^tools\[0\]\.type must be "function"$/],
    ['[{"type":"function"}]', /^tools\[0\]\.function is missing$/],
    ['[{"type":"function","function":{"name":"a b"}}]', /name must be 1–64 letters/],
    [
      '[{"type":"function","function":{"name":"f","parameters":[]}}]',
      /parameters must be a JSON Schema object/,
    ],
    ['[{"type":"function","function":{"name":"f","strict":"yes"}}]', /strict must be true or false/],
    ['[{"type":"function","function":{"name":"f","x":1}}]', /unknown field "x"/],
    ['[{"type":"function","function":{"name":"f"},"x":1}]', /tools\[0\] has an unknown field "x"/],
    [JSON.stringify([WEATHER, WEATHER]), /two tools are named "get_weather"/],
  ])('names what is wrong in %s', (text, error) => {
    expect(parseTools(text).error).toMatch(error);
  });

  it('checks tool_choice against the tools', () => {
    expect(parseToolChoice('')).toEqual({});
    expect(parseToolChoice('none')).toEqual({ value: 'none' });
    expect(parseToolChoice('auto').error).toBe('needs at least one tool');
    expect(parseToolChoice('required', [WEATHER])).toEqual({ value: 'required' });
    expect(parseToolChoice('function:get_weather', [WEATHER])).toEqual({
      value: { type: 'function', function: { name: 'get_weather' } },
    });
    expect(parseToolChoice('function:other', [WEATHER]).error).toBe('"other" is not one of the tools');
  });

  it('round-trips tools and a named tool_choice through the form fields, and reports both errors', () => {
    const stored = {
      tools: [WEATHER],
      tool_choice: { type: 'function' as const, function: { name: 'get_weather' } },
    };
    const fields = fieldsFromParameters(stored);
    expect(fields.tool_choice).toBe('function:get_weather');
    expect(parametersFromFields(fields)).toEqual({ ok: true, value: stored });
    const broken = parametersFromFields({ ...fields, tools: '[' });
    expect(!broken.ok && broken.errors.tools).toMatch(/^not JSON: /);
    expect(parametersFromFields({ ...fields, tools: '' })).toEqual({
      ok: false,
      errors: { tool_choice: 'needs at least one tool' },
    });
  });
});

describe('tool calls as shown', () => {
  it('pretty-prints JSON arguments and keeps broken ones as written', () => {
    expect(showToolCall({ id: 'c', name: 'f', arguments: '{"city":"Lyon","days":[1,2]}' })).toEqual({
      id: 'c',
      name: 'f',
      arguments: '{\n  "city": "Lyon",\n  "days": [\n    1,\n    2\n  ]\n}',
      valid: true,
    });
    expect(showToolCall({ id: 'c', name: 'f', arguments: '{"city": "Ly' })).toEqual({
      id: 'c',
      name: 'f',
      arguments: '{"city": "Ly',
      valid: false,
    });
    expect(showToolCall({ id: '', name: 'f', arguments: '' }).arguments).toBe('{}');
  });
});
