/**
 * Which windows are Glimpse's own. The IPC sender check asks it whether a message comes from
 * one of them; anything else (a devtools window, a webContents we did not create) is refused.
 */

export type AppWindowKind = 'answer' | 'main' | 'overlay';

interface Entry {
  webContentsId: number;
  kind: AppWindowKind;
}

export class AppWindowRegistry {
  readonly #byWindowId = new Map<number, Entry>();

  add(windowId: number, webContentsId: number, kind: AppWindowKind): void {
    this.#byWindowId.set(windowId, { webContentsId, kind });
  }

  /** Forget a window (on 'closed'); its webContents id is no longer trusted from then on. */
  remove(windowId: number): void {
    this.#byWindowId.delete(windowId);
  }

  /** A copy: callers cannot add themselves to the trusted set. */
  windowIds(kind?: AppWindowKind): Set<number> {
    const ids = new Set<number>();
    for (const [id, entry] of this.#byWindowId) if (kind === undefined || entry.kind === kind) ids.add(id);
    return ids;
  }

  /** The kind of window a webContents belongs to, or undefined when it is not one of ours. */
  kindOfWebContents(webContentsId: number): AppWindowKind | undefined {
    for (const entry of this.#byWindowId.values())
      if (entry.webContentsId === webContentsId) return entry.kind;
    return undefined;
  }

  hasWebContents(webContentsId: number): boolean {
    for (const entry of this.#byWindowId.values()) if (entry.webContentsId === webContentsId) return true;
    return false;
  }
}
