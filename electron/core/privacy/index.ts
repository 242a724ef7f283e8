export { detect, detectInText, padBox, type LineMatch } from './detectors';
export {
  installedLanguageDir,
  OCR_LANGUAGES,
  OcrCancelledError,
  OcrEngine,
  pageText,
  type OcrEngineOptions,
  type OcrLanguage,
  type RecognizeOptions,
} from './ocr';
export { clampBoxes, redactImage } from './redact';
export {
  extractText,
  proposalsFor,
  scanImage,
  type RedactionProposal,
  type ScanOptions,
  type ScanResult,
} from './scan';
export {
  isPrivacyCategory,
  parseCategories,
  PRIVACY_CATEGORIES,
  type Box,
  type Detection,
  type OcrLine,
  type OcrPage,
  type OcrWord,
  type PrivacyCategory,
} from './types';
export {
  CATEGORY_LABELS,
  PrivacyShield,
  type PrivacyShieldOptions,
  type SettleState,
  type ShieldDisplay,
} from './shield';
export { withPrivacyShield } from './overlay-shield';
export { CaptureShield, type CaptureShieldOptions, type RedactingStore } from './capture-shield';
export type { OcrReader } from './scan';
