/**
 * The IPC names the preload needs, apart from the schemas: the preload runs in every window (an
 * overlay per display at each capture), so it must not carry zod. The contract re-exports them.
 */
import type { EventChannel } from './ipc-contract';

/** The single Electron IPC channel that carries every invoke; the contract channel is its first argument. */
export const IPC_INVOKE_CHANNEL = 'glimpse:invoke';

/** Every event main may send to a window; the preload subscribes to these only. */
export const eventChannels = [
  'capture:ready',
  'capture:failed',
  'chat:delta',
  'chat:done',
  'chat:error',
  'settings:changed',
  'history:changed',
  'storage:problem',
  'overlay:closed',
  'overlay:proposals',
  'privacy:scan',
  'privacy:applied',
  'hotkeys:changed',
] as const satisfies readonly EventChannel[];

/** An event added to the contract but not listed here fails to compile. */
type Unlisted = Exclude<EventChannel, (typeof eventChannels)[number]>;
export const EVERY_EVENT_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;
