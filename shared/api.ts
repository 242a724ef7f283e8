/**
 * The one API object the renderer sees as `window.glimpse`, built in the page's own world over a
 * transport: in the app, the preload's IPC transport exposed through contextBridge as
 * `window.glimpseIpc`; in web mode, a loopback WebSocket.
 *
 * Why the API is not built in the preload: contextBridge copies an Error that crosses it as a new
 * Error with its message only ("any custom properties on the Error object will be lost",
 * Electron's docs/api/context-bridge.md; electron_api_context_bridge.cc rebuilds native errors
 * from `message`). A GlimpseApiError thrown in the preload would reach the page without its
 * `kind`, and no help that depends on it would ever show. The transport never rejects: it
 * resolves with a plain reply object, which the bridge copies whole, and GlimpseApiError is
 * created here, on the page's side.
 */
import type { MessageFields } from './messages';
import type {
  EventChannel,
  EventPayloads,
  InvokeArgs,
  InvokeChannel,
  InvokeReply,
  InvokeResults,
} from './ipc-contract';

export interface IpcTransport {
  invoke(channel: InvokeChannel, args: unknown): Promise<InvokeReply<unknown>>;
  /** Returns an unsubscribe function. */
  on(channel: EventChannel, listener: (payload: unknown) => void): () => void;
}

/**
 * Thrown in the renderer when main refuses or fails a call; `message` is the core's English
 * sentence, `code` and `fields` let the page word it in its language (renderer/src/lib/messages.ts).
 */
export class GlimpseApiError extends Error {
  constructor(
    message: string,
    readonly kind: string,
    readonly code?: string,
    readonly fields?: MessageFields,
  ) {
    super(message);
    this.name = 'GlimpseApiError';
  }
}

/** The name the preload exposes its transport under (contextBridge.exposeInMainWorld). */
export const BRIDGE_NAME = 'glimpseIpc';

/** The reply when the transport itself failed (no answer from main): never a raw IPC error text. */
export const UNREACHABLE_REPLY = {
  ok: false,
  error: {
    message: 'Glimpse could not finish this: its main process did not answer. Try again, or restart Glimpse.',
    kind: 'internal',
    code: 'ipc.unreachable',
  },
} as const satisfies InvokeReply<never>;

function isReply(value: unknown): value is InvokeReply<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const reply = value as { ok?: unknown; error?: { message?: unknown; kind?: unknown } };
  if (reply.ok === true) return true;
  return (
    reply.ok === false && typeof reply.error?.message === 'string' && typeof reply.error.kind === 'string'
  );
}

/**
 * The transport as the preload exposes it: `invoke` always resolves with a plain reply object
 * (a rejection would cross contextBridge as a bare Error), and a malformed reply becomes an
 * 'internal' one instead of a TypeError in the page.
 */
export function settledTransport(transport: IpcTransport): IpcTransport {
  return {
    async invoke(channel, args) {
      try {
        const reply: unknown = await transport.invoke(channel, args);
        return isReply(reply) ? reply : UNREACHABLE_REPLY;
      } catch {
        return UNREACHABLE_REPLY;
      }
    },
    on: (channel, listener) => transport.on(channel, listener),
  };
}

type Listener<C extends EventChannel> = (payload: EventPayloads[C]) => void;

