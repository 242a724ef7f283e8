/**
 * Updates against a local release feed on 127.0.0.1: a served latest-linux.yml (and the
 * Windows and macOS feeds) with real artifacts, a good download kept, a corrupt one rejected by
 * its SHA-512, plus the feed parser, version order and the daily schedule.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  checkForUpdate,
  compareVersions,
  downloadVerified,
  isNewer,
  parseUpdateFeed,
  pickArtifact,
  sha512OfFile,
  UpdateError,
  UpdateScheduler,
  verifyFile,
  type TimerPort,
} from '../../../../electron/core/updates/index';

const artifact = randomBytes(256 * 1024 + 17);
const sha512 = createHash('sha512').update(artifact).digest('base64');
const corrupt = Buffer.from(artifact);
corrupt[1000] = corrupt[1000]! ^ 0xff; // one flipped byte, same size

/** What electron-builder writes next to a Linux release (trimmed to the fields that matter). */
function linuxFeed(version: string, file = 'Glimpse-1.2.0-x86_64.AppImage'): string {
  return [
    `version: ${version}`,
    'files:',
    `  - url: ${file}`,
    `    sha512: ${sha512}`,
    `    size: ${artifact.length}`,
    `  - url: Glimpse-1.2.0-arm64.AppImage`,
    `    sha512: ${sha512}`,
    `    size: ${artifact.length}`,
    `path: ${file}`,
    `sha512: ${sha512}`,
    "releaseDate: '2026-11-20T10:00:00.000Z'",
    'releaseNotes: |',
    '  <h2>Glimpse 1.2.0</h2><ul><li>Faster capture &amp; redaction</li><li>Fixes</li></ul>',
    '',
  ].join('\n');
}

