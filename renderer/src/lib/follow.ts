/**
 * A value main owns, followed: read once, then kept up to date by its change events. A reply to
 * the first read that arrives after a change event is older than that event, and is dropped
 * (otherwise a page that loads while the value changes could keep showing the old one).
 */
export function follow<T>(
  read: () => Promise<T>,
  onChange: (listener: (value: T) => void) => () => void,
  apply: (value: T) => void,
  /** The first read failed (default: nothing; the change events still come). */
  onReadError: (error: unknown) => void = () => {},
): () => void {
  let changed = false;
  read().then((value) => {
    if (!changed) apply(value);
  }, onReadError);
  return onChange((value) => {
    changed = true;
    apply(value);
  });
}
