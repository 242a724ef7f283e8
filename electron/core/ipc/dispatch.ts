/**
 * The transport-agnostic side of IPC: a table of handlers, one per invoke channel, and the one
 * function both transports (Electron's ipcMain and web mode's WebSocket) call with what a
 * renderer sent. Nothing reaches a handler before its channel is known and its payload parsed.
 */
import {
  invokeSchemas,
  type EventChannel,
  type EventPayloads,
  type InvokeChannel,
  type InvokeReply,
  type InvokeResults,
  type ParsedInvokeArgs,
} from '../../../shared/ipc-contract';
import { cleanFields, type MessageFields } from '../../../shared/messages';

export type HandlerTable = {
  [C in InvokeChannel]: (args: ParsedInvokeArgs<C>) => Promise<InvokeResults[C]>;
};

/** Where handlers send events; each transport broadcasts them to its own windows or sockets. */
export interface EventSink {
  emit<C extends EventChannel>(channel: C, payload: EventPayloads[C]): void;
}

/**
 * An error whose message is written for the user and may cross to the renderer as is. `message`
 * is English (the log, the CLI); `code` and `fields`, when given, let the page word it in its own
 * language (renderer/src/lib/messages.ts), falling back to `message` for a code it does not know.
 */
export class UserFacingError extends Error {
  readonly code?: string;
  readonly fields?: MessageFields;
  constructor(
    message: string,
    readonly kind: string = 'error',
    detail: { code?: string; fields?: MessageFields } = {},
  ) {
    super(message);
    this.name = 'UserFacingError';
    if (detail.code !== undefined) this.code = detail.code;
    if (detail.fields !== undefined) this.fields = detail.fields;
  }
}

/** The error as it crosses IPC: English message, kind, and the code and fields if it has them. */
export function replyError(error: UserFacingError): {
  message: string;
  kind: string;
  code?: string;
  fields?: MessageFields;
} {
  return {
    message: error.message,
    kind: error.kind,
    ...(error.code !== undefined ? { code: error.code } : {}),
    ...(error.fields !== undefined ? { fields: error.fields } : {}),
  };
}

/** The text a user may see for an error: its own words if written for them, else a plain line. */
export function userMessage(error: unknown, fallback: string): string {
  return error instanceof UserFacingError ? error.message : `${fallback}. Please try again.`;
}

export function isInvokeChannel(channel: unknown): channel is InvokeChannel {
  return typeof channel === 'string' && Object.hasOwn(invokeSchemas, channel);
}

/** Describes the first problem zod found, as one line. */
function describeIssue(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid payload';
  const where = issue.path.map(String).join('.');
  return where ? `${where}: ${issue.message}` : issue.message;
}

/**
 * The reply to a request its schema refused. A check written for users (a refine whose `params`
 * name a message `code`, e.g. an image file that is too large) says its own sentence, worded by
 * the page from that code; any other is a plain "Invalid request (…)" naming the field.
 */
function invalidReply(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string; params?: Record<string, unknown> }[];
}): { message: string; kind: string; code: string; fields?: MessageFields } {
  const { code, ...fields } = error.issues[0]?.params ?? {};
  if (typeof code === 'string' && error.issues[0]) {
    return {
      message: error.issues[0].message,
      kind: 'invalid-payload',
      code,
      fields: cleanFields(fields) ?? {},
    };
  }
  return {
    message: `Invalid request (${describeIssue(error)}).`,
    kind: 'invalid-payload',
    code: 'ipc.invalid',
    fields: { detail: describeIssue(error) },
  };
}

export async function dispatch(
  table: HandlerTable,
  channel: unknown,
  payload: unknown,
  onUnexpected: (channel: string, error: unknown) => void = () => {},
): Promise<InvokeReply<unknown>> {
  if (!isInvokeChannel(channel)) {
    return {
      ok: false,
      error: { message: 'Unknown request.', kind: 'unknown-channel', code: 'ipc.unknown' },
    };
  }
  const parsed = invokeSchemas[channel].safeParse(payload);
  if (!parsed.success) {
    return { ok: false, error: invalidReply(parsed.error) };
  }
  try {
    const handler = table[channel] as (args: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    if (error instanceof UserFacingError) return { ok: false, error: replyError(error) };
    // Anything else is our bug: the renderer gets a plain sentence, never a stack or internals.
    onUnexpected(channel, error);
    return {
      ok: false,
      error: {
        message: 'Something went wrong inside Glimpse. Please try again.',
        kind: 'internal',
        code: 'ipc.internal',
      },
    };
  }
}