let server: Server;
let base: string;
let feedText = linuxFeed('1.2.0');
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(path);
    if (path === '/releases/latest-linux.yml') {
      res.writeHead(200, { 'content-type': 'text/yaml' }).end(feedText);
    } else if (path === '/releases/Glimpse-1.2.0-x86_64.AppImage') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(artifact);
    } else if (path === '/releases/corrupt/Glimpse-1.2.0-x86_64.AppImage') {
      res.writeHead(200).end(corrupt);
    } else if (path === '/releases/short/Glimpse-1.2.0-x86_64.AppImage') {
      res.writeHead(200).end(artifact.subarray(0, 1000));
    } else {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/releases`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'glimpse-update-'));
  feedText = linuxFeed('1.2.0');
  requests.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const check = (currentVersion: string) =>
  checkForUpdate({ fetch: globalThis.fetch, feedBase: base, currentVersion, platform: 'linux', arch: 'x64' });

describe('update check against a local feed', () => {
  it('finds the newer version, its AppImage for this architecture, and readable release notes', async () => {
    const result = await check('1.1.9');
    expect(requests).toEqual(['/releases/latest-linux.yml']);
    expect(result.kind).toBe('available');
    if (result.kind !== 'available') return;
    expect(result.version).toBe('1.2.0');
    expect(result.url).toBe(`${base}/Glimpse-1.2.0-x86_64.AppImage`);
    expect(result.file).toEqual({ url: 'Glimpse-1.2.0-x86_64.AppImage', sha512, size: artifact.length });
    expect(result.releaseDate).toBe('2026-11-20T10:00:00.000Z');
    expect(result.releaseNotes).toBe('Glimpse 1.2.0\n• Faster capture & redaction\n• Fixes');
  });

  it('reports the current version when the feed is not newer', async () => {
    expect(await check('1.2.0')).toEqual({ kind: 'current', version: '1.2.0' });
    expect(await check('1.10.0')).toEqual({ kind: 'current', version: '1.10.0' });
  });

  it('does not offer a pre-release unless asked', async () => {
    feedText = linuxFeed('1.3.0-beta.1');
    expect((await check('1.2.0')).kind).toBe('current');
    const beta = await checkForUpdate({
      fetch: globalThis.fetch,
      feedBase: `${base}/`,
      currentVersion: '1.2.0',
      platform: 'linux',
      arch: 'x64',
      allowPrerelease: true,
    });
    expect(beta.kind).toBe('available');
  });

  it('fails clearly on a missing feed, a feed that is not YAML, or one without checksums', async () => {
    await expect(
      checkForUpdate({
        fetch: globalThis.fetch,
        feedBase: `${base}/nothing`,
        currentVersion: '1.0.0',
        platform: 'linux',
        arch: 'x64',
      }),
    ).rejects.toThrow(/HTTP 404/);
    feedText = 'version: [1.2.0\nfiles: {';
    await expect(check('1.0.0')).rejects.toThrow(/not valid YAML/);
    feedText = 'version: 1.2.0\nfiles:\n  - url: Glimpse.AppImage\n    size: 10\n';
    await expect(check('1.0.0')).rejects.toThrow(/files\.0\.sha512/);
  });
});

describe('verified download', () => {
  it('keeps a download whose SHA-512 matches the feed', async () => {
    const result = await check('1.0.0');
    if (result.kind !== 'available') throw new Error('expected an update');
    const dest = join(dir, 'Glimpse.AppImage');
    let progress = 0;
    const path = await downloadVerified({
      fetch: globalThis.fetch,
      url: result.url,
      file: result.file,
      dest,
      onProgress: (received) => (progress = received),
    });
    expect(path).toBe(dest);
    expect(readFileSync(dest).equals(artifact)).toBe(true);
    expect(progress).toBe(artifact.length);
    expect(await sha512OfFile(dest)).toBe(sha512);
    expect(await verifyFile(dest, result.file)).toBe(true);
    expect(readdirSync(dir)).toEqual(['Glimpse.AppImage']);
  });

  it('rejects a corrupt download by its checksum and leaves nothing behind', async () => {
    const result = await check('1.0.0');
    if (result.kind !== 'available') throw new Error('expected an update');
    const dest = join(dir, 'Glimpse.AppImage');
    const error: unknown = await downloadVerified({
      fetch: globalThis.fetch,
      url: `${base}/corrupt/Glimpse-1.2.0-x86_64.AppImage`,
      file: result.file,
      dest,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpdateError);
    expect((error as UpdateError).kind).toBe('checksum');
    expect((error as UpdateError).message).toMatch(/SHA-512/);
    expect(existsSync(dest)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('rejects a truncated download by its size, and a missing one by its status', async () => {
    const result = await check('1.0.0');
    if (result.kind !== 'available') throw new Error('expected an update');
    const dest = join(dir, 'Glimpse.AppImage');
    await expect(
      downloadVerified({
        fetch: globalThis.fetch,
        url: `${base}/short/Glimpse-1.2.0-x86_64.AppImage`,
        file: result.file,
        dest,
      }),
    ).rejects.toMatchObject({ kind: 'size' });
    await expect(
      downloadVerified({ fetch: globalThis.fetch, url: `${base}/gone.AppImage`, file: result.file, dest }),
    ).rejects.toMatchObject({ kind: 'network' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('verifyFile tells a tampered file from the real one', async () => {
    const result = await check('1.0.0');
    if (result.kind !== 'available') throw new Error('expected an update');
    const dest = join(dir, 'Glimpse.AppImage');
    await downloadVerified({ fetch: globalThis.fetch, url: result.url, file: result.file, dest });
    expect(await verifyFile(dest, { sha512: createHash('sha512').update(corrupt).digest('base64') })).toBe(
      false,
    );
  });
});

describe('feed parsing', () => {
  it('reads the legacy single-file form and release notes given per version', () => {
    const feed = parseUpdateFeed(
      [
        'version: 2.0.0',
        'path: Glimpse-Setup-2.0.0.exe',
        `sha512: ${sha512}`,
        'releaseNotes:',
        '  - version: 2.0.0',
        '    note: New history',
        '  - version: 1.9.0',
        '    note: null',
      ].join('\n'),
    );
    expect(feed.files).toEqual([{ url: 'Glimpse-Setup-2.0.0.exe', sha512 }]);
    expect(feed.releaseNotes).toBe('2.0.0\nNew history\n\n1.9.0');
  });

  it('refuses feeds with no files, a bad version or a bad digest', () => {
    expect(() => parseUpdateFeed('version: 2.0.0\n')).toThrow(/lists no files/);
    expect(() => parseUpdateFeed(`version: two\npath: a.exe\nsha512: ${sha512}\n`)).toThrow(/version/);
    expect(() => parseUpdateFeed('version: 2.0.0\nfiles:\n  - url: a.exe\n    sha512: abc\n')).toThrow(
      /sha512/,
    );
    expect(() => parseUpdateFeed('just a string')).toThrow(UpdateError);
  });

  it('picks the macOS zip for the right architecture and the Windows installer', () => {
    const mac = parseUpdateFeed(
      [
        'version: 1.2.0',
        'files:',
        ...[
          'Glimpse-1.2.0-arm64.dmg',
          'Glimpse-1.2.0-arm64-mac.zip',
          'Glimpse-1.2.0-x64.dmg',
          'Glimpse-1.2.0-mac.zip',
        ].flatMap((url) => [`  - url: ${url}`, `    sha512: ${sha512}`]),
      ].join('\n'),
    );
    expect(pickArtifact(mac, 'darwin', 'arm64').url).toBe('Glimpse-1.2.0-arm64-mac.zip');
    // x64 zips carry no architecture in their name.
    expect(pickArtifact(mac, 'darwin', 'x64').url).toBe('Glimpse-1.2.0-mac.zip');
    const win = parseUpdateFeed(
      `version: 1.2.0\nfiles:\n  - url: Glimpse-Setup-1.2.0.exe\n    sha512: ${sha512}\n`,
    );
    expect(pickArtifact(win, 'win32', 'x64').url).toBe('Glimpse-Setup-1.2.0.exe');
    expect(() => pickArtifact(win, 'linux', 'x64')).toThrow(/no \.appimage file/);
  });
});

describe('version order', () => {
  it('follows SemVer precedence', () => {
    const ordered = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.2.0',
      '1.10.0',
      '2.0.0',
    ];
    for (let i = 0; i + 1 < ordered.length; i++) {
      expect(compareVersions(ordered[i]!, ordered[i + 1]!), `${ordered[i]} < ${ordered[i + 1]}`).toBe(-1);
      expect(compareVersions(ordered[i + 1]!, ordered[i]!)).toBe(1);
    }
    expect(compareVersions('v1.2.3+build.5', '1.2.3')).toBe(0);
    expect(() => compareVersions('1.2', '1.2.0')).toThrow(/not a version/);
  });

  it('isNewer ignores invalid and pre-release candidates unless allowed', () => {
    expect(isNewer('1.0.1', '1.0.0')).toBe(true);
    expect(isNewer('1.0.0', '1.0.0')).toBe(false);
    expect(isNewer('garbage', '1.0.0')).toBe(false);
    expect(isNewer('1.1.0-rc.1', '1.0.0')).toBe(false);
    expect(isNewer('1.1.0-rc.1', '1.0.0', true)).toBe(true);
  });
});

/** Timers driven by hand: the test fires them; nothing waits on a clock. */
function manualTimers(): TimerPort & { pending: { run: () => void; ms: number }[]; fire(): Promise<void> } {
  const pending: { run: () => void; ms: number }[] = [];
  return {
    pending,
    set(run, ms) {
      const timer = { run, ms };
      pending.push(timer);
      return timer;
    },
    clear(handle) {
      const index = pending.indexOf(handle as (typeof pending)[number]);
      if (index >= 0) pending.splice(index, 1);
    },
    async fire() {
      const timer = pending.shift();
      if (!timer) throw new Error('no timer pending');
      timer.run();
      // Let the check and its follow-up scheduling settle.
      for (let i = 0; i < 5; i++) await Promise.resolve();
    },
  };
}

describe('schedule', () => {
  it('checks shortly after start, then every day', async () => {
    const timers = manualTimers();
    let checks = 0;
    const scheduler = new UpdateScheduler({
      enabled: () => true,
      check: () => Promise.resolve(void checks++),
      timers,
      startDelayMs: 30_000,
    });
    scheduler.start();
    expect(timers.pending.map((t) => t.ms)).toEqual([30_000]);
    await timers.fire();
    expect(checks).toBe(1);
    expect(timers.pending.map((t) => t.ms)).toEqual([24 * 60 * 60 * 1000]);
    await timers.fire();
    expect(checks).toBe(2);
    expect(timers.pending).toHaveLength(1);
  });

  it('keeps its daily rhythm after a failed check, and reports the failure', async () => {
    const timers = manualTimers();
    const errors: unknown[] = [];
    const scheduler = new UpdateScheduler({
      enabled: () => true,
      check: () => Promise.reject(new UpdateError('offline', 'network')),
      timers,
      onError: (e) => errors.push(e),
    });
    scheduler.start();
    await timers.fire();
    expect(errors).toHaveLength(1);
    expect(timers.pending.map((t) => t.ms)).toEqual([24 * 60 * 60 * 1000]);
  });

  it('never checks on its own while the setting is off; a manual check still works', async () => {
    const timers = manualTimers();
    let enabled = false;
    let checks = 0;
    const scheduler = new UpdateScheduler({
      enabled: () => enabled,
      check: () => Promise.resolve(void checks++),
      timers,
    });
    scheduler.start();
    expect(timers.pending).toEqual([]);
    await scheduler.checkNow();
    expect(checks).toBe(1);
    expect(timers.pending).toEqual([]);

    enabled = true;
    scheduler.settingsChanged();
    expect(scheduler.scheduled).toBe(true);
    enabled = false;
    scheduler.settingsChanged();
    expect(scheduler.scheduled).toBe(false);
    expect(timers.pending).toEqual([]);
    expect(checks).toBe(1);
  });

  it('skips a due check if the setting was turned off without notice, and stop() cancels', async () => {
    const timers = manualTimers();
    let enabled = true;
    let checks = 0;
    const scheduler = new UpdateScheduler({
      enabled: () => enabled,
      check: () => Promise.resolve(void checks++),
      timers,
    });
    scheduler.start();
    enabled = false;
    await timers.fire();
    expect(checks).toBe(0);
    enabled = true;
    scheduler.settingsChanged();
    scheduler.stop();
    expect(timers.pending).toEqual([]);
  });

  it('joins a manual check with one already running', async () => {
    let release!: () => void;
    let checks = 0;
    const scheduler = new UpdateScheduler({
      enabled: () => true,
      check: () => {
        checks++;
        return new Promise<void>((resolve) => (release = resolve));
      },
      timers: manualTimers(),
    });
    const first = scheduler.checkNow();
    const second = scheduler.checkNow();
    expect(second).toBe(first);
    release();
    await first;
    expect(checks).toBe(1);
  });
});
