/**
 * The privacy shield's IPC channels (issue 7), joined into the contract by shared/ipc-contract.ts.
 * The shield's proposals reach the overlay on its own channels (overlay:frame, overlay:proposals).
 */
import { z } from 'zod';

export const privacyInvokeSchemas = {
  /** "Extract text": OCR of a capture on this machine; no endpoint is called. */
  'privacy:extract-text': z.object({ captureId: z.string().min(1).max(64) }).strict(),
} as const;

export interface PrivacyInvokeResults {
  /** The text with its layout kept as lines (one per line read). */
  'privacy:extract-text': { text: string };
}
