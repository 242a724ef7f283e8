import { describe, expect, it, vi } from 'vitest';
import { HotkeyService } from '../../../../../electron/core/app/hotkey-service';
import { MAC_SCREEN_RECORDING_SETTINGS } from '../../../../../electron/core/app/platform';
import type { ShortcutRegistrar } from '../../../../../electron/core/capture/hotkeys';
import { dispatch, type HandlerTable } from '../../../../../electron/core/ipc/dispatch';
import { memoryStorage, memoryVault, SettingsService } from '../../../../../electron/core/settings/settings';
import { startWebServer, type WebServer } from '../../../../../electron/web/server';
import type { EventChannel } from '../../../../../shared/ipc-contract';

/** Accepts everything but `refused`; records what is registered. */
function registrar(refused: string[] = []) {
  const registered = new Set<string>();
  const r: ShortcutRegistrar & { registered: Set<string> } = {
    registered,
    register: (a) => {
      if (refused.includes(a)) return false;
      registered.add(a);
      return true;
    },
    unregister: (a) => void registered.delete(a),
  };
  return r;
}

const noop = { captureRegion: () => {}, captureScreen: () => {}, toggleWindow: () => {} };

describe('HotkeyService', () => {
  it('reports a refused shortcut with the conflict named, once, and keeps the others', () => {
    const reg = registrar(['Command+Shift+4']);
    let bindings = { captureRegion: 'Command+Shift+4', captureScreen: 'Command+Shift+F', toggleWindow: '' };
    const onNewProblem = vi.fn();
    const service = new HotkeyService({
      registrar: reg,
      handlers: noop,
      platform: 'darwin',
      bindings: () => bindings,
      onNewProblem,
    });
    const status = service.apply();
    expect(status.problems).toHaveLength(1);
    expect(status.problems[0]).toMatchObject({ action: 'captureRegion', kind: 'refused' });
    expect(status.problems[0]?.message).toContain('macOS (screenshot of a selection)');
    expect(status.active).toEqual({ captureScreen: 'Command+Shift+F' });
    service.apply();
    expect(onNewProblem).toHaveBeenCalledTimes(1);
    bindings = { ...bindings, captureRegion: 'Command+Shift+E' };
    expect(service.apply().problems).toEqual([]);
    expect([...reg.registered].sort()).toEqual(['Command+Shift+E', 'Command+Shift+F']);
  });

  it('pause frees every shortcut, a change while paused registers nothing, resume registers again', () => {
    const reg = registrar();
    let bindings = {
      captureRegion: 'Ctrl+Shift+E',
      captureScreen: 'Ctrl+Shift+F',
      toggleWindow: 'Ctrl+Shift+G',
    };
    const service = new HotkeyService({
      registrar: reg,
      handlers: noop,
      platform: 'linux',
      bindings: () => bindings,
    });
    const seen: boolean[] = [];
    service.onChange((s) => seen.push(s.paused));
    service.apply();
    expect(reg.registered.size).toBe(3);
    expect(service.pause()).toMatchObject({ paused: true, active: {} });
    expect(reg.registered.size).toBe(0);
    bindings = { ...bindings, captureRegion: 'Ctrl+Alt+E' };
    service.apply();
    expect(reg.registered.size).toBe(0);
    expect(service.resume().active.captureRegion).toBe('Control+Alt+E');
    expect(reg.registered.size).toBe(3);
    expect(seen).toEqual([false, true, true, false]);
  });
});

