/**
 * electron/main/diagnostics.ts against a stand-in for `electron`: the log lives in
 * userData/logs, and "Copy diagnostics" puts on the clipboard a report with the real display
 * layout and settings, without the keys the app knows.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const userData = mkdtempSync(join(tmpdir(), 'glimpse-diag-main-'));
const displays = [
  { id: 7, bounds: { x: 0, y: 0, width: 1440, height: 900 }, scaleFactor: 2, rotation: 0, internal: true },
  {
    id: 9,
    bounds: { x: 1440, y: 0, width: 1920, height: 1080 },
    scaleFactor: 1,
    rotation: 0,
    internal: false,
  },
];
const copied: string[] = [];
// Electron adds process.getSystemVersion(); plain Node has none.
Object.assign(process, { getSystemVersion: () => '14.5' });

// The factory runs at the first import of the adapter below, after these exist.
vi.mock('electron', () => ({
  app: {
    getPath: (name: string) => (name === 'userData' ? userData : '/nonexistent'),
    getName: () => 'Glimpse',
    getVersion: () => '0.9.0',
    getLocale: () => 'en-GB',
    isPackaged: true,
  },
  clipboard: {
    writeText: (text: string) => {
      copied.push(text);
      return Promise.resolve();
    },
  },
  screen: { getAllDisplays: () => displays, getPrimaryDisplay: () => displays[0] },
}));

const { appLog, copyDiagnostics, setSecretSource } = await import('../../../electron/main/diagnostics');

afterAll(() => rmSync(userData, { recursive: true, force: true }));

describe('diagnostics adapter', () => {
  it('logs to userData/logs and copies a report without the known keys', async () => {
    const key = 'sk-adapterCanary9b8c7d6e5f4a3b2c';
    setSecretSource(() => [key]);
    appLog().error(`request failed with key ${key}`);
    expect(appLog().path).toBe(join(userData, 'logs', 'glimpse.log'));
    expect(readFileSync(appLog().path, 'utf8')).not.toContain(key.slice(3, 15));

    const text = await copyDiagnostics({
      profiles: [{ id: 'a', headers: { Authorization: `Bearer ${key}` } }],
    });
    expect(copied).toEqual([text]);
    expect(text).toContain('App: Glimpse 0.9.0\n');
    expect(text).toContain(`Platform: ${process.platform} 14.5 (${process.arch}), locale en-GB`);
    expect(text).toContain('- 7: 1440×900 at (0, 0), scale 2 (2880×1800 px), primary, built-in');
    expect(text).toContain('- 9: 1920×1080 at (1440, 0), scale 1 (1920×1080 px)');
    expect(text).toContain('"Authorization": "[redacted]"');
    expect(text).toContain('request failed with key [redacted]');
    expect(text).not.toContain(key.slice(3, 15));
  });
});
