/**
 * How Glimpse quits: windows that normally hide on close really close, and answers still
 * streaming are stopped and saved first (for at most a few seconds) — unless the OS is shutting
 * down, when holding the quit back would make it report that Glimpse interrupted it.
 */
import { app, globalShortcut, powerMonitor } from 'electron';

let quitting = false;
let saved = false;
let saver: () => Promise<void> = () => Promise.resolve();

/** True once a quit has begun: close handlers then let windows close. */
export function isQuitting(): boolean {
  return quitting;
}

/** What must be on disk before the process ends (stop streams, flush the history). */
export function setQuitSaver(save: () => Promise<void>, log: (line: string) => void): void {
  saver = () =>
    Promise.race([save(), new Promise<void>((resolve) => setTimeout(resolve, 3000))]).catch(
      (error: unknown) => log(`quit: could not finish saving: ${String(error)}`),
    );
}

/** Saves, then lets the quit through; for callers that quit by other means (an update). */
export async function saveBeforeQuit(): Promise<void> {
  if (!saved) await saver();
  saved = true;
  quitting = true;
}

export function installQuitHandling(): void {
  app.on('will-quit', () => {
    // Only after 'ready': globalShortcut throws before it ("globalShortcut cannot be used before
    // the app is ready", electron_api_global_shortcut.cc), and a quit before 'ready' does happen
    // (a second instance handing its argv over, the XWayland relaunch carrying on elsewhere).
    if (app.isReady()) globalShortcut.unregisterAll();
  });
  app.on('before-quit', (event) => {
    quitting = true;
    if (saved) return;
    event.preventDefault();
    void saveBeforeQuit().finally(() => app.quit());
  });
  app
    .whenReady()
    .then(() =>
      powerMonitor.on('shutdown', () => {
        // Shutting down: the history saved at least once a second; do not hold the OS back.
        saved = true;
        quitting = true;
        void saver();
      }),
    )
    .catch(() => {});
}
