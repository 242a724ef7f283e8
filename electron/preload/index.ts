/**
 * The preload exposes one object, `window.glimpseIpc`: an invoke that always resolves with a plain
 * reply, and a subscription to the listed events. The page builds the typed API over it
 * (shared/api.ts createApi), so that its errors are created on the page's side of contextBridge,
 * with their `kind`. The renderer never sees ipcRenderer, the IPC event, or any channel it was
 * not given: main validates the sender, the channel and the payload of every invoke.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_NAME, settledTransport, type IpcTransport } from '../../shared/api';
import type { InvokeReply } from '../../shared/ipc-contract';
// Names only: the contract's schemas (zod) stay out of the preload.
import { eventChannels, IPC_INVOKE_CHANNEL } from '../../shared/ipc-names';

const transport: IpcTransport = {
  invoke: (channel, args) =>
    ipcRenderer.invoke(IPC_INVOKE_CHANNEL, channel, args) as Promise<InvokeReply<unknown>>,
  on(channel, listener) {
    if (!(eventChannels as readonly string[]).includes(channel)) throw new Error(`unknown event ${channel}`);
    // Security: the Electron event object (with its sender) is never passed on.
    const wrapped = (_event: Electron.IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld(BRIDGE_NAME, settledTransport(transport));
