/**
 * The app's actions, once: the global shortcuts, the tray menu and the renderer's buttons all run
 * them from here (main and web mode give the ports). The tray menu is pure data built from this
 * list (`trayMenuModel`); electron/main turns it into an Electron Menu without adding items.
 */
import type { EventSink } from '../ipc/dispatch';
import { UserFacingError, userMessage } from '../ipc/dispatch';
import type { HotkeyAction, HotkeyHandlers } from '../capture/hotkeys';
import type { CaptureAction } from '../../../shared/action-channels';
import { shownActionName, type ActionCapture } from '../../../shared/actions';
import { errorKindOf } from './platform';

export const APP_ACTION_IDS = [
  'captureRegion',
  'captureScreen',
  'toggleWindow',
  'openHistory',
  'openSettings',
  'toggleHotkeys',
  'copyDiagnostics',
  'checkForUpdates',
  'quit',
] as const;

export type AppActionId = (typeof APP_ACTION_IDS)[number];

/** The actions a global shortcut can run: exactly the hotkey settings' keys. */
export const HOTKEY_ACTION_IDS = [
  'captureRegion',
  'captureScreen',
  'toggleWindow',
] as const satisfies readonly (AppActionId & HotkeyAction)[];

/**
 * What the renderer may ask for through `app:action` (capture has its own channels). Quit too:
 * where the desktop shows no tray icon (stock GNOME), the answer panel is the only way to it.
 */
export const RENDERER_ACTION_IDS = [
  'openHistory',
  'openSettings',
  'toggleHotkeys',
  'checkForUpdates',
  'quit',
] as const satisfies readonly AppActionId[];

export type MenuLanguage = 'en' | 'fr';

/** Tray labels (the tray is drawn by the OS, outside the renderer's catalogs). */
const LABELS: Readonly<Record<MenuLanguage, Record<AppActionId | 'resumeHotkeys', string>>> = {
  en: {
    captureRegion: 'Explain a region…',
    captureScreen: 'Explain the whole screen',
    toggleWindow: 'Show or hide the answer panel',
    openHistory: 'History…',
    openSettings: 'Settings…',
    toggleHotkeys: 'Pause shortcuts',
    resumeHotkeys: 'Resume shortcuts',
    copyDiagnostics: 'Copy diagnostics',
    checkForUpdates: 'Check for updates',
    quit: 'Quit Glimpse',
  },
  fr: {
    captureRegion: 'Expliquer une zone…',
    captureScreen: 'Expliquer tout l’écran',
    toggleWindow: 'Afficher ou masquer le panneau de réponse',
    openHistory: 'Historique…',
    openSettings: 'Réglages…',
    toggleHotkeys: 'Suspendre les raccourcis',
    resumeHotkeys: 'Reprendre les raccourcis',
    copyDiagnostics: 'Copier le diagnostic',
    checkForUpdates: 'Rechercher des mises à jour',
    quit: 'Quitter Glimpse',
  },
};

export type TrayMenuItem =
  | { type: 'separator' }
  | {
      /** One of your own actions (issue 17): runs it as its shortcut does. */
      type: 'user-action';
      actionId: string;
      label: string;
      accelerator?: string;
      enabled: boolean;
    }
  | {
      type: 'action';
      id: AppActionId;
      label: string;
      /** Shown beside the label only (the shortcut itself is registered by the hotkeys). */
      accelerator?: string;
      enabled: boolean;
    };

export interface TrayMenuState {
  language: string;
  /** What is registered now, per hotkey action. */
  active: Partial<Record<HotkeyAction, string>>;
  hotkeysPaused: boolean;
  /** False in development builds, which never check for updates. */
  updatesAvailable: boolean;
  /** Your own actions, in order (listed after the capture items); absent: none listed. */
  actions?: readonly { id: string; name: string }[];
  /** What is registered now per action id (`action:<id>` keys of the hotkey status). */
  actionHotkeys?: Readonly<Record<string, string>>;
}

/** At most this many actions in the tray menu (the rest are in the panel and Settings). */
export const TRAY_ACTIONS_MAX = 12;

