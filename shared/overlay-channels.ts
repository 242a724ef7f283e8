/**
 * The region overlay's IPC channels (issue 4), joined into the contract by shared/ipc-contract.ts.
 * Every geometry value is in the display-local DIP of the overlay that sends it: the overlay
 * window covers exactly its display, so its CSS pixels are that display's DIP. Main turns them
 * into physical pixels of the frozen capture (electron/core/capture/geometry.ts).
 */
import { z } from 'zod';
import type { CaptureInfo } from './ipc-contract';

/** Finite, and within any real desktop. */
const dipNumber = z.number().finite().min(-100_000).max(100_000);
const dipRectSchema = z.object({ x: dipNumber, y: dipNumber, width: dipNumber, height: dipNumber }).strict();
/**
 * Electron's Display.id: an int64 handed to JS as a double, so above 2^53 on X11 monitors whose id
 * comes from the EDID (e.g. 13702250537190212, electron#41755). An opaque key, compared as the
 * double it is: any integer-valued finite number (never `.int()`, which zod 4 limits to safe ones).
 */
const displayIdSchema = z.number().refine(Number.isInteger, { message: 'not a display id' });

export const MAX_REDACTIONS = 200;

export const overlayInvokeSchemas = {
  /** The same action as the region hotkey: freeze every display and show the overlays. */
  'capture:region': z.undefined(),
  /** An overlay asks for its display's frozen image (and the boxes proposed over it). */
  'overlay:frame': z.object({ displayId: displayIdSchema }).strict(),
  /** The selection and the redaction boxes, in the DIP of the overlay that sends them. */
  'overlay:submit': z
    .object({
      displayId: displayIdSchema,
      rect: dipRectSchema,
      redactions: z.array(dipRectSchema).max(MAX_REDACTIONS),
    })
    .strict(),
  /** Esc: every overlay closes at once. */
  'overlay:cancel': z.undefined(),
  /** A drag (or a window click) ended on this selection: the privacy shield reads it first. */
  'overlay:selection': z.object({ displayId: displayIdSchema, rect: dipRectSchema }).strict(),
} as const;

export interface OverlayRectDip {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * A box the privacy shield proposes over something that looks secret (issue 7 fills these in).
 * The overlay shows it; the user keeps it (it is then sent as a redaction) or dismisses it.
 */
export interface ProposedRedaction {
  id: string;
  rect: OverlayRectDip;
  /** What it covers, for the user: "API key", "e-mail address"… */
  label: string;
}

/** What one overlay shows: its display's frozen image, and what a click may snap to. */
export interface OverlayFrame {
  displayId: number;
  /** The display's size in DIP: the overlay's own coordinate space. */
  width: number;
  height: number;
  scaleFactor: number;
  /** The frozen capture's physical size. */
  physicalWidth: number;
  physicalHeight: number;
  /** The frozen capture, lossless (data: URI). */
  imageUrl: string;
  /** Windows a click selects, topmost first, display-local DIP (empty where the platform gives no bounds). */
  windows: OverlayRectDip[];
  proposals: ProposedRedaction[];
}

export interface OverlayInvokeResults {
  'capture:region': { displays: number };
  'overlay:frame': OverlayFrame;
  'overlay:submit': CaptureInfo;
  'overlay:cancel': { closed: boolean };
  /** Whether the shield is reading it (false when the shield is off). */
  'overlay:selection': { reading: boolean };
}

export interface OverlayEventPayloads {
  /** Every overlay closes: the selection was sent, or Esc was pressed on one of them. */
  'overlay:closed': { reason: 'submitted' | 'cancelled' };
  /** The privacy shield found more to propose on a display while its overlay is open. */
  'overlay:proposals': { displayId: number; proposals: ProposedRedaction[] };
}
