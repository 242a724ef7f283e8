/**
 * macOS Dock icon: which call, if any, brings it to the state wanted. app.dock.show() and hide()
 * each transform the process type, and the icon flickers at every call; the main process
 * re-decides the icon at every window show and hide, so only a change may reach Electron.
 */
export class DockIconState {
  /** As last set by us; undefined until the first decision (with LSUIElement the app starts without). */
  #shown: boolean | undefined;

  /** The call that makes the icon `wanted` ('show' | 'hide'), or null when it already is. */
  next(wanted: boolean): 'show' | 'hide' | null {
    if (this.#shown === wanted) return null;
    this.#shown = wanted;
    return wanted ? 'show' : 'hide';
  }
}