describe('the app-life channels (web mode wiring, same handler table as the app)', () => {
  async function withServer(
    options: Parameters<typeof startWebServer>[0]['life'],
    run: (web: WebServer, call: (channel: string, args?: unknown) => Promise<unknown>) => Promise<void>,
    clip?: (text: string) => void,
  ) {
    const web = await startWebServer({
      rendererDir: '/nonexistent',
      life: options,
      ...(clip ? { writeClipboard: clip } : {}),
    });
    // Talk to the table the way a socket does: through dispatch, schemas included.
    const { WebSocket } = await import('ws');
    const socket = new WebSocket(`${web.origin.replace('http', 'ws')}/ipc?token=${web.token}`, {
      origin: web.origin,
    });
    await new Promise((resolve) => socket.once('open', resolve));
    let next = 1;
    const events: [string, unknown][] = [];
    const pending = new Map<number, (reply: unknown) => void>();
    const { decodeWire, encodeWire } = await import('../../../../../shared/wire');
    socket.on('message', (data: Buffer) => {
      const message = decodeWire(data.toString('utf8')) as {
        id?: number;
        reply?: unknown;
        event?: string;
        payload?: unknown;
      };
      if (message.id !== undefined) pending.get(message.id)?.(message.reply);
      else if (message.event) events.push([message.event, message.payload]);
    });
    const call = (channel: string, args?: unknown) =>
      new Promise<unknown>((resolve) => {
        const id = next++;
        pending.set(id, resolve);
        socket.send(encodeWire({ id, channel, args }));
      });
    try {
      await run(Object.assign(web, { events }), call);
    } finally {
      socket.close();
      await web.close();
    }
  }

  it('hotkeys:state names the conflict; a settings change re-applies and emits hotkeys:changed', async () => {
    await withServer({ refusedShortcuts: ['Shift+Super+S'], platform: 'win32' }, async (web, call) => {
      expect(await call('hotkeys:state')).toMatchObject({ ok: true, value: { problems: [], paused: false } });
      await call('settings:update', { hotkeys: { captureRegion: 'Shift+Super+S' } });
      const state = (await call('hotkeys:state')) as { value: { problems: { message: string }[] } };
      expect(state.value.problems[0]?.message).toContain('Windows (Snipping Tool)');
      const events = (web as unknown as { events: [EventChannel, unknown][] }).events;
      // vi.waitFor gives up after 1 s by default: too short on a busy machine.
      await vi.waitFor(() => expect(events.some(([e]) => e === 'hotkeys:changed')).toBe(true), {
        timeout: 15_000,
      });
      // the tray's "Pause shortcuts" is the same action the page runs
      expect(await call('app:action', { action: 'toggleHotkeys' })).toEqual({ ok: true, value: {} });
      expect(await call('hotkeys:state')).toMatchObject({ value: { paused: true, problems: [] } });
    });
  });

  it('app:action quits (the panel is the way to it without a tray), refuses actions the page has no business running and a conversation id that is a path; opens history on a conversation', async () => {
    const openWindow = vi.fn(() => true);
    const quit = vi.fn();
    await withServer({ openWindow, quit }, async (_web, call) => {
      expect(await call('app:action', { action: 'quit' })).toMatchObject({ ok: true });
      expect(quit).toHaveBeenCalledTimes(1);
      expect(await call('app:action', { action: 'captureRegion' })).toMatchObject({ ok: false });
      expect(await call('app:action', { action: 'openHistory', conversationId: '../x' })).toMatchObject({
        ok: false,
      });
      expect(await call('app:action', { action: 'openHistory', conversationId: 'abc' })).toEqual({
        ok: true,
        value: { opened: true },
      });
      expect(openWindow).toHaveBeenCalledWith('history?conversation=abc');
    });
  });

  it('app:open-system-settings opens only the fixed Screen Recording URL, whatever is sent', async () => {
    const opened: string[] = [];
    const openSystemSettings = (url: string) => Promise.resolve(void opened.push(url));
    await withServer({ openSystemSettings }, async (_web, call) => {
      expect(await call('app:open-system-settings', { url: 'file:///etc/passwd' })).toMatchObject({
        ok: false,
      });
      expect(await call('app:open-system-settings')).toEqual({ ok: true, value: { opened: true } });
      expect(opened).toEqual([MAC_SCREEN_RECORDING_SETTINGS]);
    });
  });

  it('diagnostics:copy puts a redacted report on the clipboard: the stored key never appears', async () => {
    const clipboard: string[] = [];
    await withServer(
      {},
      async (_web, call) => {
        await call('settings:update', {
          baseUrl: 'http://127.0.0.1:9/v1',
          apiKey: 'sk-canary-0123456789abcdef',
        });
        const reply = (await call('diagnostics:copy')) as { ok: boolean; value: { chars: number } };
        expect(reply.ok).toBe(true);
        expect(clipboard).toHaveLength(1);
        expect(reply.value.chars).toBe(clipboard[0]!.length);
        expect(clipboard[0]).toContain('127.0.0.1:9');
        expect(clipboard[0]).not.toContain('sk-canary');
        expect(clipboard[0]).not.toContain('0123456789abcdef');
      },
      (text) => void clipboard.push(text),
    );
  });

  it('a simulated macOS denial reaches the page as capture:failed with its kind, through the tray action', async () => {
    await withServer({ captureFailure: 'mac-permission-denied' }, async (web, call) => {
      const reply = (await call('capture:region')) as { ok: boolean; error: { kind: string } };
      expect(reply).toMatchObject({ ok: false, error: { kind: 'screen-permission' } });
      await web.runAction('captureRegion');
      const events = (web as unknown as { events: [string, { kind?: string }][] }).events;
      await vi.waitFor(
        () =>
          expect(events.find(([e]) => e === 'capture:failed')?.[1]).toMatchObject({
            kind: 'screen-permission',
          }),
        { timeout: 15_000 },
      );
    });
  });
});

describe('the handler table without app life (e.g. a minimal embedding)', () => {
  it('answers "not available here" instead of failing', async () => {
    const { createHandlerTable } = await import('../../../../../electron/core/app/handlers');
    const { CaptureStore } = await import('../../../../../electron/core/app/captures');
    const { ChatController } = await import('../../../../../electron/core/app/chat-controller');
    const settings = new SettingsService(memoryStorage(), memoryVault());
    const events = { emit: () => {} };
    const table: HandlerTable = createHandlerTable({
      settings,
      captures: new CaptureStore(),
      chat: new ChatController({ fetch: globalThis.fetch, events, endpoint: () => settings.chatProfile() }),
      events,
    });
    expect(await dispatch(table, 'hotkeys:state', undefined)).toMatchObject({
      ok: false,
      error: { kind: 'unsupported' },
    });
  });
});
