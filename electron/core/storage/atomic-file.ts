/**
 * Files that are never half written: write a temporary file beside the target, flush it to disk,
 * then rename it over the target (rename is atomic within a folder on every OS we ship for). A
 * crash leaves either the old file or the new one, plus at worst a stray `*.tmp-*` file.
 *
 * Also: moving an unreadable file aside (never deleting it) and copying a file before a
 * migration. Errors keep their Node `code` so callers can tell a full disk from a read-only one.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await writeStreamAtomic(path, (write) => write(data));
}

/**
 * Like writeFileAtomic, for output too large to build as one string (a whole-history export):
 * `produce` writes it piece by piece into the temporary file, which replaces `path` at the end.
 */
export async function writeStreamAtomic(
  path: string,
  produce: (write: (data: string | Uint8Array) => Promise<void>) => Promise<void>,
): Promise<void> {
  await fsp.mkdir(dirname(path), { recursive: true });
  const temporary = temporaryPath(path);
  try {
    const handle = await fsp.open(temporary, 'w', 0o600);
    try {
      await produce(async (data) => {
        // writeFile writes all of it, from the current position (write may stop short).
        await handle.writeFile(data);
      });
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(temporary, path);
  } catch (error) {
    await fsp.rm(temporary, { force: true });
    throw error;
  }
}

/** `2026-11-26T00-21-05-123Z`: sortable, and valid in file names on every OS. */
export function fileTimestamp(now: Date = new Date()): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

/** Renames an unreadable file to `<name>.corrupt-<timestamp>` and returns the new path. */
export function moveAsideSync(path: string, now?: Date): string {
  const aside = `${path}.corrupt-${fileTimestamp(now)}`;
  fs.renameSync(path, aside);
  return aside;
}

export async function moveAside(path: string, now?: Date): Promise<string> {
  const aside = `${path}.corrupt-${fileTimestamp(now)}`;
  await fsp.rename(path, aside);
  return aside;
}

/** Copies `path` to `<name>.backup-<label>-<timestamp>` if it exists; returns the copy's path. */
export function backupSync(path: string, label: string, now?: Date): string | undefined {
  if (!fs.existsSync(path)) return undefined;
  const copy = `${path}.backup-${label}-${fileTimestamp(now)}`;
  fs.copyFileSync(path, copy, fs.constants.COPYFILE_EXCL);
  return copy;
}

export async function readFileIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await fsp.readFile(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

export async function fileExists(path: string): Promise<boolean> {
  try {
    await fsp.access(path);
    return true;
  } catch {
    return false;
  }
}

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/** A sentence for the user about a failed write, naming the folder and what to do. */
export function describeWriteError(error: unknown, where: string): string {
  return writeErrorMessage(error, where).message;
}

/**
 * The same sentence with its code and fields (storage.diskFull, storage.readOnly,
 * storage.writeFailed), so a page can word it in its language; `detail` (the system's own
 * words) goes after it in brackets.
 */
export function writeErrorMessage(
  error: unknown,
  where: string,
  detail?: string,
): { message: string; code: string; fields: Record<string, string> } {
  const fields: Record<string, string> = { where, ...(detail !== undefined ? { detail } : {}) };
  const after = detail !== undefined ? ` (${detail})` : '';
  const worded = (code: string, sentence: string) => ({ message: `${sentence}${after}`, code, fields });
  switch (errorCode(error)) {
    case 'ENOSPC':
    case 'EDQUOT':
      return worded(
        'storage.diskFull',
        `The disk is full: Glimpse could not save to ${where}. Free some space; nothing is lost while Glimpse stays open.`,
      );
    case 'EROFS':
    case 'EACCES':
    case 'EPERM':
      return worded(
        'storage.readOnly',
        `Glimpse may not write to ${where} (read-only or no permission). Nothing is lost while Glimpse stays open; fix the folder's permissions or set GLIMPSE_DATA_DIR.`,
      );
    default:
      return worded(
        'storage.writeFailed',
        `Glimpse could not save to ${where}. Nothing is lost while Glimpse stays open; it will try again.`,
      );
  }
}
