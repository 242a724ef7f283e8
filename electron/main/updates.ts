/**
 * Updates, the Electron side: electron-updater downloads and installs; the core decides when to
 * check (start, then daily, only if the setting allows), reads the feed, and verifies the
 * downloaded file against the feed's SHA-512 before the user is offered to install it.
 */
import { app, dialog, net } from 'electron';
import electronUpdater from 'electron-updater';
import { saveBeforeQuit } from './quit';
import {
  checkForUpdate,
  DEFAULT_FEED_BASE,
  fileForDownload,
  UpdateScheduler,
  verifyFile,
  type UpdateCheckResult,
} from '../core/updates/index';
import { mainTexts, type UiLanguage } from '../core/i18n/main-texts';

export interface UpdatesDeps {
  /** The `updates.checkAutomatically` setting, read when a check is due. */
  enabled: () => boolean;
  log: { info(message: string): void; error(message: string, error?: unknown): void };
  /** The UI's language when the dialog shows (ui-language.ts); English if not given. */
  language?: () => UiLanguage;
}

export interface Updates {
  checkNow(): Promise<void>;
  settingsChanged(): void;
  stop(): void;
}

export function startUpdates(deps: UpdatesDeps): Updates {
  const { autoUpdater } = electronUpdater;
  if (!app.isPackaged) {
    deps.log.info('updates: development build, not checking');
    return { checkNow: () => Promise.resolve(), settingsChanged: () => {}, stop: () => {} };
  }
  // Same feed as the core reads; downloads in the background, installs only when the user says so.
  autoUpdater.setFeedURL({ provider: 'generic', url: DEFAULT_FEED_BASE });
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = false;
  autoUpdater.logger = {
    info: (message?: unknown) => deps.log.info(`updater: ${String(message)}`),
    warn: (message?: unknown) => deps.log.info(`updater: ${String(message)}`),
    error: (message?: unknown) => deps.log.error('updater', message),
    debug: () => {},
  };

  let offered: Extract<UpdateCheckResult, { kind: 'available' }> | undefined;

  autoUpdater.on('update-downloaded', (event) => {
    void (async () => {
      const expected = offered && fileForDownload(offered.files, event.downloadedFile);
      // Security: electron-updater checks the SHA-512 too; this second check ties the file to
      // the feed the core parsed, so nothing unverified is ever offered for install.
      if (!expected || !(await verifyFile(event.downloadedFile, expected))) {
        deps.log.error(`updates: ${event.version} does not match the release feed; not offering it`);
        return;
      }
      const texts = mainTexts(deps.language?.() ?? 'en');
      const choice = await dialog.showMessageBox({
        type: 'info',
        title: texts.updateTitle,
        message: texts.updateReady(event.version),
        detail: offered?.releaseNotes || texts.updateNoNotes,
        buttons: [texts.updateInstall, texts.updateLater],
        defaultId: 0,
        cancelId: 1,
      });
      // Save first and mark the quit, so the windows that hide on close let it through
      // (on macOS quitAndInstall closes every window before before-quit is emitted).
      if (choice.response === 0) await saveBeforeQuit().then(() => autoUpdater.quitAndInstall());
    })();
  });

  const scheduler = new UpdateScheduler({
    enabled: deps.enabled,
    onError: (error) => deps.log.error('updates: check failed', error),
    check: async () => {
      const result = await checkForUpdate({
        fetch: (input, init) => net.fetch(input instanceof URL ? input.href : input, init),
        feedBase: DEFAULT_FEED_BASE,
        currentVersion: app.getVersion(),
        platform: process.platform,
        arch: process.arch,
      });
      if (result.kind === 'current') {
        deps.log.info(`updates: ${result.version} is current`);
        return;
      }
      offered = result;
      deps.log.info(`updates: ${result.version} available, downloading in the background`);
      await autoUpdater.checkForUpdates();
    },
  });
  scheduler.start();
  return {
    checkNow: () => scheduler.checkNow(),
    settingsChanged: () => scheduler.settingsChanged(),
    stop: () => scheduler.stop(),
  };
}
