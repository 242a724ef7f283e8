/**
 * ipcMain, ipcRenderer and contextBridge, wired together in this process.
 *
 * - ipcMain.handle (lib/browser/ipc-main-impl.ts): one handler per channel ("Attempted to register
 *   a second handler for '…'"); lib/browser/ipc-dispatch.ts replies `{ error: error.toString() }`
 *   when the handler throws, "No handler registered for '…'" when there is none.
 * - ipcRenderer.invoke (lib/renderer/api/ipc-renderer.ts) throws
 *   `Error invoking remote method '<channel>': <error>` in the preload; arguments and results
 *   cross as structured clones. The IPC event carries the sender webContents and its frame.
 * - contextBridge.exposeInMainWorld (shell/renderer/api/electron_api_context_bridge.cc): values
 *   are copied and deep-frozen, functions proxied both ways, promises proxied; an Error crossing
 *   (thrown, rejected or returned) is rebuilt as `new Error(message)`: its class, name and every
 *   custom property are lost (docs/api/context-bridge.md, electron#25596).
 *
 * A renderer's isolated world is found through AsyncLocalStorage (runtime.ts `currentWorld`): the
 * preload runs inside it, and every call into a function it exposed runs inside it again.
 */
import { EventEmitter } from 'node:events';
import { currentWorld, runtime, type RendererWorldRef } from './runtime';
import { webContentsById } from './windows';

type InvokeHandler = (event: Electron.IpcMainInvokeEvent, ...args: unknown[]) => unknown;

class IpcMainImpl
  extends EventEmitter
  implements Pick<Electron.IpcMain, 'handle' | 'handleOnce' | 'removeHandler'>
{
  readonly invokeHandlers = new Map<string, InvokeHandler>();

  constructor() {
    super();
    // Do not throw when a channel is named "error" (ipc-main-impl.ts).
    this.on('error', () => {});
  }

  handle(
    channel: string,
    listener: (event: Electron.IpcMainInvokeEvent, ...args: unknown[]) => unknown,
  ): void {
    if (this.invokeHandlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    if (typeof listener !== 'function')
      throw new TypeError(`Expected handler to be a function, but found type '${typeof listener}'`);
    this.invokeHandlers.set(channel, listener);
  }

  handleOnce(
    channel: string,
    listener: (event: Electron.IpcMainInvokeEvent, ...args: unknown[]) => unknown,
  ): void {
    this.handle(channel, (event, ...args) => {
      this.removeHandler(channel);
      return listener(event, ...args);
    });
  }

  removeHandler(channel: string): void {
    this.invokeHandlers.delete(channel);
  }
}

export const ipcMain = new IpcMainImpl();

/** One page's isolated world: its ipcRenderer listeners and what it exposed to the main world. */
class RendererWorld {
  readonly listeners = new EventEmitter();
  /** `window[key]` in the page's main world, set by contextBridge.exposeInMainWorld. */
  readonly mainWorld: Record<string, unknown> = {};
  constructor(readonly ref: RendererWorldRef) {}
}

const worlds = new Map<number, RendererWorld>();

/** Creates the isolated world of the page now loaded in a webContents (the harness runs the preload in it). */
export function openPage(webContentsId: number): RendererWorld {
  const world = new RendererWorld({ webContentsId });
  worlds.set(webContentsId, world);
  return world;
}

/** A navigation or a destroyed webContents ends the page's world. */
export function dropPage(webContentsId: number): void {
  worlds.delete(webContentsId);
}

export function pageOf(webContentsId: number): RendererWorld | undefined {
  return worlds.get(webContentsId);
}

function worldHere(api: string): RendererWorld {
  const ref = currentWorld.getStore();
  const world = ref && worlds.get(ref.webContentsId);
  if (!world) throw new Error(`stand-in: ${api} called outside a renderer's preload world`);
  return world;
}

/** webContents.send → the page's ipcRenderer listeners (dropped when no page or no listener). */
export function deliverToPage(webContentsId: number, channel: string, args: unknown[]): void {
  const world = worlds.get(webContentsId);
  if (!world) return;
  setImmediate(() => {
    if (worlds.get(webContentsId) !== world) return;
    const event = { sender: ipcRenderer, senderId: 0, ports: [] };
    currentWorld.run(world.ref, () => world.listeners.emit(channel, event, ...structuredClone(args)));
  });
}

function ipcEvent(webContentsId: number): Electron.IpcMainInvokeEvent {
  const contents = webContentsById(webContentsId);
  if (!contents) throw new Error('stand-in: the sender webContents is gone');
  const event = {
    type: 'frame' as const,
    sender: contents,
    senderFrame: contents.mainFrame,
    frameId: contents.mainFrame.routingId,
    processId: contents.mainFrame.processId,
    preventDefault: () => {},
    defaultPrevented: false,
  };
  return event as unknown as Electron.IpcMainInvokeEvent;
}

async function invokeInMain(
  world: RendererWorld,
  channel: string,
  args: unknown[],
): Promise<{ result?: unknown; error?: string }> {
  // The message goes through the browser process: never in the same turn.
  await new Promise((resolve) => setImmediate(resolve));
  const handler = ipcMain.invokeHandlers.get(channel);
  if (!handler) return { error: new Error(`No handler registered for '${channel}'`).toString() };
  try {
    const result = await handler(ipcEvent(world.ref.webContentsId), ...structuredClone(args));
    return { result: structuredClone(result) };
  } catch (error) {
    // ipc-dispatch.ts: console.error(`Error occurred in handler for '${channel}':`, error)
    runtime.record('ipc.handler-error', channel, error);
    return { error: String(error) };
  }
}

type RendererListener = (event: Electron.IpcRendererEvent, ...args: unknown[]) => void;

/** The preload's ipcRenderer; its listener methods return it, as Electron's do. */
export interface StandInIpcRenderer extends Pick<Electron.IpcRenderer, 'invoke' | 'send'> {
  on(channel: string, listener: RendererListener): StandInIpcRenderer;
  once(channel: string, listener: RendererListener): StandInIpcRenderer;
  off(channel: string, listener: RendererListener): StandInIpcRenderer;
  removeListener(channel: string, listener: RendererListener): StandInIpcRenderer;
  removeAllListeners(channel?: string): StandInIpcRenderer;
}

export const ipcRenderer: StandInIpcRenderer = {
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    const world = worldHere('ipcRenderer.invoke');
    const { error, result } = await invokeInMain(world, channel, structuredClone(args));
    if (error) throw new Error(`Error invoking remote method '${channel}': ${error}`);
    return result;
  },
  send(channel: string, ...args: unknown[]): void {
    const world = worldHere('ipcRenderer.send');
    const cloned = structuredClone(args);
    setImmediate(() => {
      const event = { ...ipcEvent(world.ref.webContentsId), reply: () => {}, returnValue: undefined };
      ipcMain.emit(channel, event, ...cloned);
    });
  },
  on(channel: string, listener: RendererListener) {
    worldHere('ipcRenderer.on').listeners.on(channel, listener);
    return ipcRenderer;
  },
  once(channel: string, listener: RendererListener) {
    worldHere('ipcRenderer.once').listeners.once(channel, listener);
    return ipcRenderer;
  },
  off(channel: string, listener: RendererListener) {
    worldHere('ipcRenderer.off').listeners.off(channel, listener);
    return ipcRenderer;
  },
  removeListener(channel: string, listener: RendererListener) {
    worldHere('ipcRenderer.removeListener').listeners.removeListener(channel, listener);
    return ipcRenderer;
  },
  removeAllListeners(channel?: string) {
    worldHere('ipcRenderer.removeAllListeners').listeners.removeAllListeners(channel);
    return ipcRenderer;
  },
};

