import { BRIDGE_NAME, createApi, type GlimpseApi, type IpcTransport } from '../../../shared/api';

declare global {
  interface Window {
    glimpse: GlimpseApi;
    /** The preload's transport (electron/preload): the API is built over it on this side. */
    glimpseIpc?: IpcTransport;
    /** Set by web mode's shim: desktop capture is replaced by drop, paste and file picking. */
    glimpseWebMode?: boolean;
  }
}

/**
 * Builds `window.glimpse` in the page's world over the preload's transport (web mode defines it
 * itself). Built here, not in the preload, so that a GlimpseApiError keeps its `kind`: an Error
 * thrown on the preload's side of contextBridge arrives with its message only.
 */
export function installApi(): GlimpseApi {
  if (window.glimpse) return window.glimpse;
  const transport = window[BRIDGE_NAME];
  if (!transport)
    throw new Error('Glimpse: the preload did not expose its IPC transport (window.glimpseIpc).');
  const glimpse = createApi(transport);
  Object.defineProperty(window, 'glimpse', { value: glimpse });
  return glimpse;
}

export function api(): GlimpseApi {
  return window.glimpse ?? installApi();
}

export function isWebMode(): boolean {
  return window.glimpseWebMode === true;
}
