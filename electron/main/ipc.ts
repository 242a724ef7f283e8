/**
 * Serves the handler table over Electron IPC. Every message is checked here: the sender must be
 * one of our windows showing one of our pages, and the payload must parse (in dispatch).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { ipcMain, webContents as allWebContents, type IpcMainInvokeEvent } from 'electron';
import {
  eventChannels,
  IPC_INVOKE_CHANNEL,
  type EventChannel,
  type EventPayloads,
} from '../../shared/ipc-contract';
import { dispatch, type EventSink, type HandlerTable } from '../core/ipc/dispatch';
import { channelAllowedFor, createSenderGuard } from '../core/ipc/sender-guard';
import { isAppWebContents, windowKindOf } from './windows';

/** The webContents whose request is being handled, for the handler's whole run (async included). */
const invoking = new AsyncLocalStorage<number>();

/** The id of the webContents that sent the request being handled; undefined outside a handler. */
export function invokingWebContentsId(): number | undefined {
  return invoking.getStore();
}

export function serveIpc(
  table: HandlerTable,
  allowedOrigins: readonly string[],
  log: (line: string) => void,
): void {
  const isTrusted = createSenderGuard({ isAppWebContents, allowedOrigins });
  // Security: one channel name, validated sender, validated payload — nothing else is handled.
  ipcMain.handle(IPC_INVOKE_CHANNEL, (event: IpcMainInvokeEvent, channel: unknown, payload: unknown) => {
    const frame = event.senderFrame;
    const sender = {
      webContentsId: event.sender.id,
      frameUrl: frame?.url,
      isMainFrame: frame?.parent === null,
    };
    if (!isTrusted(sender)) {
      log(`ipc: refused a message from an untrusted sender (${String(channel)})`);
      return {
        ok: false,
        error: {
          message: 'Glimpse refused this request: it did not come from one of its windows.',
          kind: 'untrusted-sender',
          code: 'ipc.untrusted',
        },
      };
    }
    if (!channelAllowedFor(windowKindOf(sender.webContentsId), channel)) {
      log(`ipc: refused ${String(channel)} from a window that has no use for it`);
      return {
        ok: false,
        error: {
          message: 'Glimpse refused this request: this window cannot make it.',
          kind: 'wrong-window',
          code: 'ipc.wrongWindow',
        },
      };
    }
    return invoking.run(sender.webContentsId, () =>
      dispatch(table, channel, payload, (name, error) => log(`ipc: ${name} failed: ${String(error)}`)),
    );
  });
}

/** Sends events to every app window; each renderer keeps only what belongs to its requests. */
export const windowEvents: EventSink = {
  emit<C extends EventChannel>(channel: C, payload: EventPayloads[C]) {
    if (!(eventChannels as readonly string[]).includes(channel)) return;
    for (const contents of allWebContents.getAllWebContents()) {
      if (isAppWebContents(contents.id) && !contents.isDestroyed()) contents.send(channel, payload);
    }
  },
};
