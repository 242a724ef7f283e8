/**
 * Electron adapters of the security baseline. Thin on purpose: every decision is a pure function
 * in electron/core/security, tested in Node; this file only hands those decisions to Electron.
 * The one place that may call shell.openExternal, install a window-open handler, or set the
 * session's permission and header hooks (tests/unit/main/security-static.test.ts checks it).
 */
import { readFile, realpath } from 'node:fs/promises';
import { app, protocol, shell, type Session, type WebContents } from 'electron';
import {
  APP_ORIGIN,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  appResponseHeaders,
  contentSecurityPolicyFor,
  devServerOrigin,
  isAllowedNavigation,
  isInsideDirectory,
  resolveAppRequest,
  toSafeExternalUrl,
  withSecurityHeaders,
} from '../core/security';
import { MAC_SCREEN_RECORDING_SETTINGS } from '../core/app/platform';

const log = (line: string): void => console.log(`[glimpse] security: ${line}`);

/**
 * The electron-vite dev server's origin when the renderer comes from it (ELECTRON_RENDERER_URL
 * set, app not packaged, loopback host), else undefined: the app then serves app://glimpse.
 */
export function rendererDevServerOrigin(): string | undefined {
  const url = process.env.ELECTRON_RENDERER_URL;
  if (!url || app.isPackaged) return undefined;
  const origin = devServerOrigin(url);
  if (origin === null) log(`ignoring ELECTRON_RENDERER_URL ${url}: not a loopback http(s) URL`);
  return origin ?? undefined;
}

/** The origins our windows may show, navigate within, and accept IPC from. */
export function allowedAppOrigins(): string[] {
  const dev = rendererDevServerOrigin();
  return dev ? [APP_ORIGIN, dev] : [APP_ORIGIN];
}

/** Must run before app 'ready' (Electron allows a single call). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
}

/** Error answers carry the same security headers as files. */
function plainResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: appResponseHeaders('text/plain; charset=utf-8') });
}

/** Serves the built renderer at app://glimpse/ from `rootDir`, on `session`. */
export function serveAppProtocol(session: Session, rootDir: string): void {
  let realRoot: Promise<string> | undefined;
  session.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return plainResponse(405, 'Method not allowed');
    }
    const file = resolveAppRequest(rootDir, request.url);
    if (!file) return plainResponse(404, 'Not found');
    try {
      realRoot ??= realpath(rootDir);
      const realFile = await realpath(file.filePath);
      // Security: a symbolic link inside the build folder must not lead out of it.
      if (!isInsideDirectory(await realRoot, realFile)) return plainResponse(404, 'Not found');
      const body = request.method === 'HEAD' ? null : await readFile(realFile);
      return new Response(body, { status: 200, headers: appResponseHeaders(file.mimeType) });
    } catch {
      return plainResponse(404, 'Not found');
    }
  });
}

/**
 * Denies every permission (camera, notifications, clipboard-read, HID, serial, USB, display
 * capture, …: Glimpse's pages need none; capture and clipboard are main's job), blocks downloads,
 * and puts our CSP on every response, including the dev server's pages in development.
 */
export function hardenSession(
  session: Session,
  devServer: string | undefined = rendererDevServerOrigin(),
): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));
  session.on('will-download', (event) => event.preventDefault());
  session.webRequest.onHeadersReceived((details, callback) => {
    const csp = contentSecurityPolicyFor(details.url, devServer);
    callback({ responseHeaders: withSecurityHeaders(details.responseHeaders, csp) });
  });
}

interface NavigationEvent {
  url: string;
  preventDefault(): void;
}

/**
 * Navigation within our own origins only; no new window ever (a safe http(s) link goes to the
 * user's browser instead); no <webview>.
 */
export function hardenWebContents(contents: WebContents, allowedOrigins: readonly string[]): void {
  const guard = (event: NavigationEvent): void => {
    if (isAllowedNavigation(event.url, allowedOrigins)) return;
    // Security: the page stays ours; an attacker-chosen page never gets our preload.
    event.preventDefault();
    log(`blocked navigation to ${event.url}`);
  };
  contents.on('will-navigate', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-redirect', guard);

  contents.setWindowOpenHandler(({ url }) => {
    const external = toSafeExternalUrl(url);
    if (external !== null) {
      // Security: only the canonical http(s) URL that was checked reaches the OS.
      const report = (error: unknown): void => log(`could not open a link: ${String(error)}`);
      setImmediate(() => void shell.openExternal(external).catch(report));
    }
    return { action: 'deny' };
  });

  // webviewTag is off already; refuse at attach time too, so a changed preference is not enough.
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * Opens a link the user clicked in an answer (the app:open-external channel). The handler has
 * already reduced it to a canonical http(s) URL; it is checked again here, at the OS boundary.
 */
export async function openExternalUrl(url: string): Promise<void> {
  const external = toSafeExternalUrl(url);
  if (external === null) return;
  await shell.openExternal(external);
}

/**
 * macOS only: opens the Screen Recording pane of System Settings (app:open-system-settings). The
 * one fixed URL, nothing the page chose; `false` elsewhere.
 */
export async function openScreenRecordingSettings(url: string): Promise<boolean> {
  if (process.platform !== 'darwin' || url !== MAC_SCREEN_RECORDING_SETTINGS) return false;
  await shell.openExternal(url);
  return true;
}

/** Hardens every webContents Electron creates from now on. Call once, before any window. */
export function hardenAllWebContents(allowedOrigins: readonly string[]): void {
  const origins = [...allowedOrigins];
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, origins));
}
