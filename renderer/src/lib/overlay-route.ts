/**
 * The display an overlay window shows, from its route `overlay?display=<id>`. The id is Electron's
 * Display.id: Chromium's int64 as a double, above 2^53 on X11 monitors whose id comes from the
 * EDID (electron#41755). Main prints it with String(), the shortest form that reads back to the
 * same double, so Number() gives back exactly the key main holds. Never parseInt (stops at an
 * exponent) or BigInt (not the double main compares with).
 */
export function overlayDisplayId(route: string): number {
  const raw = new URLSearchParams(route.split('?')[1] ?? '').get('display');
  // No id at all: NaN, which main refuses with a clear error instead of taking display 0.
  return raw === null || raw.trim() === '' ? Number.NaN : Number(raw);
}
