/**
 * Keeps the security rules of electron/main honest where Electron cannot run (no binary here).
 * Part 1 reads the source text: the dangerous things appear nowhere, and the privileged calls
 * appear only in the one file allowed to make them. Part 2 loads the adapters against a
 * recording stand-in for the `electron` module and checks what they hand to Electron.
 */
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, sep } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { contentSecurityPolicy, secureWebPreferences } from '../../../electron/core/security';

const REPO = join(import.meta.dirname, '../../..');

// ---------------------------------------------------------------------------------------------
// Part 1: static rules over the source text
// ---------------------------------------------------------------------------------------------

interface SourceFile {
  /** Repository-relative, with forward slashes. */
  path: string;
  /** The text without comments that occupy whole lines (so prose about a rule is not a breach). */
  code: string;
}

function stripWholeLineComments(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '))
    .replace(/<!--[\s\S]*?-->/g, (comment) => comment.replace(/[^\n]/g, ' '))
    .replace(/^\s*\/\/.*$/gm, '');
}

function sourceFiles(folder: string, extensions: RegExp): SourceFile[] {
  const root = join(REPO, folder);
  let entries: string[];
  try {
    entries = readdirSync(root, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => extensions.test(entry) && !entry.split(sep).includes('node_modules'))
    .map((entry) => {
      const path = relative(REPO, join(root, entry)).split(sep).join('/');
      return { path, code: stripWholeLineComments(readFileSync(join(root, entry), 'utf8')) };
    });
}

const CODE = /\.(?:[cm]?[jt]s|svelte|html)$/;
const electronFiles = sourceFiles('electron', CODE);
const rendererFiles = sourceFiles('renderer', CODE);
/** Files that can reach Electron APIs (electron/core cannot import Electron: a lint rule). */
const electronSideFiles = electronFiles.filter((file) => !file.path.startsWith('electron/core/'));

/** Settings that must never appear anywhere in electron/ or renderer/. */
const FORBIDDEN: [string, RegExp][] = [
  ['nodeIntegration enabled', /\bnodeIntegration(?:InWorker|InSubFrames)?["']?\s*:\s*true\b/],
  ['sandbox disabled', /\bsandbox["']?\s*:\s*false\b/],
  ['contextIsolation disabled', /\bcontextIsolation["']?\s*:\s*false\b/],
  ['webSecurity disabled', /\bwebSecurity["']?\s*:\s*false\b/],
  ['insecure content allowed', /\ballowRunningInsecureContent["']?\s*:\s*true\b/],
  ['experimental features', /\bexperimentalFeatures["']?\s*:\s*true\b/],
  ['Blink features enabled', /\benableBlinkFeatures["']?\s*:/],
  ['<webview> enabled', /\bwebviewTag["']?\s*:\s*true\b/],
  ['<webview> element', /<webview\b/i],
  ['CSP bypass', /\bbypassCSP["']?\s*:\s*true\b/],
  ["CSP 'unsafe-eval'", /'unsafe-eval'/],
  ['pages loaded from file://', /\.loadFile\s*\(|loadURL\s*\(\s*[`'"]file:/],
];

/** Calls that only one file may make (several are single-slot: a second call replaces ours). */
const ONLY_IN: [string, RegExp, string][] = [
  [
    'creating a window or view',
    /\bnew\s+(?:BrowserWindow|BrowserView|WebContentsView)\b/,
    'electron/main/windows.ts',
  ],
  ['setting webPreferences', /\bwebPreferences["']?\s*:/, 'electron/main/windows.ts'],
  // shell.openExternal itself (called, or taken off `shell`); wrappers such as openExternalUrl
  // are how other files reach it.
  [
    'opening a URL outside the app',
    /\bshell\s*\.\s*openExternal\b|\{[^}]*\bopenExternal\b[^}]*\}\s*=\s*shell\b/,
    'electron/main/security.ts',
  ],
  ['a window-open handler', /\bsetWindowOpenHandler\b/, 'electron/main/security.ts'],
  [
    'a permission handler',
    /\bset(?:PermissionRequest|PermissionCheck|DevicePermission)Handler\b/,
    'electron/main/security.ts',
  ],
  ['rewriting response headers', /\bonHeadersReceived\b/, 'electron/main/security.ts'],
  ['registering scheme privileges', /\bregisterSchemesAsPrivileged\b/, 'electron/main/security.ts'],
  ['serving a protocol', /\bprotocol\.handle\s*\(/, 'electron/main/security.ts'],
];

describe('the scanner sees the code it guards', () => {
  it('finds the files, and the privileged calls in their allowed homes', () => {
    expect(electronFiles.length).toBeGreaterThan(10);
    expect(rendererFiles.some((file) => file.path === 'renderer/index.html')).toBe(true);
    expect(electronSideFiles.some((file) => file.path === 'electron/main/index.ts')).toBe(true);
    const windows = electronFiles.find((file) => file.path === 'electron/main/windows.ts');
    const security = electronFiles.find((file) => file.path === 'electron/main/security.ts');
    expect(windows?.code.match(/\bnew\s+BrowserWindow\b/g)).toHaveLength(1);
    expect(security?.code).toMatch(/\bshell\.openExternal\(/);
    expect(security?.code).toMatch(/\bsetWindowOpenHandler\b/);
  });

  it('each pattern catches what it is meant to catch', () => {
    const samples: Record<string, string> = {
      'nodeIntegration enabled': `{ nodeIntegrationInSubFrames : true }`,
      'sandbox disabled': `webPreferences: { "sandbox": false }`,
      'contextIsolation disabled': `contextIsolation:false`,
      'webSecurity disabled': `{ webSecurity: false }`,
      'insecure content allowed': `allowRunningInsecureContent: true`,
      'experimental features': `experimentalFeatures: true`,
      'Blink features enabled': `enableBlinkFeatures: 'X'`,
      '<webview> enabled': `webviewTag: true`,
      '<webview> element': `<WebView src="https://x">`,
      'CSP bypass': `{ bypassCSP: true }`,
      "CSP 'unsafe-eval'": `script-src 'self' 'unsafe-eval'`,
      'pages loaded from file://': `win.loadURL('file:///x/index.html')`,
    };
    for (const [name, pattern] of FORBIDDEN) expect(samples[name], name).toMatch(pattern);
    expect(`sandbox: true, nodeIntegration: false, contextIsolation: true`).not.toMatch(FORBIDDEN[0]![1]);
    expect(`sandbox: true`).not.toMatch(FORBIDDEN[1]![1]);
    expect(stripWholeLineComments(`// sandbox: false\n/* sandbox: false */\nconst a = 1;`)).not.toMatch(
      /sandbox/,
    );
    expect(`const w = new  BrowserWindow({})`).toMatch(ONLY_IN[0]![1]);
    expect(`const { openExternal } = shell`).toMatch(ONLY_IN[2]![1]);
    expect(`void shell.openExternal(url)`).toMatch(ONLY_IN[2]![1]);
    expect(`openExternal: openExternalUrl,`).not.toMatch(ONLY_IN[2]![1]);
  });
});

/** `path:line` of every line of `files` that matches `pattern`. */
function offenders(files: readonly SourceFile[], pattern: RegExp): string[] {
  return files.flatMap((file) =>
    file.code.split('\n').flatMap((line, index) => (pattern.test(line) ? [`${file.path}:${index + 1}`] : [])),
  );
}

describe.each(FORBIDDEN)('nowhere in electron/ or renderer/: %s', (_name, pattern) => {
  it('appears in no file', () => {
    expect(offenders([...electronFiles, ...rendererFiles], pattern)).toStrictEqual([]);
  });
});

describe.each(ONLY_IN)('only one file may do it: %s', (_name, pattern, home) => {
  it(`appears only in ${home}`, () => {
    const others = [...electronSideFiles, ...rendererFiles].filter((file) => file.path !== home);
    expect(offenders(others, pattern)).toStrictEqual([]);
  });
});

describe("'unsafe-inline' is written only where the CSP is built", () => {
  it('appears in no other file', () => {
    const offenders = [...electronFiles, ...rendererFiles]
      .filter(
        (file) => file.path !== 'electron/core/security/csp.ts' && file.code.includes("'unsafe-inline'"),
      )
      .map((file) => file.path);
    expect(offenders).toStrictEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Part 2: the adapters, against a recording stand-in for the electron module
// ---------------------------------------------------------------------------------------------

type Listener = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  class Emitter {
    readonly listeners = new Map<string, Listener[]>();
    on(name: string, listener: Listener): this {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
      return this;
    }
    once(name: string, listener: Listener): this {
      const wrapped: Listener = (...args) => {
        this.listeners.set(
          name,
          (this.listeners.get(name) ?? []).filter((l) => l !== wrapped),
        );
        return listener(...args);
      };
      return this.on(name, wrapped);
    }
    emit(name: string, ...args: unknown[]): void {
      for (const listener of this.listeners.get(name) ?? []) listener(...args);
    }
    count(name: string): number {
      return this.listeners.get(name)?.length ?? 0;
    }
  }

  class FakeWebContents extends Emitter {
    static nextId = 100;
    readonly id = FakeWebContents.nextId++;
    windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
      this.windowOpenHandler = handler;
    }
  }

  class FakeBrowserWindow extends Emitter {
    static nextId = 1;
    static created: FakeBrowserWindow[] = [];
    readonly id = FakeBrowserWindow.nextId++;
    readonly webContents = new FakeWebContents();
    readonly loaded: string[] = [];
    shown = 0;
    constructor(readonly options: Record<string, unknown>) {
      super();
      FakeBrowserWindow.created.push(this);
    }
    loadURL(url: string): Promise<void> {
      this.loaded.push(url);
      return Promise.resolve();
    }
    show(): void {
      this.shown += 1;
    }
  }

  const app = Object.assign(new Emitter(), { isPackaged: false });
  return {
    Emitter,
    FakeWebContents,
    FakeBrowserWindow,
    app,
    protocol: { registerSchemesAsPrivileged: vi.fn() },
    shell: { openExternal: vi.fn((_url: string) => Promise.resolve()) },
  };
});

vi.mock('electron', () => ({
  app: fake.app,
  protocol: fake.protocol,
  shell: fake.shell,
  BrowserWindow: fake.FakeBrowserWindow,
}));

const security = await import('../../../electron/main/security');
const windows = await import('../../../electron/main/windows');

function navigationEvent(url: string): { url: string; preventDefault: ReturnType<typeof vi.fn> } {
  return { url, preventDefault: vi.fn() };
}

const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('registerAppScheme', () => {
  it('registers app: as standard and secure, bypassing nothing, closed to other origins', () => {
    security.registerAppScheme();
    expect(fake.protocol.registerSchemesAsPrivileged).toHaveBeenCalledTimes(1);
    const [schemes] = fake.protocol.registerSchemesAsPrivileged.mock.calls[0] as [unknown[]];
    expect(schemes).toStrictEqual([
      {
        scheme: 'app',
        privileges: expect.objectContaining({
          standard: true,
          secure: true,
          bypassCSP: false,
          supportFetchAPI: false,
          corsEnabled: false,
          allowServiceWorkers: false,
        }) as unknown,
      },
    ]);
  });
});

describe('serveAppProtocol', () => {
  let root: string;
  let outside: string;
  let handler: (request: Request) => Promise<Response>;

  beforeAll(async () => {
    const base = await mkdtemp(join(tmpdir(), 'glimpse-protocol-'));
    root = join(base, 'renderer');
    outside = join(base, 'secret.js');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html><title>Glimpse</title>');
    await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(outside, 'stolen');
    await symlink(outside, join(root, 'assets', 'leak.js'));
    const session = {
      protocol: {
        handle: vi.fn((_scheme: string, h: (request: Request) => Promise<Response>) => {
          handler = h;
        }),
      },
    };
    security.serveAppProtocol(session as never, root);
    expect(session.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });

  afterAll(async () => {
    await rm(join(root, '..'), { recursive: true, force: true });
  });

  it('serves index.html for / with its type, our CSP and nosniff', async () => {
    const response = await handler(new Request('app://glimpse/'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe(await readFile(join(root, 'index.html'), 'utf8'));
  });

  it('serves a script', async () => {
    const response = await handler(new Request('app://glimpse/assets/app.js'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it.each([
    'app://glimpse/../secret.js',
    'app://glimpse/%2e%2e/secret.js',
    'app://glimpse/assets/..%2f..%2fsecret.js',
    'app://glimpse/missing.js',
    'app://glimpse/assets/leak.js',
  ])('answers 404, still with the CSP, for %s', async (url) => {
    const response = await handler(new Request(url));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect(await response.text()).not.toContain('stolen');
  });

  it('refuses methods other than GET and HEAD, and answers HEAD without a body', async () => {
    expect(
      (await handler(new Request('app://glimpse/index.html', { method: 'POST', body: 'x' }))).status,
    ).toBe(405);
    const head = await handler(new Request('app://glimpse/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});

function fakeSession() {
  const emitter = new fake.Emitter();
  return Object.assign(emitter, {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    setDisplayMediaRequestHandler: vi.fn(),
    webRequest: { onHeadersReceived: vi.fn() },
  });
}

describe('hardenSession', () => {
  it('denies every permission request and check, device, display capture and download', () => {
    const session = fakeSession();
    security.hardenSession(session as never, undefined);

    const request = session.setPermissionRequestHandler.mock.calls[0]?.[0] as Listener;
    for (const permission of [
      'media',
      'notifications',
      'clipboard-read',
      'clipboard-sanitized-write',
      'openExternal',
    ]) {
      const callback = vi.fn();
      request({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
    }
    const check = session.setPermissionCheckHandler.mock.calls[0]?.[0] as Listener;
    expect(check(null, 'media', 'app://glimpse', {})).toBe(false);
    const device = session.setDevicePermissionHandler.mock.calls[0]?.[0] as Listener;
    expect(device({})).toBe(false);
    const display = session.setDisplayMediaRequestHandler.mock.calls[0]?.[0] as Listener;
    const streams = vi.fn();
    display({}, streams);
    expect(streams).toHaveBeenCalledWith(null);

    const download = { preventDefault: vi.fn() };
    session.emit('will-download', download);
    expect(download.preventDefault).toHaveBeenCalled();
  });

  it('puts our CSP on responses, the dev policy only on the dev server', () => {
    const session = fakeSession();
    security.hardenSession(session as never, 'http://localhost:5173');
    const onHeaders = session.webRequest.onHeadersReceived.mock.calls[0]?.[0] as Listener;

    const respond = (url: string, responseHeaders: Record<string, string[]>): Record<string, string[]> => {
      let result: Record<string, string[]> = {};
      onHeaders({ url, responseHeaders }, (response: { responseHeaders: Record<string, string[]> }) => {
        result = response.responseHeaders;
      });
      return result;
    };

    const app = respond('app://glimpse/index.html', { 'content-security-policy': ['default-src *'] });
    expect(app['Content-Security-Policy']).toStrictEqual([contentSecurityPolicy()]);
    expect(app).not.toHaveProperty('content-security-policy');

    const dev = respond('http://localhost:5173/index.html', { 'Content-Type': ['text/html'] });
    expect(dev['Content-Security-Policy']).toStrictEqual([
      contentSecurityPolicy({ connectSrc: ['ws://localhost:5173'], devServer: true }),
    ]);
    expect(dev['Content-Type']).toStrictEqual(['text/html']);
  });
});

describe('hardenWebContents', () => {
  const origins = ['app://glimpse'];
  let contents: InstanceType<typeof fake.FakeWebContents>;

  beforeEach(() => {
    contents = new fake.FakeWebContents();
    security.hardenWebContents(contents as never, origins);
    fake.shell.openExternal.mockClear();
  });

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])(
    '%s: stays within our origin',
    (name) => {
      const inside = navigationEvent('app://glimpse/index.html#/main');
      contents.emit(name, inside);
      expect(inside.preventDefault).not.toHaveBeenCalled();
      for (const url of [
        'https://evil.example/',
        'file:///etc/passwd',
        'app://evil/',
        'http://localhost:5173/',
      ]) {
        const outside = navigationEvent(url);
        contents.emit(name, outside);
        expect(outside.preventDefault, url).toHaveBeenCalled();
      }
    },
  );

  it('denies every new window, and sends only safe http(s) links to the browser', async () => {
    const open = (url: string): { action: string } | undefined => contents.windowOpenHandler?.({ url });
    expect(open('https://example.com/docs')).toStrictEqual({ action: 'deny' });
    expect(open('app://glimpse/index.html')).toStrictEqual({ action: 'deny' });
    for (const url of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'smb://host/share',
      'https://u:p@example.com/',
    ]) {
      expect(open(url)).toStrictEqual({ action: 'deny' });
    }
    await nextTick();
    expect(fake.shell.openExternal.mock.calls).toStrictEqual([['https://example.com/docs']]);
  });

  it('refuses to attach a <webview>', () => {
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, {}, { src: 'https://evil.example' });
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('hardenAllWebContents', () => {
  it('hardens each webContents Electron creates', () => {
    security.hardenAllWebContents(['app://glimpse']);
    const contents = new fake.FakeWebContents();
    fake.app.emit('web-contents-created', {}, contents);
    expect(contents.count('will-navigate')).toBe(1);
    expect(contents.windowOpenHandler).toBeTypeOf('function');
    const event = navigationEvent('https://evil.example/');
    contents.emit('will-navigate', event);
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('createAppWindow', () => {
  const env = process.env.ELECTRON_RENDERER_URL;

  beforeEach(() => {
    delete process.env.ELECTRON_RENDERER_URL;
    fake.app.isPackaged = true;
    fake.FakeBrowserWindow.created = [];
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(console, 'log').mockImplementation(() => {});
  });

  afterEach(() => {
    if (env === undefined) delete process.env.ELECTRON_RENDERER_URL;
    else process.env.ELECTRON_RENDERER_URL = env;
    vi.restoreAllMocks();
  });

  const created = (): InstanceType<typeof fake.FakeBrowserWindow> => {
    const [window] = fake.FakeBrowserWindow.created;
    if (!window) throw new Error('no window was created');
    return window;
  };

  it('forces the secure webPreferences and our preload, whatever the caller passes', () => {
    windows.createAppWindow('answer', {
      route: 'answer',
      width: 500,
      webPreferences: {
        sandbox: false,
        contextIsolation: false,
        nodeIntegration: true,
        preload: '/tmp/evil.cjs',
      },
    });
    const { options } = created();
    const preferences = options.webPreferences as Record<string, unknown>;
    expect(isAbsolute(preferences.preload as string)).toBe(true);
    expect((preferences.preload as string).split(sep).join('/')).toMatch(/\/preload\/index\.cjs$/);
    expect(preferences).toStrictEqual(secureWebPreferences(preferences.preload as string));
    expect(options).toMatchObject({ width: 500, show: false });
    expect(console.warn).toHaveBeenCalledWith(
      expect.stringContaining('sandbox, contextIsolation, nodeIntegration, preload'),
    );
  });

  it('loads our page from app://glimpse and shows it once ready', () => {
    const window = windows.createAppWindow('main', { route: 'main' });
    const fakeWindow = created();
    expect(fakeWindow.loaded).toStrictEqual(['app://glimpse/index.html#/main']);
    expect(fakeWindow.shown).toBe(0);
    fakeWindow.emit('ready-to-show');
    expect(fakeWindow.shown).toBe(1);
    expect(window).toBe(fakeWindow);
  });

  it.each([{ stayHidden: true }, { show: false }])('stays hidden when asked (%j)', (hidden) => {
    windows.createAppWindow('answer', { route: 'answer', ...hidden });
    created().emit('ready-to-show');
    expect(created().shown).toBe(0);
  });

  it('records the window for the IPC sender check until it closes', () => {
    windows.createAppWindow('overlay', { route: 'overlay' });
    const window = created();
    expect(windows.isAppWebContents(window.webContents.id)).toBe(true);
    expect(windows.appWindowIds('overlay').has(window.id)).toBe(true);
    expect(windows.isAppWebContents(window.webContents.id + 1000)).toBe(false);
    window.emit('closed');
    expect(windows.isAppWebContents(window.webContents.id)).toBe(false);
    expect(windows.appWindowIds().has(window.id)).toBe(false);
  });

  it('uses the electron-vite dev server only when unpackaged and on loopback', () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173';
    fake.app.isPackaged = false;
    windows.createAppWindow('main', { route: 'main' });
    expect(created().loaded).toStrictEqual(['http://localhost:5173/index.html#/main']);
    expect(security.allowedAppOrigins()).toStrictEqual(['app://glimpse', 'http://localhost:5173']);

    fake.FakeBrowserWindow.created = [];
    fake.app.isPackaged = true;
    windows.createAppWindow('main', { route: 'main' });
    expect(created().loaded).toStrictEqual(['app://glimpse/index.html#/main']);
    expect(security.allowedAppOrigins()).toStrictEqual(['app://glimpse']);

    fake.FakeBrowserWindow.created = [];
    fake.app.isPackaged = false;
    process.env.ELECTRON_RENDERER_URL = 'https://evil.example';
    windows.createAppWindow('main', { route: 'main' });
    expect(created().loaded).toStrictEqual(['app://glimpse/index.html#/main']);
  });

  it('refuses a bad route before creating any window', () => {
    expect(() => windows.createAppWindow('main', { route: '../x' })).toThrow(/route/);
    expect(fake.FakeBrowserWindow.created).toHaveLength(0);
  });
});
