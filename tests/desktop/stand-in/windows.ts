/**
 * BrowserWindow and webContents (docs/api/browser-window.md, web-contents.md): windows record the
 * options they were created with and every state change; webContents record every IPC message
 * sent to the page (`sent`), and deliver it to the page's preload when one runs (ipc.ts).
 *
 * Behaviour taken from Electron's sources:
 * - `new BrowserWindow` before ready throws "Cannot create BrowserWindow before app is ready"
 *   (electron_api_browser_window.cc); `show` defaults to true.
 * - 'ready-to-show' comes from the webContents' first non-empty layout, whether or not the window
 *   is shown, and reaches the window on the next tick (lib/browser/api/web-contents.ts).
 * - focus() on a hidden window does nothing (NativeWindowMac/NativeWindowViews::Focus).
 * - A navigation emits 'did-start-navigation' as WebContents::EmitNavigationEvent does: an event
 *   object carrying url, isSameDocument, isMainFrame, processId, routingId, frame, then the same
 *   values as (deprecated) arguments. A fragment-only change of the URL is same-document.
 *   forcefullyCrashRenderer() ends the renderer: 'render-process-gone' with reason 'killed'.
 * - close() emits a cancellable 'close'; destroy() does not; 'closed' follows either; the last
 *   window closing goes on with a quit in progress, else emits 'window-all-closed' (browser.cc).
 * - macOS setVisibleOnAllWorkspaces(…, {visibleOnFullScreen}) hides (or shows) the Dock icon
 *   unless skipTransformProcessType (native_window_mac.mm).
 * - Linux: a non-resizable window is a fixed-size one. There is no "resizable" property on Linux:
 *   NativeWindowViews::SetResizable(false) sets both the minimum and the maximum size to the
 *   window's size (native_window_views.cc); resizable: false at creation goes through it.
 * - Mutter (GNOME on X11, and the X window manager of XWayland) ignores a full-screen request
 *   from a fixed-size window (min = max size hints) unless that size is the whole X screen, the
 *   bounding box of every monitor (mutter src/core/window.c, meta_window_recalc_features: "don't
 *   allow fullscreen if we can't resize, unless the size is entire screen size"). With two
 *   monitors a monitor-sized fixed window never goes full screen there; the request is dropped
 *   and the window stays as it was (no 'enter-full-screen').
 * - macOS: since 10.14 a window floats above another app's full-screen Space only while the app
 *   is a UIElementApplication (no Dock icon) and the window has FullScreenAuxiliary
 *   (setVisibleOnAllWorkspaces visibleOnFullScreen; native_window_mac.mm). skipTransformProcessType
 *   skips the Dock hide that call would make, valid only for an app already without one
 *   (docs/api/browser-window.md).
 * - setAlwaysOnTop's level is macOS/Windows only (docs); Linux windows never rise above the
 *   desktop's own panels unless full screen. Native Wayland ignores positions (the compositor
 *   places windows).
 */
import { EventEmitter } from 'node:events';
import { appEmitter, lifecycle, runtime } from './runtime';
import { displayUnder, isNativeWayland } from './capture';
import { deliverToPage, dropPage } from './ipc';

export interface PreventableEvent {
  preventDefault(): void;
  readonly defaultPrevented: boolean;
}

export function preventableEvent(): PreventableEvent {
  let prevented = false;
  return {
    preventDefault: () => {
      prevented = true;
    },
    get defaultPrevented() {
      return prevented;
    },
  };
}

/** One IPC message main sent to a page (webContents.send). */
export interface SentMessage {
  channel: string;
  args: unknown[];
}

let nextWebContentsId = 1;
let nextWindowId = 1;
const allWebContents = new Map<number, WebContents>();
const allWindows = new Map<number, BrowserWindow>();

type WindowOpenHandler = Parameters<Electron.WebContents['setWindowOpenHandler']>[0];

