/**
 * Which senders main accepts IPC from: the top frame of one of the app's own windows, showing
 * one of our own pages. A web page that somehow loaded into a window, or any iframe, gets nothing.
 */
import { isTrustedSender } from '../security/urls';
import type { AppWindowKind } from '../security/window-registry';

export interface IpcSender {
  /** webContents id of the sender. */
  webContentsId: number;
  /** URL of the frame that sent the message; undefined once the frame is gone. */
  frameUrl: string | undefined;
  /** Whether the message came from the window's top-level frame. */
  isMainFrame: boolean;
}

export function createSenderGuard(options: {
  isAppWebContents: (id: number) => boolean;
  allowedOrigins: readonly string[];
}): (sender: IpcSender) => boolean {
  return (sender) =>
    sender.isMainFrame &&
    options.isAppWebContents(sender.webContentsId) &&
    isTrustedSender(sender.frameUrl, options.allowedOrigins);
}

/**
 * Channels only one kind of window may call. The overlay's frozen frames are lossless images of
 * every display: the answer window, which renders what a model writes, never gets them.
 */
const ONLY_FROM: Readonly<Record<string, AppWindowKind>> = {
  'overlay:frame': 'overlay',
  'overlay:submit': 'overlay',
  'overlay:cancel': 'overlay',
  'overlay:selection': 'overlay',
};

export function channelAllowedFor(kind: AppWindowKind | undefined, channel: unknown): boolean {
  if (typeof channel !== 'string' || !Object.hasOwn(ONLY_FROM, channel)) return true;
  return ONLY_FROM[channel] === kind;
}
