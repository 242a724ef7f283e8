/**
 * `npm start` on a fresh clone, where Electron's binary has never been fetched: electron-vite 6
 * only reads node_modules/electron/path.txt, so without build/ensure-electron.mjs it threw
 * "Electron uninstall". Each test builds a throw-away project (the real package.json and script,
 * node_modules entries symlinked, electron copied without path.txt and dist/) and points every
 * download setting at 127.0.0.1, so nothing here can reach Electron's real download host.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const electronVersion = (
  JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }
).version;
// What install.js writes to path.txt for this platform (its getPlatformPath()).
const platformPath =
  process.platform === 'darwin'
    ? 'Electron.app/Contents/MacOS/Electron'
    : process.platform === 'win32'
      ? 'electron.exe'
      : 'electron';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Links an existing file or folder; files are copied on Windows, where linking them needs rights. */
function link(from: string, to: string): void {
  if (statSync(from).isDirectory()) symlinkSync(from, to, 'junction');
  else cpSync(from, to);
}

/**
 * The project as a fresh clone has it after `npm install`: the sources and configuration, the
 * real package.json and start script (copied: the script finds the project from its own
 * location), node_modules linked entry by entry, and electron copied without path.txt and dist/.
 */
function freshProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'glimpse-start-'));
  made.push(dir);
  for (const entry of readdirSync(root)) {
    if (!['node_modules', 'package.json', 'build', '.git', 'out', 'dist'].includes(entry))
      link(join(root, entry), join(dir, entry));
  }
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  mkdirSync(join(dir, 'build'));
  cpSync(join(root, 'build/ensure-electron.mjs'), join(dir, 'build/ensure-electron.mjs'));
  mkdirSync(join(dir, 'node_modules'));
  for (const entry of readdirSync(join(root, 'node_modules'))) {
    if (entry !== 'electron') link(join(root, 'node_modules', entry), join(dir, 'node_modules', entry));
  }
  const electron = join(root, 'node_modules/electron');
  cpSync(electron, join(dir, 'node_modules/electron'), {
    recursive: true,
    filter: (src) => src !== join(electron, 'path.txt') && src !== join(electron, 'dist'),
  });
  expect(existsSync(join(dir, 'node_modules/electron/path.txt'))).toBe(false);
  writeFileSync(join(dir, 'user.npmrc'), '');
  writeFileSync(join(dir, 'global.npmrc'), '');
  return dir;
}

/** A loopback port with nothing listening: every connection is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The environment of a user with no download settings, plus a mirror on loopback. Every way
 * @electron/get or npm could pick up another mirror (npm_config_*, package config, a user
 * .npmrc) is removed or overridden, so no request can leave the machine.
 */
function offlineEnv(dir: string, mirror: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|electron_|force_no_cache$)/i.test(key) || /proxy/i.test(key)) continue;
    env[key] = value;
  }
  return {
    ...env,
    npm_config_userconfig: join(dir, 'user.npmrc'),
    npm_config_globalconfig: join(dir, 'global.npmrc'),
    npm_config_update_notifier: 'false',
    npm_config_electron_mirror: mirror,
    ELECTRON_MIRROR: mirror,
    electron_config_cache: join(dir, 'electron-cache'),
    ELECTRON_GET_NO_PROGRESS: '1',
    NO_PROXY: '*',
    no_proxy: '*',
    ...extra,
  };
}

/** Asynchronous: the success test's mirror answers from this same process. */
function run(dir: string, command: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(command, args, { cwd: dir, env, shell: process.platform === 'win32' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ status: number | null; output: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output: `${stdout}\n${stderr}`, stderr }));
  });
}