export class WebContents
  extends EventEmitter
  implements
    Pick<
      Electron.WebContents,
      | 'id'
      | 'send'
      | 'getURL'
      | 'isDestroyed'
      | 'setWindowOpenHandler'
      | 'isLoading'
      | 'reload'
      | 'forcefullyCrashRenderer'
    >
{
  readonly id = nextWebContentsId++;
  /** Every message sent to this page, in order (structured clones, as the page would get them). */
  readonly sent: SentMessage[] = [];
  /** URLs loaded, in order. */
  readonly loads: string[] = [];
  windowOpenHandler: WindowOpenHandler | undefined;
  #url = '';
  #destroyed = false;
  #loading = false;
  /** The top frame, as IPC events carry it (`senderFrame`). */
  readonly mainFrame: {
    readonly url: string;
    parent: null;
    frameTreeNodeId: number;
    routingId: number;
    processId: number;
  };

  constructor(
    readonly owner: BrowserWindow,
    readonly webPreferences: Electron.WebPreferences,
  ) {
    super();
    const url = (): string => this.#url;
    this.mainFrame = {
      get url() {
        return url();
      },
      parent: null,
      frameTreeNodeId: 1,
      routingId: 1,
      processId: 1000 + this.id,
    };
    allWebContents.set(this.id, this);
  }

  #alive(): void {
    if (this.#destroyed) throw new TypeError('Object has been destroyed');
  }

  getURL(): string {
    this.#alive();
    return this.#url;
  }

  getProcessId(): number {
    return this.mainFrame.processId;
  }

  getType(): 'window' {
    return 'window';
  }

  isDestroyed(): boolean {
    return this.#destroyed;
  }

  isLoading(): boolean {
    return this.#loading;
  }

  send(channel: string, ...args: unknown[]): void {
    this.#alive();
    if (typeof channel !== 'string') throw new TypeError('Missing required channel argument');
    // IPC serialises with the structured clone algorithm: a function or class instance throws.
    const cloned = structuredClone(args);
    this.sent.push({ channel, args: cloned });
    deliverToPage(this.id, channel, cloned);
  }

  /** The messages sent on one channel, payload first. */
  sentOn(channel: string): unknown[] {
    return this.sent.filter((m) => m.channel === channel).map((m) => m.args[0]);
  }

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }

  loadURL(url: string): Promise<void> {
    this.#alive();
    const withoutFragment = (u: string): string => u.split('#')[0]!;
    const sameDocument =
      this.#url !== '' && url !== this.#url && withoutFragment(url) === withoutFragment(this.#url);
    this.#emitStartNavigation(url, sameDocument);
    this.#url = url;
    this.loads.push(url);
    this.#loading = true;
    dropPage(this.id);
    this.emit('did-start-loading');
    return new Promise((resolve) => {
      setImmediate(() => {
        if (this.#destroyed) return resolve();
        this.#loading = false;
        this.emit('dom-ready');
        this.emit('did-finish-load');
        // First non-empty layout → 'ready-to-show' on the window, next tick.
        this.emit('ready-to-show');
        process.nextTick(() => {
          if (!this.owner.isDestroyed()) this.owner.emit('ready-to-show');
        });
        resolve();
      });
    });
  }

  #emitStartNavigation(url: string, isSameDocument: boolean): void {
    const { processId, routingId } = this.mainFrame;
    const details = {
      ...preventableEvent(),
      url,
      isSameDocument,
      isMainFrame: true,
      processId,
      routingId,
      frame: this.mainFrame,
      initiator: null,
    };
    this.emit('did-start-navigation', details, url, isSameDocument, true, processId, routingId);
  }

  /** A new document for the same URL (the user pressed Ctrl+R, or the page called location.reload()). */
  reload(): void {
    this.#alive();
    void this.loadURL(this.#url);
  }

  /** The renderer process is killed: its page is gone until a reload (docs: forcefullyCrashRenderer). */
  forcefullyCrashRenderer(): void {
    this.#alive();
    dropPage(this.id);
    this.emit('render-process-gone', preventableEvent(), { reason: 'killed', exitCode: 9 });
  }

  focus(): void {
    this.owner.focus();
  }

  destroyContents(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    dropPage(this.id);
    allWebContents.delete(this.id);
    this.emit('destroyed');
  }
}

type Bounds = Electron.Rectangle;