/** The groups of the tray menu, top to bottom; a separator between groups. */
const MENU_GROUPS: readonly (readonly AppActionId[])[] = [
  ['captureRegion', 'captureScreen'],
  ['toggleWindow', 'openHistory', 'openSettings'],
  ['toggleHotkeys'],
  ['copyDiagnostics', 'checkForUpdates'],
  ['quit'],
];

export function actionLabel(id: AppActionId | 'resumeHotkeys', language: string): string {
  return LABELS[language === 'fr' ? 'fr' : 'en'][id];
}

/** The tray menu as data: every item is one of the app's actions. */
export function trayMenuModel(state: TrayMenuState): TrayMenuItem[] {
  const items: TrayMenuItem[] = [];
  for (const group of MENU_GROUPS) {
    if (items.length > 0) items.push({ type: 'separator' });
    for (const id of group) {
      const label =
        id === 'toggleHotkeys' && state.hotkeysPaused
          ? actionLabel('resumeHotkeys', state.language)
          : actionLabel(id, state.language);
      const hotkey = (HOTKEY_ACTION_IDS as readonly string[]).includes(id)
        ? state.active[id as HotkeyAction]
        : undefined;
      items.push({
        type: 'action',
        id,
        label,
        // A paused shortcut does nothing: do not advertise it.
        ...(hotkey && !state.hotkeysPaused ? { accelerator: hotkey } : {}),
        enabled: id !== 'checkForUpdates' || state.updatesAvailable,
      });
    }
    // Your own actions follow the capture items, as one group of their own.
    if (group.includes('captureScreen') && state.actions && state.actions.length > 0) {
      items.push({ type: 'separator' });
      for (const action of state.actions.slice(0, TRAY_ACTIONS_MAX)) {
        const hotkey = state.actionHotkeys?.[action.id];
        items.push({
          type: 'user-action',
          actionId: action.id,
          label: shownActionName(action, state.language),
          ...(hotkey && !state.hotkeysPaused ? { accelerator: hotkey } : {}),
          enabled: true,
        });
      }
    }
  }
  return items;
}

/** What running your own actions needs (electron/core/app/action-runs.ts builds it). */
export interface UserActionPorts {
  /** The action by id or name (case-insensitive), as `--action NAME` names it. */
  find(nameOrId: string): { id: string; name: string; capture: ActionCapture } | undefined;
  /** What its capture carries to the panel (the question, ask at once, a profile fallback notice). */
  describe(id: string): CaptureAction;
  /** The next capture is this action's (undefined: a plain capture). */
  arm(action: CaptureAction | undefined): void;
  /** The display under the pointer, announced. */
  captureScreen(): Promise<unknown>;
  /** The clipboard's image, announced; throws a clear message when it holds none. */
  captureClipboard(): Promise<unknown>;
}

/** What the actions need from the app (Electron in main, stand-ins in web mode and tests). */
export interface AppActionPorts {
  /** Freezes the displays and opens the overlays; throws what the user should read. */
  captureRegion(): Promise<unknown>;
  /** The display under the pointer, sent at once; throws what the user should read. */
  captureScreen(): Promise<unknown>;
  /** Shows (and focuses) the answer panel. */
  showAnswer(): void;
  toggleAnswer(): void;
  /** Opens (or focuses) the main window on a renderer route; false where there are no windows. */
  openWindow(route: string): boolean;
  hotkeys: { paused(): boolean; pause(): void; resume(): void };
  copyDiagnostics(): Promise<unknown>;
  checkForUpdates(): Promise<unknown>;
  quit(): void;
  events: EventSink;
  log(line: string): void;
  /** Your own actions; absent: none can run (older wiring, tests). */
  userActions?: UserActionPorts;
}

export interface ActionOptions {
  /** openHistory: the conversation to show. */
  conversationId?: string;
}

const CONVERSATION_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The route of the main window for a history conversation (or the list). */
export function historyRoute(conversationId?: string): string {
  if (conversationId === undefined) return 'history';
  if (!CONVERSATION_ID.test(conversationId)) throw new Error('not a conversation id');
  return `history?conversation=${conversationId}`;
}

export class AppActions {
  constructor(private readonly ports: AppActionPorts) {}

