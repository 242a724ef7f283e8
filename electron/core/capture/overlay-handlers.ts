/**
 * The overlay's part of the IPC handler table (spread into it by electron/core/app/handlers.ts).
 */
import { UserFacingError, type HandlerTable } from '../ipc/dispatch';
import type { FrozenDisplay, OverlaySession } from './overlay-session';

export type OverlayHandlers = Pick<
  HandlerTable,
  'capture:region' | 'overlay:frame' | 'overlay:submit' | 'overlay:cancel' | 'overlay:selection'
>;

export function overlayHandlers(deps: {
  session: OverlaySession;
  /** Freezes every display (desktopCapturer in the app, a fixture in web mode); undefined: no desktop. */
  captureDisplays?: (() => Promise<FrozenDisplay[]>) | undefined;
}): OverlayHandlers {
  const { session, captureDisplays } = deps;
  return {
    'capture:region': async () => {
      if (!captureDisplays) {
        throw new UserFacingError(
          'Region capture is not available here: drop, paste or pick an image instead.',
          'unsupported',
          { code: 'capture.regionUnavailable' },
        );
      }
      return { displays: session.begin(await captureDisplays()) };
    },
    'overlay:frame': ({ displayId }) => session.frame(displayId),
    'overlay:submit': (selection) => session.submit(selection),
    'overlay:cancel': () => Promise.resolve({ closed: session.cancel() }),
    // Without the privacy shield, nothing reads the selection before the send.
    'overlay:selection': () => Promise.resolve({ reading: false }),
  };
}
