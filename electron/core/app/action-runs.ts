/**
 * Running your own actions (issue 17): the ports AppActions uses, built from the settings, the
 * capture store and the capture paths. The app and web mode give the same services they give
 * the handler table.
 */
import type { CaptureAction } from '../../../shared/action-channels';
import { findAction } from '../../../shared/actions';
import { resolveAction } from '../settings/actions';
import type { SettingsService } from '../settings/settings';
import type { UserActionPorts } from './actions';
import type { CaptureStore } from './captures';
import { actionCaptures, type AppServices } from './handlers';

export type ActionRunServices = Pick<
  AppServices,
  'captures' | 'events' | 'captureShield' | 'captureScreen' | 'readClipboardImage'
> & { settings: Pick<SettingsService, 'current'>; captures: CaptureStore };

/** What the panel is told about one run of `action` (its question, whether to ask, a fallback). */
export function describeAction(settings: SettingsService['current'], id: string): CaptureAction {
  const action = settings.actions.find((a) => a.id === id);
  if (!action) throw new Error(`no action ${id}`);
  const { fallback } = resolveAction(settings, action);
  return {
    id: action.id,
    name: action.name,
    question: { ...action.question },
    askAtOnce: action.askAtOnce,
    engine: action.engine,
    ...(fallback
      ? { notice: { code: fallback.code, fields: { ...fallback.fields }, message: fallback.message } }
      : {}),
  };
}

export function userActionPorts(services: ActionRunServices): UserActionPorts {
  const capture = actionCaptures(services);
  return {
    find: (nameOrId) => {
      const action = findAction(services.settings.current.actions, nameOrId);
      return action && { id: action.id, name: action.name, capture: action.capture };
    },
    describe: (id) => describeAction(services.settings.current, id),
    arm: (action) => services.captures.armAction(action),
    captureScreen: () => capture.screen(),
    captureClipboard: () => capture.clipboard(),
  };
}

/** The part of Electron's clipboard (W3C-style `read()`, Electron ≥ 45) an action reads. */
export interface ClipboardReader {
  read(): Promise<readonly { types: readonly string[]; getType(type: string): Promise<unknown> }[]>;
}

/** Image types the pipeline reads, in order of preference. */
const CLIPBOARD_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;

/**
 * The first image on the clipboard as encoded bytes, or undefined when it holds none (text only,
 * empty). Electron's clipboard.read() gives ClipboardItems whose getType resolves to a Blob.
 */
export async function readClipboardImage(clipboard: ClipboardReader): Promise<Uint8Array | undefined> {
  for (const item of await clipboard.read()) {
    const type = CLIPBOARD_IMAGE_TYPES.find((t) => item.types.includes(t));
    if (type === undefined) continue;
    const payload = await item.getType(type);
    if (payload instanceof Blob) {
      const bytes = new Uint8Array(await payload.arrayBuffer());
      if (bytes.byteLength > 0) return bytes;
    }
  }
  return undefined;
}
