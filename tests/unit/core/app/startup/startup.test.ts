/**
 * Start-up decisions (electron/core/app/startup.ts): the data folder Electron accepts, the
 * Windows AUMID the installer uses, what is shown at start and on 'activate', and what a failed
 * start tells the user before exiting.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  APP_ID,
  prepareDataDir,
  showPanelAtStart,
  showPanelOnActivate,
  startFailure,
  windowsAppUserModelId,
} from '../../../../../electron/core/app/startup';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'glimpse-startup-'));
  made.push(dir);
  return dir;
}

describe('prepareDataDir (GLIMPSE_DATA_DIR)', () => {
  it('resolves a relative folder against the working directory and creates it (setPath needs both)', () => {
    const cwd = scratch();
    const dir = prepareDataDir({ env: 'portable/data', cwd, smoke: false });
    expect(dir).toBe(join(cwd, 'portable/data'));
    expect(isAbsolute(dir!)).toBe(true);
    expect(statSync(dir!).isDirectory()).toBe(true);
  });

  it('keeps an absolute folder as it is, creating it when missing', () => {
    const wanted = join(scratch(), 'deep', 'er');
    expect(prepareDataDir({ env: wanted, cwd: '/elsewhere', smoke: false })).toBe(wanted);
    expect(existsSync(wanted)).toBe(true);
  });

  it("leaves Electron's folder alone when unset, and gives a smoke test a fresh temporary one", () => {
    expect(prepareDataDir({ env: undefined, cwd: '/', smoke: false })).toBeUndefined();
    expect(prepareDataDir({ env: '  ', cwd: '/', smoke: false })).toBeUndefined();
    const tmp = scratch();
    const smoke = prepareDataDir({ env: undefined, cwd: '/', smoke: true, tmp });
    expect(smoke?.startsWith(join(tmp, 'glimpse-smoke-'))).toBe(true);
    expect(statSync(smoke!).isDirectory()).toBe(true);
  });
});

describe('windowsAppUserModelId', () => {
  it("is the installer's AUMID (the appId) when packaged on Windows", () => {
    expect(windowsAppUserModelId({ platform: 'win32', packaged: true, execPath: 'C:\\G\\Glimpse.exe' })).toBe(
      APP_ID,
    );
  });
  it('is the executable in development on Windows, and nothing elsewhere', () => {
    expect(
      windowsAppUserModelId({ platform: 'win32', packaged: false, execPath: 'C:\\e\\electron.exe' }),
    ).toBe('C:\\e\\electron.exe');
    for (const platform of ['darwin', 'linux'])
      expect(windowsAppUserModelId({ platform, packaged: true, execPath: '/x' })).toBeUndefined();
  });
});

describe('what shows at start and on activate', () => {
  it('shows the answer window (the first-run guide) while no endpoint is configured', () => {
    expect(showPanelAtStart({ baseUrl: '', model: '' })).toBe(true);
    expect(showPanelAtStart({ baseUrl: 'https://api.openai.com/v1', model: ' ' })).toBe(true);
    expect(showPanelAtStart({ baseUrl: ' ', model: 'gpt-4o' })).toBe(true);
  });
  it('starts quietly once set up', () => {
    expect(showPanelAtStart({ baseUrl: 'http://localhost:11434/v1', model: 'llava' })).toBe(false);
  });
  it('shows the panel when the Dock icon is clicked with nothing on screen; not over a visible window', () => {
    expect(showPanelOnActivate([])).toBe(true);
    expect(showPanelOnActivate(['answer'])).toBe(false);
    expect(showPanelOnActivate(['main'])).toBe(false);
  });
  it('decides from our windows: an overlay alone is not a window to come back to', () => {
    // (hasVisibleWindows may be true for the menu-bar item alone; the kinds come from main's registry.)
    expect(showPanelOnActivate(['overlay'])).toBe(true);
  });
});

describe('startFailure', () => {
  it('says what failed and where the log is, and exits non-zero', () => {
    const failure = startFailure(
      new Error('EACCES: permission denied, open settings.json'),
      '/u/logs/glimpse.log',
    );
    expect(failure.exitCode).toBe(1);
    expect(failure.title).toBe('Glimpse could not start');
    expect(failure.content).toContain('EACCES: permission denied, open settings.json');
    expect(failure.content).toContain('/u/logs/glimpse.log');
    expect(failure.line).toBe('start failed: EACCES: permission denied, open settings.json');
  });
  it('words a non-Error and a missing log plainly, never a stack', () => {
    const failure = startFailure('boom', undefined);
    expect(failure.content).toContain('boom');
    expect(failure.content).toContain('No log file could be written.');
    const withStack = startFailure(new TypeError('x is not a function'), '/l');
    expect(withStack.content).not.toContain('    at ');
  });
});
