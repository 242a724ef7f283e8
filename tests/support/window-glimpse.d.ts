import type { GlimpseApi } from '../../shared/api';

// Page scripts in Playwright tests call the preload API as the renderer does.
declare global {
  interface Window {
    glimpse: GlimpseApi;
  }
}
