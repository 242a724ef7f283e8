/**
 * Web mode's stand-in for the preload: the same API object, carried over a WebSocket to the
 * Node process that serves the IPC handler table. Calls made before the socket opens wait for it.
 */
import { createApi, type IpcTransport } from '../../../shared/api';
import type { EventChannel, InvokeReply } from '../../../shared/ipc-contract';
import { decodeWire, encodeWire, type WireMessage, type WireRequest } from '../../../shared/wire';

function createSocketTransport(url: string): IpcTransport {
  const socket = new WebSocket(url);
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('web mode: the connection to Glimpse failed')), {
      once: true,
    });
  });
  const pending = new Map<number, (reply: InvokeReply<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;

  socket.addEventListener('message', (event: MessageEvent<string>) => {
    const message = decodeWire(event.data) as WireMessage;
    if ('id' in message) {
      pending.get(message.id)?.(message.reply as InvokeReply<unknown>);
      pending.delete(message.id);
    } else {
      for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
    }
  });
  socket.addEventListener('close', () => {
    for (const resolve of pending.values()) {
      resolve({
        ok: false,
        error: {
          message: 'The web-mode server has stopped.',
          kind: 'disconnected',
          code: 'web.disconnected',
        },
      });
    }
    pending.clear();
  });

  return {
    async invoke(channel, args) {
      await opened;
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(encodeWire({ id, channel, args } satisfies WireRequest));
      });
    },
    on(channel: EventChannel, listener) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}

export function installSocketApi(): void {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ipc?token=${encodeURIComponent(token)}`;
  Object.defineProperty(window, 'glimpse', { value: createApi(createSocketTransport(url)) });
  Object.defineProperty(window, 'glimpseWebMode', { value: true });
}
