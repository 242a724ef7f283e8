/**
 * Finding 3 of issue 13: an error's `kind` must survive contextBridge. The real preload runs
 * against a stand-in `electron` whose contextBridge copies values the way Electron's does
 * (tests/support/context-bridge.ts: an Error arrives as `new Error(message)`, nothing else), and
 * the page's side is the renderer's own api() (renderer/src/lib/api.ts) over what was exposed.
 * Web mode has no bridge, which is why the browser tests never saw this.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GlimpseApiError, type GlimpseApi } from '../../../shared/api';
import { crossBridge } from '../../support/context-bridge';

/** What the preload handed to exposeInMainWorld, by name, and main's answers. */
const bridge = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: (..._args: unknown[]): Promise<unknown> => Promise.reject(new Error('not set')),
  listeners: new Map<string, (event: unknown, payload: unknown) => void>(),
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (name: string, value: unknown) => void bridge.exposed.set(name, value),
  },
  ipcRenderer: {
    invoke: (...args: unknown[]) => bridge.invoke(...args),
    on: (channel: string, listener: (event: unknown, payload: unknown) => void) =>
      void bridge.listeners.set(channel, listener),
    removeListener: (channel: string) => void bridge.listeners.delete(channel),
  },
}));

/** The page's `window`: only what crossed the bridge. */
type PageWindow = Record<string, unknown> & { glimpse?: GlimpseApi };

async function loadPage(): Promise<GlimpseApi> {
  vi.resetModules();
  bridge.exposed.clear();
  // The real preload (built for its own tsconfig: imported by path here).
  const preload = '../../../electron/preload/index';
  await import(/* @vite-ignore */ preload);
  const page: PageWindow = {};
  for (const [name, value] of bridge.exposed) page[name] = crossBridge(value);
  vi.stubGlobal('window', page);
  // The renderer's own accessor (a .ts module with DOM globals: imported by path, not type-checked here).
  const rendererApi = '../../../renderer/src/lib/api';
  const { api } = (await import(/* @vite-ignore */ rendererApi)) as { api: () => GlimpseApi };
  return api();
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

beforeEach(() => {
  bridge.invoke = () =>
    Promise.resolve({
      ok: false,
      error: { message: 'Glimpse needs the Screen Recording permission.', kind: 'screen-permission' },
    });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the stand-in bridge copies like Electron', () => {
  it('loses a custom error property, as Electron does (this is what broke the kind)', async () => {
    const thrower = crossBridge(() =>
      Promise.reject(
        new GlimpseApiError('Glimpse needs the Screen Recording permission.', 'screen-permission'),
      ),
    ) as () => Promise<unknown>;
    const error = await rejection(thrower());
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(GlimpseApiError);
    expect((error as { kind?: string }).kind).toBeUndefined();
    expect((error as Error).message).toBe('Glimpse needs the Screen Recording permission.');
  });
});

describe('the preload and the page, across contextBridge', () => {
  it('a refused call reaches the page as a GlimpseApiError with its kind and message', async () => {
    const glimpse = await loadPage();
    const error = await rejection(glimpse.capture.screen());
    // (The page's modules are loaded afresh, so its GlimpseApiError is its own class: by name.)
    expect(error).toMatchObject({
      name: 'GlimpseApiError',
      kind: 'screen-permission',
      message: 'Glimpse needs the Screen Recording permission.',
    });
  });

  it('a successful call resolves with the value, copied', async () => {
    bridge.invoke = (_channel, name) =>
      Promise.resolve(
        name === 'hotkeys:state'
          ? { ok: true, value: { paused: false, active: {}, problems: [], wayland: true } }
          : { ok: false, error: { message: 'Unknown request.', kind: 'unknown-channel' } },
      );
    const glimpse = await loadPage();
    await expect(glimpse.hotkeys.state()).resolves.toEqual({
      paused: false,
      active: {},
      problems: [],
      wayland: true,
    });
  });

  it('an IPC failure (no handler yet) is a clear internal error, not Electron’s text', async () => {
    bridge.invoke = () =>
      Promise.reject(new Error("Error invoking remote method 'glimpse:invoke': No handler registered"));
    const glimpse = await loadPage();
    const error = await rejection(glimpse.settings.get());
    expect(error).toMatchObject({ name: 'GlimpseApiError', kind: 'internal' });
    expect((error as Error).message).not.toContain('remote method');
    expect((error as Error).message).toMatch(/Glimpse/);
  });

  it('events still reach the page, without the IPC event object', async () => {
    const glimpse = await loadPage();
    const seen: unknown[] = [];
    const stop = glimpse.hotkeys.onChanged((status) => seen.push(status));
    const status = { paused: true, active: {}, problems: [], wayland: false };
    bridge.listeners.get('hotkeys:changed')?.({ sender: 'secret' }, status);
    expect(seen).toEqual([status]);
    stop();
    expect(bridge.listeners.has('hotkeys:changed')).toBe(false);
  });

  it('exposes one object, and no ipcRenderer', async () => {
    await loadPage();
    expect([...bridge.exposed.keys()]).toHaveLength(1);
    const [exposed] = [...bridge.exposed.values()] as Record<string, unknown>[];
    expect(Object.keys(exposed!).sort()).toEqual(['invoke', 'on']);
    expect(() =>
      (exposed as { on: (c: string, l: () => void) => void }).on('ipc:anything', () => {}),
    ).toThrow(/unknown event/);
  });
});
