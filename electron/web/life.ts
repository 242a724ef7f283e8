/**
 * Web mode's app life: the same AppActions, HotkeyService and handlers as the app, over
 * stand-ins (no tray, no windows, no global shortcuts). Options let the browser tests put the page
 * in states only a desktop reaches: a refused shortcut, a Wayland session, a denied macOS
 * permission.
 */
import { homedir } from 'node:os';
import type { ShortcutRegistrar } from '../core/capture/hotkeys';
import type { FrozenDisplay } from '../core/capture';
import { AppActions, type AppActionId, type UserActionPorts } from '../core/app/actions';
import { HotkeyService, hotkeyBindings, hotkeyLabel } from '../core/app/hotkey-service';
import type { AppLifeServices } from '../core/app/life-handlers';
import { nothingCapturedError, type SessionEnv } from '../core/app/platform';
import { diagnosticsText, secretsInTree } from '../core/diagnostics/index';
import type { EventSink, HandlerTable } from '../core/ipc/dispatch';
import type { SettingsService } from '../core/settings/settings';

export interface WebLifeOptions {
  /** Shortcuts the stand-in registrar refuses, as the OS does when another app holds them. */
  refusedShortcuts?: readonly string[];
  /** The platform the shortcuts are checked for (default: this machine's). */
  platform?: string;
  /** Behave as in a Wayland session (the settings page shows the portal workaround). */
  wayland?: boolean;
  /** Every capture fails the way it does on that desktop (web mode has no real one). */
  captureFailure?: 'mac-permission-denied' | 'wayland-no-screen';
  /** Where "open the main window on …" goes; web mode has one tab, so by default nothing opens. */
  openWindow?: (route: string) => boolean;
  /** Where "Open System Settings" goes; by default it is only logged. */
  openSystemSettings?: (url: string) => Promise<void>;
  /** Where "Quit Glimpse" goes; by default it is only logged (web mode keeps serving). */
  quit?: () => void;
}

/** A registrar that accepts everything but the listed shortcuts, and registers nothing for real. */
export function standInRegistrar(refused: readonly string[] = []): ShortcutRegistrar {
  const lower = new Set(refused.map((r) => r.toLowerCase()));
  return {
    register: (accelerator) => !lower.has(accelerator.toLowerCase()),
    unregister: () => {},
  };
}

/** The region capture's displays: the simulated failure, else the fixture screens (if any). */
export function webCaptureDisplays(
  life: WebLifeOptions | undefined,
  frozenScreens: (() => Promise<FrozenDisplay[]>) | undefined,
): (() => Promise<FrozenDisplay[]>) | undefined {
  const failure = life?.captureFailure;
  if (!failure) return frozenScreens;
  const env: SessionEnv =
    failure === 'mac-permission-denied'
      ? { platform: 'darwin' }
      : { platform: 'linux', XDG_SESSION_TYPE: 'wayland' };
  return () => Promise.reject(nothingCapturedError(env));
}

export interface WebLife {
  services: AppLifeServices;
  /** Runs an action as the tray or a shortcut would (for tests and demos). */
  run(id: AppActionId, options?: { conversationId?: string }): Promise<unknown>;
  /**
   * Runs one of your own actions (by id or name) as its shortcut or the tray would. Web mode has
   * no screen to capture: a region or screen action says so in the panel (in its language) and
   * the panel keeps the action for the next image dropped, pasted or picked.
   */
  runAction(nameOrId: string): Promise<{ started: boolean }>;
  dispose(): void;
}

export function createWebLife(deps: {
  options: WebLifeOptions | undefined;
  settings: SettingsService;
  table: () => HandlerTable;
  events: EventSink;
  log: (line: string) => void;
  /** Your own actions (the same ports as the app's, over web mode's capture paths). */
  userActions?: UserActionPorts;
}): WebLife {
  const { settings, events, log } = deps;
  const options = deps.options ?? {};
  const hotkeys = new HotkeyService({
    registrar: standInRegistrar(options.refusedShortcuts),
    handlers: {
      captureRegion: () => void actions.run('captureRegion'),
      captureScreen: () => void actions.run('captureScreen'),
      toggleWindow: () => void actions.run('toggleWindow'),
      // Your own actions' shortcuts, as the app binds them (the stand-in registrar presses none).
      userAction: (id) =>
        void actions.runAction(id).catch((error: unknown) => log(`web: action ${id}: ${String(error)}`)),
    },
    platform: options.platform ?? process.platform,
    bindings: () => hotkeyBindings(settings.current),
    label: hotkeyLabel(() => settings.current.actions ?? []),
    wayland: options.wayland ?? false,
    onNewProblem: (problem) => log(`web: hotkey: ${problem.message}`),
  });
  const diagnosticsReport = (): string =>
    diagnosticsText({
      app: { name: 'Glimpse (web mode)', version: process.env.npm_package_version ?? 'dev', packaged: false },
      versions: process.versions,
      platform: { os: process.platform, release: '', arch: process.arch },
      displays: [],
      settings: settings.current,
      secrets: [
        ...settings.current.profiles.flatMap((p) => settings.apiKey(p.id) ?? []),
        ...settings.headerSecrets(),
        ...secretsInTree(settings.current),
      ],
      lastErrors: [],
      home: homedir(),
      now: new Date(),
    });
  const actions: AppActions = new AppActions({
    captureRegion: () => deps.table()['capture:region'](undefined),
    captureScreen: () => deps.table()['capture:screen'](undefined),
    showAnswer: () => log('web: would show the answer panel'),
    toggleAnswer: () => log('web: would show or hide the answer panel'),
    openWindow:
      options.openWindow ?? ((route) => (log(`web: would open the main window on #/${route}`), false)),
    hotkeys: { paused: () => hotkeys.paused(), pause: () => hotkeys.pause(), resume: () => hotkeys.resume() },
    ...(deps.userActions ? { userActions: deps.userActions } : {}),
    copyDiagnostics: () => deps.table()['diagnostics:copy'](undefined),
    checkForUpdates: () => Promise.resolve(log('web: updates are not checked in web mode')),
    quit: options.quit ?? (() => log('web: would quit')),
    events,
    log,
  });
  const offSettings = settings.onChange(() => hotkeys.apply());
  hotkeys.apply();
  return {
    services: {
      actions,
      hotkeys,
      diagnosticsReport,
      openSystemSettings:
        options.openSystemSettings ??
        ((url) => {
          log(`web: would open ${url}`);
          return Promise.resolve();
        }),
    },
    run: (id, runOptions) => actions.run(id, runOptions),
    runAction: (nameOrId) => actions.runAction(nameOrId),
    dispose: () => {
      offSettings();
      hotkeys.dispose();
    },
  };
}
