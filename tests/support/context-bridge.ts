/**
 * A stand-in for what contextBridge does to a value passed from the preload's world to the page's
 * (shell/renderer/api/electron_api_context_bridge.cc, PassValueToOtherContext):
 * - functions are proxied: calling one calls the original, its arguments crossing back the other
 *   way and its result crossing again;
 * - promises are proxied: they settle with the crossed value or the crossed rejection reason;
 * - a native Error becomes `new Error(message)` in the other world: its class, its name and any
 *   custom property (`kind`) are lost ("any custom properties on the Error object will be lost",
 *   docs/api/context-bridge.md); so is an error thrown by a proxied function;
 * - arrays and plain objects are copied member by member, prototypes dropped (a class instance
 *   arrives as a plain object); other cloneable values (typed arrays…) are structured-cloned;
 *   symbols are dropped.
 */
export function crossBridge(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'symbol') return undefined;
  if (typeof value !== 'object' && typeof value !== 'function') return value;
  if (typeof value === 'function') {
    const original = value as (...args: unknown[]) => unknown;
    return (...args: unknown[]): unknown => {
      let result: unknown;
      try {
        result = original(...args.map(crossBridge));
      } catch (error) {
        throw crossBridge(error);
      }
      return crossBridge(result);
    };
  }
  if (value instanceof Promise) {
    return new Promise((resolve, reject) => {
      value.then(
        (settled: unknown) => resolve(crossBridge(settled)),
        // As Electron does: the reason is copied like any value, so it may not be an Error.
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        (reason: unknown) => reject(crossBridge(reason)),
      );
    });
  }
  if (value instanceof Error) return new Error(value.message);
  if (Array.isArray(value)) return value.map(crossBridge);
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof Date)
    return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (typeof member !== 'symbol') copy[key] = crossBridge(member);
  }
  return copy;
}
