/**
 * The app-life IPC channels (tray actions, shortcuts' state, OS explanations, diagnostics), joined
 * into the contract by shared/ipc-contract.ts. Handlers: electron/core/app/life-handlers.ts.
 */
import { z } from 'zod';

/** Renderer-side copy of the actions the page may run (electron/core/app/actions.ts RENDERER_ACTION_IDS). */
export const rendererActions = [
  'openHistory',
  'openSettings',
  'toggleHotkeys',
  'checkForUpdates',
  'quit',
] as const;
export type RendererAction = (typeof rendererActions)[number];

export const appInvokeSchemas = {
  /** One of the app's actions, the same ones the tray and the shortcuts run. */
  'app:action': z
    .object({
      action: z.enum(rendererActions),
      /** openHistory: show this conversation. */
      conversationId: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,64}$/)
        .optional(),
    })
    .strict(),
  /** Opens the macOS Screen Recording settings pane: a fixed URL, nothing else. */
  'app:open-system-settings': z.undefined(),
  /** The shortcuts as registered now, with their problems (conflicts named). */
  'hotkeys:state': z.undefined(),
  /** The settings page records a new shortcut: ours are suspended meanwhile (the keys go to the page). */
  'hotkeys:recording': z.object({ recording: z.boolean() }).strict(),
  /** Builds the redacted diagnostics report and puts it on the clipboard. */
  'diagnostics:copy': z.undefined(),
  /** What Settings → About shows: the version, the runtime's versions, the data folder. */
  'app:about': z.undefined(),
} as const;

/** Who keeps a well-known shortcut for itself; each side words it in its own language. */
export type ShortcutOwner =
  | 'mac-screenshot-screen'
  | 'mac-screenshot-selection'
  | 'mac-screenshot-app'
  | 'mac-spotlight'
  | 'windows-snipping-tool'
  | 'linux-screenshot-tool';

/** A shortcut's owner in the hotkey manager: a built-in one, or `action:<id>` (your own actions). */
export type HotkeyTarget = 'captureRegion' | 'captureScreen' | 'toggleWindow' | `action:${string}`;

export interface HotkeyProblemInfo {
  action: HotkeyTarget;
  accelerator: string;
  kind: 'invalid' | 'duplicate' | 'refused';
  /** One sentence naming the conflict, in English (the page words it from the fields below). */
  message: string;
  /** invalid: what is wrong with it (English). */
  reason?: string;
  /** invalid: the code and fields the page words the reason from (accelerator.* codes). */
  reasonCode?: string;
  reasonFields?: Record<string, string>;
  /** duplicate: our action that already has it. */
  takenBy?: HotkeyTarget;
  /** Your own actions' names (`action:<id>` targets), for the page to word the problem. */
  actionName?: string;
  takenByName?: string;
  /** refused: who keeps it, when the desktop is known to (electron/core/capture/hotkeys.ts). */
  owner?: ShortcutOwner;
  /** refused: the previous shortcut, registered again. */
  kept?: string;
}

export interface HotkeyStatusInfo {
  paused: boolean;
  active: Partial<Record<HotkeyProblemInfo['action'], string>>;
  problems: HotkeyProblemInfo[];
  /** Wayland session: global shortcuts may not reach Glimpse (see the `glimpse --capture` workaround). */
  wayland: boolean;
}

export interface AppInvokeResults {
  /** `opened`: a window was opened or focused (false where there are no windows, e.g. web mode). */
  'app:action': { opened?: boolean };
  'app:open-system-settings': { opened: boolean };
  'hotkeys:state': HotkeyStatusInfo;
  'hotkeys:recording': HotkeyStatusInfo;
  /** `chars`: length of the report put on the clipboard. */
  'diagnostics:copy': { written: boolean; chars: number };
  'app:about': AboutInfo;
}

/** Settings → About. `runtime` only in the app (web mode runs in any browser, on any Node). */
export interface AboutInfo {
  /** package.json's version (app.getVersion() in the app). */
  version: string;
  runtime?: { electron: string; chrome: string; node: string };
  /** Where settings, history and logs are kept (the user-data folder, or GLIMPSE_DATA_DIR). */
  dataDir: string;
}

export interface AppEventPayloads {
  'hotkeys:changed': HotkeyStatusInfo;
}
