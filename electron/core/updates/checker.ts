/**
 * One update check: fetch the platform's feed from the release base URL, parse it, and say
 * whether it offers a newer version, with the artifact this machine would install.
 */
import { feedFileName, parseUpdateFeed, pickArtifact, UpdateError, type UpdateFile } from './feed';
import { isNewer } from './version';

/** Where the app looks for releases: GitHub serves the newest release's assets here. */
export const DEFAULT_FEED_BASE = 'https://github.com/glimpse-app/glimpse/releases/latest/download';

export interface CheckOptions {
  fetch: typeof globalThis.fetch;
  /** The folder holding latest*.yml and the artifacts, e.g. DEFAULT_FEED_BASE. */
  feedBase: string;
  currentVersion: string;
  platform: NodeJS.Platform;
  arch: string;
  allowPrerelease?: boolean;
  signal?: AbortSignal;
}

export type UpdateCheckResult =
  | { kind: 'current'; version: string }
  | {
      kind: 'available';
      version: string;
      releaseNotes: string;
      releaseDate?: string;
      releaseName?: string;
      file: UpdateFile;
      /** The artifact's absolute URL. */
      url: string;
      /** Every file of the release (a deb install downloads the .deb, not the AppImage). */
      files: UpdateFile[];
    };

function withSlash(base: string): string {
  return base.endsWith('/') ? base : `${base}/`;
}

export async function checkForUpdate(options: CheckOptions): Promise<UpdateCheckResult> {
  const feedUrl = new URL(feedFileName(options.platform), withSlash(options.feedBase)).href;
  let response: Response;
  try {
    // Caches between the app and the release host must not serve yesterday's feed.
    response = await options.fetch(feedUrl, {
      signal: options.signal ?? null,
      headers: { 'Cache-Control': 'no-cache' },
    });
  } catch (error) {
    throw new UpdateError(`Could not check for updates: ${(error as Error).message}`, 'network');
  }
  if (!response.ok)
    throw new UpdateError(`Could not check for updates: HTTP ${response.status} for ${feedUrl}`, 'network');
  const feed = parseUpdateFeed(await response.text());
  if (!isNewer(feed.version, options.currentVersion, options.allowPrerelease)) {
    return { kind: 'current', version: options.currentVersion };
  }
  const file = pickArtifact(feed, options.platform, options.arch);
  return {
    kind: 'available',
    version: feed.version,
    releaseNotes: feed.releaseNotes,
    ...(feed.releaseDate ? { releaseDate: feed.releaseDate } : {}),
    ...(feed.releaseName ? { releaseName: feed.releaseName } : {}),
    file,
    url: new URL(file.url, feedUrl).href,
    files: feed.files,
  };
}

/** The feed entry for a file downloaded by another client (electron-updater), by its name. */
export function fileForDownload(
  files: readonly UpdateFile[],
  downloadedPath: string,
): UpdateFile | undefined {
  const name = downloadedPath.split(/[\\/]/).pop() ?? '';
  return files.find(
    (f) =>
      decodeURIComponent(new URL(f.url, 'https://feed.invalid/').pathname.split('/').pop() ?? '') === name,
  );
}
