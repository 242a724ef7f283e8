/**
 * Linux Wayland (thin adapter): with GLIMPSE_XWAYLAND=1, relaunch once under XWayland, where
 * overlay windows can be placed on their displays. Every decision is in electron/core/app/ozone.ts;
 * this reads the process, spawns and waits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import inspector from 'node:inspector';
import { app } from 'electron';
import {
  DEBUG_SWITCHES,
  ozoneBackend,
  RELAUNCH_GRACE_MS,
  RELAUNCHED_ENV,
  relaunchFailed,
  xwaylandRelaunchPlan,
  type OzoneBackend,
} from '../core/app/ozone';

/** Why this process did not relaunch (logged once the log is open), or undefined. */
let stayReason: string | undefined;

/**
 * Console output is best effort: a Glimpse started from a terminal (the XWayland relaunch is
 * detached and inherits it) outlives that terminal, and writing then fails with EIO/EPIPE — an
 * 'error' event nobody handles, which Electron shows as an "Uncaught Exception" dialog. The log
 * file keeps every line anyway. Call first thing in main.
 */
export function ignoreClosedConsole(): void {
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
}

/**
 * Call while holding the single-instance lock, before any window exists (and after everything
 * that must happen before 'ready': `startHere` may run after it). `startHere` starts Glimpse in
 * this process: at once when no relaunch is planned or the spawn fails; later if the XWayland
 * Glimpse exits with an error within RELAUNCH_GRACE_MS (this one takes the lock back first);
 * never if that one runs — then this process exits.
 */
export function startOrRelaunch(startHere: () => void): void {
  const plan = xwaylandRelaunchPlan({
    platform: process.platform,
    argv: process.argv,
    execPath: process.execPath,
    ozoneSwitch: app.commandLine.getSwitchValue('ozone-platform'),
    debug: {
      chromiumSwitch: DEBUG_SWITCHES.some((name) => app.commandLine.hasSwitch(name)),
      inspectorOpen: inspector.url() !== undefined,
      execArgv: process.execArgv,
    },
    env: process.env,
  });
  // The loop guard is for the next few milliseconds only: a Glimpse started later from this one
  // (the updater's restart) must decide afresh.
  delete process.env[RELAUNCHED_ENV];
  if (plan.kind === 'stay') {
    stayReason = plan.reason;
    startHere();
    return;
  }

  const carryOnHere = (why: string): void => {
    stayReason = `${why}; carrying on natively`;
    console.error(`[glimpse] ${stayReason}`);
    // Another Glimpse may have taken the lock meanwhile: it is the one that runs.
    if (app.requestSingleInstanceLock()) startHere();
    else app.quit();
  };
  // The new process must be able to take the lock; should it fail, this one takes it back.
  app.releaseSingleInstanceLock();
  let child: ChildProcess;
  try {
    child = spawn(plan.command, plan.args, {
      detached: true,
      stdio: 'inherit',
      env: { ...process.env, ...plan.env },
    });
  } catch (error) {
    carryOnHere(`the XWayland relaunch could not be started (${String(error)})`);
    return;
  }
  if (child.pid === undefined) {
    // The reason (ENOENT, EACCES) follows as an 'error' event; unhandled, it would throw.
    child.on('error', (error) => console.error(`[glimpse] XWayland relaunch: ${error.message}`));
    carryOnHere('the XWayland relaunch could not be started');
    return;
  }
  console.log(`[glimpse] GLIMPSE_XWAYLAND=1: restarting under XWayland (${plan.args[0]})`);
  let settled = false;
  const settle = (): boolean => {
    if (settled) return false;
    settled = true;
    clearTimeout(timer);
    return true;
  };
  const timer = setTimeout(() => {
    if (settle()) app.exit(0);
  }, RELAUNCH_GRACE_MS);
  child.on('error', (error) => {
    if (settle()) carryOnHere(`the XWayland relaunch failed (${error.message})`);
  });
  child.on('exit', (code, signal) => {
    if (!settle()) return;
    if (relaunchFailed(code, signal))
      carryOnHere(`the XWayland Glimpse exited at once (${signal ?? `code ${String(code)}`})`);
    else app.exit(0);
  });
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
