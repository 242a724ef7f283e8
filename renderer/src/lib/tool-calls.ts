/** Tool calls as the answer and history views show them: the name, then the arguments pretty-printed. */
export interface ShownToolCall {
  id: string;
  name: string;
  /** Pretty-printed JSON, or the text as the model wrote it when it is not JSON. */
  arguments: string;
  /** False when the arguments are not valid JSON (a broken stream, or a model's mistake). */
  valid: boolean;
}

export function showToolCall(call: { id: string; name: string; arguments: string }): ShownToolCall {
  const text = call.arguments.trim();
  if (text === '') return { id: call.id, name: call.name, arguments: '{}', valid: true };
  try {
    return {
      id: call.id,
      name: call.name,
      arguments: JSON.stringify(JSON.parse(text), null, 2),
      valid: true,
    };
  } catch {
    return { id: call.id, name: call.name, arguments: call.arguments, valid: false };
  }
}
