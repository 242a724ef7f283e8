export {
  checkForUpdate,
  DEFAULT_FEED_BASE,
  fileForDownload,
  type CheckOptions,
  type UpdateCheckResult,
} from './checker';
export { downloadVerified, sha512OfFile, verifyFile, type DownloadOptions } from './download';
export {
  feedFileName,
  notesToText,
  parseUpdateFeed,
  pickArtifact,
  UpdateError,
  type UpdateFeed,
  type UpdateFile,
} from './feed';
export {
  DAY_MS,
  START_DELAY_MS,
  UpdateScheduler,
  realTimers,
  type SchedulerOptions,
  type TimerPort,
} from './schedule';
export { compareVersions, isNewer, parseVersion, type SemVer } from './version';
