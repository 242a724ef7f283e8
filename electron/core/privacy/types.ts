/**
 * Shapes shared by the privacy shield: what OCR gives (words and lines with pixel boxes) and
 * what the detectors propose (a category and a box, never the text they matched).
 */

/**
 * The categories users switch on and off: settings `privacy.categories` (shared/settings-schema.ts
 * defines them, once, for settings, renderer and core) and the CLI's `--redact a,b`.
 */
import { PRIVACY_CATEGORIES, type PrivacyCategory } from '../../../shared/settings-schema';

export { PRIVACY_CATEGORIES, type PrivacyCategory };

/** Parses `keys,emails,…` (or `all`); throws a RangeError naming the unknown ones. */
export function parseCategories(list: string): PrivacyCategory[] {
  const names = list
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  if (names.length === 0 || names.includes('all')) return [...PRIVACY_CATEGORIES];
  const unknown = names.filter((n) => !(PRIVACY_CATEGORIES as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw new RangeError(
      `unknown categor${unknown.length > 1 ? 'ies' : 'y'} ${unknown.join(', ')} (known: ${PRIVACY_CATEGORIES.join(', ')})`,
    );
  }
  return names as PrivacyCategory[];
}

export function isPrivacyCategory(value: string): value is PrivacyCategory {
  return (PRIVACY_CATEGORIES as readonly string[]).includes(value);
}

/** A rectangle in physical pixels of the scanned image (same shape as the image pipeline's `Rect`). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface OcrWord {
  text: string;
  box: Box;
  /** 0–100, as Tesseract reports it. */
  confidence: number;
  /** One box per character of `text` when OCR gave exactly that many; lets a match cover part of a word. */
  chars?: Box[];
}

export interface OcrLine {
  words: OcrWord[];
  box: Box;
}

export interface OcrPage {
  width: number;
  height: number;
  lines: OcrLine[];
}

/** One proposed redaction. Deliberately holds no text: proposals cross IPC, reach logs and stderr. */
export interface Detection {
  category: PrivacyCategory;
  /** Which detector matched, e.g. `github-token`, `luhn-card`; for display and tests. */
  kind: string;
  /** Covers the matched characters, before padding. */
  box: Box;
}