  /** Runs one action. Capture failures become a `capture:failed` event and show the panel; never throws. */
  async run(id: AppActionId, options: ActionOptions = {}): Promise<{ opened?: boolean }> {
    const p = this.ports;
    switch (id) {
      case 'captureRegion':
        p.userActions?.arm(undefined);
        await this.#capture(() => p.captureRegion(), false);
        return {};
      case 'captureScreen':
        p.userActions?.arm(undefined);
        await this.#capture(() => p.captureScreen(), true);
        return {};
      case 'toggleWindow':
        p.toggleAnswer();
        return {};
      case 'openHistory':
        return { opened: p.openWindow(historyRoute(options.conversationId)) };
      case 'openSettings':
        return { opened: p.openWindow('settings') };
      case 'toggleHotkeys':
        if (p.hotkeys.paused()) p.hotkeys.resume();
        else p.hotkeys.pause();
        return {};
      case 'copyDiagnostics':
        await this.#quietly('copy diagnostics', () => p.copyDiagnostics());
        return {};
      case 'checkForUpdates':
        await this.#quietly('update check', () => p.checkForUpdates());
        return {};
      case 'quit':
        p.quit();
        return {};
    }
  }

  /**
   * Runs one of your own actions (its shortcut, the tray, `glimpse --action`, `actions:run`), by
   * id or name: its capture, carrying the action to the panel, which asks its question at once
   * or shows it ready. An unknown action throws, naming it; a capture failure becomes
   * `capture:failed` and shows the panel, as for the capture shortcuts.
   */
  async runAction(nameOrId: string): Promise<{ started: boolean }> {
    const p = this.ports;
    if (!p.userActions)
      throw new UserFacingError('Actions cannot be run here.', 'unsupported', { code: 'action.unavailable' });
    const found = p.userActions.find(nameOrId);
    if (!found)
      throw new UserFacingError(`There is no action “${nameOrId}”.`, 'not-found', {
        code: 'action.unknown',
        fields: { action: nameOrId },
      });
    const user = p.userActions;
    const described = user.describe(found.id);
    if (described.notice) p.log(`action ${found.id}: ${described.notice.message}`);
    let ok = true;
    const capture = async (): Promise<unknown> => {
      user.arm(described);
      try {
        switch (found.capture) {
          case 'region':
            return await p.captureRegion();
          case 'screen':
            return await user.captureScreen();
          case 'clipboard':
            return await user.captureClipboard();
        }
      } catch (error) {
        // A capture that never came must not hand the action to the next one.
        user.arm(undefined);
        ok = false;
        throw error;
      }
    };
    // A failure carries the action: the panel keeps it for the next image the user gives.
    await this.#capture(capture, found.capture !== 'region', described);
    return { started: ok };
  }

  /** The handlers HotkeyManager registers: the same actions, nothing else. */
  hotkeyHandlers(): HotkeyHandlers {
    const handlers = {} as Record<HotkeyAction, () => void>;
    for (const id of HOTKEY_ACTION_IDS) handlers[id] = () => void this.run(id);
    return {
      ...handlers,
      userAction: (id: string) => {
        void this.runAction(id).catch((error: unknown) => this.ports.log(`action ${id}: ${String(error)}`));
      },
    };
  }

  async #capture(capture: () => Promise<unknown>, showAfter: boolean, action?: CaptureAction): Promise<void> {
    const p = this.ports;
    try {
      await capture();
      if (showAfter) p.showAnswer();
    } catch (error) {
      p.log(`capture failed: ${String(error)}`);
      p.events.emit('capture:failed', {
        message: userMessage(error, 'Could not capture the screen'),
        kind: errorKindOf(error),
        // The page words it in its language from these (renderer/src/lib/messages.ts).
        // An error of ours without a code keeps its English words; anything else is the plain line.
        ...(!(error instanceof UserFacingError)
          ? { code: 'capture.unexpected' }
          : error.code !== undefined
            ? { code: error.code, ...(error.fields ? { fields: error.fields } : {}) }
            : {}),
        ...(action ? { action } : {}),
      });
      p.showAnswer();
    }
  }

  async #quietly(what: string, task: () => Promise<unknown>): Promise<void> {
    try {
      await task();
    } catch (error) {
      this.ports.log(`${what} failed: ${String(error)}`);
    }
  }
}
