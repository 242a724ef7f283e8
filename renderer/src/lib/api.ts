import type { GlimpseApi } from '../../../shared/api';

declare global {
  interface Window {
    glimpse: GlimpseApi;
    /** Set by web mode's shim: desktop capture is replaced by drop, paste and file picking. */
    glimpseWebMode?: boolean;
  }
}

export function api(): GlimpseApi {
  return window.glimpse;
}

export function isWebMode(): boolean {
  return window.glimpseWebMode === true;
}
