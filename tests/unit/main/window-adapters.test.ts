/**
 * electron/main/overlay.ts, windows.ts and app-life.ts against a recording stand-in for
 * `electron`, per platform (findings 11, 12 and 13 of issue 13):
 * - X11: the 'screen-saver' level is macOS/Windows only (docs/api/browser-window.md
 *   setAlwaysOnTop), so each overlay goes full screen on its own display instead;
 * - macOS: setVisibleOnAllWorkspaces without skipTransformProcessType blinks the Dock icon at
 *   every call; dock.show()/hide() only on a change; the tray icon is a template image with a
 *   Retina representation;
 * - macOS and Windows 11: a frameless overlay must not have rounded corners.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DisplayInfo } from '../../../electron/core/capture';

const fake = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => void;
  class FakeWindow {
    static nextId = 1;
    static created: FakeWindow[] = [];
    readonly id = FakeWindow.nextId++;
    readonly webContents = { id: this.id + 1000 };
    readonly calls: [string, ...unknown[]][] = [];
    readonly once_ = new Map<string, Listener[]>();
    visible = false;
    constructor(readonly options: Record<string, unknown>) {
      FakeWindow.created.push(this);
    }
    static getAllWindows(): FakeWindow[] {
      return FakeWindow.created;
    }
    once(event: string, listener: Listener): this {
      this.once_.set(event, [...(this.once_.get(event) ?? []), listener]);
      return this;
    }
    on(): this {
      return this;
    }
    emit(event: string): void {
      for (const listener of this.once_.get(event) ?? []) listener();
      this.once_.delete(event);
    }
    loadURL(): Promise<void> {
      return Promise.resolve();
    }
    isDestroyed(): boolean {
      return false;
    }
    isVisible(): boolean {
      return this.visible;
    }
    getContentSize(): number[] {
      return [1, 1];
    }
  }
  for (const method of [
    'setBounds',
    'setAlwaysOnTop',
    'setVisibleOnAllWorkspaces',
    'setFullScreen',
    'show',
    'focus',
    'destroy',
  ]) {
    (FakeWindow.prototype as unknown as Record<string, unknown>)[method] = function (
      this: FakeWindow,
      ...args: unknown[]
    ) {
      this.calls.push([method, ...args]);
      if (method === 'show') this.visible = true;
    };
  }
  const images: { dataURL: string; representations: unknown[]; template: boolean }[] = [];
  const dock = { shown: 0, hidden: 0 };
  const trays: unknown[] = [];
  return { FakeWindow, images, dock, trays };
});

vi.mock('electron', () => ({
  app: {
    isPackaged: true,
    dock: {
      show: () => {
        fake.dock.shown++;
        return Promise.resolve();
      },
      hide: () => void fake.dock.hidden++,
    },
  },
  BrowserWindow: fake.FakeWindow,
  screen: {
    getCursorScreenPoint: () => ({ x: 10, y: 10 }),
    getDisplayNearestPoint: () => ({ id: 1 }),
  },
  Menu: { buildFromTemplate: (template: unknown) => template },
  nativeImage: {
    createFromDataURL: (dataURL: string) => {
      const image = {
        dataURL,
        representations: [] as unknown[],
        template: false,
        addRepresentation(options: unknown) {
          image.representations.push(options);
        },
        setTemplateImage(template: boolean) {
          image.template = template;
        },
      };
      fake.images.push(image);
      return image;
    },
  },
  Tray: class {
    constructor(image: unknown) {
      fake.trays.push(image);
    }
    setToolTip() {}
    setContextMenu() {}
  },
  protocol: { registerSchemesAsPrivileged: () => {} },
  shell: {},
  session: {},
}));

const { electronOverlayHost } = await import('../../../electron/main/overlay');
const { startTray, updateDock } = await import('../../../electron/main/app-life');

const display = (id: number, x: number): DisplayInfo => ({
  id,
  bounds: { x, y: 0, width: 1920, height: 1080 },
  scaleFactor: 1,
  rotation: 0,
});

const realPlatform = Object.getOwnPropertyDescriptor(process, 'platform')!;
function onPlatform(platform: NodeJS.Platform): void {
  Object.defineProperty(process, 'platform', { value: platform });
}

function openOverlays(): InstanceType<typeof fake.FakeWindow>[] {
  fake.FakeWindow.created = [];
  electronOverlayHost(() => {}, { nativeWayland: false }).open([display(1, 0), display(2, 1920)]);
  const windows = [...fake.FakeWindow.created];
  for (const window of windows) window.emit('ready-to-show');
  return windows;
}

const called = (window: InstanceType<typeof fake.FakeWindow>, method: string) =>
  window.calls.filter(([name]) => name === method).map(([, ...args]) => args);

beforeEach(() => {
  fake.FakeWindow.created = [];
});
afterEach(() => {
  Object.defineProperty(process, 'platform', realPlatform);
});

describe('overlay windows', () => {
  it('X11: each overlay is placed on its display, then made full screen there, at the normal level', () => {
    onPlatform('linux');
    const windows = openOverlays();
    expect(windows).toHaveLength(2);
    for (const [index, window] of windows.entries()) {
      expect(window.options).toMatchObject({ x: index * 1920, y: 0, fullscreenable: true });
      // Not fixed-size: Mutter refuses full screen to a window whose min = max size (Electron's
      // non-resizable on Linux) unless that is the whole X screen, i.e. with two monitors.
      expect(window.options.resizable).toBe(true);
      expect(called(window, 'setAlwaysOnTop')).toEqual([[true, 'normal']]);
      expect(called(window, 'setFullScreen')).toEqual([[true]]);
      // Placed first: the window manager makes it full screen on the output it is on.
      const order = window.calls.map(([name]) => name);
      expect(order.lastIndexOf('setBounds')).toBeLessThan(order.indexOf('setFullScreen'));
      expect(order.indexOf('setFullScreen')).toBeLessThan(order.indexOf('show'));
    }
  });

  it('macOS: above the menu bar, on every Space, without blinking the Dock icon; never full screen', () => {
    onPlatform('darwin');
    for (const window of openOverlays()) {
      expect(called(window, 'setAlwaysOnTop')).toEqual([[true, 'screen-saver']]);
      expect(called(window, 'setVisibleOnAllWorkspaces')).toEqual([
        [true, { visibleOnFullScreen: true, skipTransformProcessType: true }],
      ]);
      expect(called(window, 'setFullScreen')).toEqual([]);
      expect(window.options).toMatchObject({ fullscreenable: false });
    }
  });

  it('macOS: the Dock icon is hidden before the overlays open, so they show over full-screen apps', () => {
    onPlatform('darwin');
    // The Dock icon is shown (dockIcon 'always'): the process is a ForegroundApplication, where
    // skipTransformProcessType would leave the overlays off another app's full-screen Space.
    updateDock('always');
    const before = { ...fake.dock };
    fake.FakeWindow.created = [];
    electronOverlayHost(() => {}, { nativeWayland: false }).open([display(1, 0), display(2, 1920)]);
    // Hidden once, before any overlay is shown (they show on 'ready-to-show', not emitted yet).
    expect(fake.FakeWindow.created).toHaveLength(2);
    expect(fake.FakeWindow.created.some((w) => w.visible)).toBe(false);
    expect(fake.dock.hidden - before.hidden).toBe(1);
    // Closed: updateDock shows it again (one call each way, not one per overlay).
    updateDock('always');
    expect({ shown: fake.dock.shown - before.shown, hidden: fake.dock.hidden - before.hidden }).toEqual({
      shown: 1,
      hidden: 1,
    });
  });

  it('overlays stay fixed-size outside X11 (macOS, Windows)', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      onPlatform(platform);
      for (const window of openOverlays()) expect(window.options.resizable).toBe(false);
    }
  });

  it('Windows: the screen-saver level, at the display’s bounds', () => {
    onPlatform('win32');
    for (const window of openOverlays()) {
      expect(called(window, 'setAlwaysOnTop')).toEqual([[true, 'screen-saver']]);
      expect(called(window, 'setFullScreen')).toEqual([]);
    }
  });

  it('have square corners (macOS and Windows 11 round frameless windows by default)', () => {
    onPlatform('darwin');
    for (const window of openOverlays()) expect(window.options.roundedCorners).toBe(false);
  });
});

describe('macOS Dock and tray', () => {
  it('calls dock.show()/hide() only when the icon’s state changes', () => {
    onPlatform('darwin');
    // A known start: the icon shown (the state is the module's, shared with the tests above).
    updateDock('always');
    const before = { ...fake.dock };
    const answer = new fake.FakeWindow({});
    updateDock('with-windows');
    updateDock('with-windows');
    answer.visible = true;
    updateDock('with-windows');
    updateDock('with-windows');
    updateDock('always');
    answer.visible = false;
    updateDock('always');
    expect({ shown: fake.dock.shown - before.shown, hidden: fake.dock.hidden - before.hidden }).toEqual({
      shown: 1,
      hidden: 1,
    });
  });

  it('the tray icon is a template image with a 2x representation', () => {
    onPlatform('darwin');
    const actions = { run: () => Promise.resolve({}) } as never;
    startTray(actions, () => ({ language: 'en', active: {}, hotkeysPaused: false, updatesAvailable: false }));
    const image = fake.trays.at(-1) as (typeof fake.images)[number];
    expect(image.template).toBe(true);
    expect(image.representations).toHaveLength(1);
    expect(image.representations[0]).toMatchObject({ scaleFactor: 2 });
    expect((image.representations[0] as { dataURL: string }).dataURL).toMatch(/^data:image\/png/);
  });

  it('the template pixels are black with alpha only, 16 and 32 px', async () => {
    const { TRAY_TEMPLATE_16_DATA_URL, TRAY_TEMPLATE_32_DATA_URL } =
      await import('../../../electron/main/tray-icon');
    const sharp = (await import('sharp')).default;
    for (const [url, size] of [
      [TRAY_TEMPLATE_16_DATA_URL, 16],
      [TRAY_TEMPLATE_32_DATA_URL, 32],
    ] as const) {
      const png = Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
      const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      expect([info.width, info.height]).toEqual([size, size]);
      let colour = 0;
      let opaque = 0;
      for (let i = 0; i < data.length; i += 4) {
        colour += data[i]! + data[i + 1]! + data[i + 2]!;
        if (data[i + 3]! > 128) opaque++;
      }
      expect(colour).toBe(0);
      expect(opaque).toBeGreaterThan(size);
    }
  });
});
