/**
 * When to check for updates: shortly after start, then once a day, only while the
 * `updates.checkAutomatically` setting allows it. A manual check works whatever the setting.
 * Timers come in as a port so tests drive them by hand (no waiting, no timing assertions).
 */

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Let the app finish starting before the first check. */
export const START_DELAY_MS = 30 * 1000;

export interface TimerPort {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: TimerPort = {
  set: (run, ms) => {
    const handle = setTimeout(run, ms);
    // A pending check must not keep a process (the CLI, a test) alive.
    handle.unref();
    return handle;
  },
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface SchedulerOptions {
  /** The setting, read each time a check is due. */
  enabled: () => boolean;
  check: () => Promise<void>;
  timers?: TimerPort;
  intervalMs?: number;
  startDelayMs?: number;
  onError?: (error: unknown) => void;
}

export class UpdateScheduler {
  readonly #options: SchedulerOptions;
  readonly #timers: TimerPort;
  #timer: unknown;
  #running: Promise<void> | undefined;
  #started = false;

  constructor(options: SchedulerOptions) {
    this.#options = options;
    this.#timers = options.timers ?? realTimers;
  }

  get scheduled(): boolean {
    return this.#timer !== undefined;
  }

  start(): void {
    this.#started = true;
    this.#schedule(this.#options.startDelayMs ?? START_DELAY_MS);
  }

  stop(): void {
    this.#started = false;
    this.#cancel();
  }

  /** Call when the setting changes: turning checks off cancels the pending one. */
  settingsChanged(): void {
    if (!this.#started) return;
    if (!this.#options.enabled()) this.#cancel();
    else if (this.#timer === undefined && !this.#running)
      this.#schedule(this.#options.startDelayMs ?? START_DELAY_MS);
  }

  /** "Check for updates" from the menu; joins a check already running. */
  checkNow(): Promise<void> {
    this.#running ??= this.#options
      .check()
      .catch((error: unknown) => this.#options.onError?.(error))
      .finally(() => {
        this.#running = undefined;
      });
    return this.#running;
  }

  #cancel(): void {
    if (this.#timer !== undefined) this.#timers.clear(this.#timer);
    this.#timer = undefined;
  }

  #schedule(ms: number): void {
    this.#cancel();
    if (!this.#started || !this.#options.enabled()) return;
    this.#timer = this.#timers.set(() => {
      this.#timer = undefined;
      if (!this.#options.enabled()) return;
      void this.checkNow().then(() => this.#schedule(this.#options.intervalMs ?? DAY_MS));
    }, ms);
  }
}
