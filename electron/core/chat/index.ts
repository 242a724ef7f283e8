/**
 * The Chat Completions client, as the rest of the app uses it. Plain Node: no Electron here.
 */
export type * from './types';
export { ChatError } from './errors';
export { streamChat, completeChat, listModels, DEFAULT_TIMEOUTS, DEFAULT_RETRY } from './client';
export type { ChatDeps } from './client';
export { normalizeBaseUrl } from './url';
export { buildRequestBody, validateRequest } from './request';
export { createDeltaCoalescer } from './coalesce';
export type { DeltaCoalescer, DeltaCoalescerOptions } from './coalesce';