export class BrowserWindow
  extends EventEmitter
  implements
    Pick<
      Electron.BrowserWindow,
      | 'id'
      | 'show'
      | 'hide'
      | 'focus'
      | 'isVisible'
      | 'isFocused'
      | 'isDestroyed'
      | 'destroy'
      | 'close'
      | 'loadURL'
      | 'setBounds'
      | 'getBounds'
      | 'getContentSize'
      | 'setAlwaysOnTop'
      | 'isAlwaysOnTop'
      | 'setVisibleOnAllWorkspaces'
      | 'isVisibleOnAllWorkspaces'
      | 'setFullScreen'
      | 'isFullScreen'
      | 'setSkipTaskbar'
      | 'getTitle'
      | 'setTitle'
      | 'moveTop'
      | 'setIgnoreMouseEvents'
      | 'isMinimized'
      | 'restore'
      | 'center'
      | 'setResizable'
      | 'isResizable'
    >
{
  readonly id = nextWindowId++;
  readonly webContents: WebContents;
  /** The options given to the constructor (a copy). */
  readonly options: Electron.BrowserWindowConstructorOptions;
  /** What was asked of the window, in order: ['show'], ['setAlwaysOnTop', true, 'screen-saver']… */
  readonly calls: unknown[][] = [];
  #visible: boolean;
  #focused = false;
  #destroyed = false;
  #bounds: Bounds;
  #alwaysOnTop: { flag: boolean; level: string };
  #allWorkspaces = false;
  #fullScreen: boolean;
  #title: string;
  #resizable = true;
  /** Linux: the min = max size hints a non-resizable window has (NativeWindowViews::SetResizable). */
  #fixedSize: Electron.Size | undefined;
  /** macOS collection behaviour FullScreenAuxiliary (setVisibleOnAllWorkspaces visibleOnFullScreen). */
  #fullScreenAuxiliary = false;
  /** macOS: whether the app had no Dock icon (UIElementApplication) each time the window showed. */
  readonly uiElementAtShow: boolean[] = [];

  constructor(options: Electron.BrowserWindowConstructorOptions = {}) {
    runtime.requireReady('Cannot create BrowserWindow before app is ready');
    super();
    this.options = { ...options, webPreferences: { ...options.webPreferences } };
    this.#bounds = {
      x: options.x ?? 0,
      y: options.y ?? 0,
      width: options.width ?? 800,
      height: options.height ?? 600,
    };
    this.#alwaysOnTop = {
      flag: options.alwaysOnTop ?? false,
      level: options.alwaysOnTop ? 'floating' : 'normal',
    };
    this.#fullScreen = options.fullscreen ?? false;
    this.#title = options.title ?? 'Electron';
    this.#visible = false;
    // NativeWindow::InitFromOptions: resizable goes through SetResizable (fixed size on Linux).
    this.#applyResizable(options.resizable ?? true);
    this.webContents = new WebContents(this, options.webPreferences ?? {});
    allWindows.set(this.id, this);
    appEmitter.emit('web-contents-created', preventableEvent(), this.webContents);
    appEmitter.emit('browser-window-created', preventableEvent(), this);
    if (options.show !== false) this.show();
  }

  static getAllWindows(): BrowserWindow[] {
    return [...allWindows.values()];
  }

  static fromId(id: number): BrowserWindow | null {
    return allWindows.get(id) ?? null;
  }

  static fromWebContents(contents: { id: number }): BrowserWindow | null {
    return allWebContents.get(contents.id)?.owner ?? null;
  }

  static getFocusedWindow(): BrowserWindow | null {
    return [...allWindows.values()].find((w) => w.#focused) ?? null;
  }

  #alive(): void {
    if (this.#destroyed) throw new TypeError('Object has been destroyed');
  }

  #call(name: string, ...args: unknown[]): void {
    this.#alive();
    this.calls.push([name, ...args]);
  }

  show(): void {
    this.#call('show');
    const was = this.#visible;
    this.#visible = true;
    if (!was) this.#shown();
    this.#takeFocus();
  }

  showInactive(): void {
    this.#call('showInactive');
    const was = this.#visible;
    this.#visible = true;
    if (!was) this.#shown();
  }

  #shown(): void {
    if (runtime.platform === 'darwin') this.uiElementAtShow.push(!runtime.dockVisible);
    this.emit('show');
  }

  hide(): void {
    this.#call('hide');
    const was = this.#visible;
    this.#visible = false;
    if (this.#focused) {
      this.#focused = false;
      this.emit('blur');
    }
    if (was) this.emit('hide');
  }

  focus(): void {
    this.#call('focus');
    // NativeWindow*::Focus: a hidden window is not focused (nor shown).
    if (!this.#visible) return;
    this.#takeFocus();
  }

  #takeFocus(): void {
    for (const other of allWindows.values()) {
      if (other !== this && other.#focused) {
        other.#focused = false;
        other.emit('blur');
      }
    }
    if (!this.#focused) {
      this.#focused = true;
      this.emit('focus');
    }
  }

  isVisible(): boolean {
    this.#alive();
    return this.#visible;
  }

  isFocused(): boolean {
    this.#alive();
    return this.#focused;
  }

  isDestroyed(): boolean {
    return this.#destroyed;
  }

  isMinimized(): boolean {
    return false;
  }

  restore(): void {
    this.#call('restore');
  }

  center(): void {
    this.#call('center');
  }

  close(): void {
    if (this.#destroyed) return;
    this.calls.push(['close']);
    const event = preventableEvent();
    this.emit('close', event);
    if (event.defaultPrevented) {
      lifecycle.windowCloseCancelled();
      return;
    }
    this.#finish();
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.calls.push(['destroy']);
    this.#finish();
  }

  #finish(): void {
    this.#destroyed = true;
    this.#visible = false;
    this.#focused = false;
    allWindows.delete(this.id);
    this.emit('closed');
    this.webContents.destroyContents();
    if (allWindows.size === 0) lifecycle.windowAllClosed();
  }

  loadURL(url: string): Promise<void> {
    this.#call('loadURL', url);
    return this.webContents.loadURL(url);
  }

  setBounds(bounds: Partial<Bounds>): void {
    this.#call('setBounds', { ...bounds });
    this.#bounds = { ...this.#bounds, ...bounds };
  }

  getBounds(): Bounds {
    this.#alive();
    return { ...this.#bounds };
  }

  getContentSize(): number[] {
    this.#alive();
    if (this.#fullScreen) {
      // Full screen on the display it is on (native Wayland: the compositor's choice, the first here).
      const display = isNativeWayland() ? runtime.profile.displays[0]! : displayUnder(this.#bounds);
      return [display.bounds.width, display.bounds.height];
    }
    return [this.#bounds.width, this.#bounds.height];
  }

  setAlwaysOnTop(flag: boolean, level?: string, relativeLevel?: number): void {
    this.#call('setAlwaysOnTop', flag, level, relativeLevel);
    this.#alwaysOnTop = { flag, level: flag ? (level ?? 'floating') : 'normal' };
  }

  isAlwaysOnTop(): boolean {
    this.#alive();
    return this.#alwaysOnTop.flag;
  }

  setVisibleOnAllWorkspaces(visible: boolean, options: Electron.VisibleOnAllWorkspacesOptions = {}): void {
    this.#call('setVisibleOnAllWorkspaces', visible, { ...options });
    if (runtime.platform === 'win32') return; // "This API does nothing on Windows."
    this.#allWorkspaces = visible;
    this.#fullScreenAuxiliary = options.visibleOnFullScreen ?? false;
    if (runtime.platform === 'darwin' && !options.skipTransformProcessType) {
      // NativeWindowMac::SetVisibleOnAllWorkspaces → Browser::DockHide()/DockShow().
      lifecycle.dockTransform(options.visibleOnFullScreen ? 'hide' : 'show', 'setVisibleOnAllWorkspaces');
    }
  }

  isVisibleOnAllWorkspaces(): boolean {
    return this.#allWorkspaces;
  }

  setFullScreen(flag: boolean): void {
    this.#call('setFullScreen', flag);
    if (this.options.fullscreenable === false && runtime.platform === 'darwin') return;
    if (flag && this.#mutterRefusesFullScreen()) {
      runtime.record('x11.fullscreen-ignored', { window: this.id, fixedSize: this.#fixedSize });
      return;
    }
    const was = this.#fullScreen;
    this.#fullScreen = flag;
    if (was !== flag) this.emit(flag ? 'enter-full-screen' : 'leave-full-screen');
  }

  isFullScreen(): boolean {
    this.#alive();
    return this.#fullScreen;
  }

  setSkipTaskbar(skip: boolean): void {
    this.#call('setSkipTaskbar', skip);
  }

  setIgnoreMouseEvents(ignore: boolean, options?: Electron.IgnoreMouseEventsOptions): void {
    this.#call('setIgnoreMouseEvents', ignore, options);
  }

  moveTop(): void {
    this.#call('moveTop');
  }

  getTitle(): string {
    return this.#title;
  }

  setTitle(title: string): void {
    this.#call('setTitle', title);
    this.#title = title;
  }

  setMenuBarVisibility(visible: boolean): void {
    this.#call('setMenuBarVisibility', visible);
  }

  setResizable(resizable: boolean): void {
    this.#call('setResizable', resizable);
    this.#applyResizable(resizable);
  }

  #applyResizable(resizable: boolean): void {
    if (resizable === this.#resizable && (resizable || this.#fixedSize)) return;
    this.#resizable = resizable;
    // Linux only: min = max = the current size; resizable again restores the old constraints.
    this.#fixedSize =
      !resizable && runtime.platform === 'linux'
        ? { width: this.#bounds.width, height: this.#bounds.height }
        : undefined;
  }

  isResizable(): boolean {
    return this.#resizable;
  }

  /** The X screen: the bounding box of every monitor, in X pixels (one scale on X11). */
  #xScreenSize(): Electron.Size {
    const displays = runtime.profile.displays;
    const scale = displays[runtime.profile.primary]?.scaleFactor ?? 1;
    const left = Math.min(...displays.map((d) => d.bounds.x));
    const top = Math.min(...displays.map((d) => d.bounds.y));
    const right = Math.max(...displays.map((d) => d.bounds.x + d.bounds.width));
    const bottom = Math.max(...displays.map((d) => d.bounds.y + d.bounds.height));
    return { width: Math.round((right - left) * scale), height: Math.round((bottom - top) * scale) };
  }

  #mutterRefusesFullScreen(): boolean {
    if (runtime.platform !== 'linux' || isNativeWayland()) return false;
    if (runtime.profile.x11WindowManager !== 'mutter' || !this.#fixedSize) return false;
    const scale = runtime.profile.displays[runtime.profile.primary]?.scaleFactor ?? 1;
    const screen = this.#xScreenSize();
    return (
      Math.round(this.#fixedSize.width * scale) !== screen.width ||
      Math.round(this.#fixedSize.height * scale) !== screen.height
    );
  }

  setContentProtection(enable: boolean): void {
    this.#call('setContentProtection', enable);
  }

  // --- What only the stand-in can say (for assertions) ---

  /** The alwaysOnTop level asked for ('normal' when not on top). */
  get topLevel(): string {
    return this.#alwaysOnTop.level;
  }

  /**
   * Whether the window is drawn above the desktop's own bars (macOS menu bar and Dock, Windows
   * taskbar, GNOME's top bar / KDE's panels): on macOS and Windows a level from 'pop-up-menu' up
   * (docs: setAlwaysOnTop), on Linux only full screen (the level is ignored there).
   */
  coversDesktopBars(): boolean {
    if (this.#fullScreen) return true;
    if (runtime.platform === 'linux') return false;
    const above = ['pop-up-menu', 'screen-saver'];
    return this.#alwaysOnTop.flag && above.includes(this.#alwaysOnTop.level);
  }

  /**
   * macOS: whether the window is drawn above another app's full-screen Space now: visible, with
   * FullScreenAuxiliary, while the app has no Dock icon (a UIElementApplication).
   */
  floatsOverFullScreenApps(): boolean {
    if (runtime.platform !== 'darwin') return false;
    return this.#visible && this.#fullScreenAuxiliary && !runtime.dockVisible;
  }

  /** Rounded corners: macOS and Windows 11 round frameless windows unless roundedCorners: false. */
  hasRoundedCorners(): boolean {
    if (runtime.platform === 'linux' || this.#fullScreen) return false;
    return this.options.roundedCorners !== false;
  }

  /** Where the window really is: native Wayland lets the compositor place it (position ignored). */
  placement(): 'as-asked' | 'compositor' {
    return isNativeWayland() ? 'compositor' : 'as-asked';
  }
}

export const webContents = {
  getAllWebContents: (): WebContents[] => [...allWebContents.values()],
  fromId: (id: number): WebContents | undefined => allWebContents.get(id),
  getFocusedWebContents: (): WebContents | null => BrowserWindow.getFocusedWindow()?.webContents ?? null,
};

/** The window showing a webContents (ipc.ts builds IPC events from it). */
export function webContentsById(id: number): WebContents | undefined {
  return allWebContents.get(id);
}
