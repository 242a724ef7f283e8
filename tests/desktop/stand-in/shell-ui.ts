/**
 * The OS-drawn parts: Tray, Menu, Notification, dialog, clipboard, shell, powerMonitor.
 *
 * - Tray / Notification: "Cannot create Tray/Notification before app is ready"
 *   (electron_api_tray.cc, electron_api_notification.cc). Stock GNOME has no status area: the
 *   Tray object exists but nothing is shown (profile.trayShown), so its menu is unreachable.
 * - Windows drops a toast whose AppUserModelID names no Start-menu shortcut: a notification is
 *   delivered only once app.setAppUserModelId matched the installer's (electron-builder appId),
 *   or process.execPath in development (docs/tutorial/notifications.md).
 * - dialog: showErrorBox may be called before ready; every other dialog throws "dialog module can
 *   only be used after app is ready" (lib/browser/api/dialog.ts checkAppInitialized).
 *   showOpenDialog resolves with the same shape on every OS outside the Mac App Store build:
 *   `{ canceled: false, filePaths: [...] }` when the user chose, `{ canceled: true, filePaths: [] }`
 *   when cancelled (file_dialog_mac.mm, file_dialog_linux.cc FileSelected/FileSelectionCanceled,
 *   file_dialog_win.cc ShowOpenDialog; `bookmarks` only in MAS builds, docs/api/dialog.md).
 */
import { EventEmitter } from 'node:events';
import { runtime } from './runtime';
import { NativeImage } from './native-image';

export class Tray
  extends EventEmitter
  implements
    Pick<Electron.Tray, 'setToolTip' | 'setContextMenu' | 'setImage' | 'setTitle' | 'destroy' | 'isDestroyed'>
{
  static readonly all: Tray[] = [];
  image: NativeImage;
  toolTip = '';
  title = '';
  menu: Menu | null = null;
  /** Whether the desktop shows the icon at all (stock GNOME: no). */
  readonly shown: boolean;
  #destroyed = false;

  constructor(image: Electron.NativeImage | string, _guid?: string) {
    runtime.requireReady('Cannot create Tray before app is ready');
    super();
    this.image = typeof image === 'string' ? NativeImage.createFromPath(image) : (image as NativeImage);
    this.shown = runtime.profile.trayShown;
    Tray.all.push(this);
    runtime.record('tray.create', { shown: this.shown });
  }

  setToolTip(toolTip: string): void {
    this.toolTip = toolTip;
  }

  setTitle(title: string): void {
    this.title = title;
  }

  setImage(image: Electron.NativeImage | string): void {
    this.image = typeof image === 'string' ? NativeImage.createFromPath(image) : (image as NativeImage);
  }

  setContextMenu(menu: Electron.Menu | null): void {
    // Always one of the stand-in's menus (Menu.buildFromTemplate below).
    this.menu = menu as unknown as Menu | null;
  }

  setIgnoreDoubleClickEvents(_ignore: boolean): void {}

  destroy(): void {
    this.#destroyed = true;
  }

  isDestroyed(): boolean {
    return this.#destroyed;
  }

  /** The user opens the tray menu and clicks the item with this label (impossible when not shown). */
  clickItem(label: string): void {
    if (!this.shown) throw new Error('stand-in: this desktop shows no tray icon; its menu cannot be opened');
    const item = this.menu?.items.find((i) => i.label === label);
    if (!item) throw new Error(`stand-in: no tray menu item "${label}"`);
    item.click();
  }
}

export class MenuItem {
  readonly label: string;
  readonly type: string;
  readonly enabled: boolean;
  readonly accelerator: string | undefined;
  readonly registerAccelerator: boolean;
  readonly submenu: Menu | undefined;
  readonly #click: Electron.MenuItemConstructorOptions['click'];

  constructor(options: Electron.MenuItemConstructorOptions) {
    this.label = options.label ?? '';
    this.type = options.type ?? (options.submenu ? 'submenu' : 'normal');
    this.enabled = options.enabled ?? true;
    this.accelerator = options.accelerator;
    this.registerAccelerator = options.registerAccelerator ?? true;
    this.#click = options.click;
    this.submenu = Array.isArray(options.submenu) ? Menu.buildFromTemplate(options.submenu) : undefined;
  }

  click(): void {
    // Electron passes (menuItem, window, event); Glimpse's items read none of them.
    if (this.enabled) this.#click?.(this as unknown as Electron.MenuItem, undefined, {});
  }
}

export class Menu extends EventEmitter {
  static applicationMenu: Menu | null = null;
  readonly items: MenuItem[] = [];

  static buildFromTemplate(template: (Electron.MenuItemConstructorOptions | MenuItem)[]): Menu {
    const menu = new Menu();
    for (const entry of template) menu.items.push(entry instanceof MenuItem ? entry : new MenuItem(entry));
    return menu;
  }

  static setApplicationMenu(menu: Menu | null): void {
    Menu.applicationMenu = menu;
  }

  static getApplicationMenu(): Menu | null {
    return Menu.applicationMenu;
  }

  append(item: MenuItem): void {
    this.items.push(item);
  }

  popup(): void {}
}