// --- contextBridge ---

const UNKNOWN_EXCEPTION =
  'An unknown exception occurred in the isolated context, an error occurred but a valid exception was not thrown.';

/** What a thrown value becomes on the other side: `new Error(message)`, nothing more. */
function crossedError(thrown: unknown): Error {
  if (thrown !== null && typeof thrown === 'object') {
    const message = (thrown as { message?: unknown }).message;
    return new Error(typeof message === 'string' ? message : UNKNOWN_EXCEPTION);
  }
  return new Error(UNKNOWN_EXCEPTION);
}

type Side = 'isolated' | 'main';

function isPlainObject(value: object): boolean {
  return !(
    value instanceof Date ||
    value instanceof RegExp ||
    value instanceof Map ||
    value instanceof Set ||
    value instanceof Error ||
    value instanceof Promise ||
    ArrayBuffer.isView(value) ||
    value instanceof ArrayBuffer ||
    Array.isArray(value)
  );
}

/**
 * PassValueToOtherContext: `from` is the side that owns `value`. Functions owned by the isolated
 * world run inside it (so the preload's ipcRenderer knows its window).
 */
function pass(value: unknown, from: Side, world: RendererWorld, seen = new Map<unknown, unknown>()): unknown {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
  if (seen.has(value)) return seen.get(value);
  const to: Side = from === 'isolated' ? 'main' : 'isolated';
  if (typeof value === 'function') {
    const fn = value as (...args: unknown[]) => unknown;
    const proxy = (...args: unknown[]): unknown => {
      const passedArgs = args.map((a) => pass(a, to, world));
      let result: unknown;
      try {
        result =
          from === 'isolated' ? currentWorld.run(world.ref, () => fn(...passedArgs)) : fn(...passedArgs);
      } catch (error) {
        throw crossedError(error);
      }
      return pass(result, from, world);
    };
    seen.set(value, proxy);
    return proxy;
  }
  if (value instanceof Promise) {
    const proxied = value.then(
      (resolved) => pass(resolved, from, world),
      (rejected: unknown) => {
        // A rejection that is an Error is rebuilt from its message; any other value is copied.
        throw rejected instanceof Error ? crossedError(rejected) : pass(rejected, from, world);
      },
    );
    seen.set(value, proxied);
    return proxied;
  }
  if (value instanceof Error) return crossedError(value);
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(pass(item, from, world, seen));
    return copy;
  }
  if (isPlainObject(value)) {
    // Own properties only: the prototype (a class) is dropped.
    const copy: Record<string, unknown> = {};
    seen.set(value, copy);
    for (const key of Object.keys(value))
      copy[key] = pass((value as Record<string, unknown>)[key], from, world, seen);
    return copy;
  }
  // Date, Map, typed arrays…: the structured clone algorithm.
  return structuredClone(value);
}

function deepFreeze(value: unknown, seen = new Set<unknown>()): void {
  if (value === null || typeof value !== 'object' || seen.has(value) || ArrayBuffer.isView(value)) return;
  seen.add(value);
  for (const key of Object.getOwnPropertyNames(value))
    deepFreeze((value as Record<string, unknown>)[key], seen);
  Object.freeze(value);
}

export const contextBridge = {
  exposeInMainWorld(apiKey: string, api: unknown): void {
    const world = worldHere('contextBridge.exposeInMainWorld');
    if (Object.hasOwn(world.mainWorld, apiKey))
      throw new Error('Cannot bind an API on top of an existing property on the window object');
    const passed = pass(api, 'isolated', world);
    if (passed !== null && typeof passed === 'object') deepFreeze(passed);
    world.mainWorld[apiKey] = passed;
  },
} satisfies Pick<Electron.ContextBridge, 'exposeInMainWorld'>;
