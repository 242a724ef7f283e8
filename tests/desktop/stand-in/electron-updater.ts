/**
 * Stand-in for electron-updater, which require()s the real `electron` from CommonJS (out of an
 * alias's reach). Glimpse uses it only when packaged; the desktop suite runs unpackaged, so any
 * use is recorded and the updater itself refuses to work.
 */
import { EventEmitter } from 'node:events';
import { runtime } from './runtime';

class StandInAutoUpdater extends EventEmitter {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  logger: unknown = null;

  setFeedURL(options: unknown): void {
    runtime.record('autoUpdater.setFeedURL', options);
  }

  checkForUpdates(): Promise<null> {
    runtime.record('autoUpdater.checkForUpdates');
    return Promise.resolve(null);
  }

  quitAndInstall(): void {
    runtime.record('autoUpdater.quitAndInstall');
  }
}

export const autoUpdater = new StandInAutoUpdater();
export default { autoUpdater };
