/**
 * Web mode (a development tool, never shipped): serves the built renderer on 127.0.0.1 and the
 * same IPC handler table as the app over a loopback WebSocket. A connection needs the random
 * token from the printed URL and our own Origin; anything else is refused.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { eventChannels, type EventChannel, type EventPayloads } from '../../shared/ipc-contract';
import { decodeWire, encodeWire, type WireMessage } from '../../shared/wire';
import { createFetchSelector } from '../core/net/proxy-fetch';
import { CaptureStore, profileImageLimits } from '../core/app/captures';
import { userActionPorts } from '../core/app/action-runs';
import { resolveAction } from '../core/settings/actions';
import { ChatController } from '../core/app/chat-controller';
import { createHandlerTable } from '../core/app/handlers';
import { historyRecorder } from '../core/history/handlers';
import { HistoryRepository } from '../core/history/repository';
import { nodeStorage } from '../core/storage/port';
import type { FrozenDisplay } from '../core/capture';
import { dispatch, type EventSink } from '../core/ipc/dispatch';
import { APP_HOST, APP_SCHEME, contentSecurityPolicy, resolveAppRequest } from '../core/security';
import { memoryVault, SettingsService } from '../core/settings/settings';
import { openSettingsStore } from '../core/settings/stores';
import { confStores } from '../core/storage/stores';
import { packageVersion } from './version';
import { CaptureShield, OcrEngine, PrivacyShield } from '../core/privacy';
import { createWebLife, webCaptureDisplays, type WebLifeOptions } from './life';
import type { AppActionId } from '../core/app/actions';

export interface WebServerOptions {
  /** Folder of the built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  fetch?: typeof globalThis.fetch;
  log?: (line: string) => void;
  /** Where a clicked http(s) link goes (web mode has no shell: by default it is only logged). */
  openExternal?: (url: string) => Promise<void>;
  /** Where "copy" goes (web mode keeps it in memory unless told otherwise). */
  writeClipboard?: (text: string) => void;
  /**
   * The "frozen screens" a region capture shows, since web mode has no desktop (a fixture in the
   * browser tests). Without it, region capture says it is not available here.
   */
  frozenScreens?: () => Promise<FrozenDisplay[]>;
  /**
   * Where web mode keeps its history (and exports, in `exports/`). Without it, a fresh temporary
   * folder is used and removed on close: nothing of a test or demo session stays.
   */
  dataDir?: string;
  /**
   * Run the privacy shield as the app does: on the frozen screens and on dropped, pasted and
   * picked images, whenever Settings has it on. `npm run web` passes true (WEB_MODE_OPTIONS, run-web.ts).
   * Without it (tests that must not depend on OCR's timing), the setting is switched off at
   * start, so Settings shows it off; switching it on there turns it on. What Settings shows is
   * what runs, either way.
   */
  privacyShield?: boolean;
  /** Tray actions, shortcuts and OS states as a desktop would give them (see electron/web/life.ts). */
  life?: WebLifeOptions;
}

/** What `npm run web` starts the server with (electron/web/run-web.ts), beside its port, log and data folder. */
export const WEB_MODE_OPTIONS = { privacyShield: true } as const satisfies Partial<WebServerOptions>;

export interface WebServer {
  /** The URL to open, token included. */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
  /** Runs one of the app's actions as the tray or a shortcut would. */
  runAction(id: AppActionId, options?: { conversationId?: string }): Promise<unknown>;
  /** Runs one of your own actions (by id or name) as the tray or its shortcut would. */
  runUserAction(nameOrId: string): Promise<{ started: boolean }>;
}

const WEB_ENTRY = '/web.html';
const SOCKET_PATH = '/ipc';
const MAX_MESSAGE_BYTES = 80 * 1024 * 1024;

