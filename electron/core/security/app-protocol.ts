/**
 * Maps `app://glimpse/<path>` to a file of the built renderer. Every request the renderer makes
 * for a page, script, style, font or image passes through here, so this decides what of the
 * disk a compromised page could read: exactly the files of the build folder, nothing else.
 */
import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './origins';

export interface AppFile {
  /** Absolute path inside the root folder. */
  filePath: string;
  mimeType: string;
}

/** The parts of node:path used here, so tests can run the Windows rules on any machine. */
export type PathApi = Pick<typeof path, 'isAbsolute' | 'join' | 'relative' | 'resolve' | 'sep'>;

/**
 * What Vite emits for a page; anything else is not ours to serve. A Map, not an object literal:
 * `index.constructor` must not find Object.prototype.constructor.
 */
const MIME_TYPES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    html: 'text/html; charset=utf-8',
    js: 'text/javascript; charset=utf-8',
    mjs: 'text/javascript; charset=utf-8',
    css: 'text/css; charset=utf-8',
    json: 'application/json; charset=utf-8',
    svg: 'image/svg+xml',
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    gif: 'image/gif',
    webp: 'image/webp',
    avif: 'image/avif',
    ico: 'image/x-icon',
    woff: 'font/woff',
    woff2: 'font/woff2',
    ttf: 'font/ttf',
    otf: 'font/otf',
  }),
);

// `app://glimpse` exactly, then the path up to any query or fragment. No userinfo, no port, no
// other host, no upper case: Chromium hands a registered standard scheme's URLs over in this
// canonical form, so anything else did not come from one of our pages.
const REQUEST = new RegExp(`^${APP_SCHEME}://${APP_HOST}(/[^?#]*)?(?:[?#]|$)`);

// Vite's file names are [name]-[hash].[ext]: an allow-list of characters rules out, once decoded,
// separators (/ \), drive letters and NTFS streams (:), wildcards, quotes, NUL and other controls,
// a second layer of percent-encoding (%), and look-alike Unicode dots.
const SEGMENT = /^[A-Za-z0-9._~@+-]+$/;
// Names Windows maps to devices whatever the folder or extension.
const WINDOWS_DEVICE = /^(?:con|prn|aux|nul|com\d|lpt\d|conin\$|conout\$)(?:\..*)?$/i;

function decodeSegment(raw: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null; // malformed escape such as %zz or a lone %
  }
  if (!SEGMENT.test(decoded)) return null;
  // Leading dot: `.`, `..` and hidden files. Trailing dot: Windows drops it, so `index.html.`
  // would alias another name. Neither appears in a build.
  if (decoded.startsWith('.') || decoded.endsWith('.')) return null;
  if (WINDOWS_DEVICE.test(decoded)) return null;
  return decoded;
}

/** Whether `candidate` is `root` itself or lies beneath it (both absolute, same platform). */
export function isInsideDirectory(root: string, candidate: string, paths: PathApi = path): boolean {
  const relative = paths.relative(paths.resolve(root), paths.resolve(candidate));
  if (relative === '') return true;
  return relative !== '..' && !relative.startsWith(`..${paths.sep}`) && !paths.isAbsolute(relative);
}

/**
 * The file under `rootDir` that `requestUrl` names, or null: for another scheme or host, for
 * any path that could escape the root however it is spelt (raw or encoded dot segments, encoded
 * slashes or backslashes, NUL, drive letters, absolute paths, double encoding), and for unknown
 * extensions. The raw string is checked, not a parsed URL, because the WHATWG parser folds
 * `..` and `%2e%2e` away and would hide the attempt. `/` is `index.html`.
 */
export function resolveAppRequest(
  rootDir: string,
  requestUrl: string,
  paths: PathApi = path,
): AppFile | null {
  if (!paths.isAbsolute(rootDir)) throw new TypeError(`rootDir must be absolute: ${rootDir}`);
  if (typeof requestUrl !== 'string') return null;
  const match = REQUEST.exec(requestUrl);
  if (!match) return null;
  const rawPath = match[1] ?? '/';
  const rawSegments = rawPath === '/' ? ['index.html'] : rawPath.slice(1).split('/');

  const segments: string[] = [];
  for (const raw of rawSegments) {
    // Empty segments (`//`, a trailing `/`) name folders or nothing: never a file we serve.
    const segment = raw === '' ? null : decodeSegment(raw);
    if (segment === null) return null;
    segments.push(segment);
  }

  const fileName = segments[segments.length - 1] ?? '';
  const dot = fileName.lastIndexOf('.');
  const mimeType = dot > 0 ? MIME_TYPES.get(fileName.slice(dot + 1)) : undefined;
  if (mimeType === undefined) return null;

  const root = paths.resolve(rootDir);
  const filePath = paths.join(root, ...segments);
  // Belt and braces: the segment rules above already make escaping impossible.
  if (!isInsideDirectory(root, filePath, paths) || filePath === root) return null;
  return { filePath, mimeType };
}
