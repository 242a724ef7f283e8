/**
 * The one API object the renderer sees as `window.glimpse`. The preload builds it over Electron
 * IPC; web mode builds the same object over a loopback WebSocket.
 */
import type {
  EventChannel,
  EventPayloads,
  InvokeArgs,
  InvokeChannel,
  InvokeReply,
  InvokeResults,
} from './ipc-contract';

export interface IpcTransport {
  invoke(channel: InvokeChannel, args: unknown): Promise<InvokeReply<unknown>>;
  /** Returns an unsubscribe function. */
  on(channel: EventChannel, listener: (payload: unknown) => void): () => void;
}

/** Thrown in the renderer when main refuses or fails a call; `message` is for the user. */
export class GlimpseApiError extends Error {
  constructor(
    message: string,
    readonly kind: string,
  ) {
    super(message);
    this.name = 'GlimpseApiError';
  }
}

type Listener<C extends EventChannel> = (payload: EventPayloads[C]) => void;

export function createApi(transport: IpcTransport) {
  async function call<C extends InvokeChannel>(channel: C, args: InvokeArgs<C>): Promise<InvokeResults[C]> {
    const reply = await transport.invoke(channel, args);
    if (!reply.ok) throw new GlimpseApiError(reply.error.message, reply.error.kind);
    return reply.value as InvokeResults[C];
  }
  function on<C extends EventChannel>(channel: C) {
    return (listener: Listener<C>) =>
      transport.on(channel, (payload) => listener(payload as EventPayloads[C]));
  }

  return {
    settings: {
      get: () => call('settings:get', undefined),
      update: (patch: InvokeArgs<'settings:update'>) => call('settings:update', patch),
    },
    capture: {
      screen: () => call('capture:screen', undefined),
      fromImage: (image: InvokeArgs<'capture:image'>) => call('capture:image', image),
      onReady: on('capture:ready'),
      onFailed: on('capture:failed'),
    },
    chat: {
      ask: (args: InvokeArgs<'chat:ask'>) => call('chat:ask', args),
      stop: (requestId: string) => call('chat:stop', { requestId }),
      onDelta: on('chat:delta'),
      onDone: on('chat:done'),
      onError: on('chat:error'),
    },
  };
}

export type GlimpseApi = ReturnType<typeof createApi>;