export class Notification
  extends EventEmitter
  implements Pick<Electron.Notification, 'show' | 'close' | 'title' | 'body'>
{
  static readonly shown: Notification[] = [];
  static readonly dropped: Notification[] = [];
  title: string;
  body: string;

  constructor(options: Electron.NotificationConstructorOptions = {}) {
    runtime.requireReady('Cannot create Notification before app is ready');
    super();
    this.title = options.title ?? '';
    this.body = options.body ?? '';
  }

  static isSupported(): boolean {
    return true;
  }

  show(): void {
    if (runtime.platform === 'win32' && !windowsShowsToastsFor(runtime.appUserModelId)) {
      // No Start-menu shortcut carries this AUMID: Windows drops the toast, silently.
      Notification.dropped.push(this);
      runtime.record('notification.dropped', { title: this.title, body: this.body });
      return;
    }
    Notification.shown.push(this);
    runtime.record('notification.show', { title: this.title, body: this.body });
    this.emit('show');
  }

  close(): void {
    this.emit('close');
  }
}

/**
 * Windows shows toasts for an AUMID with a Start-menu shortcut: the installer's (electron-builder
 * appId) once packaged; in development, docs/tutorial/notifications.md has apps use
 * process.execPath. Without setAppUserModelId Electron's default ("electron.app.<name>") has none.
 */
function windowsShowsToastsFor(aumid: string | undefined): boolean {
  if (!aumid) return false;
  return runtime.packaged
    ? aumid === runtime.installedAumid
    : aumid === process.execPath || aumid === runtime.installedAumid;
}

const notReady = (): void => runtime.requireReady('dialog module can only be used after app is ready');

/**
 * What the user answers the next dialogs (the harness queues them); default: first button / cancel.
 * openDialog: the paths chosen in the next open dialog, or 'cancel'.
 */
export const dialogAnswers = {
  messageBox: [] as number[],
  openDialog: [] as (string[] | 'cancel')[],
};

const dialogImpl = {
  showErrorBox(title: string, content: string): void {
    // Allowed before ready; the user sees a modal box (Linux before ready: stderr).
    runtime.record('dialog.showErrorBox', title, content);
  },
  showMessageBox(
    first: Electron.BaseWindow | Electron.MessageBoxOptions,
    options?: Electron.MessageBoxOptions,
  ): Promise<Electron.MessageBoxReturnValue> {
    notReady();
    runtime.record('dialog.showMessageBox', options ?? first);
    return Promise.resolve({ response: dialogAnswers.messageBox.shift() ?? 0, checkboxChecked: false });
  },
  showOpenDialog(
    first: Electron.BaseWindow | Electron.OpenDialogOptions,
    options?: Electron.OpenDialogOptions,
  ): Promise<Electron.OpenDialogReturnValue> {
    notReady();
    runtime.record('dialog.showOpenDialog', options ?? first);
    const answer = dialogAnswers.openDialog.shift() ?? 'cancel';
    return Promise.resolve(
      answer === 'cancel' || answer.length === 0
        ? { canceled: true, filePaths: [] }
        : { canceled: false, filePaths: [...answer] },
    );
  },
  showSaveDialog(
    first: Electron.BaseWindow | Electron.SaveDialogOptions,
    options?: Electron.SaveDialogOptions,
  ): Promise<Electron.SaveDialogReturnValue> {
    notReady();
    runtime.record('dialog.showSaveDialog', options ?? first);
    return Promise.resolve({ canceled: true, filePath: '' });
  },
};

export const dialog = dialogImpl satisfies Pick<
  Electron.Dialog,
  'showErrorBox' | 'showMessageBox' | 'showOpenDialog' | 'showSaveDialog'
>;

let clipboardText = '';
/** Asynchronous in this Electron (electron.d.ts: writeText/readText return promises). */
const clipboardImpl = {
  writeText: (text: string): Promise<void> => {
    clipboardText = text;
    return Promise.resolve();
  },
  readText: (): Promise<string> => Promise.resolve(clipboardText),
  clear: (): void => {
    clipboardText = '';
  },
  writeImage: (image: NativeImage): void => runtime.record('clipboard.writeImage', image.getSize()),
};
export const clipboard = clipboardImpl satisfies Pick<Electron.Clipboard, 'writeText' | 'readText' | 'clear'>;

export const shell = {
  openExternal: (url: string, options?: Electron.OpenExternalOptions): Promise<void> => {
    runtime.record('shell.openExternal', url, options);
    return Promise.resolve();
  },
  openPath: (path: string): Promise<string> => {
    runtime.record('shell.openPath', path);
    return Promise.resolve('');
  },
  showItemInFolder: (fullPath: string): void => runtime.record('shell.showItemInFolder', fullPath),
  beep: (): void => {},
} satisfies Pick<Electron.Shell, 'openExternal' | 'openPath' | 'showItemInFolder' | 'beep'>;

export const powerMonitor = Object.assign(new EventEmitter(), {
  getSystemIdleState: (_threshold: number): 'active' => 'active',
  getSystemIdleTime: (): number => 0,
  isOnBatteryPower: (): boolean => false,
}) satisfies Pick<Electron.PowerMonitor, 'getSystemIdleState' | 'getSystemIdleTime' | 'isOnBatteryPower'>;
