// Today's (before issue 15) privacy shield, kept unchanged as the baseline of bench/privacy.ts.
/**
 * The privacy shield's entry points: scan a capture for secrets (→ proposed redaction boxes),
 * and extract its text. Both run OCR off the main thread and can be cancelled.
 */
import type { RawImage, Rect } from '../../electron/core/image/pipeline';
import { detect, padBox } from '../../electron/core/privacy/detectors';
import { pageText, type OcrEngine } from './ocr';

/** What the scans need of the engine (tests may drive the timing with their own). */
export type OcrReader = Pick<OcrEngine, 'recognize'>;
import type { Box, OcrPage, PrivacyCategory } from '../../electron/core/privacy/types';
import { PRIVACY_CATEGORIES } from '../../electron/core/privacy/types';

/** A box the user can keep or dismiss. Carries the category, never the text found. */
export interface RedactionProposal {
  id: string;
  category: PrivacyCategory;
  kind: string;
  /** Padded to cover the glyphs fully; in physical pixels of the scanned image. */
  box: Box;
}

export interface ScanResult {
  proposals: RedactionProposal[];
  width: number;
  height: number;
}

export interface ScanOptions {
  categories?: readonly PrivacyCategory[];
  signal?: AbortSignal;
  /** Scan only this part (e.g. the selected region); boxes stay in whole-image coordinates. */
  region?: Rect;
  /** Upscaling for OCR (see RecognizeOptions.scale): 2 for 1× captures, 1 for HiDPI ones. */
  scale?: number | 'auto';
}

/** Proposals from an OCR'd page: every detection of the enabled categories, padded. Pure. */
export function proposalsFor(
  page: OcrPage,
  categories: readonly PrivacyCategory[] = PRIVACY_CATEGORIES,
): RedactionProposal[] {
  return detect(page, categories).map((d, i) => ({
    id: `${d.category}-${i + 1}`,
    category: d.category,
    kind: d.kind,
    box: padBox(d.box, page.width, page.height),
  }));
}

export async function scanImage(
  engine: OcrReader,
  image: Uint8Array | RawImage,
  options: ScanOptions = {},
): Promise<ScanResult> {
  const page = await engine.recognize(image, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.scale !== undefined ? { scale: options.scale } : {}),
  });
  return {
    proposals: proposalsFor(page, options.categories ?? PRIVACY_CATEGORIES),
    width: page.width,
    height: page.height,
  };
}

/** "Extract text": the text of the image (or region), layout kept as lines. No endpoint involved. */
export async function extractText(
  engine: OcrReader,
  image: Uint8Array | RawImage,
  options: { signal?: AbortSignal; region?: Rect } = {},
): Promise<string> {
  return pageText(await engine.recognize(image, options));
}