export function createApi(transport: IpcTransport) {
  async function call<C extends InvokeChannel>(channel: C, args: InvokeArgs<C>): Promise<InvokeResults[C]> {
    const reply = await transport.invoke(channel, args);
    if (!reply.ok) {
      const { message, kind, code, fields } = reply.error;
      throw new GlimpseApiError(message, kind, code, fields);
    }
    return reply.value as InvokeResults[C];
  }
  function on<C extends EventChannel>(channel: C) {
    return (listener: Listener<C>) =>
      transport.on(channel, (payload) => listener(payload as EventPayloads[C]));
  }

  return {
    settings: {
      get: () => call('settings:get', undefined),
      update: (patch: InvokeArgs<'settings:update'>) => call('settings:update', patch),
      saveProfile: (args: InvokeArgs<'settings:profile-save'>) => call('settings:profile-save', args),
      deleteProfile: (id: string) => call('settings:profile-delete', { id }),
      onChanged: on('settings:changed'),
    },
    /** Conversations kept on this machine (see shared/data-channels.ts). */
    history: {
      list: (paging?: InvokeArgs<'history:list'>) => call('history:list', paging),
      search: (args: InvokeArgs<'history:search'>) => call('history:search', args),
      get: (id: string) => call('history:get', { id }),
      image: (hash: string) => call('history:image', { hash }),
      rename: (id: string, title: string) => call('history:rename', { id, title }),
      delete: (id: string) => call('history:delete', { id }),
      reopen: (id: string) => call('history:reopen', { id }),
      export: (args: InvokeArgs<'history:export'>) => call('history:export', args),
      import: (args: InvokeArgs<'history:import'>) => call('history:import', args),
      problems: () => call('history:problems', undefined),
      onChanged: on('history:changed'),
      onProblem: on('storage:problem'),
    },
    capture: {
      screen: () => call('capture:screen', undefined),
      fromImage: (image: InvokeArgs<'capture:image'>) => call('capture:image', image),
      /** Sends the capture as full-resolution tiles as well (or no longer): see CaptureInfo.sharpText. */
      sharpText: (captureId: string, enabled: boolean) => call('capture:sharp-text', { captureId, enabled }),
      onReady: on('capture:ready'),
      onFailed: on('capture:failed'),
      /** The region hotkey's action: freeze every display and show the overlays. */
      region: () => call('capture:region', undefined),
    },
    /** The region overlay, one per display (see shared/overlay-channels.ts). */
    overlay: {
      frame: (displayId: number) => call('overlay:frame', { displayId }),
      submit: (args: InvokeArgs<'overlay:submit'>) => call('overlay:submit', args),
      cancel: () => call('overlay:cancel', undefined),
      /** The drag ended: the privacy shield reads this selection ahead of the rest. */
      selection: (args: InvokeArgs<'overlay:selection'>) => call('overlay:selection', args),
      onClosed: on('overlay:closed'),
      onProposals: on('overlay:proposals'),
    },
    chat: {
      ask: (args: InvokeArgs<'chat:ask'>) => call('chat:ask', args),
      stop: (requestId: string) => call('chat:stop', { requestId }),
      onDelta: on('chat:delta'),
      onDone: on('chat:done'),
      onError: on('chat:error'),
    },
    app: {
      openExternal: (url: string) => call('app:open-external', { url }),
      /** One of the app's actions, the same the tray and the shortcuts run (shared/app-channels.ts). */
      action: (args: InvokeArgs<'app:action'>) => call('app:action', args),
      /** macOS: the Screen Recording pane of System Settings (a fixed URL). */
      openSystemSettings: () => call('app:open-system-settings', undefined),
      /** Settings → About: the version, Electron/Chrome/Node in the app, the data folder. */
      about: () => call('app:about', undefined),
    },
    /** Your own actions (see shared/action-channels.ts); the list itself is in the settings. */
    actions: {
      run: (id: string) => call('actions:run', { id }),
      export: (args: InvokeArgs<'actions:export'>) => call('actions:export', args),
      import: (args: InvokeArgs<'actions:import'>) => call('actions:import', args),
      reset: () => call('actions:reset', undefined),
    },
    /** The global shortcuts as registered, with each conflict named. */
    hotkeys: {
      state: () => call('hotkeys:state', undefined),
      /** While the settings page records a new shortcut, ours are suspended (the keys go to the page). */
      recording: (recording: boolean) => call('hotkeys:recording', { recording }),
      onChanged: on('hotkeys:changed'),
    },
    diagnostics: {
      /** Builds the redacted report and puts it on the clipboard. */
      copy: () => call('diagnostics:copy', undefined),
    },
    clipboard: {
      write: (text: string) => call('clipboard:write', { text }),
    },
    endpoint: {
      models: (args: InvokeArgs<'endpoint:models'>) => call('endpoint:models', args),
      test: (args: InvokeArgs<'endpoint:test'>) => call('endpoint:test', args),
    },
    /** The privacy shield (see shared/privacy-channels.ts). */
    privacy: {
      /** The capture's text, read on this machine: no endpoint is called. */
      extractText: (captureId: string) => call('privacy:extract-text', { captureId }),
      /** Re-prepares a capture with these boxes burned in (source pixels); returns what is sent. */
      redact: (args: InvokeArgs<'capture:redact'>) => call('capture:redact', args),
      /** The scan of a capture that skipped the overlay (state and proposals so far). */
      onScan: on('privacy:scan'),
      /** Boxes the shield burned in by itself before an auto-asked capture was sent. */
      onApplied: on('privacy:applied'),
    },
  };
}

export type GlimpseApi = ReturnType<typeof createApi>;