function tokenMatches(expected: string, given: string | null): boolean {
  if (given === null) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const log = options.log ?? (() => {});
  const token = randomBytes(24).toString('base64url');
  const sockets = new Set<WebSocket>();

  const events: EventSink = {
    emit<C extends EventChannel>(channel: C, payload: EventPayloads[C]) {
      if (!(eventChannels as readonly string[]).includes(channel)) return;
      const message = encodeWire({ event: channel, payload } satisfies WireMessage);
      for (const socket of sockets) socket.send(message);
    },
  };
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'glimpse-web-')));
  // Settings are the app's store (conf, same file and options) in the data folder; keys stay in
  // memory, as in the app where no encryption is available.
  const vault = memoryVault();
  const settings = new SettingsService(
    openSettingsStore({ stores: confStores, dataDir, appVersion: packageVersion(), watch: true, vault }),
    vault,
    {
      onProblem: (message) => {
        log(`web: settings: ${message}`);
        events.emit('storage:problem', { message });
      },
    },
  );
  const history = await HistoryRepository.open(nodeStorage(dataDir), {
    onProblem: (message) => {
      log(`web: history: ${message}`);
      events.emit('storage:problem', { message });
    },
  });
  if (options.privacyShield !== true && settings.current.privacy.enabled)
    settings.update({ privacy: { enabled: false } });
  // Offline OCR as the app reads (English and French, the language files linked into the data
  // folder once); the worker threads start on first use only.
  const ocr = new OcrEngine({ languages: ['eng', 'fra'], dataDir: join(dataDir, 'ocr') });
  const captureShield = new CaptureShield({ engine: ocr, settings: () => settings.current.privacy, events });
  // An action's capture is sized for the profile it asks (its own, or the active one), as in the app.
  const captures = new CaptureStore({
    limits: (actionId) => {
      const action = actionId === undefined ? undefined : settings.action(actionId);
      return profileImageLimits(
        action ? resolveAction(settings.current, action).profile : settings.activeProfile(),
      );
    },
  });
  // Your own actions run as in the app; web mode has no screen or clipboard to capture, so those
  // captures fail with a clear message and the panel keeps the action for the next image given.
  const userActions = userActionPorts({ settings, captures, events, captureShield });
  const life = createWebLife({
    options: options.life,
    settings,
    table: () => table,
    events,
    log,
    userActions,
  });
  const captureDisplays = webCaptureDisplays(options.life, options.frozenScreens);
  const chat = new ChatController({
    fetch: options.fetch ?? globalThis.fetch,
    fetchFor: createFetchSelector({
      system: options.fetch ?? globalThis.fetch,
      direct: options.fetch ?? globalThis.fetch,
    }),
    events,
    endpoint: (actionId) => settings.chatProfile(actionId),
    record: historyRecorder(history, settings, events),
    log,
  });
  const table = createHandlerTable({
    settings,
    ocr,
    privacy: new PrivacyShield({ engine: ocr, settings: () => settings.current.privacy }),
    captureShield,
    captures,
    chat,
    history,
    exportDir: () => Promise.resolve(join(dataDir, 'exports')),
    events,
    openExternal:
      options.openExternal ??
      ((url) => {
        log(`web: would open ${url} in the browser`);
        return Promise.resolve();
      }),
    writeClipboard: options.writeClipboard ?? (() => {}),
    ...(captureDisplays ? { captureDisplays } : {}),
    // About: no runtime versions here (the page runs in any browser; they are the app's).
    life: { ...life.services, about: () => ({ version: packageVersion(), dataDir }) },
  });

  let origin = '';
  const serveFile = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', origin).pathname;
    const resolved = resolveAppRequest(
      options.rendererDir,
      `${APP_SCHEME}://${APP_HOST}${path === '/' ? WEB_ENTRY : path}`,
    );
    const headers = {
      'Content-Security-Policy': contentSecurityPolicy({ connectSrc: [origin.replace(/^http/, 'ws')] }),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    };
    if (!resolved || req.method !== 'GET') {
      res.writeHead(404, headers).end('Not found');
      return;
    }
    try {
      const body = await readFile(resolved.filePath);
      res.writeHead(200, { ...headers, 'Content-Type': resolved.mimeType }).end(body);
    } catch {
      res.writeHead(404, headers).end('Not found');
    }
  };

  const http = createServer((req, res) => void serveFile(req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    // Security: only our own page, holding the token, may drive the core.
    if (
      url.pathname !== SOCKET_PATH ||
      req.headers.origin !== origin ||
      !tokenMatches(token, url.searchParams.get('token'))
    ) {
      log(`web: refused a socket from origin ${req.headers.origin ?? '(none)'}`);
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        let request: { id?: unknown; channel?: unknown; args?: unknown };
        try {
          request = decodeWire(rawDataToString(data)) as typeof request;
        } catch {
          return;
        }
        if (typeof request.id !== 'number') return;
        const id = request.id;
        void dispatch(table, request.channel, request.args, (name, error) =>
          log(`web: ${name} failed: ${String(error)}`),
        ).then((reply) => ws.send(encodeWire({ id, reply } satisfies WireMessage)));
      });
    });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.port ?? 0, '127.0.0.1', resolve);
    });
  } catch (error) {
    // Nothing is served: close what was opened (the stores, the temporary folder) and say why.
    wss.close();
    life.dispose();
    await history.flush();
    captureShield?.dispose();
    await ocr.dispose();
    settings.close();
    if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    throw listenError(error, options.port ?? 0);
  }
  const { port } = http.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    runAction: (id, runOptions) => life.run(id, runOptions),
    runUserAction: (nameOrId) => life.runAction(nameOrId),
    url: `${origin}/?token=${token}`,
    origin,
    token,
    close: async () => {
      life.dispose();
      for (const socket of sockets) socket.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      // Answers still streaming would write into the folder being removed: end them first.
      await chat.stopAll();
      await history.flush();
      captureShield.dispose();
      await ocr.dispose();
      settings.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A port that cannot be listened on, in one sentence a user can act on (not Node's stack). */
export class WebListenError extends Error {
  override name = 'WebListenError';
}

export function listenError(error: unknown, port: number): WebListenError {
  const code = (error as { code?: unknown }).code;
  if (code === 'EADDRINUSE')
    return new WebListenError(
      `port ${port} on 127.0.0.1 is already in use — stop what uses it, or pick another with --port (0 picks a free one)`,
    );
  if (code === 'EACCES')
    return new WebListenError(
      `port ${port} needs administrator rights on this system — pick one above 1023 with --port`,
    );
  return new WebListenError(
    `cannot listen on 127.0.0.1:${port} (${typeof code === 'string' ? code : (error as Error).message})`,
  );
}

/** Text frames arrive as one Buffer, or as fragments when the sender split them. */
function rawDataToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
