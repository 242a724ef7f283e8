/**
 * What a shippable Glimpse package must have, as a checker the packaging tests run over
 * electron-builder.yml (as electron-builder itself loads it). Each rule returns a sentence when
 * broken, so a failing test says what to fix.
 */
import type { Configuration } from 'electron-builder';

/** Electron fuses and the value each must have (https://www.electronjs.org/docs/latest/tutorial/fuses). */
export const REQUIRED_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  onlyLoadAppFromAsar: true,
  enableEmbeddedAsarIntegrityValidation: true,
  enableCookieEncryption: true,
  grantFileProtocolExtraPrivileges: false,
} as const;

type Target = string | { target: string; arch?: string | string[] | null };

function targets(list: unknown): { target: string; arch: string[] }[] {
  const items = (Array.isArray(list) ? list : list ? [list] : []) as Target[];
  return items.map((item) =>
    typeof item === 'string'
      ? { target: item, arch: [] }
      : { target: item.target, arch: item.arch ? ([] as string[]).concat(item.arch) : [] },
  );
}

function hasTarget(list: unknown, name: string, archs: string[] = []): boolean {
  return targets(list).some(
    (t) => t.target.toLowerCase() === name.toLowerCase() && archs.every((a) => t.arch.includes(a)),
  );
}

export function fuseProblems(config: Configuration): string[] {
  const fuses = (config.electronFuses ?? {}) as Record<string, boolean | undefined>;
  return Object.entries(REQUIRED_FUSES).flatMap(([fuse, wanted]) =>
    fuses[fuse] === wanted
      ? []
      : [
          `electronFuses.${fuse} must be ${wanted} (is ${fuses[fuse] === undefined ? 'missing' : String(fuses[fuse])})`,
        ],
  );
}

export function packagingProblems(config: Configuration): string[] {
  const problems = [...fuseProblems(config)];
  const need = (ok: unknown, message: string): void => {
    if (!ok) problems.push(message);
  };
  need(config.appId && /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(config.appId), 'appId must be a reverse-DNS id');
  need(config.productName === 'Glimpse', 'productName must be Glimpse');

  // electron-builder normalises `files` into file sets ({filter: [...]}) when it loads them.
  const files = ([] as unknown[])
    .concat(config.files ?? [])
    .flatMap((set) =>
      typeof set === 'string' ? [set] : ([] as string[]).concat((set as { filter?: string[] }).filter ?? []),
    );
  need(files.includes('out/**/*'), 'files must include the build output out/**/*');
  need(files.includes('!out/renderer/web.html'), 'web mode (out/renderer/web.html) must not be shipped');

  need(config.asar !== false, 'asar must be on (the onlyLoadAppFromAsar fuse needs it)');
  need(
    config.npmRebuild === false,
    'npmRebuild must be false (sharp ships N-API binaries; no compiler needed)',
  );
  const unpack = ([] as string[]).concat(config.asarUnpack ?? []);
  for (const native of ['sharp', '@img'])
    need(
      unpack.some((glob) => glob.startsWith(`node_modules/${native}/`)),
      `asarUnpack must unpack node_modules/${native} (native code)`,
    );

  const mac = config.mac ?? {};
  need(hasTarget(mac.target, 'dmg', ['x64', 'arm64']), 'mac must build a dmg for x64 and arm64');
  need(
    hasTarget(mac.target, 'zip', ['x64', 'arm64']),
    'mac must build a zip (electron-updater installs from it)',
  );
  need(mac.hardenedRuntime === true, 'mac.hardenedRuntime must be true');
  need(mac.entitlements && mac.entitlementsInherit, 'mac needs entitlements and entitlementsInherit');
  const usage = (mac.extendInfo as Record<string, unknown> | null | undefined)
    ?.NSScreenCaptureUsageDescription;
  need(typeof usage === 'string' && usage.length > 20, 'Info.plist needs NSScreenCaptureUsageDescription');

  need(hasTarget(config.win?.target, 'nsis'), 'win must build an NSIS installer');

  const linux = config.linux ?? {};
  need(hasTarget(linux.target, 'AppImage'), 'linux must build an AppImage');
  need(hasTarget(linux.target, 'deb'), 'linux must build a deb');
  need(linux.executableName === 'glimpse', 'linux.executableName must be glimpse (the `glimpse` command)');
  need(linux.maintainer, 'linux.maintainer is required by the deb target');
  const actions = Object.values(linux.desktop?.desktopActions ?? {}) as { Exec?: string }[];
  need(
    actions.some((action) => action.Exec === 'glimpse --capture'),
    'the Linux launcher needs a `glimpse --capture` action',
  );

  const publish = ([] as unknown[]).concat(config.publish ?? []) as { provider?: string }[];
  need(
    publish.some((p) => p.provider === 'github'),
    'publish must name the GitHub releases electron-updater reads',
  );
  return problems;
}
