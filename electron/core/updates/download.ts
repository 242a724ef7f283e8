/**
 * Security: an update is only ever kept when its SHA-512 matches the feed's. The file is
 * streamed to `<dest>.partial`, hashed on the way, and renamed into place only on a match; a
 * mismatch (corrupt or tampered download) or a wrong size deletes it.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { UpdateError, type UpdateFile } from './feed';

/** SHA-512 of a file, Base64 (the encoding of electron-builder's feeds). */
export async function sha512OfFile(path: string): Promise<string> {
  const hash = createHash('sha512');
  await pipeline(createReadStream(path), hash);
  return hash.digest('base64');
}

/** Whether a file on disk is exactly the one the feed describes. */
export async function verifyFile(path: string, expected: Pick<UpdateFile, 'sha512'>): Promise<boolean> {
  return (await sha512OfFile(path)) === expected.sha512;
}

export interface DownloadOptions {
  fetch: typeof globalThis.fetch;
  /** Absolute URL of the artifact. */
  url: string;
  file: UpdateFile;
  dest: string;
  signal?: AbortSignal;
  onProgress?: (received: number, total: number | undefined) => void;
}

export async function downloadVerified(options: DownloadOptions): Promise<string> {
  const { file, dest } = options;
  const partial = `${dest}.partial`;
  let response: Response;
  try {
    response = await options.fetch(options.url, { signal: options.signal ?? null, redirect: 'follow' });
  } catch (error) {
    throw new UpdateError(`Could not download the update: ${(error as Error).message}`, 'network');
  }
  if (!response.ok || !response.body) {
    throw new UpdateError(`Could not download the update: HTTP ${response.status}`, 'network');
  }
  const hash = createHash('sha512');
  let received = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      hash.update(chunk);
      options.onProgress?.(received, file.size);
      done(null, chunk);
    },
  });
  try {
    await pipeline(
      Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      meter,
      createWriteStream(partial, { mode: 0o600 }),
    );
    if (file.size !== undefined && received !== file.size) {
      throw new UpdateError(`The update download has ${received} bytes, the feed says ${file.size}.`, 'size');
    }
    const actual = hash.digest('base64');
    if (actual !== file.sha512) {
      throw new UpdateError(
        'The update download does not match its SHA-512 checksum: it was discarded.',
        'checksum',
      );
    }
    await rename(partial, dest);
    return dest;
  } catch (error) {
    await rm(partial, { force: true });
    if (error instanceof UpdateError) throw error;
    throw new UpdateError(`Could not download the update: ${(error as Error).message}`, 'network');
  }
}
