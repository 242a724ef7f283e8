/**
 * The privacy shield's IPC channels (issue 7), joined into the contract by shared/ipc-contract.ts.
 * The shield's proposals reach the overlay on its own channels (overlay:frame, overlay:proposals);
 * captures that skip the overlay (whole-screen hotkey, dropped/pasted/picked images) are scanned
 * when they arrive and their proposals reach the answer panel on `privacy:scan`.
 */
import { z } from 'zod';
import type { CaptureInfo } from './ipc-contract';

/** Most boxes one capture may carry (proposals kept plus the user's own). */
export const MAX_REDACTION_BOXES = 200;

const pixelRect = z
  .object({
    x: z.number().finite().min(0).max(65_536),
    y: z.number().finite().min(0).max(65_536),
    width: z.number().finite().positive().max(65_536),
    height: z.number().finite().positive().max(65_536),
  })
  .strict();

export const privacyInvokeSchemas = {
  /** "Extract text": OCR of a capture on this machine; no endpoint is called. */
  'privacy:extract-text': z.object({ captureId: z.string().min(1).max(64) }).strict(),
  /**
   * Re-prepares a capture from its full-resolution source with these boxes burned in (physical
   * pixels of the source; an empty list sends it as captured). `reviewed`: the ids of proposals
   * the user kept or dismissed — the others still hold the send back.
   */
  'capture:redact': z
    .object({
      captureId: z.string().min(1).max(64),
      boxes: z.array(pixelRect).max(MAX_REDACTION_BOXES),
      reviewed: z.array(z.string().min(1).max(128)).max(MAX_REDACTION_BOXES).optional(),
    })
    .strict(),
} as const;

export interface PrivacyInvokeResults {
  /** The text with its layout kept as lines (one per line read). */
  'privacy:extract-text': { text: string };
  /** The capture as it will now be sent (same id, new size and preview). */
  'capture:redact': CaptureInfo;
}

/** A box the shield proposes over a capture, in physical pixels of its full-resolution source. */
export interface CaptureProposal {
  id: string;
  rect: { x: number; y: number; width: number; height: number };
  /** What was found ("API key or token"); never the text itself. */
  label: string;
  category: string;
}

/** Where a capture's scan stands. */
export type CaptureScanState = 'scanning' | 'done' | 'failed' | 'timeout';

export interface PrivacyEventPayloads {
  /** The scan of a capture that skipped the overlay: its state and every proposal so far. */
  'privacy:scan': {
    captureId: string;
    state: CaptureScanState;
    /** The source's size: proposals are placed over the preview in these units. */
    sourceWidth: number;
    sourceHeight: number;
    proposals: CaptureProposal[];
    /** How long the scan took (ms), once it ended ('done' or 'failed'); the panel shows it. */
    scanMs?: number;
  };
  /**
   * The shield burned boxes in by itself (an auto-asked capture: every box found is applied
   * before sending). `capture` is what is sent; `applied` the ids of the proposals burned in.
   */
  'privacy:applied': { capture: CaptureInfo; applied: string[] };
}
