/** A 16×16 tray icon (generated), inlined so the tray needs no file lookup. */
export const TRAY_ICON_DATA_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAASklEQVR42mPQ0NBgoATjkviPAxNlwH8CGK8B/4nEWA34TyJGMYAY/2JVg0uS2MAlaAAuPv0MINsLJAcixdFIlYRElaRMlcxEEgYAWjr3gXhF/n0AAAAASUVORK5CYII=';
