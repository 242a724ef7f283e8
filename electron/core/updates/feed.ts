/**
 * The update feed electron-builder publishes with each release (latest.yml on Windows,
 * latest-mac.yml, latest-linux.yml): the version, its files with their SHA-512 (Base64) and
 * size, and the release notes. Parsed strictly: a feed we cannot trust is an error, not a guess.
 */
import { JSON_SCHEMA, load } from 'js-yaml';
import { z } from 'zod';
import { parseVersion } from './version';

export class UpdateError extends Error {
  constructor(
    message: string,
    readonly kind: 'feed' | 'network' | 'checksum' | 'size' | 'no-artifact',
  ) {
    super(message);
    this.name = 'UpdateError';
  }
}

const BASE64_SHA512 = /^[A-Za-z0-9+/]{86}==$/;

const fileSchema = z.object({
  url: z.string().min(1),
  sha512: z.string().regex(BASE64_SHA512, 'sha512 must be a Base64 SHA-512 digest'),
  size: z.number().int().nonnegative().optional(),
});

const notesSchema = z
  .union([z.string(), z.array(z.object({ version: z.string(), note: z.string().nullable() }))])
  .nullable()
  .optional();

const feedSchema = z.object({
  version: z.string().refine((v) => parseVersion(v) !== undefined, 'not a semantic version'),
  files: z.array(fileSchema).optional(),
  // Feeds written before `files` existed name one artifact at the top level.
  path: z.string().optional(),
  sha512: z.string().regex(BASE64_SHA512).optional(),
  releaseDate: z.string().optional(),
  releaseName: z.string().nullable().optional(),
  releaseNotes: notesSchema,
});

export interface UpdateFile {
  url: string;
  sha512: string;
  size?: number;
}

export interface UpdateFeed {
  version: string;
  files: UpdateFile[];
  releaseDate?: string;
  releaseName?: string;
  /** Plain text, ready to show. */
  releaseNotes: string;
}

/** GitHub gives release notes as HTML; the app shows text. */
export function notesToText(notes: z.output<typeof notesSchema>): string {
  if (!notes) return '';
  const text =
    typeof notes === 'string' ? notes : notes.map((n) => `${n.version}\n${n.note ?? ''}`).join('\n\n');
  return text
    .replace(/<br\s*\/?>|<\/(p|li|h\d)>/gi, '\n')
    .replace(/<li[^>]*>/gi, '• ')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function parseUpdateFeed(text: string): UpdateFeed {
  let raw: unknown;
  try {
    // JSON_SCHEMA: dates stay strings, no custom tags.
    raw = load(text, { schema: JSON_SCHEMA });
  } catch (error) {
    throw new UpdateError(
      `The update feed is not valid YAML: ${(error as Error).message.split('\n')[0]}`,
      'feed',
    );
  }
  const parsed = feedSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UpdateError(
      `The update feed is not valid: ${issue ? `${issue.path.join('.') || 'feed'}: ${issue.message}` : 'unknown problem'}`,
      'feed',
    );
  }
  const feed = parsed.data;
  const files =
    feed.files && feed.files.length > 0
      ? feed.files
      : feed.path && feed.sha512
        ? [{ url: feed.path, sha512: feed.sha512 }]
        : [];
  if (files.length === 0) throw new UpdateError('The update feed lists no files.', 'feed');
  return {
    version: feed.version,
    files,
    ...(feed.releaseDate ? { releaseDate: feed.releaseDate } : {}),
    ...(feed.releaseName ? { releaseName: feed.releaseName } : {}),
    releaseNotes: notesToText(feed.releaseNotes),
  };
}

/** The feed file electron-builder writes for a platform. */
export function feedFileName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'latest-mac.yml';
  if (platform === 'linux') return 'latest-linux.yml';
  return 'latest.yml';
}

const ARCH_NAMES: Record<string, string[]> = {
  x64: ['x64', 'x86_64', 'amd64'],
  arm64: ['arm64', 'aarch64'],
};

/**
 * The artifact this machine installs from: the zip on macOS (what electron-updater applies),
 * the AppImage on Linux, the NSIS installer on Windows; the one naming our architecture when
 * there are several.
 */
export function pickArtifact(feed: UpdateFeed, platform: NodeJS.Platform, arch: string): UpdateFile {
  const extension = platform === 'darwin' ? '.zip' : platform === 'linux' ? '.appimage' : '.exe';
  const candidates = feed.files.filter((f) =>
    new URL(f.url, 'https://feed.invalid/').pathname.toLowerCase().endsWith(extension),
  );
  const names = ARCH_NAMES[arch] ?? [arch];
  const otherArchs = Object.entries(ARCH_NAMES)
    .filter(([key]) => key !== arch)
    .flatMap(([, aliases]) => aliases);
  const mentions = (url: string, list: string[]): boolean =>
    list.some((name) => new RegExp(`[-_.]${name}[-_.]`, 'i').test(url));
  const chosen =
    candidates.find((f) => mentions(f.url, names)) ?? candidates.find((f) => !mentions(f.url, otherArchs));
  if (!chosen)
    throw new UpdateError(`The update has no ${extension} file for ${platform} ${arch}.`, 'no-artifact');
  return chosen;
}
