/**
 * The preload exposes one object, `window.glimpse`, with named functions only. The renderer never
 * sees ipcRenderer, the IPC event, or any channel it was not given.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createApi, type IpcTransport } from '../../shared/api';
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

contextBridge.exposeInMainWorld('glimpse', createApi(transport));
