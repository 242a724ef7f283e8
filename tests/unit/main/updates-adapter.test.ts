/**
 * electron/main/updates.ts against stand-ins for `electron` and `electron-updater` (the real
 * ones cannot load in Node): the adapter reads the feed through `net.fetch` (pointed at a local
 * feed on 127.0.0.1), lets electron-updater download, and offers to install only a file that
 * matches the feed's SHA-512 — with the release notes — and nothing in development builds.
 */
import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_FEED_BASE } from '../../../electron/core/updates/index';

class FakeUpdater extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = true;
  logger: unknown = null;
  feed: unknown;
  setFeedURL = vi.fn((options: unknown) => {
    this.feed = options;
  });
  checkForUpdates = vi.fn(() => Promise.resolve(null));
  quitAndInstall = vi.fn();
}

// The mock factories run at the first import of the adapter below, after these exist.
const fake = {
  updater: new FakeUpdater(),
  app: { isPackaged: true, getVersion: () => '1.0.0' },
  dialog: {
    showMessageBox: vi.fn(
      (_options: { detail?: string; title?: string; message?: string; buttons?: string[] }) =>
        Promise.resolve({ response: 0 }),
    ),
  },
  net: { fetch: globalThis.fetch },
};

vi.mock('electron', () => ({ app: fake.app, dialog: fake.dialog, net: fake.net }));
vi.mock('electron-updater', () => ({ default: { autoUpdater: fake.updater } }));

const { startUpdates } = await import('../../../electron/main/updates');

const artifact = randomBytes(64 * 1024);
const sha512 = createHash('sha512').update(artifact).digest('base64');
const FILES = [
  'Glimpse-1.2.0-x86_64.AppImage',
  'Glimpse-1.2.0-arm64.AppImage',
  'Glimpse-1.2.0-mac.zip',
  'Glimpse-1.2.0-arm64-mac.zip',
  'Glimpse-Setup-1.2.0.exe',
];
const FEED = [
  'version: 1.2.0',
  'files:',
  ...FILES.flatMap((url) => [`  - url: ${url}`, `    sha512: ${sha512}`, `    size: ${artifact.length}`]),
  "releaseNotes: '<p>Redaction is faster.</p>'",
].join('\n');

let server: Server;
let local: string;
let dir: string;
const log = { info: vi.fn(), error: vi.fn() };

beforeAll(async () => {
  server = createServer((req, res) => {
    if (/\/latest(-mac|-linux)?\.yml$/.test(req.url ?? '')) res.writeHead(200).end(FEED);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  local = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Only ever 127.0.0.1: the release URL is rewritten to the local feed.
  fake.net.fetch = (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return globalThis.fetch(url.replace(DEFAULT_FEED_BASE, local), init);
  };
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'glimpse-updates-'));
  fake.updater = Object.assign(fake.updater, {
    autoDownload: false,
    autoInstallOnAppQuit: true,
    feed: undefined,
  });
  fake.updater.removeAllListeners();
  vi.clearAllMocks();
  fake.app.isPackaged = true;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function downloaded(bytes: Buffer): string {
  const path = join(dir, 'Glimpse-1.2.0-x86_64.AppImage');
  writeFileSync(path, bytes);
  return path;
}

describe('updates adapter', () => {
  it('checks nothing in a development build', async () => {
    fake.app.isPackaged = false;
    const updates = startUpdates({ enabled: () => true, log });
    await updates.checkNow();
    expect(fake.updater.setFeedURL).not.toHaveBeenCalled();
    expect(fake.updater.checkForUpdates).not.toHaveBeenCalled();
  });

  it('downloads in the background and offers to install a verified update, with its notes', async () => {
    const updates = startUpdates({ enabled: () => true, log });
    expect(fake.updater.feed).toEqual({ provider: 'generic', url: DEFAULT_FEED_BASE });
    expect(fake.updater.autoDownload).toBe(true);
    expect(fake.updater.autoInstallOnAppQuit).toBe(false);
    await updates.checkNow();
    updates.stop();
    expect(fake.updater.checkForUpdates).toHaveBeenCalledTimes(1);

    fake.updater.emit('update-downloaded', { version: '1.2.0', downloadedFile: downloaded(artifact) });
    // vi.waitFor gives up after 1 s by default; a busy machine can take longer to hash the file.
    await vi.waitFor(() => expect(fake.updater.quitAndInstall).toHaveBeenCalledTimes(1), { timeout: 15_000 });
    expect(fake.dialog.showMessageBox.mock.calls[0]![0].detail).toBe('Redaction is faster.');
  });

  it('offers the update in the UI language (issue 16.5: the dialog was English whatever it was)', async () => {
    const updates = startUpdates({ enabled: () => true, log, language: () => 'fr' });
    await updates.checkNow();
    updates.stop();
    fake.updater.emit('update-downloaded', { version: '1.2.0', downloadedFile: downloaded(artifact) });
    await vi.waitFor(() => expect(fake.dialog.showMessageBox).toHaveBeenCalledTimes(1), { timeout: 15_000 });
    const options = fake.dialog.showMessageBox.mock.calls[0]![0];
    expect(options.title).toBe('Mise à jour de Glimpse');
    expect(options.message).toBe('Glimpse 1.2.0 est prêt à être installé.');
    expect(options.buttons).toEqual(['Redémarrer et installer', 'Plus tard']);
  });

  it('never offers a download that does not match the feed’s checksum', async () => {
    const updates = startUpdates({ enabled: () => true, log });
    await updates.checkNow();
    updates.stop();
    const corrupt = Buffer.from(artifact);
    corrupt[10] = corrupt[10]! ^ 1;
    fake.updater.emit('update-downloaded', { version: '1.2.0', downloadedFile: downloaded(corrupt) });
    await vi.waitFor(() => expect(log.error).toHaveBeenCalledWith(expect.stringMatching(/does not match/)), {
      timeout: 15_000,
    });
    expect(fake.dialog.showMessageBox).not.toHaveBeenCalled();
    expect(fake.updater.quitAndInstall).not.toHaveBeenCalled();
  });

  it('does not download when the feed is not newer', async () => {
    fake.app.getVersion = () => '1.2.0';
    const updates = startUpdates({ enabled: () => true, log });
    await updates.checkNow();
    updates.stop();
    fake.app.getVersion = () => '1.0.0';
    expect(fake.updater.checkForUpdates).not.toHaveBeenCalled();
    expect(log.info).toHaveBeenCalledWith('updates: 1.2.0 is current');
  });
});
