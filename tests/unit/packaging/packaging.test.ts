/**
 * Electron cannot be downloaded on the machine these tests were written on, so no package is
 * built here: the configuration is checked instead, through electron-builder's own loader and
 * JSON schema, then against what Glimpse needs (targets, fuses, macOS permission text, the
 * `glimpse` command, icons). `npm run dist` builds the real thing where Electron is available.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import type { Configuration } from 'electron-builder';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { launchMode } from '../../../electron/core/app/launch';
import { DEFAULT_FEED_BASE } from '../../../electron/core/updates/index';
import { fuseProblems, packagingProblems, REQUIRED_FUSES } from './rules';

const root = join(import.meta.dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string;
  version: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

let config: Configuration;

beforeAll(async () => {
  config = await getConfig(root, join(root, 'electron-builder.yml'), null);
});

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('is rejected by that schema when a field is misspelt (the schema check can fail)', async () => {
    const broken = {
      ...config,
      electronFuses: { ...config.electronFuses, runAsNod: false },
    } as Configuration;
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  });

  it('has every field a shippable Glimpse needs', () => {
    expect(packagingProblems(config)).toEqual([]);
  });

  it('sets every fuse', () => {
    expect(config.electronFuses).toMatchObject(REQUIRED_FUSES);
    expect(fuseProblems(config)).toEqual([]);
  });

  it.each(Object.keys(REQUIRED_FUSES))('fails when the %s fuse is missing or flipped', (fuse) => {
    const fuses = { ...(config.electronFuses as Record<string, boolean>) };
    const wanted = fuses[fuse];
    delete fuses[fuse];
    expect(fuseProblems({ ...config, electronFuses: fuses })).toEqual([
      `electronFuses.${fuse} must be ${wanted} (is missing)`,
    ]);
    fuses[fuse] = !wanted;
    expect(fuseProblems({ ...config, electronFuses: fuses })).toHaveLength(1);
  });

  it('fails without the macOS usage text, the glimpse command or the native unpacking', () => {
    const broken: Configuration = {
      ...config,
      mac: { ...config.mac, extendInfo: {} },
      linux: { ...config.linux, executableName: 'Glimpse' },
      asarUnpack: [],
    };
    const problems = packagingProblems(broken);
    expect(problems).toContain('Info.plist needs NSScreenCaptureUsageDescription');
    expect(problems).toContain('linux.executableName must be glimpse (the `glimpse` command)');
    expect(problems).toContain('asarUnpack must unpack node_modules/sharp (native code)');
  });

  it('unpacks every runtime dependency that holds native code', () => {
    const unpack = config.asarUnpack as string[];
    for (const name of Object.keys(pkg.dependencies)) {
      const dir = join(root, 'node_modules', name);
      const nativeDeps = name === 'sharp' ? ['sharp', '@img'] : [name];
      const hasNative =
        name === 'sharp' ||
        (existsSync(dir) &&
          readdirSync(dir, { recursive: true, encoding: 'utf8' }).some((file) => file.endsWith('.node')));
      if (!hasNative) continue;
      for (const dep of nativeDeps)
        expect(
          unpack.some((glob) => glob.startsWith(`node_modules/${dep}/`)),
          dep,
        ).toBe(true);
    }
  });

  it('points at files that exist: entitlements, icons at every size', async () => {
    const entitlements = readFileSync(join(root, config.mac!.entitlements!), 'utf8');
    expect(entitlements).toContain('<key>com.apple.security.cs.allow-jit</key>');
    // Nothing broader than V8 needs: no library-validation or sandbox exceptions.
    expect(entitlements).not.toContain('disable-library-validation');
    const icon = await sharp(join(root, 'build/icon.png')).metadata();
    expect([icon.format, icon.width, icon.height]).toEqual(['png', 1024, 1024]);
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      const meta = await sharp(join(root, String(config.linux!.icon), `${size}x${size}.png`)).metadata();
      expect([meta.width, meta.height]).toEqual([size, size]);
    }
    expect(existsSync(join(root, 'build/icon.svg'))).toBe(true);
  });

  it('publishes where the app looks for updates', () => {
    const github = ([] as unknown[]).concat(config.publish) as {
      provider: string;
      owner: string;
      repo: string;
    }[];
    const { owner, repo } = github.find((p) => p.provider === 'github')!;
    expect(DEFAULT_FEED_BASE).toBe(`https://github.com/${owner}/${repo}/releases/latest/download`);
  });

  it('links the deb’s binary as /usr/bin/<executableName>, so `glimpse` is a command', () => {
    // electron-builder's own post-install script, as it ships in the installed version.
    const script = readFileSync(
      join(root, 'node_modules/app-builder-lib/templates/linux/after-install.tpl'),
      'utf8',
    );
    expect(script).toContain("'/usr/bin/${executable}'");
    expect(config.linux!.executableName).toBe('glimpse');
  });
});

describe('package.json', () => {
  it('has a dist script that builds, then packages with this configuration', () => {
    const dist = pkg.scripts.dist ?? '';
    expect(dist).toMatch(/npm run build/);
    expect(dist).toMatch(/electron-builder --config electron-builder\.yml/);
    expect(pkg.main).toBe('out/main/index.js');
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('the glimpse command', () => {
  it('routes `glimpse ask …` to the CLI and `glimpse --capture` to the running app', () => {
    expect(launchMode(['/opt/Glimpse/glimpse', 'ask', '--model', 'llava', 'What is this?'], false)).toEqual({
      kind: 'ask',
      args: ['--model', 'llava', 'What is this?'],
    });
    expect(launchMode(['/opt/Glimpse/glimpse', '--no-sandbox', 'ask', '--json'], false)).toEqual({
      kind: 'ask',
      args: ['--json'],
    });
    expect(launchMode(['/opt/Glimpse/glimpse', '--capture'], false)).toEqual({ kind: 'app', capture: true });
    expect(launchMode(['/opt/Glimpse/glimpse'], false)).toEqual({ kind: 'app', capture: false });
    // Development: `electron . ask …` puts the app path first.
    expect(launchMode(['electron', '.', 'ask', '--help'], true)).toEqual({ kind: 'ask', args: ['--help'] });
    // A prompt that happens to be the word "ask" after options is still the app's argv only when first.
    expect(launchMode(['/opt/Glimpse/glimpse', 'show', 'ask'], false)).toEqual({
      kind: 'app',
      capture: false,
    });
  });

  it('the CLI runs on plain Node (tsx), not through Electron’s RunAsNode', () => {
    const result = spawnSync(join(root, 'node_modules/.bin/tsx'), ['electron/cli/ask.ts', '--help'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '' },
      shell: process.platform === 'win32',
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/--base-url/);
  });
});
