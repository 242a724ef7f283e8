/**
 * The journey users come for, on each desktop: the region hotkey freezes every display and opens
 * one overlay on each (on X11 too, where the display ids are EDID-built and above 2^53), the
 * overlay sends a selection, the request reaches the endpoint with the cropped image, and the
 * answer streams into the answer window.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { boot, waitFor, type Desktop } from './harness';
import {
  answerOf,
  answerPanel,
  ANSWER_TEXT,
  configureEndpoint,
  routeOf,
  selectRegion,
  streamingServer,
} from './pages';
import { PROFILE_NAMES, PROFILES, type ProfileName } from './stand-in/profiles';
import type { MockServer } from '../support/mock-openai-server';

const REGION_HOTKEY = 'CommandOrControl+Shift+E';

let server: MockServer;
let desktop: Desktop | undefined;

beforeAll(async () => {
  server = await streamingServer();
});
afterAll(() => server.close());
afterEach(async () => {
  await desktop?.dispose();
  desktop = undefined;
});

/** The displays each desktop gives the app a capture of: the Wayland portal hands over the one picked. */
function capturedDisplays(name: ProfileName): number[] {
  const profile = PROFILES[name];
  if (name === 'linux-wayland') {
    const picker = profile.portalPicker;
    return typeof picker === 'object' ? [Number(profile.displays[picker.pick]!.id)] : [];
  }
  return profile.displays.map((d) => Number(d.id));
}

describe.each(PROFILE_NAMES)('%s', (name) => {
  it('hotkey → one overlay per display → selection → request → the answer streams into the answer window', async () => {
    // macOS: Screen Recording already granted (the first-ask path has its own test).
    desktop = await boot(name, { profile: { macScreenPermission: 'granted' } });
    const panel = await answerPanel(desktop);
    await configureEndpoint(panel.page, server.baseUrl);
    const requestsBefore = server.requests.length;

    expect(desktop.press(REGION_HOTKEY)).toBe(true);

    const expected = capturedDisplays(name);
    const overlays = await waitFor(() => {
      const open = desktop!.windows('overlay');
      return open.length === expected.length ? open : undefined;
    }, `${expected.length} overlay windows`);
    // Each overlay shows its own display: its route names the id main keeps (Display.id, a double).
    const shown = overlays.map((w) => Number(new URLSearchParams(routeOf(w).split('?')[1]).get('display')));
    expect(shown.sort()).toEqual([...expected].sort());

    // The overlay under the pointer sends the selection.
    const info = await selectRegion(desktop, overlays.at(-1)!);
    expect(info.width).toBeGreaterThan(0);
    // Every overlay closes; the answer window comes forward.
    await waitFor(() => desktop!.windows('overlay').length === 0, 'the overlays to close');
    expect(panel.window.isVisible()).toBe(true);

    // The panel asks; the request carries the image; the deltas reach the answer window.
    expect(await answerOf(panel)).toBe(ANSWER_TEXT);
    const request = server.requests.slice(requestsBefore).find((r) => r.path.endsWith('/chat/completions'));
    expect(JSON.stringify(request?.body)).toContain('data:image/');
    const deltas = panel.window.webContents.sentOn('chat:delta') as { parts: { content?: string }[] }[];
    expect(deltas.flatMap((d) => d.parts.map((p) => p.content ?? '')).join('')).toBe(ANSWER_TEXT);
    // The overlay's frames never went to the answer window (only overlays may ask for them).
    expect(panel.window.webContents.sent.some((m) => m.channel.startsWith('overlay:frame'))).toBe(false);
  });
});

describe('linux-x11: EDID display ids above 2^53', () => {
  it('opens an overlay on both monitors and accepts a selection on the one whose id a double cannot hold', async () => {
    desktop = await boot('linux-x11');
    const ids = desktop.profile.displays.map((d) => d.id);
    expect(ids.every((id) => id > 2n ** 53n)).toBe(true);
    // The Samsung id is odd: as a double it reads back as a different integer.
    expect(BigInt(Number(ids[1]))).not.toBe(ids[1]);
    const panel = await answerPanel(desktop);
    await configureEndpoint(panel.page, server.baseUrl);

    desktop.press(REGION_HOTKEY);
    const overlays = await waitFor(() => {
      const open = desktop!.windows('overlay');
      return open.length === 2 ? open : undefined;
    }, 'an overlay on each monitor');
    const onSamsung = overlays.find((w) => routeOf(w).includes(String(Number(ids[1]))))!;
    expect(onSamsung).toBeDefined();
    // The overlay covers its monitor exactly.
    expect(onSamsung.getBounds()).toEqual(desktop.profile.displays[1]!.bounds);
    const info = await selectRegion(desktop, onSamsung);
    expect(info.captureId).toBeTruthy();
    expect(await answerOf(panel)).toBe(ANSWER_TEXT);
  });
});
