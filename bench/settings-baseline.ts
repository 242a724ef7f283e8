/**
 * The settings writer Glimpse shipped before settings moved onto the store (a copy of
 * electron/core/settings/file-storage.ts's jsonFileStorage and atomic-file.ts's
 * writeFileAtomicSync as of commit 3365d5e), kept only as the benchmark's baseline.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { SettingsStorage } from '../electron/core/settings/settings';

function writeFileAtomicSync(path: string, data: string): void {
  fs.mkdirSync(dirname(path), { recursive: true });
  const temporary = join(
    dirname(path),
    `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  try {
    const fd = fs.openSync(temporary, 'w', 0o600);
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, path);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/** Today's settings.json: read whole, written whole (tab-indented JSON and a newline), atomically. */
export function handWrittenSettingsFile(path: string): SettingsStorage {
  return {
    location: path,
    read: () => (fs.existsSync(path) ? (JSON.parse(fs.readFileSync(path, 'utf8')) as unknown) : undefined),
    write: (settings) => writeFileAtomicSync(path, `${JSON.stringify(settings, null, '\t')}\n`),
  };
}
