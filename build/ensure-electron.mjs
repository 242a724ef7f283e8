// Run by `npm start` and `npm run preview` before electron-vite: makes sure Electron's binary is
// installed, and says clearly what to do when it cannot be.
//
// Why: Electron 45 has no install script. Its binary is fetched the first time
// `require('electron')` runs (node_modules/electron/index.js spawns install.js), but electron-vite
// never requires it: it reads node_modules/electron/path.txt and throws "Electron uninstall" when
// the file is missing. So here, when path.txt or the binary it names is missing, Electron's OWN
// installer runs (node_modules/electron/install.js, through @electron/get), which honours the
// usual variables: ELECTRON_MIRROR / electron_mirror in .npmrc, ELECTRON_CUSTOM_DIR,
// ELECTRON_CUSTOM_FILENAME, electron_config_cache, ELECTRON_GET_USE_PROXY (+ HTTPS_PROXY)...
// Not packaged: electron-builder.yml's `files` lists out/** and package.json only.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

const root = join(import.meta.dirname, '..');
const DEFAULT_MIRROR = 'https://github.com/electron/electron/releases/download/';

/** One paragraph on stderr, wrapped for a terminal, then a non-zero exit. */
function fail(text) {
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > 96) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  process.stderr.write(`\n${lines.join('\n')}\n\n`);
  process.exit(1);
}

let electronDir;
try {
  electronDir = dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
} catch {
  fail(
    'Glimpse could not start: the electron package is not in node_modules. Run `npm install` ' +
      '(or `npm ci`) in the project folder first, then `npm start` again.',
  );
}
const { version } = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8'));

// electron-vite runs ELECTRON_EXEC_PATH when it is set, and never looks at path.txt then.
const execPath = process.env.ELECTRON_EXEC_PATH;
if (execPath) {
  if (existsSync(execPath)) process.exit(0);
  fail(
    `Glimpse could not start: ELECTRON_EXEC_PATH is set to ${execPath}, which does not exist. ` +
      `Point it at an Electron ${version} executable, or unset it so that Electron's own ` +
      'installer downloads one into node_modules/electron/dist.',
  );
}

/** The same test as install.js's isInstalled(): dist/version matches, path.txt names a file. */
function installed() {
  try {
    const distVersion = readFileSync(join(electronDir, 'dist', 'version'), 'utf8').trim();
    const binary = readFileSync(join(electronDir, 'path.txt'), 'utf8');
    return distVersion.replace(/^v/, '') === version && existsSync(join(electronDir, 'dist', binary));
  } catch {
    return false;
  }
}
if (installed()) process.exit(0);

// What install.js will ask @electron/get for (its platform/arch rules, and @electron/get's
// lookup order for the mirror settings), so that the message names the real URL.
const env = process.env;
const platform = env.ELECTRON_INSTALL_PLATFORM || env.npm_config_platform || process.platform;
let arch = env.ELECTRON_INSTALL_ARCH || env.npm_config_arch || process.arch;
if (platform === 'darwin' && process.platform === 'darwin' && arch === 'x64' && !env.npm_config_arch) {
  try {
    if (execSync('sysctl -in sysctl.proc_translated').toString().trim() === '1') arch = 'arm64';
  } catch {
    // Not under Rosetta.
  }
}
if (arch === 'arm') arch = 'armv7l';

/** @electron/get's mirrorVar(): .npmrc, then package.json config, then ELECTRON_*. */
function setting(name) {
  const snake = name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  const names = [
    `npm_config_electron_${name.toLowerCase()}`,
    `NPM_CONFIG_ELECTRON_${snake.toUpperCase()}`,
    `npm_config_electron_${snake}`,
    `npm_package_config_electron_${name}`,
    `npm_package_config_electron_${snake}`,
    `ELECTRON_${snake.toUpperCase()}`,
  ];
  const found = names.find((n) => env[n]);
  return found ? { value: env[found], from: found } : undefined;
}
const tag = `v${(setting('customVersion')?.value ?? version).replace(/^v/, '')}`;
const mirror = setting('mirror');
const dir = (setting('customDir')?.value ?? tag).replace('{{ version }}', tag.slice(1));
const file = setting('customFilename')?.value ?? `electron-${tag}-${platform}-${arch}.zip`;
const url = `${mirror?.value ?? DEFAULT_MIRROR}${dir}/${file}`;
const mirrorText = mirror ? `${mirror.value} (from ${mirror.from})` : `${DEFAULT_MIRROR} (the default)`;

const cache =
  env.electron_config_cache ||
  (process.platform === 'darwin'
    ? join(homedir(), 'Library/Caches/electron')
    : process.platform === 'win32'
      ? join(env.LOCALAPPDATA || join(homedir(), 'AppData/Local'), 'electron/Cache')
      : join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'electron'));

process.stderr.write(
  `Electron ${version} is not installed yet: downloading it once with Electron's installer from ${url}\n`,
);
const installer = join(electronDir, 'install.js');
const result = existsSync(installer)
  ? spawnSync(process.execPath, [installer], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' })
  : { status: 1, stderr: `${installer} is missing` };

if (result.status === 0 && installed()) {
  process.stderr.write(`Electron ${version} installed in ${join(electronDir, 'dist')}.\n`);
  process.exit(0);
}

// install.js prints the error's stack: keep its first line ("TypeError: fetch failed",
// "HTTPError: Response code 404 (Not Found) for …", a checksum mismatch…).
const reason =
  (result.error?.message ??
    `${result.stderr ?? ''}`
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l && !l.startsWith('at '))) ||
  (result.status === 0
    ? `the installer finished but ${join(electronDir, 'path.txt')} or the binary it names is missing`
    : `the installer exited with code ${result.status ?? result.signal}`);

// Node's fetch hides the cause (refused, DNS, TLS, proxy) behind "fetch failed".
let host = url;
try {
  host = new URL(url).host;
} catch {
  // A mirror setting that is not a URL: name it as written.
}
const why = /fetch failed/.test(reason)
  ? `${reason}: no answer from ${host}; a network, DNS, proxy or TLS error`
  : reason.replace(/\.$/, '');
const again =
  env.npm_lifecycle_event && env.npm_lifecycle_event !== 'start'
    ? `npm run ${env.npm_lifecycle_event}`
    : 'npm start';

fail(
  `Glimpse could not start: Electron ${version} for ${platform}-${arch} is not installed, and ` +
    `downloading it failed (${why}) from ${url}. npm install does not fetch ` +
    "Electron's binary; Electron's own installer (node_modules/electron/install.js, using " +
    `@electron/get) does, from the mirror ${mirrorText}, which ELECTRON_MIRROR or electron_mirror ` +
    'in .npmrc changes (with ELECTRON_CUSTOM_DIR and ELECTRON_CUSTOM_FILENAME for other layouts); ' +
    'set ELECTRON_GET_USE_PROXY=1 with HTTPS_PROXY to go through a proxy. Downloads are cached in ' +
    `${cache} (electron_config_cache changes it). Check the connection or the mirror, then run ` +
    `\`${again}\` again, or \`node node_modules/electron/install.js\` to retry the download alone; to ` +
    `use an Electron ${version} executable you already have, set ELECTRON_EXEC_PATH to it.`,
);