describe('npm start without the Electron binary', () => {
  it('runs Electron’s installer, and when the download fails prints one paragraph and exits non-zero', async () => {
    const dir = freshProject();
    const port = await closedPort();
    const mirror = `http://127.0.0.1:${port}/`;

    const { status, output, stderr } = await run(dir, 'npm', ['start'], offlineEnv(dir, mirror));

    expect(status).not.toBe(0);
    expect(output).not.toContain('Electron uninstall');
    // Exactly one paragraph: the message, no stack trace from the installer.
    const paragraph = stderr.slice(stderr.indexOf('Glimpse could not start')).trim();
    expect(paragraph).not.toBe('');
    expect(paragraph.split(/\n\s*\n/)).toHaveLength(1);
    expect(output).not.toMatch(/^\s+at /m);
    const text = paragraph.replace(/\s+/g, ' ');
    // What failed: the version, the platform, the host it tried.
    expect(text).toContain(`Electron ${electronVersion} for ${process.platform}-`);
    expect(text).toContain(`127.0.0.1:${port}`);
    expect(text).toContain(`${mirror}v${electronVersion}/electron-v${electronVersion}-${process.platform}-`);
    // The mirror and cache variables, and how to retry.
    for (const name of [
      'ELECTRON_MIRROR',
      'ELECTRON_CUSTOM_DIR',
      'electron_config_cache',
      'ELECTRON_GET_USE_PROXY',
    ])
      expect(text).toContain(name);
    expect(text).toContain(join(dir, 'electron-cache'));
    expect(text).toContain('`npm start` again');
    expect(existsSync(join(dir, 'node_modules/electron/path.txt'))).toBe(false);
  }, 180_000);

  it('skips the installer when path.txt and the binary it names are there', async () => {
    const dir = freshProject();
    const electron = join(dir, 'node_modules/electron');
    mkdirSync(join(electron, 'dist', platformPath, '..'), { recursive: true });
    writeFileSync(join(electron, 'dist', platformPath), '');
    writeFileSync(join(electron, 'dist/version'), `v${electronVersion}`);
    writeFileSync(join(electron, 'path.txt'), platformPath);
    const mirror = `http://127.0.0.1:${await closedPort()}/`;

    // The script alone: `npm start` would go on to build and launch the app.
    const { status, stderr } = await run(
      dir,
      process.execPath,
      ['build/ensure-electron.mjs'],
      offlineEnv(dir, mirror),
    );

    expect(stderr).toBe('');
    expect(status).toBe(0);
  }, 60_000);
});

/** A zip of stored (uncompressed) files, enough for Electron's extractor. */
function zip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made on Unix: keeps the mode below
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE((0o100755 << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('npm start with a reachable mirror', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  it('installs Electron through its own installer, from the mirror, checked against SHASUMS256.txt', async () => {
    const dir = freshProject();
    const tag = `v${electronVersion}`;
    const arch = process.arch === 'arm' ? 'armv7l' : process.arch;
    const artifact = `electron-${tag}-${process.platform}-${arch}.zip`;
    const body = zip({ [platformPath]: '#!/bin/sh\necho stand-in\n', version: tag });
    const sum = createHash('sha256').update(body).digest('hex');
    const requests: string[] = [];
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url === `/${tag}/${artifact}`) res.end(body);
      else if (req.url === `/${tag}/SHASUMS256.txt`) res.end(`${sum} *${artifact}\n`);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

    // The stand-in zip is not in Electron's shipped checksums.json: the installer's own switch
    // makes it fetch SHASUMS256.txt from the mirror instead (still verified).
    const env = offlineEnv(dir, mirror, { electron_use_remote_checksums: '1' });
    const { status, stderr } = await run(dir, process.execPath, ['build/ensure-electron.mjs'], env);

    expect(stderr).toContain(`Electron ${electronVersion} installed`);
    expect(status).toBe(0);
    expect(requests).toEqual([`/${tag}/${artifact}`, `/${tag}/SHASUMS256.txt`]);
    const electron = join(dir, 'node_modules/electron');
    expect(readFileSync(join(electron, 'path.txt'), 'utf8')).toBe(platformPath);
    expect(readFileSync(join(electron, 'dist', platformPath), 'utf8')).toContain('stand-in');
    // A second start finds it installed and asks nothing.
    chmodSync(join(electron, 'dist', platformPath), 0o755);
    const again = await run(dir, process.execPath, ['build/ensure-electron.mjs'], env);
    expect(again.stderr).toBe('');
    expect(requests).toHaveLength(2);
  }, 60_000);
});
