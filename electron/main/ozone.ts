/**
 * Linux Wayland (thin adapter): relaunch once under XWayland, where overlay windows can be placed
 * on their displays. Every decision is in electron/core/app/ozone.ts; this only spawns.
 */
import { spawn } from 'node:child_process';
import { app } from 'electron';
import { ozoneBackend, RELAUNCHED_ENV, xwaylandRelaunchPlan, type OzoneBackend } from '../core/app/ozone';

/** Why this process stayed on its backend (logged once the log is open), or undefined. */
let stayReason: string | undefined;

/**
 * Call while holding the single-instance lock, before any window exists. True: an XWayland
 * Glimpse was started and this process is exiting (start nothing). False: carry on here.
 */
export function relaunchUnderXWayland(): boolean {
  const plan = xwaylandRelaunchPlan({
    platform: process.platform,
    argv: process.argv,
    execPath: process.execPath,
    env: process.env,
  });
  // The loop guard is for the next few milliseconds only: a Glimpse started later from this one
  // (the updater's restart) must decide afresh.
  delete process.env[RELAUNCHED_ENV];
  if (plan.kind === 'stay') {
    stayReason = plan.reason;
    return false;
  }
  // The new process must be able to take the lock; should the spawn fail, this one takes it back.
  app.releaseSingleInstanceLock();
  let started = false;
  try {
    const child = spawn(plan.command, plan.args, {
      detached: true,
      stdio: 'inherit',
      env: { ...process.env, ...plan.env },
    });
    // An exec failure (ENOENT, EACCES) arrives as an event; unhandled, it would throw.
    child.on('error', (error) => console.error(`[glimpse] XWayland relaunch failed: ${error.message}`));
    started = child.pid !== undefined;
    if (started) child.unref();
  } catch (error) {
    console.error(`[glimpse] XWayland relaunch failed: ${String(error)}`);
  }
  if (started) {
    console.log(
      `[glimpse] Wayland session: restarting under XWayland (${plan.args[0]}); set GLIMPSE_NATIVE_WAYLAND=1 to stay native`,
    );
    app.exit(0);
    return true;
  }
  stayReason = 'the XWayland relaunch could not be started';
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return true;
  }
  return false;
}

/** The backend this process runs on, and a log line saying so (Linux only). */
export function displayBackend(): { backend: OzoneBackend; line: string | undefined } {
  const backend = ozoneBackend(
    process.platform,
    app.commandLine.getSwitchValue('ozone-platform'),
    process.env.XDG_SESSION_TYPE,
  );
  if (backend === 'none') return { backend, line: undefined };
  const why = stayReason ? ` (not relaunched: ${stayReason})` : '';
  return { backend, line: `display backend: ${backend === 'wayland' ? 'native Wayland' : 'X11'}${why}` };
}
