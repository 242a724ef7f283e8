/**
 * `--smoke-test` (thin adapter): runs the core's checks (electron/core/app/smoke.ts) against the
 * started app, prints the one line and exits with its code. Used by the release workflow.
 */
import { app, type BrowserWindow, type WebContents } from 'electron';
import { runSmokeTest } from '../core/app/smoke';
import { loadSharp } from '../core/image/sharp-loader';

/** Resolves once the page has loaded (at once if it already has); rejects on a failed load. */
function pageLoaded(contents: WebContents): Promise<void> {
  if (!contents.isLoading() && contents.getURL() !== '') return Promise.resolve();
  return new Promise((resolve, reject) => {
    contents.once('did-finish-load', () => resolve());
    contents.once('did-fail-load', (_event, code, description, url) =>
      reject(new Error(`${description} (${code}) loading ${url}`)),
    );
  });
}

export async function finishSmokeTest(answerWindow: () => BrowserWindow, mainDir: string): Promise<void> {
  const result = await runSmokeTest({
    electronVersion: process.versions.electron ?? 'unknown',
    packaged: app.isPackaged,
    mainDir,
    answerWindowLoaded: () => pageLoaded(answerWindow().webContents),
    loadSharp,
  });
  if (result.exitCode === 0) console.log(result.line);
  else console.error(result.line);
  app.exit(result.exitCode);
}
